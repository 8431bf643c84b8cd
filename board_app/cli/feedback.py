"""``board-app feedback``: the feedback register (意见登记), box openings and the yearly summary.

feedback add | list | show | start | reply | close | post | opening | openings | settings |
holiday | summary. Exit codes as everywhere: 2 for bad input, nothing written.
"""

from __future__ import annotations

import argparse
import enum
from datetime import date
from pathlib import Path

from board_app.cli.context import CliContext, printable
from board_app.domain.feedback import (
    BoxOpening,
    Channel,
    FeedbackKind,
    FeedbackQuery,
    FeedbackRecord,
    FeedbackStatus,
    ReplyMethod,
    Satisfaction,
    action_label,
    is_overdue,
    label,
)
from board_app.domain.ids import stored_id
from board_app.domain.items import Retention
from board_app.domain.workdays import DayKind
from board_app.errors import UsageError
from board_app.i18n import _


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date (use YYYY-MM-DD).").format(value=text)
        ) from None


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a year between 1900 and 2100.").format(value=text)
        )
    return year


def _choices(enum_type: type[enum.Enum]) -> list[str]:
    return [v.value for v in enum_type]


def _sub(subs: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    p = subs.add_parser(name, help=help_text)
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=_("database file"))
    p.add_argument("--org", required=True, help=_("organization name"))
    return p


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``feedback`` and its subcommands."""
    top = sub.add_parser("feedback", help=_("feedback register: opinions, replies, box openings"))
    subs = top.add_subparsers(dest="feedback_command", metavar=_("COMMAND"), required=True)

    p = _sub(subs, "add", _("register an opinion"))
    p.add_argument("--received", type=_date, required=True, help=_("date received, YYYY-MM-DD"))
    p.add_argument("--channel", choices=_choices(Channel), required=True)
    p.add_argument("--kind", choices=_choices(FeedbackKind), required=True)
    p.add_argument("--content", required=True, help=_("what was said"))
    p.add_argument("--submitter", default="", help=_("name (leave out for anonymous)"))
    p.add_argument("--contact", default="", help=_("phone or address of the submitter"))
    p.add_argument("--item", default="", help=_("公开编号 of the item it concerns"))
    p.add_argument(
        "--handler", dest="handler_name", default="", help=_("person handling it (承办人)")
    )
    p.add_argument("--due", type=_date, help=_("due date (default: N working days after receipt)"))
    p.add_argument("--opening", type=int, help=_("id of the box opening the letter came from"))
    p.set_defaults(handler=cmd_add)

    p = _sub(subs, "list", _("list feedback records"))
    p.add_argument("--year", type=_year)
    p.add_argument("--status", choices=_choices(FeedbackStatus))
    p.add_argument("--channel", choices=_choices(Channel))
    p.add_argument("--kind", choices=_choices(FeedbackKind))
    p.add_argument("--item", help=_("only records about this 公开编号"))
    p.add_argument("--on", type=_date, help=_("date for the overdue mark (default: today)"))
    p.set_defaults(handler=cmd_list)

    p = _sub(subs, "show", _("show one record with its history"))
    p.add_argument("number", help=_("register number, e.g. YJ-2026-001"))
    p.set_defaults(handler=cmd_show)

    p = _sub(subs, "start", _("start handling a record (办理中)"))
    p.add_argument("number")
    p.add_argument(
        "--handler", dest="handler_name", required=True, help=_("person handling it (承办人)")
    )
    p.set_defaults(handler=cmd_start)

    p = _sub(subs, "reply", _("record the reply to a record"))
    p.add_argument("number")
    p.add_argument("--text", required=True, help=_("the reply"))
    p.add_argument("--date", type=_date, help=_("reply date (default: today)"))
    p.add_argument("--by", required=True, help=_("who replied"))
    p.add_argument("--method", choices=_choices(ReplyMethod), required=True)
    p.add_argument("--summary", default="", help=_("short public summary of the question"))
    p.add_argument(
        "--post-from", type=_date, help=_("put the reply on the board (回音壁) from this date")
    )
    p.set_defaults(handler=cmd_reply)

    p = _sub(subs, "post", _("put a reply on the board (回音壁) or take it off"))
    p.add_argument("number")
    p.add_argument("--summary", default="", help=_("short public summary of the question"))
    p.add_argument("--from", dest="post_from", type=_date, help=_("first day on the board"))
    p.add_argument("--off", action="store_true", help=_("take the reply off the board"))
    p.set_defaults(handler=cmd_post)

    p = _sub(subs, "close", _("close a replied record (已办结)"))
    p.add_argument("number")
    p.add_argument("--date", type=_date, help=_("closing date (default: today)"))
    p.add_argument("--response", choices=_choices(Satisfaction), help=_("submitter's response"))
    p.set_defaults(handler=cmd_close)

    p = _sub(subs, "opening", _("record an opening of the suggestion box"))
    p.add_argument("--date", type=_date, required=True)
    p.add_argument("--openers", nargs=2, required=True, metavar=("NAME1", "NAME2"))
    p.add_argument("--letters", type=int, required=True, help=_("number of letters found"))
    p.add_argument("--note", default="")
    p.set_defaults(handler=cmd_opening)

    p = _sub(subs, "openings", _("list the box openings"))
    p.add_argument("--year", type=_year)
    p.set_defaults(handler=cmd_openings)

    p = _sub(subs, "settings", _("show or change the organization's feedback settings"))
    p.add_argument("--due-days", type=int, help=_("working days to reply (default 7)"))
    p.add_argument("--box-days", type=int, help=_("days between box openings (0: none)"))
    p.add_argument("--board", choices=["on", "off"], help=_("the 回音壁 section on boards"))
    p.add_argument("--retention", choices=[r.value for r in Retention])
    p.set_defaults(handler=cmd_settings)

    p = subs.add_parser("holiday", help=_("enter holidays and make-up working days of a year"))
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=_("database file"))
    p.add_argument("--year", type=_year, help=_("list the entries of this year"))
    p.add_argument("--off", type=_date, nargs="*", default=[], help=_("holidays"))
    p.add_argument("--work", type=_date, nargs="*", default=[], help=_("make-up working days"))
    p.add_argument("--remove", type=_date, nargs="*", default=[], help=_("remove entries"))
    p.set_defaults(handler=cmd_holiday)

    p = _sub(subs, "archive", _("the year's register and box openings as an archive PDF"))
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--out", type=Path, required=True, help=_("output PDF file"))
    p.add_argument("--retention", help=_("retention period (default: the organization's)"))
    p.set_defaults(handler=cmd_archive)

    p = _sub(subs, "summary", _("yearly summary of the feedback register"))
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--on", type=_date, help=_("date for overdue counts (default: today)"))
    p.add_argument("--out", type=Path, help=_("also write the summary as a PDF page"))
    p.set_defaults(handler=cmd_summary)


def printable_row(fields: list[str]) -> str:
    """Tab-separated fields, each safe for a terminal."""
    return "\t".join(printable(f) for f in fields)


def _find(ctx: CliContext, args: argparse.Namespace) -> FeedbackRecord:
    fb = ctx.services.feedback
    return fb.find(stored_id(fb.org(args.org).id), args.number)


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    fb = ctx.services.feedback
    org = fb.org(args.org)
    saved = fb.add(
        FeedbackRecord(
            organization_id=stored_id(org.id),
            received=args.received,
            channel=Channel(args.channel),
            kind=FeedbackKind(args.kind),
            content=args.content,
            submitter=args.submitter,
            contact=args.contact,
            item_number=args.item,
            handler=args.handler_name,
            due=args.due,
            opening_id=args.opening,
        )
    )
    for warning in saved.warnings:
        ctx.warn(_("Warning: {message}").format(message=warning))
    ctx.echo(
        _("Registered {number}, reply due {due}.").format(
            number=saved.record.number, due=saved.record.due
        )
    )
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    fb = ctx.services.feedback
    org = fb.org(args.org)
    on = args.on or ctx.services.ctx.today()
    records = fb.records(
        FeedbackQuery(
            organization_id=org.id,
            year=args.year,
            status=FeedbackStatus(args.status) if args.status else None,
            channel=Channel(args.channel) if args.channel else None,
            kind=FeedbackKind(args.kind) if args.kind else None,
            item_number=args.item,
        )
    )
    for r in records:
        mark = _("OVERDUE") if is_overdue(r, on) else ""
        first_line = r.content.strip().splitlines()[0] if r.content.strip() else ""
        ctx.echo(
            printable_row(
                [
                    r.number,
                    str(r.received),
                    label(r.channel),
                    label(r.kind),
                    label(r.status),
                    str(r.due or ""),
                    mark,
                    first_line[:40],
                ]
            )
        )
    ctx.echo(_("{count} record(s).").format(count=len(records)))
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    r = _find(ctx, args)
    rows = [
        (_("Number"), r.number),
        (_("Received"), str(r.received)),
        (_("Channel"), label(r.channel)),
        (_("Kind"), label(r.kind)),
        (_("Submitter"), r.submitter or _("Anonymous")),
        (_("Contact"), r.contact),
        (_("Disclosure no."), r.item_number),
        (_("Handler"), r.handler),
        (_("Due"), str(r.due or "")),
        (_("Status"), label(r.status)),
        (_("Content"), r.content),
        (_("Reply"), r.reply_text),
        (_("Reply date"), str(r.reply_date or "")),
        (_("Replied by"), r.reply_by),
        (_("How told"), label(r.reply_method) if r.reply_method else ""),
        (_("Response"), label(r.response) if r.response else ""),
        (_("Closed"), str(r.closed_date or "")),
        (_("Public summary"), r.public_summary),
        (_("On the board from"), str(r.post_from or "")),
    ]
    for name, value in rows:
        if value:
            ctx.echo(f"{name}: {printable(value)}")
    for entry in ctx.services.feedback.history(r):
        ctx.echo(f"  {entry.at:%Y-%m-%d %H:%M} {entry.operator} {action_label(entry.action)}")
    return 0


def cmd_start(args: argparse.Namespace, ctx: CliContext) -> int:
    r = ctx.services.feedback.start(stored_id(_find(ctx, args).id), handler=args.handler_name)
    ctx.echo(_("{number}: {status}.").format(number=r.number, status=label(r.status)))
    return 0


def cmd_reply(args: argparse.Namespace, ctx: CliContext) -> int:
    r = ctx.services.feedback.reply(
        stored_id(_find(ctx, args).id),
        text=args.text,
        on=args.date or ctx.services.ctx.today(),
        by=args.by,
        method=ReplyMethod(args.method),
        public_summary=args.summary,
        post_from=args.post_from,
    )
    ctx.echo(_("{number}: {status}.").format(number=r.number, status=label(r.status)))
    return 0


def cmd_post(args: argparse.Namespace, ctx: CliContext) -> int:
    record = _find(ctx, args)
    on = None if args.off else args.post_from or record.reply_date
    r = ctx.services.feedback.post(
        stored_id(record.id),
        summary=args.summary or record.public_summary,
        on=on,
    )
    if r.post_from:
        ctx.echo(
            _("{number} is on the board from {date}.").format(number=r.number, date=r.post_from)
        )
    else:
        ctx.echo(_("{number} is not on the board.").format(number=r.number))
    return 0


def cmd_close(args: argparse.Namespace, ctx: CliContext) -> int:
    r = ctx.services.feedback.close(
        stored_id(_find(ctx, args).id),
        on=args.date or ctx.services.ctx.today(),
        response=Satisfaction(args.response) if args.response else None,
    )
    ctx.echo(_("{number}: {status}.").format(number=r.number, status=label(r.status)))
    return 0


def cmd_opening(args: argparse.Namespace, ctx: CliContext) -> int:
    fb = ctx.services.feedback
    org = fb.org(args.org)
    opening = fb.add_opening(
        BoxOpening(
            organization_id=stored_id(org.id),
            opened=args.date,
            opener_one=args.openers[0],
            opener_two=args.openers[1],
            letters=args.letters,
            note=args.note,
        )
    )
    ctx.echo(
        _("Box opening {id} on {date}: {letters} letter(s).").format(
            id=opening.id, date=opening.opened, letters=opening.letters
        )
    )
    return 0


def cmd_openings(args: argparse.Namespace, ctx: CliContext) -> int:
    fb = ctx.services.feedback
    org = fb.org(args.org)
    for o in fb.openings(stored_id(org.id), args.year):
        ctx.echo(
            "\t".join(
                [
                    str(o.id),
                    str(o.opened),
                    f"{o.opener_one}、{o.opener_two}",
                    _("{registered}/{letters} letters registered").format(
                        registered=fb.letters_registered(stored_id(o.id)),
                        letters=o.letters,
                    ),
                    o.note,
                ]
            )
        )
    due = fb.next_opening_due(stored_id(org.id), ctx.services.ctx.today())
    if due:
        ctx.echo(_("Next opening due: {date}").format(date=due))
    return 0


def cmd_settings(args: argparse.Namespace, ctx: CliContext) -> int:
    fb = ctx.services.feedback
    org = fb.org(args.org)
    settings = fb.settings(stored_id(org.id))
    if args.due_days is not None:
        settings.due_working_days = args.due_days
    if args.box_days is not None:
        settings.box_interval_days = args.box_days
    if args.board is not None:
        settings.board_enabled = args.board == "on"
    if args.retention is not None:
        settings.retention = args.retention
    fb.save_settings(settings)
    ctx.echo(_("Working days to reply: {days}").format(days=settings.due_working_days))
    ctx.echo(_("Days between box openings: {days}").format(days=settings.box_interval_days))
    ctx.echo(
        _("Replies on the board: {value}").format(
            value=_("on") if settings.board_enabled else _("off")
        )
    )
    ctx.echo(_("Retention of the register: {value}").format(value=settings.retention))
    return 0


def cmd_holiday(args: argparse.Namespace, ctx: CliContext) -> int:
    fb = ctx.services.feedback
    clash = set(args.off) & set(args.work)
    if clash:
        raise UsageError(
            _("A day cannot be both a holiday and a working day: {days}").format(
                days=", ".join(str(d) for d in sorted(clash))
            )
        )
    for day in args.off:
        fb.set_holiday(day, DayKind.HOLIDAY)
    for day in args.work:
        fb.set_holiday(day, DayKind.WORKDAY)
    for day in args.remove:
        fb.set_holiday(day, None)
    for day, kind in fb.holiday_entries(args.year):
        ctx.echo(f"{day}\t{_('Holiday') if kind is DayKind.HOLIDAY else _('Make-up working day')}")
    return 0


def cmd_summary(args: argparse.Namespace, ctx: CliContext) -> int:
    from board_app.services.feedback_summary import summary_lines, write_summary_pdf, yearly_summary

    fb = ctx.services.feedback
    org = fb.org(args.org)
    on = args.on or ctx.services.ctx.today()
    summary = yearly_summary(fb, org, args.year, on)
    for line in summary_lines(summary):
        ctx.echo(line)
    if args.out:
        write_summary_pdf(summary, args.out)
        ctx.echo(_("Wrote {path}").format(path=args.out))
    return 0


def cmd_archive(args: argparse.Namespace, ctx: CliContext) -> int:
    from board_app.services.feedback_archive import build_register

    result = build_register(ctx.services, args.org, args.year, args.out, retention=args.retention)
    ctx.echo(
        _("Wrote {path}: {archive_no}, {records} record(s), {openings} opening(s).").format(
            path=result.pdf,
            archive_no=result.archive_no,
            records=result.records,
            openings=result.openings,
        )
    )
    return 0
