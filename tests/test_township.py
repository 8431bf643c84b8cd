"""Township views: membership, the calendar across villages (worst first) and the
公开情况统计表 on known data, with its period boundaries and the as-of date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from township_data import AS_OF, TOWN, town_database

from board_app.domain.items import PublicationType
from board_app.domain.periods import Period
from board_app.errors import NotFoundError, UsageError, ValidationError
from board_app.services.township import parse_period


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("town")


@pytest.fixture
def services(town_dir: Path, tmp_path: Path):
    """Services over a copy of the 测试镇 database, with the fixed clock."""
    from datetime import datetime, timezone

    from board_app.services.context import open_services

    svc = open_services(town_database(town_dir, tmp_path / "town.sqlite3"), operator="测试员")
    svc.ctx.clock = lambda: datetime(2026, 11, 20, 2, tzinfo=timezone.utc)
    yield svc
    svc.close()


@pytest.fixture
def town(services):
    return {
        key: services.orgs.by_name(name)
        for key, name in (
            ("a", "甲村村民委员会"),
            ("b", "乙村村民委员会"),
            ("c", "丙村村民委员会"),
            ("d", "丁村村民委员会"),
        )
    }


def test_townships_and_their_villages(services, town):
    assert services.township.townships() == ["别的镇", TOWN]
    names = [o.name for o in services.township.villages(f"  {TOWN} ")]
    assert sorted(names) == sorted(o.name for o in town.values())
    with pytest.raises(NotFoundError) as err:
        services.township.villages("不存在镇")
    assert "测试镇" in str(err.value) and "别的镇" in str(err.value)


def test_calendar_puts_the_worst_village_first(services, town):
    cal = services.township.calendar(TOWN, AS_OF)
    order = [v.org.name for v in cal.villages]
    assert order == ["乙村村民委员会", "甲村村民委员会", "丙村村民委员会", "丁村村民委员会"]
    b, a, c, d = cal.villages
    assert [str(e.period) for e in b.overdue] == [
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-Q3",
        "2026-10",
    ]
    assert b.days_overdue == (AS_OF - date(2026, 8, 10)).days
    assert [str(e.period) for e in a.overdue] == ["2026-09"]
    assert a.days_overdue == (AS_OF - date(2026, 10, 10)).days
    assert (len(c.overdue), c.feedback_overdue) == (0, 1)  # below 甲村, above 丁村
    assert (len(d.overdue), d.feedback_overdue, len(d.upcoming)) == (0, 0, 2)


def test_calendar_as_of_an_earlier_day(services, town):
    cal = services.township.calendar(TOWN, date(2026, 9, 12))
    a = next(v for v in cal.villages if v.org.id == town["a"].id)
    # 08 was due 09-10 and published only on 09-15: overdue on 09-12
    assert [str(e.period) for e in a.overdue] == ["2026-08"]


def test_statistics_of_a_quarter(services, town):
    stats = services.township.statistics(TOWN, Period.parse("2026-Q3"), AS_OF)
    rows = {s.org.name: s for s in stats.rows}
    a = rows["甲村村民委员会"]
    # due in Q3: the July (08-10) and August (09-10) reports; June and Q2 end before tracking
    assert (a.due, a.on_time, a.late, a.overdue, a.pending) == (2, 1, 1, 0, 0)
    assert a.published == {
        PublicationType.LONG_TERM: 1,
        PublicationType.PERIODIC: 2,  # July's (08-05) and August's (09-15)
        PublicationType.IMMEDIATE: 1,  # 09-30 is in, 10-01 is not
    }
    assert (a.feedback_received, a.feedback_replied, a.feedback_on_time) == (1, 1, 1)
    assert str(a.on_time_rate) == "50.0"
    b, c, d = rows["乙村村民委员会"], rows["丙村村民委员会"], rows["丁村村民委员会"]
    assert (b.due, b.overdue, b.published_total) == (2, 2, 0)
    assert (c.due, c.on_time, c.feedback_received, c.feedback_overdue) == (2, 2, 1, 1)
    assert (d.due, d.on_time_rate) == (0, None)
    total = stats.total
    assert (total.due, total.on_time, total.late, total.overdue) == (6, 3, 1, 2)
    assert total.published[PublicationType.PERIODIC] == 4


def test_statistics_of_a_later_quarter_and_a_month(services, town):
    q4 = {
        s.org.name: s
        for s in services.township.statistics(TOWN, Period.parse("2026-Q4"), AS_OF).rows
    }
    a = q4["甲村村民委员会"]
    # due in Q4 by 11-20: 09 (10-10, missing), Q3 (10-20, late), 10 (11-10, on time); 11 due 12-10
    assert (a.due, a.on_time, a.late, a.overdue, a.pending) == (4, 1, 1, 1, 1)
    assert a.published[PublicationType.IMMEDIATE] == 1
    october = services.township.statistics(TOWN, Period.parse("2026-10"), AS_OF)
    a = next(s for s in october.rows if s.org.id == town["a"].id)
    assert (a.due, a.late, a.overdue) == (2, 1, 1)
    assert a.published == {
        PublicationType.LONG_TERM: 0,
        PublicationType.PERIODIC: 1,
        PublicationType.IMMEDIATE: 1,
    }


def test_statistics_count_only_what_happened_by_the_as_of_date(services, town):
    stats = services.township.statistics(TOWN, Period.parse("2026-Q3"), date(2026, 9, 12))
    a = next(s for s in stats.rows if s.org.id == town["a"].id)
    assert (a.on_time, a.late, a.overdue) == (1, 0, 1)  # August's report was not out yet
    assert a.published[PublicationType.PERIODIC] == 1
    assert a.published[PublicationType.IMMEDIATE] == 0


def test_periods_parse_or_refuse():
    assert str(parse_period("2026")) == "2026" and str(parse_period("２０２６-Q2")) == "2026-Q2"
    for bad in ("2026-13", "Q2", "", "2026-Q5"):
        with pytest.raises(UsageError):
            parse_period(bad)


def test_assign_validates_and_audits(services, town):
    changed = services.township.assign("  新  镇 ", ["乙村村民委员会", "丙村村民委员会"])
    assert [o.township for o in changed] == ["新 镇", "新 镇"]
    assert services.orgs.by_name("乙村村民委员会").township == "新 镇"
    with pytest.raises(ValidationError):
        services.township.assign("镇" * 201, ["乙村村民委员会"])
    with pytest.raises(ValidationError):
        services.township.assign("东风\u202e镇", ["乙村村民委员会"])
    with pytest.raises(NotFoundError):  # all or nothing: the first was not moved either
        services.township.assign("第三镇", ["甲村村民委员会", "没有这个村"])
    assert services.orgs.by_name("甲村村民委员会").township == TOWN
    audit = [e for e in services.repo.recent_audit(500) if e.organization_id == town["b"].id]
    assert any(e.changes.get("township") == (TOWN, "新 镇") for e in audit)


def test_interchange_carries_the_township(services, town, tmp_path: Path):
    out = tmp_path / "a.json"
    services.interchange.export_file("甲村村民委员会", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["organization"]["township"] == TOWN
    data["organization"]["name"] = "新村村民委员会"
    data["organization"]["township"] = "𠮷镇"
    (tmp_path / "b.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    services.interchange.import_file(tmp_path / "b.json")
    assert services.orgs.by_name("新村村民委员会").township == "𠮷镇"
    data["organization"]["name"] = "甲村村民委员会"  # exists: the database keeps its township
    (tmp_path / "d.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = services.interchange.import_file(tmp_path / "d.json")
    assert any("township" in w and "𠮷镇" in w for w in report.warnings)
    assert services.orgs.by_name("甲村村民委员会").township == TOWN
    data["organization"]["township"] = 5
    (tmp_path / "c.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises((UsageError, ValidationError)) as err:
        services.interchange.import_file(tmp_path / "c.json")
    assert "township" in str(err.value)


def test_migration_step_adds_the_column_once(tmp_path: Path):
    import sqlite3

    from board_app.storage.db import open_database
    from board_app.storage.migrations_township import add_township

    path = tmp_path / "x.sqlite3"
    database = open_database(path)
    try:
        add_township(database.db)  # a second run changes nothing
    finally:
        database.close()
    con = sqlite3.connect(path)
    try:
        columns = {row[1]: row for row in con.execute("PRAGMA table_info(organization)")}
        indexes = {row[1] for row in con.execute("PRAGMA index_list(organization)")}
    finally:
        con.close()
    assert columns["township"][4] == "''" and "organization_township" in indexes


@pytest.mark.parametrize("on", [date(2026, 9, 12), AS_OF, date(2027, 2, 1)])
def test_calendar_agrees_with_each_organizations_own_calendar(services, town, on):
    """The township reads all villages at once; the result is each village's own calendar."""
    own = {org.id: services.calendar.for_org(org, on) for org in town.values()}
    for village in services.township.calendar(TOWN, on).villages:
        mine = own[village.org.id]
        assert [
            (e.category.id, str(e.period), e.due, e.state) for e in village.calendar.entries
        ] == [(e.category.id, str(e.period), e.due, e.state) for e in mine.entries]
        assert [e.item.id if e.item else None for e in village.calendar.entries] == [
            e.item.id if e.item else None for e in mine.entries
        ]
        assert village.waiting == mine.waiting_total
        assert village.feedback_overdue == len(mine.feedback.overdue)


def test_statistics_rule_counts_from_the_items_alone(services, town):
    """The domain rule over every item gives the numbers the service gets from its queries."""
    from board_app.domain.feedback import FeedbackQuery
    from board_app.domain.township import village_stats

    period = Period.parse("2026-Q4")
    by_service = {s.org.id: s for s in services.township.statistics(TOWN, period, AS_OF).rows}
    for org in town.values():
        items = services.repo.list_items(org.id, details=False)
        records = services.feedback.records(FeedbackQuery(organization_id=org.id, year=2026))
        alone = village_stats(org, services.orgs.categories(org.id), items, records, period, AS_OF)
        mine = by_service[org.id]
        assert alone.published == mine.published
        assert (alone.due, alone.on_time, alone.late, alone.overdue, alone.pending) == (
            mine.due, mine.on_time, mine.late, mine.overdue, mine.pending
        )  # fmt: skip
