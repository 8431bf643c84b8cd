"""The installed package, tried as a user would (slow: only with BOARD_APP_PACKAGE_CHECK=1).

Runs ``./package --check``: builds the .deb when it is missing or older than the sources, installs
it into a scratch root, runs the installed commands without Python on PATH, opens the window
under Xvfb and purges the package (see packaging/check.sh).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    os.environ.get("BOARD_APP_PACKAGE_CHECK") != "1",
    reason="slow: set BOARD_APP_PACKAGE_CHECK=1 to build and check the .deb",
)


def test_installed_package_works_without_python() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(ROOT / "package"), "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=3600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "package check passed" in done.stdout
    assert (ROOT / "build" / "package" / "check" / "gui.png").stat().st_size > 10_000
