"""``board-app server``: logins and roles on a PostgreSQL server (the administrator's commands).

server grant | revoke | users | audit. The database enforces the roles itself (row-level
security): these commands only say who is who. Exit code 2 for bad input, nothing written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from board_app.cli.context import CliContext, printable
from board_app.domain.roles import ROLES, role_label
from board_app.errors import UsageError
from board_app.i18n import _

if TYPE_CHECKING:
    from board_app.services.server_access import ServerAccessService


def _service(ctx: CliContext) -> ServerAccessService:
    # imported here: only these commands need it, every other command starts faster
    from board_app.services.server_access import ServerAccessService

    return ServerAccessService(ctx.services)


def _read_password(login: str) -> str:
    """The new password: asked twice on a terminal, else the first line of standard input."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(_("Password for {login}: ").format(login=login))
        again = getpass.getpass(_("Password again: "))
        if password != again:
            raise UsageError(_("The two passwords differ; nothing was changed."))
    if len(password) < 8:
        raise UsageError(_("The password is shorter than 8 characters; nothing was changed."))
    return password


def cmd_grant(args: argparse.Namespace, ctx: CliContext) -> int:
    service = _service(ctx)
    service.scope(args.role, args.organization, args.township)  # bad input before any prompt
    password = _read_password(args.user) if args.password else None
    added = service.grant(
        args.role,
        args.user,
        organization=args.organization,
        township=args.township,
        password=password,
    )
    where = args.organization or args.township or _("every organization")
    if added:
        ctx.echo(
            _("{login} is now {role} of {where}.").format(
                login=args.user, role=role_label(args.role), where=where
            )
        )
    else:
        ctx.echo(
            _("{login} already was {role} of {where}.").format(
                login=args.user, role=role_label(args.role), where=where
            )
        )
    return 0


def cmd_revoke(args: argparse.Namespace, ctx: CliContext) -> int:
    removed = _service(ctx).revoke(
        args.role, args.user, organization=args.organization, township=args.township
    )
    ctx.echo(
        _("{login} is no longer {role} ({count} grants removed).").format(
            login=args.user, role=role_label(args.role), count=removed
        )
    )
    return 0


def cmd_users(args: argparse.Namespace, ctx: CliContext) -> int:
    service = _service(ctx)
    rows = service.grants()
    ctx.echo(_("Connected as {login}.").format(login=service.login()))
    if not rows:
        ctx.echo(_("No grants."))
        return 0
    for g in rows:
        scope = g.organization or g.township or _("every organization")
        problems = []
        if not g.can_login:
            problems.append(_("cannot log in"))
        if not g.member:
            problems.append(_("not in its group role"))
        note = f"  ({'; '.join(problems)})" if problems else ""
        ctx.echo(
            f"{printable(g.login)}\t{role_label(g.role)}\t{printable(scope)}\t"
            f"{g.granted_at.astimezone():%Y-%m-%d %H:%M} {printable(g.granted_by)}{note}"
        )
    return 0


def cmd_audit(args: argparse.Namespace, ctx: CliContext) -> int:
    entries = _service(ctx).audit(organization=args.organization, limit=args.limit)
    if not entries:
        ctx.echo(_("No audit entries."))
    for e in entries:
        ctx.echo(
            f"{e.at.astimezone():%Y-%m-%d %H:%M:%S}\t{printable(e.db_user or '-')}\t"
            f"{printable(e.operator)}\t{e.action}\t{e.item_id or ''}"
        )
    return 0


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a positive number.").format(value=text)
        )
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``server`` with grant, revoke, users and audit."""
    p = sub.add_parser("server", help=_("logins and roles on a PostgreSQL server"))
    acts = p.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    def scoped(a: argparse.ArgumentParser) -> None:
        a.add_argument("--role", required=True, choices=ROLES)
        a.add_argument("--user", required=True, help=_("the login name on the server"))
        a.add_argument("--organization", "--org", help=_("organization name"))
        a.add_argument("--township", help=_("township name (for a township viewer)"))

    a = acts.add_parser("grant", help=_("give a login a role (creating the login)"))
    scoped(a)
    a.add_argument(
        "--password",
        action="store_true",
        help=_("set the login's password (asked twice, or read from standard input)"),
    )
    a.set_defaults(handler=cmd_grant)

    a = acts.add_parser("revoke", help=_("take a role away from a login"))
    scoped(a)
    a.set_defaults(handler=cmd_revoke)

    a = acts.add_parser("users", help=_("list logins and their roles"))
    a.set_defaults(handler=cmd_users)

    a = acts.add_parser("audit", help=_("the newest audit entries with their database user"))
    a.add_argument("--organization", "--org", help=_("organization name"))
    a.add_argument("--limit", type=_limit, default=50)
    a.set_defaults(handler=cmd_audit)
