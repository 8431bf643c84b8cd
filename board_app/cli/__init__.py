"""The command line: argparse subcommands over the services.

Exit codes: 0 done, 1 internal error (traceback in the log file), 2 bad usage or input
(nothing written), 3 database unusable (locked, newer, damaged), 4 a check found a problem.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

from board_app import i18n
from board_app.cli.context import CliContext
from board_app.errors import BoardAppError, UsageError
from board_app.i18n import _

# Modules under board_app.cli that each add subcommands with ``register(subparsers)``.
COMMAND_MODULES = [
    "board_app.cli.basic",
    "board_app.cli.poster",
    "board_app.cli.archive",
    "board_app.cli.desktop",
    "board_app.cli.office",
    "board_app.cli.feedback",
    "board_app.cli.matters",
    "board_app.cli.server",
    "board_app.cli.township",
    "board_app.cli.sync",
    "board_app.cli.items",
]

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse with bad usage as exit code 2 and messages in the chosen language."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(_("Error: {message}").format(message=message), file=sys.stderr)
        raise SystemExit(2)


class _VersionAction(argparse.Action):
    """``--version``: print "board-app X.Y.Z" and exit 0 (the version is looked up only then)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("default", argparse.SUPPRESS)
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        from board_app.version import app_version

        print(f"board-app {app_version()}")
        parser.exit(0)


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        default=default,
        help=_("database file, or postgresql://… for a database on a server"),
    )
    parser.add_argument(
        "--lang", choices=["zh_CN", "en"], default=default, help=_("language of messages")
    )


def _argparse_gettext(message: str) -> str:
    """argparse's own words (usage, options, its error messages) in the chosen language."""
    return i18n.gettext(message)


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every subcommand."""
    # argparse looks its strings up through a module-level gettext ``_`` at call time (not part
    # of argparse's typed interface, hence the ignore).
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    parser = _Parser(
        prog="board-app",
        description=_("Disclosure board manager: items, board posters and archive PDFs."),
        epilog=_("Without a command the desktop app starts."),
    )
    _common(parser, suppress=False)
    parser.add_argument("--demo", action="store_true", help=_("open the demo database"))
    parser.add_argument(
        "--version", action=_VersionAction, help=_("show the program's version and exit")
    )
    parser.add_argument("--operator", default=None, help=_("operator name for the audit log"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    original_add = sub.add_parser

    def add_parser(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        child = original_add(name, **kwargs)
        _common(child, suppress=True)
        return child

    # Every subcommand gets the common options: the subparsers' method is wrapped (mypy does not
    # allow assigning to a method; the wrapper takes the same arguments).
    sub.add_parser = add_parser  # type: ignore[method-assign,assignment]
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def _preselect_language(argv: Sequence[str]) -> None:
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    i18n.set_language(lang)


def _log_traceback() -> str:
    from board_app.files import write_crash_log

    path = write_crash_log(traceback.format_exc())
    return str(path) if path else _("(no log file could be written)")


def run_command(args: argparse.Namespace) -> int:
    """Run the handler of a parsed subcommand, mapping errors to exit codes."""
    from board_app.settings import load_settings, resolve_database

    if args.demo and not getattr(args, "db", None):
        from board_app.demo import demo_database_path

        args.db = str(demo_database_path())
    settings = load_settings()
    operator = args.operator or settings.operator or None
    # The faces chosen on this computer (Settings > Fonts) for every PDF this command makes.
    from board_app.services.font_faces import apply_font_settings

    apply_font_settings(settings.fonts)
    ctx = CliContext(
        db_path=resolve_database(getattr(args, "db", None)), operator=operator, create=args.demo
    )
    try:
        if args.demo:
            from board_app.demo import ensure_demo

            ensure_demo(ctx.services)
        return int(args.handler(args, ctx) or 0)
    except BoardAppError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`board-app list ... | head`): not an error of ours.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the exit-time flush
        return 0
    except Exception as exc:  # noqa: BLE001 - the one place that turns crashes into exit 1
        from board_app.services.faults import as_user_error

        fault = as_user_error(exc, ctx.location)
        if fault is not None:
            print(str(fault), file=sys.stderr)
            return fault.exit_code
        where = _log_traceback()
        print(
            _("Internal error: {error} (details in {log})").format(error=exc, log=where),
            file=sys.stderr,
        )
        return 1
    finally:
        with contextlib.suppress(BoardAppError):
            ctx.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    _preselect_language(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if getattr(args, "lang", None):
        i18n.set_language(args.lang)
    if args.command is None or getattr(args, "desktop", False):
        from board_app.cli.desktop import file_to_open
        from board_app.settings import resolve_database

        try:
            open_file = file_to_open(args)
        except BoardAppError as exc:
            print(str(exc), file=sys.stderr)
            return exc.exit_code

        db = args.db
        if args.demo and not db:
            from board_app.demo import demo_database_path

            db = str(demo_database_path())
        try:
            from board_app.ui.main import run_gui
        except ImportError as exc:
            # E.g. Qt's system libraries are missing (see the README): a message, no traceback.
            print(_("The desktop app cannot start: {error}").format(error=exc), file=sys.stderr)
            return UsageError.exit_code
        try:
            return run_gui(
                resolve_database(db), demo=args.demo, explicit_db=bool(db), open_file=open_file
            )
        except BoardAppError as exc:
            print(str(exc), file=sys.stderr)
            return exc.exit_code
        except Exception as exc:  # noqa: BLE001 - crashes become exit 1 with a log file
            where = _log_traceback()
            print(
                _("Internal error: {error} (details in {log})").format(error=exc, log=where),
                file=sys.stderr,
            )
            return 1
    return run_command(args)
