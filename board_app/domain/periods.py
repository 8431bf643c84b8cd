"""Reporting periods: "2026", "2026-H2", "2026-Q3", "2026-09"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from board_app.domain.digits import ascii_digits
from board_app.domain.items import Cadence, DueRule

_PATTERN = re.compile(r"^([0-9]{4})(?:-(?:(H)([12])|(Q)([1-4])|([0-9]{2})))?$")


class PeriodError(ValueError):
    """A period string that does not parse."""


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: a year, half-year, quarter or month."""

    year: int
    cadence: Cadence
    index: int = 1  # half (1-2), quarter (1-4), month (1-12); 1 for a year

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse "2026", "2026-H2", "2026-Q3" or "2026-09"."""
        m = _PATTERN.match(ascii_digits(text.strip())) if isinstance(text, str) else None
        if not m:
            raise PeriodError(text)
        year = int(m.group(1))
        if not 1900 <= year <= 9999:
            raise PeriodError(text)
        if m.group(2):
            return cls(year, Cadence.HALF_YEARLY, int(m.group(3)))
        if m.group(4):
            return cls(year, Cadence.QUARTERLY, int(m.group(5)))
        if m.group(6):
            month = int(m.group(6))
            if not 1 <= month <= 12:
                raise PeriodError(text)
            return cls(year, Cadence.MONTHLY, month)
        return cls(year, Cadence.YEARLY, 1)

    @property
    def months(self) -> int:
        """Length of the period in months."""
        return {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.HALF_YEARLY: 6}.get(
            self.cadence, 12
        )

    @property
    def first_month(self) -> int:
        """The first calendar month of the period."""
        return (self.index - 1) * self.months + 1

    @property
    def start(self) -> date:
        """First day of the period."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """Last day of the period."""
        month = self.first_month + self.months - 1
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        if self.cadence is Cadence.YEARLY:
            return f"{self.year:04d}"
        if self.cadence is Cadence.HALF_YEARLY:
            return f"{self.year:04d}-H{self.index}"
        if self.cadence is Cadence.QUARTERLY:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}-{self.index:02d}"

    def next(self) -> Period:
        """The following period of the same granularity."""
        count = 12 // self.months
        if self.index < count:
            return Period(self.year, self.cadence, self.index + 1)
        return Period(self.year + 1, self.cadence, 1)

    def due_date(self, rule: DueRule) -> date:
        """Day ``rule.day`` of the ``rule.month_offset``-th month after the period ends."""
        month_index = self.end.year * 12 + self.end.month - 1 + rule.month_offset
        year, month = divmod(month_index, 12)
        month += 1
        if year > date.max.year:
            return date.max  # due after the calendar's end: as late as a date can be
        day = min(rule.day, calendar.monthrange(year, month)[1])
        return date(year, month, day)

    @classmethod
    def containing(cls, day: date, cadence: Cadence) -> Period:
        """The period of the given cadence that contains ``day``."""
        if cadence is Cadence.MONTHLY:
            return cls(day.year, cadence, day.month)
        if cadence is Cadence.QUARTERLY:
            return cls(day.year, cadence, (day.month - 1) // 3 + 1)
        if cadence is Cadence.HALF_YEARLY:
            return cls(day.year, cadence, (day.month - 1) // 6 + 1)
        return cls(day.year, Cadence.YEARLY, 1)


_FINER = (Cadence.YEARLY, Cadence.HALF_YEARLY, Cadence.QUARTERLY, Cadence.MONTHLY)


def periods_within(period: Period) -> list[Period]:
    """``period`` and every finer period inside it: a quarter with its three months, a
    half-year with its quarters and months, a year with all of them. Coarser periods are not
    included (a "2026" report is not part of "2026-Q4")."""
    out = [period]
    for cadence in _FINER[_FINER.index(period.cadence) + 1 :]:
        first = Period.containing(period.start, cadence)
        # the parts stay inside the period's year (no date past it: 9999 is valid)
        out.extend(
            Period(first.year, cadence, first.index + k)
            for k in range(period.months // first.months)
        )
    return out


def parse_period(text: str) -> Period:
    """Parse a period string; raises PeriodError."""
    return Period.parse(text)


def label_zh(period: Period) -> str:
    """A Chinese label such as "2026年第三季度"."""
    names = "一二三四"
    if period.cadence is Cadence.YEARLY:
        return f"{period.year}年"
    if period.cadence is Cadence.HALF_YEARLY:
        return f"{period.year}年{'上' if period.index == 1 else '下'}半年"
    if period.cadence is Cadence.QUARTERLY:
        return f"{period.year}年第{names[period.index - 1]}季度"
    return f"{period.year}年{period.index}月"
