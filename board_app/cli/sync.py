"""Subcommands push and pull: an offline office and the township's database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from board_app.cli.context import CliContext, lock_wait, printable
from board_app.errors import UsageError
from board_app.i18n import _
from board_app.services.sync import push_summary
from board_app.services.sync_pull import pull_summary

if TYPE_CHECKING:
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
        help=_("a postgresql:// address or another database file"),
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
        help=_("a postgresql:// address or another database file"),
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
    from board_app.services.sync import local_file, open_other, push

    source = ctx.services
    with open_other(
        args.to, this=local_file(source), operator=ctx.operator, wait=lock_wait()
    ) as target:
        report = push(source, target, organizations=args.org)
    for line in report.sent:
        ctx.echo("  " + _("sent: {record}").format(record=printable(line)))
    for warning in report.warnings:
        ctx.warn(_("Warning: {message}").format(message=printable(warning)))
    for name in report.organizations_created:
        ctx.echo(_("New organization on the target: {name}").format(name=printable(name)))
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
    from board_app.services.sync import local_file, open_other
    from board_app.services.sync_pull import pull

    local = ctx.services
    with open_other(
        args.source, this=local_file(local), operator=ctx.operator, wait=lock_wait()
    ) as server:
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
    ctx.echo(pull_summary(report))
    if report.not_on_server and not (report.changes or report.categories_added or report.unchanged):
        return UsageError.exit_code  # none of this office's organizations is there
    return 0
