"""Township rules: the township name, and the 公开情况统计表 numbers of one village.

Pure rules over plain records; the period and the date ``on`` (as of) are parameters.

The 统计表 of a period (month, quarter, half-year or year) counts, per village:

* published: items published or withdrawn whose 公开日期 falls in the period (and is not after
  ``on``), by publication type 长期/定期/即时;
* periodic reports due in the period: every tracked category and reporting period whose due
  date falls in the period (``domain.schedule.disclosure_calendar``), split into published on
  time (by the due date), published late (after it, by ``on``), overdue (not published and the
  due date passed by ``on``) and not yet due. Periods ending before the organization's own
  tracking start are not counted, as in the calendar;
* feedback received in the period: replied, replied by the due date, and still open past the
  due date on ``on``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from board_app.domain import limits
from board_app.domain.feedback import FeedbackRecord, is_overdue, replied_on_time
from board_app.domain.items import Category, Item, Organization, PublicationType, Status
from board_app.domain.periods import Period
from board_app.domain.schedule import DueEntry, DueState, disclosure_calendar
from board_app.i18n import _

#: How far before a period the calendar looks for reporting periods whose due date may fall in
#: it (a yearly report may be due up to a year and a month after its year ends).
LOOK_BACK_DAYS = 800


def township_problem(name: str) -> str | None:
    """Why ``name`` cannot be a township's name, or None when it can ("" means none)."""
    if len(name) > limits.SHORT_TEXT_MAX:
        return _("Township: {count} characters; at most {limit} are allowed.").format(
            count=len(name), limit=limits.SHORT_TEXT_MAX
        )
    if any(not ch.isprintable() for ch in name):
        return _("Township: the name contains control characters.")
    return None


def clean_township(name: str) -> str:
    """The name as stored: surrounding blanks removed, inner runs of blanks made one space."""
    return " ".join(name.split())


@dataclass
class VillageStats:
    """One row of the 公开情况统计表."""

    org: Organization
    published: dict[PublicationType, int] = field(
        default_factory=lambda: dict.fromkeys(PublicationType, 0)
    )
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    feedback_received: int = 0
    feedback_replied: int = 0
    feedback_on_time: int = 0
    feedback_overdue: int = 0
    #: the overdue and late periodic reports (category and period), for the details
    missed: list[DueEntry] = field(default_factory=list)

    @property
    def published_total(self) -> int:
        return sum(self.published.values())

    @property
    def judged(self) -> int:
        """Reports whose due date has passed (or that were published): the rate's base."""
        return self.due - self.pending

    @property
    def on_time_rate(self) -> Decimal | None:
        """Percentage (one decimal) of reports due in the period published on time."""
        if not self.judged:
            return None
        rate = Decimal(self.on_time * 100) / Decimal(self.judged)
        return rate.quantize(Decimal("0.1"), ROUND_HALF_UP)

    def add(self, other: VillageStats) -> None:
        """Add ``other``'s counts (for the total row)."""
        for ptype in PublicationType:
            self.published[ptype] += other.published[ptype]
        for name in (
            "due",
            "on_time",
            "late",
            "overdue",
            "pending",
            "feedback_received",
            "feedback_replied",
            "feedback_on_time",
            "feedback_overdue",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _in(day: date | None, period: Period) -> bool:
    return day is not None and period.start <= day <= period.end


def village_stats(
    org: Organization,
    categories: list[Category],
    items: Iterable[Item],
    records: Iterable[FeedbackRecord],
    period: Period,
    on: date,
    published: dict[PublicationType, int] | None = None,
) -> VillageStats:
    """The 统计表 row of ``org`` for ``period`` as things stand on ``on``.

    ``items`` must hold the periodic reports; ``published`` gives the counts of items published
    in the period by type when the caller counted them already (else they are counted from
    ``items``)."""
    items = list(items)
    stats = VillageStats(org)
    if published is not None:
        stats.published = dict(published)
    else:
        for item in items:
            if item.status not in (Status.PUBLISHED, Status.WITHDRAWN):
                continue
            day = item.publish_date
            if _in(day, period) and day <= on:  # type: ignore[operator]
                stats.published[item.publication_type] += 1
    look_from = period.start - timedelta(days=LOOK_BACK_DAYS)
    if look_from.year < 1900:
        look_from = date(1900, 1, 1)
    for entry in disclosure_calendar(org, categories, items, on, tracking_start=look_from):
        if not _in(entry.due, period):
            continue
        if org.tracking_start is not None and entry.period.end < org.tracking_start:
            continue
        stats.due += 1
        if entry.state is DueState.DONE:
            day = entry.item.publish_date if entry.item else None
            if day is None or day <= entry.due:
                stats.on_time += 1
            else:
                stats.late += 1
                stats.missed.append(entry)
        elif entry.state is DueState.OVERDUE:
            stats.overdue += 1
            stats.missed.append(entry)
        else:
            stats.pending += 1
    for record in records:
        if not _in(record.received, period) or record.received > on:
            continue
        stats.feedback_received += 1
        if record.reply_date is not None and record.reply_date <= on:
            stats.feedback_replied += 1
            if replied_on_time(record):
                stats.feedback_on_time += 1
        elif is_overdue(record, on) or (
            record.reply_date is not None and record.due is not None and record.due < on
        ):
            stats.feedback_overdue += 1
    return stats
