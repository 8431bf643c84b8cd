"""Dependency rules: only the UI imports Qt; only storage imports peewee/sqlite3/psycopg."""

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
        str(p)
        for p in modules("storage")
        if imports_of(p) & {"peewee", "sqlite3", "playhouse", "psycopg", "psycopg2"}
    ]
    assert offenders == []


def test_headless_commands_do_not_load_qt():
    code = (
        "import sys, board_app.cli as c\n"
        "c.build_parser()\n"
        "import board_app.services.boards, board_app.services.interchange\n"
        "assert 'PySide6' not in sys.modules, 'PySide6 loaded'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_cli_spine_widths_match_the_archive_engine():
    from board_app.cli import archive as cli_archive
    from board_app.services import archive

    assert tuple(cli_archive.SPINE_WIDTHS_MM) == tuple(archive.SPINE_WIDTHS_MM)


# The table of docs/CONTRIBUTING.md: which of our packages each package may import.
# Shared by all: errors, paths, i18n, files, user_cache (and settings only for the entry points).
SHARED = {"errors", "paths", "i18n", "files", "version", "user_cache"}
# Entry points may reach further: the command line starts the desktop app.
ENTRY_POINTS = {"cli/__init__.py": {"ui"}}
ALLOWED = {
    "domain": set(),
    "storage": {"domain"},
    "layout": {"domain"},
    "render": {"domain", "layout"},
    "services": {"domain", "storage", "layout", "render", "services", "settings"},
    "cli": {"services", "domain", "cli", "settings", "demo"},
    "ui": {"services", "domain", "ui", "settings", "demo"},
}
THIRD_PARTY_FORBIDDEN = {"layout": {"PIL", "reportlab", "pikepdf"}, "domain": {"PIL", "reportlab"}}


def our_imports(path: Path) -> set[str]:
    """The board_app subpackages/modules a file imports (absolute and relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE).parts
    found: set[str] = set()
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test)
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # imports for type hints only are no runtime dependency
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "board_app" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            if node.level == 0:
                parts = node.module.split(".")
                if parts[0] == "board_app":
                    if len(parts) > 1:
                        found.add(parts[1])
                    else:
                        found.update(alias.name for alias in node.names)
            elif node.level == 1 and len(rel) > 1:
                found.add(rel[0])
    return found


def test_layers_follow_the_table():
    offenders = []
    for package, allowed in ALLOWED.items():
        for path in (PACKAGE / package).rglob("*.py"):
            entry = ENTRY_POINTS.get(path.relative_to(PACKAGE).as_posix(), set())
            bad = our_imports(path) - allowed - SHARED - entry - {package}
            third = imports_of(path) & THIRD_PARTY_FORBIDDEN.get(package, set())
            if bad or third:
                offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad | third)}")
    assert offenders == []
