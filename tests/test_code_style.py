"""The code style is checked with the tests: ruff's rules (pyproject.toml) and its formatter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ["board_app", "tests", "bench", "scripts", "main.py"]


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e .[dev])")
    return [found]


def test_the_chosen_rule_set_is_configured() -> None:
    """`ruff check` below runs from the repository root, so it reads these rules."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    selected = set(config["tool"]["ruff"]["lint"]["select"])
    assert {"E", "F", "I", "B", "UP", "SIM"} <= selected


def test_ruff_check() -> None:
    done = subprocess.run(
        [*_ruff(), "check", *TARGETS], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:]


def test_ruff_format() -> None:
    done = subprocess.run(
        [*_ruff(), "format", "--check", *TARGETS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:]
