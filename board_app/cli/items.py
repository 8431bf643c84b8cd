"""Subcommand ``item``: show one item with its version, and edit its text fields.

``item edit --if-version N`` saves only over version N (the one ``item show`` printed): when
someone saved the item since, the edit is refused with both versions and exit code 2
("此事项已被他人修改"), and nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from board_app.cli.context import CliContext
from board_app.domain import labels
from board_app.errors import UsageError
from board_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``item show`` and ``item edit``."""
    p = sub.add_parser("item", help=_("show or edit one item (with its version)"))
    acts = p.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    a = acts.add_parser("show", help=_("show an item, its version and who saved it last"))
    a.add_argument("--org", required=True, help=_("organization name"))
    a.add_argument(
        "--item",
        required=True,
        help=_("the item's 公开编号, or for a draft its id (first column of list)"),
    )
    a.set_defaults(handler=cmd_show)

    a = acts.add_parser("edit", help=_("change an item's title, body or person responsible"))
    a.add_argument("--org", required=True, help=_("organization name"))
    a.add_argument(
        "--item",
        required=True,
        help=_("the item's 公开编号, or for a draft its id (first column of list)"),
    )
    a.add_argument("--title")
    body = a.add_mutually_exclusive_group()
    body.add_argument("--body", help=_("the new body text"))
    body.add_argument("--body-file", type=Path, help=_("read the new body from a UTF-8 file"))
    a.add_argument("--responsible")
    a.add_argument(
        "--if-version",
        type=int,
        metavar="N",
        help=_("save only if the stored item is still version N (as item show printed)"),
    )
    a.set_defaults(handler=cmd_edit)


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    """Print an item's main fields, its version and its last change."""
    item = ctx.services.office.find_item(args.org, args.item)
    history = ctx.services.items.history(item.id)  # type: ignore[arg-type]
    ctx.echo(f"{labels.item_field('title')}: {item.title}")
    ctx.echo(f"{labels.item_field('number')}: {item.number or '#' + str(item.id)}")
    ctx.echo(f"{labels.item_field('status')}: {labels.status(item.status)}")
    ctx.echo(f"{labels.item_field('responsible')}: {item.responsible}")
    if history:
        last = history[-1]
        ctx.echo(
            _("Version {version}, saved by {who} at {when}").format(
                version=item.version,
                who=last.operator,
                when=last.at.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
        )
    else:
        ctx.echo(_("Version {version}").format(version=item.version))
    ctx.echo("")
    ctx.echo(item.body)
    return 0


def cmd_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    """Save new text fields; with --if-version, only over that version."""
    item = ctx.services.office.find_item(args.org, args.item)
    if args.if_version is not None:
        if args.if_version < 1:
            raise UsageError(_("--if-version must be 1 or more."))
        if args.if_version > item.version:
            raise UsageError(
                _("“{title}” is at version {version}; there is no version {wanted} yet.").format(
                    title=item.title, version=item.version, wanted=args.if_version
                )
            )
        item.version = args.if_version  # the version the user edited from
    if args.title is not None:
        item.title = args.title
    if args.body_file is not None:
        try:
            item.body = args.body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(
                _("{file}: cannot be read as UTF-8 text ({error}).").format(
                    file=args.body_file, error=exc
                )
            ) from exc
    elif args.body is not None:
        item.body = args.body
    if args.responsible is not None:
        item.responsible = args.responsible
    saved = ctx.services.items.save(item)
    ctx.echo(
        _("Saved “{title}” as version {version}.").format(title=saved.title, version=saved.version)
    )
    return 0
