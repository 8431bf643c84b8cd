"""The types are checked with the tests: mypy with the configuration in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_errors() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e .[test])")
    # The incremental cache lives in the venv: an unchanged tree is re-checked in seconds.
    cache = Path(sys.prefix) / ".mypy_cache"
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]
    assert "Success: no issues found" in done.stdout
