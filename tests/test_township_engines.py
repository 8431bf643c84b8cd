"""The township views on both engines: the same calendar order, 统计表 numbers and board."""

from __future__ import annotations

import pytest
from township_data import AS_OF, TOWN, build_town

from board_app.domain.items import PublicationType
from board_app.domain.periods import Period

pytestmark = pytest.mark.both_engines


def test_calendar_and_statistics(services) -> None:
    build_town(services)
    cal = services.township.calendar(TOWN, AS_OF)
    assert [v.org.name for v in cal.villages] == [
        "乙村村民委员会",
        "甲村村民委员会",
        "丙村村民委员会",
        "丁村村民委员会",
    ]
    assert [len(v.overdue) for v in cal.villages] == [5, 1, 0, 0]
    stats = services.township.statistics(TOWN, Period.parse("2026-Q3"), AS_OF)
    a = next(s for s in stats.rows if s.org.name == "甲村村民委员会")
    assert (a.due, a.on_time, a.late, a.overdue) == (2, 1, 1, 0)
    assert a.published[PublicationType.PERIODIC] == 2
    total = stats.total
    assert (total.due, total.on_time, total.late, total.overdue) == (6, 3, 1, 2)
    assert services.township.townships() == ["别的镇", TOWN]
