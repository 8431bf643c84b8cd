"""Composition root: the ``board-app`` entry point (GUI, or the command line with a command)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import NoReturn


def main(argv: Sequence[str] | None = None) -> int:
    """Start the command line or, without a subcommand, the desktop app."""
    from board_app.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


def run() -> NoReturn:
    """The process's entry point (``board-app``, ``python main.py``): :func:`main`, then exit.

    What is still alive is freed by the exit anyway. Freezing it first spares the interpreter's
    final garbage collection over hundreds of thousands of font-table objects, about a tenth of
    a short command's time. Output is flushed and files closed as in any exit."""
    code = main()
    gc.freeze()
    raise SystemExit(code)
