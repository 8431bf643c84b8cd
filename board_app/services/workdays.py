"""Working days (工作日) for deadlines such as "within 3 working days".

Uses the ``chinesecalendar`` package (statutory holidays and make-up working days, 2004 to its
last covered year); outside that range a working day is Monday to Friday.
"""

from __future__ import annotations

from datetime import date, timedelta


def is_working_day(day: date) -> bool:
    """True for a working day in mainland China (Monday–Friday where the calendar has no data)."""
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - the package is a dependency
        return day.weekday() < 5
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # year not covered by the installed calendar
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current
