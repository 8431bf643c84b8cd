"""Subcommand ``gui [FILE]``: start the desktop app, optionally importing an exchange file.

The desktop entry and the file association call ``board-app gui %f``: with a file the window
opens and checks it for import (nothing is written before the clerk confirms); without one the
app starts as usual. The window itself is started by ``board_app.cli.main``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from board_app.errors import UsageError
from board_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``gui`` subcommand."""
    p = sub.add_parser(
        "gui", help=_("start the desktop app (with FILE: check and import an exchange file)")
    )
    p.add_argument("file", nargs="?", type=Path, metavar="FILE")
    p.set_defaults(desktop=True)


def file_to_open(args: argparse.Namespace) -> Path | None:
    """The exchange file given to ``gui``, checked to exist (UsageError otherwise)."""
    path = getattr(args, "file", None) if getattr(args, "desktop", False) else None
    if path is None:
        return None
    if not path.is_file():
        raise UsageError(_("{file}: file not found.").format(file=path))
    return path.resolve()
