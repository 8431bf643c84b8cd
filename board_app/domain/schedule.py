"""The disclosure calendar: which periodic reports are done, due, overdue or upcoming.

Pure rules; the date ``on`` is always a parameter.

* Tracked categories: cadence other than as_needed and a due_rule set (a category without a
  due rule has no deadline to track).
* Periods: every period of the category's cadence whose end is on or after the tracking
  start and that has ended before ``on`` (end < on), plus the current period (the one
  containing ``on``). Tracking start: the argument, else ``org.tracking_start``, else
  1 January of ``on``'s year.
* Done: an item of the category, published or withdrawn, whose period equals that period
  exactly (a "2026" report does not count for "2026-Q4"), published on or before ``on``
  (a report scheduled for later is not done yet). A period is done, too, when reports of a
  finer cadence cover it completely (the three monthly reports of a quarter): the organization
  may change a category's cadence (财务收支明细 from monthly to quarterly) without its earlier
  reports turning into overdue quarters. Otherwise the current period is
  "upcoming", and an ended one is "overdue" when ``on`` > due date, else "due".
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from board_app.domain.dates import add_days
from board_app.domain.items import (
    Cadence,
    Category,
    DueRule,
    Item,
    Organization,
    Status,
)
from board_app.domain.periods import Period, periods_within
from board_app.domain.rules import (
    category_order_key,
    immediate_last_day,
    is_up,
    item_period,
    natural_key,
)
from board_app.i18n import N_, _


class DueState(str, enum.Enum):
    """State of one period of a category in the calendar."""

    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"

    @property
    def label(self) -> str:
        """Translated label."""
        return _(_STATE_LABELS[self])


_STATE_LABELS = {
    DueState.DONE: N_("Disclosed"),
    DueState.DUE: N_("Due, not yet disclosed"),
    DueState.OVERDUE: N_("Overdue"),
    DueState.UPCOMING: N_("Not yet due"),
}


@dataclass
class DueEntry:
    """One period of one category in the disclosure calendar."""

    category: Category
    period: Period
    due: date
    state: DueState
    item: Item | None = None


@dataclass
class EndingItem:
    """An immediate item that comes down soon."""

    item: Item
    last_day: date

    def days_left(self, on: date) -> int:
        """Days from ``on`` to the last day (0: ``on`` is its last day on the board)."""
        return (self.last_day - on).days


def tracked_categories(categories: Iterable[Category]) -> list[Category]:
    """Categories with a cadence and a due rule, in catalogue order."""
    return sorted(
        (c for c in categories if c.cadence is not Cadence.AS_NEEDED and c.due_rule is not None),
        key=category_order_key,
    )


def periods_to_track(cadence: Cadence, tracking_start: date, on: date) -> list[Period]:
    """Periods ending on or after ``tracking_start`` up to the one containing ``on``."""
    if cadence is Cadence.AS_NEEDED:
        return []
    out: list[Period] = []
    period = Period.containing(tracking_start, cadence)
    while period.start <= on:
        out.append(period)
        if period.year == date.max.year and period.end == date.max:
            break  # no period after 9999
        period = period.next()
    return out


def _previous(period: Period) -> Period:
    if period.index > 1:
        return Period(period.year, period.cadence, period.index - 1)
    return Period(period.year - 1, period.cadence, 12 // period.months)


def _reports_by_period(items: list[Item], on: date) -> dict[tuple, list[Item]]:
    """Published or withdrawn reports published by ``on``, keyed by (category id, period)."""
    out: dict[tuple, list[Item]] = {}
    for i in items:
        if i.status in (Status.PUBLISHED, Status.WITHDRAWN) and (
            i.publish_date is None or i.publish_date <= on
        ):
            period = item_period(i)
            if period is not None:
                out.setdefault((i.category_id, period), []).append(i)
    return out


def _covering_reports(
    reports: dict[tuple, list[Item]], category: Category, period: Period
) -> list[Item]:
    """Reports of a finer cadence that together cover ``period`` (every month of a quarter,
    every quarter or every month of a half-year ...); empty when no finer cadence does."""
    for cadence in (Cadence.HALF_YEARLY, Cadence.QUARTERLY, Cadence.MONTHLY):
        parts = [p for p in periods_within(period)[1:] if p.cadence is cadence]
        if not parts:
            continue
        found = [reports.get((category.id, p)) for p in parts]
        groups = [group for group in found if group]
        if len(groups) == len(found):
            return [i for group in groups for i in group]
    return []


def _report_for(
    reports: dict[tuple, list[Item]], category: Category, period: Period
) -> Item | None:
    """The report of ``category`` for ``period``: published ones first, then the latest;
    else the latest of the finer reports that cover the period."""
    matches = reports.get((category.id, period), []) or _covering_reports(reports, category, period)
    if not matches:
        return None
    return max(
        matches,
        key=lambda i: (
            i.status is Status.PUBLISHED,
            i.publish_date or date.min,
            natural_key(i.number),
        ),
    )


def disclosure_calendar(
    org: Organization,
    categories: Iterable[Category],
    items: Iterable[Item],
    on: date,
    tracking_start: date | None = None,
) -> list[DueEntry]:
    """Calendar entries of every tracked category, sorted by due date then catalogue order.

    Tracked periods are those ending on or after the tracking start; without one (default:
    1 January of ``on``'s year) also those ending before it but due on or after it. A period
    is overdue
    once its due date has passed, even before it ends (a due rule of "month +0").
    """
    default_start = tracking_start is None and org.tracking_start is None
    start = tracking_start or org.tracking_start or date(on.year, 1, 1)
    reports = _reports_by_period(list(items), on)
    entries: list[DueEntry] = []
    for category in tracked_categories(categories):
        rule = category.due_rule or DueRule()
        earlier = Period.containing(start, category.cadence)
        # Without a tracking start of its own, the organization is tracked from 1 January;
        # then the periods that ended before it but fall due after it count too (in January,
        # last year's fourth quarter and annual report).
        for _step in range(12 if default_start else 0):
            previous = _previous(earlier)
            if previous.due_date(rule) < start:
                break
            earlier = previous
        for period in periods_to_track(category.cadence, earlier.start, on):
            due = period.due_date(rule)
            item = _report_for(reports, category, period)
            if item is not None:
                state = DueState.DONE
            elif on > due:
                state = DueState.OVERDUE
            elif period.end >= on:
                state = DueState.UPCOMING
            else:
                state = DueState.DUE
            entries.append(DueEntry(category, period, due, state, item))
    entries.sort(key=lambda e: (e.due, category_order_key(e.category), e.period.start))
    return entries


def ending_soon(
    items: Iterable[Item], org: Organization, on: date, within_days: int = 7
) -> list[EndingItem]:
    """Immediate items up on ``on`` whose last day falls within ``within_days`` days
    (``on`` <= last day <= ``on + within_days``), soonest first."""
    limit = add_days(on, within_days)
    out: list[EndingItem] = []
    for item in items:
        end = immediate_last_day(item, org)
        if end is not None and end <= limit and is_up(item, org, on):
            out.append(EndingItem(item, end))
    out.sort(key=lambda e: (e.last_day, e.item.publish_date or date.min))
    return out


def awaiting_review(items: Iterable[Item]) -> list[Item]:
    """Submitted and reviewed items, oldest first (by creation, then input order)."""
    waiting = [i for i in items if i.status in (Status.SUBMITTED, Status.REVIEWED)]
    return sorted(waiting, key=lambda i: (i.created_at is None, i.created_at or 0))


_PERIOD_NOUNS = {
    Cadence.MONTHLY: N_("the month"),
    Cadence.QUARTERLY: N_("the quarter"),
    Cadence.HALF_YEARLY: N_("the half-year"),
    Cadence.YEARLY: N_("the year"),
}


def due_rule_text(cadence: Cadence, rule: DueRule | None) -> str:
    """The due rule in words, e.g. "季度结束后次月10日前" / "by day 10 of the month after
    the quarter ends". Empty without a rule; "随时公开" for as-needed categories."""
    if cadence is Cadence.AS_NEEDED:
        return _("Disclosed as needed")
    if rule is None:
        return ""
    if rule.month_offset < 0:
        raise ValueError(f"negative month_offset {rule.month_offset}")
    noun = _(_PERIOD_NOUNS[cadence])
    if rule.month_offset == 0:
        text = _("by day {day} of the last month of {period}")
    elif cadence is Cadence.YEARLY and rule.month_offset <= 12:
        text = _("by day {day} of month {month} of the year after {period}")
    elif rule.month_offset == 1:
        text = _("by day {day} of the month after {period} ends")
    else:
        text = _("by day {day} of month {months} after {period} ends")
    return text.format(day=rule.day, month=rule.month_offset, months=rule.month_offset, period=noun)
