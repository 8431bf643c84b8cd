"""The yearly summary of the feedback register (for the annual 党务/村务公开 report).

Counts by channel, kind and status, the on-time rate (replies on or before the due date among
replies with a due date), the average calendar days from receipt to reply, the overdue list
(unanswered past the due date on the report date, or answered late) and the box openings.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from board_app.domain.feedback import (
    BoxOpening,
    Channel,
    FeedbackKind,
    FeedbackQuery,
    FeedbackRecord,
    FeedbackStatus,
    is_overdue,
    label,
    replied_on_time,
)
from board_app.domain.ids import stored_id
from board_app.domain.items import Organization
from board_app.i18n import _
from board_app.render.feedback_pdf import Report, ReportBlock, render_report
from board_app.services.feedback import FeedbackService


@dataclass
class OverdueEntry:
    """A record answered late or still unanswered past its due date."""

    record: FeedbackRecord
    days_late: int
    replied: bool


@dataclass
class FeedbackSummary:
    """The numbers of one organization's year."""

    org: Organization
    year: int
    on: date
    total: int
    by_channel: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    replied: int
    judged: int  # replies with a due date
    on_time: int
    average_days: Decimal | None
    overdue: list[OverdueEntry] = field(default_factory=list)
    openings: list[BoxOpening] = field(default_factory=list)
    letters: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        """Percentage (one decimal) of replies given by their due date; None without any."""
        if not self.judged:
            return None
        rate = Decimal(self.on_time * 100) / Decimal(self.judged)
        return rate.quantize(Decimal("0.1"), ROUND_HALF_UP)


def yearly_summary(fb: FeedbackService, org: Organization, year: int, on: date) -> FeedbackSummary:
    """The summary of the records received in ``year`` as they stand on ``on``."""
    records = fb.records(FeedbackQuery(organization_id=org.id, year=year))
    replied = [r for r in records if r.reply_date is not None]
    judged = [r for r in replied if replied_on_time(r) is not None]
    days = [(r.reply_date - r.received).days for r in records if r.reply_date is not None]
    average = (
        (Decimal(sum(days)) / Decimal(len(days))).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if days
        else None
    )
    overdue: list[OverdueEntry] = []
    for r in sorted(records, key=lambda r: (r.due or date.max, r.number)):
        if r.due is None:
            continue  # neither overdue nor late without a due date
        if is_overdue(r, on):
            overdue.append(OverdueEntry(r, (on - r.due).days, False))
        elif r.reply_date is not None and replied_on_time(r) is False:
            overdue.append(OverdueEntry(r, (r.reply_date - r.due).days, True))
    openings = fb.openings(stored_id(org.id), year)

    def counts(values: list, enum_type: type[enum.Enum]) -> list[tuple[str, int]]:
        return [(label(v), sum(1 for x in values if x is v)) for v in enum_type]

    return FeedbackSummary(
        org=org,
        year=year,
        on=on,
        total=len(records),
        by_channel=counts([r.channel for r in records], Channel),
        by_kind=counts([r.kind for r in records], FeedbackKind),
        by_status=counts([r.status for r in records], FeedbackStatus),
        replied=len(replied),
        judged=len(judged),
        on_time=sum(1 for r in judged if replied_on_time(r)),
        average_days=average,
        overdue=overdue,
        openings=openings,
        letters=sum(o.letters for o in openings),
    )


def summary_lines(s: FeedbackSummary) -> list[str]:
    """The summary as lines of text (command output)."""
    lines = [
        _("{org}: feedback register {year} (as of {on})").format(
            org=s.org.name, year=s.year, on=s.on
        ),
        _("Records: {count}").format(count=s.total),
    ]
    for title, rows in (
        (_("By channel"), s.by_channel),
        (_("By kind"), s.by_kind),
        (_("By status"), s.by_status),
    ):
        lines.append(title + ": " + _(", ").join(f"{name} {n}" for name, n in rows))
    rate = s.on_time_rate
    lines.append(
        _("Replied: {replied}; on time: {on_time} of {judged} ({rate})").format(
            replied=s.replied,
            on_time=s.on_time,
            judged=s.judged,
            rate=f"{rate}%" if rate is not None else _("none"),
        )
    )
    lines.append(
        _("Average days from receipt to reply: {days}").format(
            days=s.average_days if s.average_days is not None else _("none")
        )
    )
    lines.append(
        _("Box openings: {count}, letters: {letters}").format(
            count=len(s.openings), letters=s.letters
        )
    )
    lines.append(_("Overdue: {count}").format(count=len(s.overdue)))
    for entry in s.overdue:
        lines.append("  " + overdue_text(entry))
    return lines


def overdue_text(entry: OverdueEntry) -> str:
    """One line of the overdue list."""
    r = entry.record
    if entry.replied:
        return _("{number} due {due}, replied {reply}, {days} day(s) late").format(
            number=r.number, due=r.due, reply=r.reply_date, days=entry.days_late
        )
    return _("{number} due {due}, not replied, {days} day(s) overdue").format(
        number=r.number, due=r.due, days=entry.days_late
    )


def summary_report(s: FeedbackSummary) -> Report:
    """The summary as a one-page report."""
    rate = s.on_time_rate
    figures = [
        [_("Records"), str(s.total)],
        [_("Replied"), str(s.replied)],
        [_("Replied on time"), f"{s.on_time} / {s.judged}"],
        [_("On-time rate"), f"{rate}%" if rate is not None else "—"],
        [
            _("Average days from receipt to reply"),
            str(s.average_days) if s.average_days is not None else "—",
        ],
        [_("Box openings"), str(len(s.openings))],
        [_("Letters found in the box"), str(s.letters)],
    ]
    blocks = [
        ReportBlock(
            _("Key figures"), header=[_("Figure"), _("Value")], rows=figures, widths=[0.7, 0.3]
        ),
    ]
    for title, rows in (
        (_("By channel"), s.by_channel),
        (_("By kind"), s.by_kind),
        (_("By status"), s.by_status),
    ):
        blocks.append(
            ReportBlock(
                title,
                header=[name for name, _n in rows],
                rows=[[str(n) for _name, n in rows]],
                widths=[1 / len(rows)] * len(rows),
            )
        )
    blocks.append(
        ReportBlock(
            _("Overdue"),
            lines=[] if s.overdue else [_("None.")],
            header=[_("Number"), _("Received"), _("Due"), _("Status"), _("Days late")]
            if s.overdue
            else [],
            rows=[
                [
                    e.record.number,
                    str(e.record.received),
                    str(e.record.due),
                    label(e.record.status),
                    str(e.days_late),
                ]
                for e in s.overdue
            ],
            widths=[0.24, 0.19, 0.19, 0.22, 0.16],
        )
    )
    return Report(
        title=_("{org} feedback register {year}: summary").format(org=s.org.name, year=s.year),
        subtitle=_("As of {on}").format(on=s.on),
        blocks=blocks,
        author=s.org.name,
    )


def write_summary_pdf(s: FeedbackSummary, out: Path, *, deterministic: bool = False) -> Path:
    """The summary as a PDF page (embedded CJK fonts), written all or nothing through the
    output guard (never over the database or the program's own files)."""
    import io

    from board_app import files

    out = Path(out)
    files.check_output(out)
    report = summary_report(s)
    report.deterministic = deterministic
    buf = io.BytesIO()
    render_report(report, buf)
    return files.write_bytes_atomic(out, buf.getvalue())
