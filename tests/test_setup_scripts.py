"""./test's system-library step: root installs what is missing, others get the apt command."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp_path: Path, uid: str) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "apt.log"
    fakes = {
        "dpkg": '#!/bin/sh\ncase "$2" in libegl1|libgl1) exit 1;; esac\nexit 0\n',
        "id": f"#!/bin/sh\necho {uid}\n",
        "apt-get": f'#!/bin/sh\necho "$@" >> {log}\n',
    }
    for name, text in fakes.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    script = f'ROOT={ROOT}; source "$ROOT/scripts/venv.sh"; ensure_qt_system_libs; echo reached'
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, check=False
    )


def test_non_root_gets_the_exact_apt_command_and_stops(tmp_path: Path) -> None:
    done = _run(tmp_path, "1000")
    assert done.returncode != 0 and "reached" not in done.stdout
    assert "sudo apt-get install -y libegl1 libgl1" in done.stderr
    assert not (tmp_path / "apt.log").exists()


def test_root_installs_what_is_missing_without_ci(tmp_path: Path) -> None:
    done = _run(tmp_path, "0")
    assert done.returncode == 0 and "reached" in done.stdout
    assert "install -y -q libegl1 libgl1" in (tmp_path / "apt.log").read_text()
