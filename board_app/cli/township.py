"""``board-app township``: the villages of a township, their calendar and 公开情况统计表.

A village's board is printed with ``board-app poster --org NAME`` (read-only: it changes
nothing in the database).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from board_app.cli.context import CliContext, printable
from board_app.errors import UsageError
from board_app.i18n import _


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("Dates are written YYYY-MM-DD, not {text}").format(text=text)) from None


def _sub(sub: argparse._SubParsersAction, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A subcommand that also takes --db and --lang after its name (like every command)."""
    p = sub.add_parser(name, **kwargs)
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=_("database file"))
    p.add_argument(
        "--lang",
        choices=["zh_CN", "en"],
        default=argparse.SUPPRESS,
        help=_("language of messages"),
    )
    return p


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``township`` with its subcommands."""
    p = subparsers.add_parser(
        "township",
        help=_("Township views: villages, calendar, disclosure statistics"),
        description=_(
            "Views across the villages of a township. A village's board: "
            "board-app poster --org NAME."
        ),
    )
    sub = p.add_subparsers(dest="township_command", metavar=_("COMMAND"), required=True)

    ls = _sub(sub, "list", help=_("Townships and their organizations"))
    ls.add_argument("--json", action="store_true", help=_("machine-readable output"))
    ls.set_defaults(handler=cmd_list)

    assign = _sub(sub, "assign", help=_("Put organizations into a township"))
    assign.add_argument("--township", required=True, help=_("township name"))
    assign.add_argument(
        "--org", action="append", required=True, help=_("organization name (repeatable)")
    )
    assign.set_defaults(handler=cmd_assign)

    leave = _sub(sub, "leave", help=_("Take organizations out of their township"))
    leave.add_argument(
        "--org", action="append", required=True, help=_("organization name (repeatable)")
    )
    leave.set_defaults(handler=cmd_leave)

    cal = _sub(
        sub, "calendar", help=_("What every village owes: overdue reports, worst village first")
    )
    cal.add_argument("--township", required=True, help=_("township name"))
    cal.add_argument("--as-of", help=_("date, YYYY-MM-DD (default: today)"))
    cal.add_argument("--json", action="store_true", help=_("machine-readable output"))
    cal.set_defaults(handler=cmd_calendar)

    demo = _sub(
        sub,
        "demo",
        help=_("Add four demo villages to the demo township 东风镇 (for trying it out)"),
    )
    demo.add_argument("--as-of", help=_("date, YYYY-MM-DD (default: today)"))
    demo.set_defaults(handler=cmd_demo)

    stats = _sub(sub, "stats", help=_("The disclosure statistics table of a period"))
    stats.add_argument("--township", required=True, help=_("township name"))
    stats.add_argument(
        "--period", help=_("2026 (year), 2026-Q2 (quarter) or 2026-05 (month); default this year")
    )
    stats.add_argument("--as-of", help=_("date, YYYY-MM-DD (default: today)"))
    stats.add_argument("--json", action="store_true", help=_("machine-readable output"))
    stats.add_argument("--pdf", type=Path, help=_("also write the table as PDF"))
    stats.add_argument("--xlsx", type=Path, help=_("also write the table as .xlsx"))
    stats.set_defaults(handler=cmd_stats)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(head: list[str], rows: list[list[str]]) -> str:
    """Columns aligned for a terminal (wide CJK characters count two)."""
    cells = [[printable(c) for c in row] for row in [head, *rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(head))]
    lines = []
    for row in cells:
        padded = [c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def _echo_json(ctx: CliContext, data: Any) -> None:
    ctx.echo(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    service = ctx.services.township
    data = {name: [o.name for o in service.villages(name)] for name in service.townships()}
    if args.json:
        _echo_json(ctx, data)
        return 0
    if not data:
        ctx.echo(_("No organization belongs to a township yet."))
    for name, orgs in data.items():
        ctx.echo(printable(f"{name}: " + "、".join(orgs)))
    return 0


def cmd_assign(args: argparse.Namespace, ctx: CliContext) -> int:
    changed = ctx.services.township.assign(args.township, args.org)
    name = " ".join(args.township.split())
    for org in changed:
        ctx.echo(
            printable(_("{org} now belongs to {township}").format(org=org.name, township=name))
        )
    ctx.echo(_("{count} organization(s) changed").format(count=len(changed)))
    return 0


def cmd_leave(args: argparse.Namespace, ctx: CliContext) -> int:
    changed = ctx.services.township.assign("", args.org)
    for org in changed:
        ctx.echo(printable(_("{org} belongs to no township now").format(org=org.name)))
    ctx.echo(_("{count} organization(s) changed").format(count=len(changed)))
    return 0


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from board_app.demo import TOWNSHIP, add_township_villages

    on = _date(args.as_of) if args.as_of else ctx.services.ctx.today()
    made = add_township_villages(ctx.services, on)
    ctx.echo(
        _("Added to {township}: {names}").format(
            township=TOWNSHIP, names="、".join(o.name for o in made)
        )
    )
    return 0


def _entry(entry: Any, on: date) -> dict[str, Any]:
    return {
        "category": entry.category.name,
        "period": str(entry.period),
        "due": entry.due.isoformat(),
        "days_late": max(0, (on - entry.due).days),
    }


def calendar_json(cal: Any) -> dict[str, Any]:
    """The township calendar as plain data (worst village first)."""
    return {
        "township": cal.township,
        "as_of": cal.on.isoformat(),
        "villages": [
            {
                "organization": v.org.name,
                "overdue": [_entry(e, cal.on) for e in v.overdue],
                "due": [_entry(e, cal.on) for e in v.due],
                "upcoming": len(v.upcoming),
                "done": v.done,
                "days_overdue": v.days_overdue,
                "feedback_overdue": v.feedback_overdue,
                "matters_overdue": v.matters_overdue,
                "waiting_review": v.waiting,
            }
            for v in cal.villages
        ],
    }


def cmd_calendar(args: argparse.Namespace, ctx: CliContext) -> int:
    on = _date(args.as_of) if args.as_of else ctx.services.ctx.today()
    cal = ctx.services.township.calendar(args.township, on)
    if args.json:
        _echo_json(ctx, calendar_json(cal))
        return 0
    ctx.echo(
        _("{township}: {count} organization(s) as of {on}").format(
            township=cal.township, count=len(cal.villages), on=on.isoformat()
        )
    )
    from board_app.services.township import calendar_table

    head, rows = calendar_table(cal)
    ctx.echo(table(head, rows))
    for v in cal.villages:
        for e in v.overdue:
            ctx.echo(
                printable(
                    _("  {org}: {category} {period} overdue since {due}").format(
                        org=v.org.name, category=e.category.name, period=e.period, due=e.due
                    )
                )
            )
    return 0


def statistics_json(stats: Any) -> dict[str, Any]:
    """The 统计表 as plain data."""

    def row(s: Any) -> dict[str, Any]:
        return {
            "organization": s.org.name,
            "published": {t.value: n for t, n in s.published.items()},
            "published_total": s.published_total,
            "reports_due": s.due,
            "on_time": s.on_time,
            "late": s.late,
            "overdue": s.overdue,
            "not_yet_due": s.pending,
            "on_time_rate": None if s.on_time_rate is None else str(s.on_time_rate),
            "feedback_received": s.feedback_received,
            "feedback_replied": s.feedback_replied,
            "feedback_replied_on_time": s.feedback_on_time,
            "feedback_overdue": s.feedback_overdue,
        }

    return {
        "township": stats.township,
        "period": str(stats.period),
        "start": stats.period.start.isoformat(),
        "end": stats.period.end.isoformat(),
        "as_of": stats.on.isoformat(),
        "villages": [row(s) for s in stats.rows],
        "total": row(stats.total),
    }


def cmd_stats(args: argparse.Namespace, ctx: CliContext) -> int:
    from board_app.services import township_report as report
    from board_app.services.township import parse_period

    on = _date(args.as_of) if args.as_of else ctx.services.ctx.today()
    period = parse_period(args.period or str(on.year))
    for out in (args.pdf, args.xlsx):
        if out is not None:
            ctx.services.check_output(out)
    stats = ctx.services.township.statistics(args.township, period, on)
    if args.json:
        _echo_json(ctx, statistics_json(stats))
    else:
        ctx.echo(report.title(stats))
        ctx.echo(report.subtitle(stats))
        ctx.echo(table(report.headers(), report.table_rows(stats)))
    if args.pdf is not None:
        path = report.write_statistics_pdf(stats, args.pdf)
        ctx.warn(_("Wrote {path}").format(path=path))
    if args.xlsx is not None:
        path = report.write_statistics_xlsx(stats, args.xlsx)
        ctx.warn(_("Wrote {path}").format(path=path))
    return 0
