"""Date arithmetic that never overflows: records may carry any date up to 9999-12-31."""

from __future__ import annotations

from datetime import date, timedelta


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days`` (negative to go back), clamped to date.min .. date.max."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
