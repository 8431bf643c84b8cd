"""The program's version, from one source: ``version`` in pyproject.toml.

An installed program (pip, editable or not) reads it from its package metadata; the frozen
bundle carries the metadata as well (``copy_metadata`` in packaging/board-app.spec) and, as a
fallback, a ``VERSION`` file written by the spec beside the resources. A plain checkout that was
never installed reads pyproject.toml itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from board_app.paths import resource_path

DISTRIBUTION = "board-app"
UNKNOWN = "0+unknown"
_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_VERSION_LINE = re.compile(r'^version\s*=\s*"([^"]+)"\s*$', re.MULTILINE)


def version_from_pyproject(path: Path) -> str | None:
    """The ``version = "..."`` of a pyproject.toml's [project] table, or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    project = text.split("[project]", 1)
    if len(project) < 2:
        return None
    table = project[1].split("\n[", 1)[0]
    found = _VERSION_LINE.search(table)
    return found.group(1) if found else None


def version_from_file(path: Path) -> str | None:
    """The first line of a VERSION file, or None."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text.splitlines()[0].strip() if text else None


@lru_cache(maxsize=1)
def app_version() -> str:
    """This program's version, e.g. "0.1.0"."""
    from importlib import metadata  # imported here: it costs a command's start ~10 ms

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    return (
        version_from_file(resource_path("VERSION")) or version_from_pyproject(_PYPROJECT) or UNKNOWN
    )


def version_key(text: str) -> tuple[int, ...]:
    """A sortable key of the numeric release part ("0.10.2" -> (0, 10, 2)); () if none."""
    parts = []
    for piece in re.split(r"[.+-]", text.strip()):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)
