"""``board-app poster``: print an organization's disclosure board to PDF."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from board_app.cli.context import CliContext
from board_app.errors import UsageError
from board_app.i18n import _
from board_app.services.board_choices import DEFAULT_OVERLAP_MM, TILE_PAPERS, list_templates


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("Dates are written YYYY-MM-DD, not {text}").format(text=text)) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``poster`` command."""
    p = subparsers.add_parser(
        "poster",
        help=_("Print the disclosure board to PDF"),
        description=_("Print the disclosure board to PDF"),
    )
    p.add_argument("--org", required=True, help=_("Organization name"))
    p.add_argument("--out", required=True, help=_("Output PDF file"))
    p.add_argument("--date", help=_("Board date, YYYY-MM-DD (default: today)"))
    size = p.add_mutually_exclusive_group()
    size.add_argument("--template", choices=list_templates(), help=_("Board template"))
    size.add_argument("--size", help=_("Board size: A0 to A4, or WIDTHxHEIGHT in mm"))
    p.add_argument("--landscape", action="store_true", help=_("Landscape orientation"))
    p.add_argument(
        "--audience", choices=("public", "party"), default="public", help=_("Who the board is for")
    )
    p.add_argument(
        "--tile",
        type=str.upper,
        choices=TILE_PAPERS,
        help=_("Cut the poster onto A4 or A3 sheets at full size"),
    )
    p.add_argument(
        "--overlap",
        type=float,
        default=DEFAULT_OVERLAP_MM,
        help=_("Overlap between tiles in mm (default 10)"),
    )
    p.add_argument(
        "--allow-missing-glyphs",
        action="store_true",
        help=_("Print even when a character has no font (shows a box)"),
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Make the poster and report sheets, tiles and items left off."""
    on = _date(args.date) if args.date else date.today()
    from board_app.services.boards import PosterOptions, make_poster

    options = PosterOptions(
        on=on,
        template=args.template,
        size=args.size,
        landscape=args.landscape,
        audience=args.audience,
        tile=args.tile,
        overlap_mm=args.overlap,
        allow_missing_glyphs=args.allow_missing_glyphs,
    )
    result = make_poster(ctx.repo, args.org, options, Path(args.out))
    echo = ctx.echo
    shown = sum(len(v) for v in result.selection.sections.values())
    echo(
        _("Wrote {out}: {sheets} sheet(s) of {template}, {items} item(s)").format(
            out=result.out, sheets=result.sheets, template=result.template, items=shown
        )
    )
    if result.continued_sheets:
        echo(
            _("{n} continuation sheet(s): the content did not fit on one sheet").format(
                n=result.continued_sheets
            )
        )
    if result.tiles:
        echo(
            _(
                "Tiled onto {tiles} {paper} sheet(s) plus {overviews} overview page(s); "
                "{pages} page(s) in all"
            ).format(
                tiles=result.tiles,
                paper=args.tile,
                overviews=result.pages_written - result.tiles,
                pages=result.pages_written,
            )
        )
    echo(_("Items left off: {n}").format(n=len(result.selection.left_off)))
    for entry in result.selection.left_off:
        item = entry.item
        name = f"{item.number} {item.title}" if item.number else item.title
        reason = entry.reason.label
        if entry.detail and entry.detail != reason:
            reason = _("{reason} ({detail})").format(reason=reason, detail=entry.detail)
        echo(_("  {item}: {reason}").format(item=name, reason=reason))
    for _owner, message in result.warnings:
        echo(_("Warning: {message}").format(message=message))
    for owner, ch in result.missing_glyphs:
        echo(
            _("Warning: no font for {char} (U+{code:04X}) in {item}").format(
                char=ch, code=ord(ch), item=owner or _("board")
            )
        )
    return 0
