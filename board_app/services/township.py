"""Township views: the villages of a township, their calendar and the 公开情况统计表.

A township's 三务公开 office oversees the organizations whose ``township`` names it. The
calendar reuses :class:`board_app.services.calendar.CalendarService` per village and sorts the
worst village first; the statistics come from :func:`board_app.domain.township.village_stats`.
Everything here reads; assigning organizations to a township goes through
:class:`board_app.services.organizations.OrganizationService` (validated and audited).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from board_app.domain.dates import add_days
from board_app.domain.feedback import FeedbackQuery
from board_app.domain.items import Organization
from board_app.domain.periods import Period, PeriodError
from board_app.domain.rules import natural_key
from board_app.domain.schedule import DueEntry, DueState, disclosure_calendar
from board_app.domain.township import (
    LOOK_BACK_DAYS,
    VillageStats,
    clean_township,
    village_stats,
)
from board_app.errors import NotFoundError, UsageError
from board_app.i18n import _
from board_app.services.calendar import OrgCalendar
from board_app.services.context import Context
from board_app.services.feedback import FeedbackService
from board_app.services.matters import owed_disclosures
from board_app.services.organizations import OrganizationService
from board_app.storage import township_rows

#: Reports published this long before a tracking start still count (as in CalendarService).
CALENDAR_LOOK_BACK_DAYS = 400


@dataclass
class VillageDue:
    """What one village of the township owes on a day."""

    calendar: OrgCalendar
    on: date
    #: opinions not answered by their due date
    feedback_overdue: int = 0

    @property
    def org(self) -> Organization:
        return self.calendar.org

    @property
    def overdue(self) -> list[DueEntry]:
        """Periodic reports past their due date, not published."""
        return [e for e in self.calendar.entries if e.state is DueState.OVERDUE]

    @property
    def due(self) -> list[DueEntry]:
        """Periods ended and not yet published, still within their due date."""
        return [e for e in self.calendar.entries if e.state is DueState.DUE]

    @property
    def upcoming(self) -> list[DueEntry]:
        return [e for e in self.calendar.entries if e.state is DueState.UPCOMING]

    @property
    def done(self) -> int:
        return sum(1 for e in self.calendar.entries if e.state is DueState.DONE)

    @property
    def days_overdue(self) -> int:
        """Days the oldest overdue report is late (0 without one)."""
        return max(((self.on - e.due).days for e in self.overdue), default=0)

    @property
    def matters_overdue(self) -> int:
        """四议两公开 disclosures owed past their due date."""
        return sum(1 for m in self.calendar.matters if m.overdue)

    @property
    def waiting(self) -> int:
        """Items submitted or reviewed, not yet published."""
        return self.calendar.waiting_total

    def badness(self) -> tuple[int, int, int, int, int]:
        """Bigger is worse: overdue reports, days late, overdue replies and 四议两公开
        disclosures, reports due now."""
        return (
            len(self.overdue),
            self.days_overdue,
            self.feedback_overdue + self.matters_overdue,
            len(self.due),
            self.waiting,
        )


@dataclass
class TownshipCalendar:
    """The villages of a township on a day, worst first."""

    township: str
    on: date
    villages: list[VillageDue] = field(default_factory=list)


@dataclass
class TownshipStatistics:
    """The 公开情况统计表 of a township for a period: a row per village and the total."""

    township: str
    period: Period
    on: date
    rows: list[VillageStats] = field(default_factory=list)

    @property
    def total(self) -> VillageStats:
        total = VillageStats(Organization(name=_("Total")))
        for row in self.rows:
            total.add(row)
        return total


def calendar_table(cal: TownshipCalendar) -> tuple[list[str], list[list[str]]]:
    """The township calendar as a table (column titles, one row per village, worst first):
    the command line prints it and the 乡镇 page shows it."""
    head = [
        _("Organization"),
        _("Overdue"),
        _("Days late"),
        _("Due"),
        _("Not yet due"),
        _("Reply overdue"),
        _("四议两公开 overdue"),
        _("Awaiting review"),
    ]
    rows = [
        [
            v.org.name,
            str(len(v.overdue)),
            str(v.days_overdue),
            str(len(v.due)),
            str(len(v.upcoming)),
            str(v.feedback_overdue),
            str(v.matters_overdue),
            str(v.waiting),
        ]
        for v in cal.villages
    ]
    return head, rows


def parse_period(text: str) -> Period:
    """A period of the 统计表: "2026" (year), "2026-H1", "2026-Q2" or "2026-05" (month)."""
    try:
        return Period.parse(text)
    except PeriodError:
        raise UsageError(
            _("“{text}” is not a period: write 2026, 2026-Q2 or 2026-05.").format(text=text)
        ) from None


def period_label(period: Period) -> str:
    """ "2026年第2季度", "2026年5月" ... in the chosen language."""
    from board_app.domain.items import Cadence

    if period.cadence is Cadence.YEARLY:
        return _("Year {year}").format(year=period.year)
    if period.cadence is Cadence.HALF_YEARLY:
        return _("{year} half {index}").format(year=period.year, index=period.index)
    if period.cadence is Cadence.QUARTERLY:
        return _("{year} quarter {index}").format(year=period.year, index=period.index)
    return _("{year}, month {month}").format(year=period.year, month=period.index)


class TownshipService:
    """Read-only views across the villages of a township."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = ctx.repo
        self.orgs = OrganizationService(ctx)

    def townships(self) -> list[str]:
        """The township names in use, sorted."""
        names = {o.township for o in self.repo.list_organizations() if o.township}
        return sorted(names, key=natural_key)

    def villages(self, township: str) -> list[Organization]:
        """The organizations of ``township`` in name order; NotFoundError names the
        townships there are when none belongs to it."""
        name = clean_township(township)
        found = [o for o in self.repo.list_organizations() if name and o.township == name]
        if not found:
            known = "、".join(self.townships()) or "-"
            raise NotFoundError(
                _(
                    "No organization belongs to a township called “{name}”. Townships: {known}"
                ).format(name=township, known=known)
            )
        return sorted(found, key=lambda o: natural_key(o.name))

    def village(self, township: str, org_id: int) -> Organization:
        """One organization of ``township`` (NotFoundError when it belongs elsewhere)."""
        for org in self.villages(township):
            if org.id == org_id:
                return org
        raise NotFoundError(_("The organization does not belong to this township."))

    def assign(self, township: str, org_names: list[str]) -> list[Organization]:
        """Put the named organizations into ``township`` ("" takes them out), all or none."""
        name = clean_township(township)
        orgs = [self.orgs.by_name(n) for n in org_names]
        changed = []
        with self.repo.transaction():
            for org in orgs:
                if org.township != name:
                    changed.append(self.orgs.update(replace(org, township=name)))
        return changed

    def calendar(self, township: str, on: date) -> TownshipCalendar:
        """What every village of ``township`` owes on ``on``, the worst village first.

        The same rules as each organization's own calendar (``CalendarService.for_org``), read
        for all villages at once (one query each for reports, catalogues, items awaiting review
        and overdue opinions); only villages with 四议两公开 matters are asked about them."""
        orgs = self.villages(township)
        ids = [o.id for o in orgs if o.id is not None]
        earliest = min(o.tracking_start or date(on.year, 1, 1) for o in orgs)
        reports = township_rows.periodic_reports(
            self.repo, ids, since=add_days(earliest, -CALENDAR_LOOK_BACK_DAYS), on=on
        )
        waiting = township_rows.waiting_counts(self.repo, ids)
        catalogues = township_rows.categories(self.repo, ids)
        replies_overdue = township_rows.feedback_overdue_counts(self.repo, ids, on)
        with_matters = township_rows.with_matters(self.repo, ids)
        villages = []
        for org in orgs:
            org_id: int = org.id  # type: ignore[assignment]
            calendar = OrgCalendar(
                org=org,
                entries=disclosure_calendar(org, catalogues[org_id], reports[org_id], on),
                waiting_total=waiting.get(org_id, 0),
                matters=owed_disclosures(self.ctx, org_id, on) if org_id in with_matters else [],
            )
            villages.append(VillageDue(calendar, on, replies_overdue.get(org_id, 0)))
        villages.sort(key=lambda v: tuple(-n for n in v.badness()))  # stable: names stay sorted
        return TownshipCalendar(clean_township(township), on, villages)

    def statistics(self, township: str, period: Period, on: date) -> TownshipStatistics:
        """The 公开情况统计表 of ``township`` for ``period`` as of ``on``."""
        orgs = self.villages(township)
        ids = [o.id for o in orgs if o.id is not None]
        look_from = max(period.start - timedelta(days=LOOK_BACK_DAYS), date(1900, 1, 1))
        reports = township_rows.periodic_reports(self.repo, ids, since=look_from, on=on)
        published = township_rows.published_counts(
            self.repo, ids, start=period.start, end=min(period.end, on)
        )
        catalogues = township_rows.categories(self.repo, ids)
        feedback = FeedbackService(self.ctx)
        rows = []
        for org in orgs:
            org_id: int = org.id  # type: ignore[assignment]
            records = [
                r
                for year in range(period.start.year, period.end.year + 1)
                for r in feedback.records(FeedbackQuery(organization_id=org_id, year=year))
            ]
            rows.append(
                village_stats(
                    org,
                    catalogues[org_id],
                    reports[org_id],
                    records,
                    period,
                    on,
                    published=published[org_id],
                )
            )
        return TownshipStatistics(clean_township(township), period, on, rows)
