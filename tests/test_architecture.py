"""Dependency rules: only the UI imports Qt; only storage imports peewee/sqlite3."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "board_app"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules(exclude: str) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if exclude not in p.relative_to(PACKAGE).parts]


def test_no_module_outside_ui_imports_qt():
    offenders = [str(p) for p in modules("ui") if imports_of(p) & {"PySide6", "shiboken6"}]
    assert offenders == []


def test_only_storage_knows_peewee_and_sqlite():
    offenders = [
        str(p) for p in modules("storage") if imports_of(p) & {"peewee", "sqlite3", "playhouse"}
    ]
    assert offenders == []


def test_headless_commands_do_not_load_qt():
    code = (
        "import sys, board_app.cli as c\n"
        "c.build_parser()\n"
        "import board_app.services.boards, board_app.services.interchange\n"
        "assert 'PySide6' not in sys.modules, 'PySide6 loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_cli_spine_widths_match_the_archive_engine():
    from board_app.cli import archive as cli_archive
    from board_app.services import archive

    assert tuple(cli_archive.SPINE_WIDTHS_MM) == tuple(archive.SPINE_WIDTHS_MM)
