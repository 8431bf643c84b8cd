"""Subcommands push and pull: an offline office and the township's database."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from board_app.cli.context import CliContext, lock_wait, printable
from board_app.errors import BoardAppError, UsageError
from board_app.i18n import _

if TYPE_CHECKING:
    from board_app.services.context import Services
    from board_app.services.sync import Conflict


def register(sub: argparse._SubParsersAction) -> None:
    """Add push and pull."""
    p = sub.add_parser(
        "push",
        help=_("send this office's items, feedback and matters to the township's database"),
    )
    p.add_argument(
        "--to",
        required=True,
        metavar="TARGET",
        help=_(
            "a postgresql:// address, another database file, or “server”: the server chosen "
            "in the app's Settings"
        ),
    )
    p.add_argument(
        "--org", action="append", metavar="NAME", help=_("only this organization (repeatable)")
    )
    p.set_defaults(handler=cmd_push)

    p = sub.add_parser(
        "pull", help=_("bring the township's catalogue and board texts into this database")
    )
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="SOURCE",
        help=_(
            "a postgresql:// address, another database file, or “server”: the server chosen "
            "in the app's Settings"
        ),
    )
    p.add_argument(
        "--org", action="append", metavar="NAME", help=_("only this organization (repeatable)")
    )
    p.set_defaults(handler=cmd_pull)


def conflict_line(c: Conflict) -> str:
    """One conflict as a line: organization, record, field, theirs and ours."""
    return printable(
        _("{org} · {kind} {record} · {field}: theirs “{theirs}”, ours “{ours}”").format(
            org=c.organization,
            kind=c.kind,
            record=c.record,
            field=c.field_label,
            theirs=c.theirs,
            ours=c.ours,
        )
    )


def cmd_push(args: argparse.Namespace, ctx: CliContext) -> int:
    """Send this office's records; exit 2 when any record conflicts (nothing overwritten)."""
    from board_app.services.sync import local_file, push

    source = ctx.services
    with _open_other(args.to, local_file(source), ctx) as target:
        report = push(source, target, organizations=args.org)
    for line in report.sent:
        ctx.echo("  " + _("sent: {record}").format(record=printable(line)))
    for warning in report.warnings:
        ctx.warn(_("Warning: {message}").format(message=printable(warning)))
    for name in report.organizations_created:
        ctx.echo(_("New organization on the target: {name}").format(name=printable(name)))
    from board_app.services.sync import push_summary

    ctx.echo(push_summary(report))
    if report.conflicts:
        ctx.warn(
            _(
                "{count} conflict(s): these records differ on the target; neither side was "
                "changed. Settle them in one database, then push again."
            ).format(count=len(report.conflicts))
        )
        for conflict in report.conflicts:
            ctx.warn("  " + conflict_line(conflict))
        return UsageError.exit_code
    return 0


def cmd_pull(args: argparse.Namespace, ctx: CliContext) -> int:
    """Bring the catalogue and board texts down; items are never touched."""
    from board_app.services.sync import local_file
    from board_app.services.sync_pull import pull

    local = ctx.services
    with _open_other(args.source, local_file(local), ctx) as server:
        report = pull(server, local, organizations=args.org)
    for change in report.changes:
        ctx.echo(
            "  "
            + printable(
                _("{org} · {what}: “{before}” → “{after}”").format(
                    org=change.organization,
                    what=change.what,
                    before=change.before,
                    after=change.after,
                )
            )
        )
    for name in report.categories_added:
        ctx.echo("  " + _("new category: {name}").format(name=printable(name)))
    for name in report.not_on_server:
        ctx.warn(
            _("Warning: {message}").format(
                message=_("{org} is not in {source}; nothing pulled for it.").format(
                    org=printable(name), source=report.source
                )
            )
        )
    from board_app.services.sync_pull import pull_summary

    ctx.echo(pull_summary(report))
    if report.not_on_server and not (report.changes or report.categories_added or report.unchanged):
        return UsageError.exit_code  # none of this office's organizations is there
    return 0


SETTINGS_SERVER = "server"  # --to/--from server: the connection chosen in the app's Settings


def _open_other(spec: str, this: Path | None, ctx: CliContext) -> Services:
    """Open the other side; ``server`` is the one in Settings, with the password from libpq's
    files or the system keyring, else asked on the terminal (never echoed, never stored)."""
    from board_app.services.sync import open_other

    if spec != SETTINGS_SERVER:
        return open_other(spec, this=this, operator=ctx.operator, wait=lock_wait())
    from board_app.services.server_login import ServerSettings, needs_password, stored_password
    from board_app.settings import load_settings

    server = ServerSettings.from_dict(load_settings().server)
    if not server.is_set():
        raise UsageError(
            _("No server is chosen in Settings (Township server); give a postgresql:// address.")
        )
    try:
        return open_other(server.address(stored_password(server)), operator=ctx.operator)
    except BoardAppError as exc:
        if not (needs_password(exc) and sys.stdin.isatty()):
            raise
    password = getpass.getpass(_("Password of {who}: ").format(who=server.keyring_user()))
    return open_other(server.address(password), operator=ctx.operator)
