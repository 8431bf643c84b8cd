"""Working days in mainland China: statutory holidays and make-up working days (调休).

The ``chinesecalendar`` package (``import chinese_calendar``) knows the State Council's
holiday arrangements for 2004 up to the last year it was released for (2026 in 1.11). For a
year it does not know, days the user entered (per database) are used; without them every
Monday-Friday counts as a working day and the year is reported so the caller can warn.
User-entered days also override the package, so a late correction can be typed in.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


class DayKind(str, enum.Enum):
    """A day entered by the user: a holiday (休) or a make-up working day (班)."""

    HOLIDAY = "holiday"
    WORKDAY = "workday"


def package_knows(year: int) -> bool:
    """True when chinesecalendar has the holiday arrangement of ``year``."""
    import chinese_calendar  # imported on first use: most commands never count working days

    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@dataclass
class WorkdayCalendar:
    """Working days from chinesecalendar plus the user's own entries."""

    entries: Mapping[date, DayKind] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._entered_years = {d.year for d in self.entries}
        self._known: dict[int, bool] = {}

    def year_known(self, year: int) -> bool:
        """True when holidays of ``year`` are known (package or the user's entries)."""
        if year not in self._known:
            self._known[year] = year in self._entered_years or package_knows(year)
        return self._known[year]

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day (weekdays only for an unknown year)."""
        entered = self.entries.get(day)
        if entered is not None:
            return entered is DayKind.WORKDAY
        if day.year not in self._entered_years and package_knows(day.year):
            import chinese_calendar

            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> tuple[date, list[int]]:
        """The ``days``-th working day after ``start`` and the unknown years counted through.

        ``days`` = 0 gives ``start`` itself.
        """
        unknown: set[int] = set()
        current = start
        left = max(0, days)
        while left > 0 and current < date.max:
            current += timedelta(days=1)
            if not self.year_known(current.year):
                unknown.add(current.year)
            if self.is_workday(current):
                left -= 1
        return current, sorted(unknown)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count = 0
        current = start
        while current < end and current < date.max:
            current += timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count


def entries_for_year(
    entries: Iterable[tuple[date, DayKind]], year: int
) -> list[tuple[date, DayKind]]:
    """The user's entries of one year, by date."""
    return sorted((d, k) for d, k in entries if d.year == year)
