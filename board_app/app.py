"""Composition root: the ``board-app`` entry point (GUI, or the command line with a command)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Start the command line or, without a subcommand, the desktop app."""
    from board_app.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)
