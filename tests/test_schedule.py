"""Disclosure calendar, items ending soon, review queue, due-rule wording, translations."""

from __future__ import annotations

import ast
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from board_app import i18n
from board_app.domain.items import (
    Cadence,
    Category,
    Domain,
    DueRule,
    Item,
    Organization,
    PublicationType,
    Status,
)
from board_app.domain.periods import Period
from board_app.domain.schedule import (
    DueState,
    awaiting_review,
    disclosure_calendar,
    due_rule_text,
    ending_soon,
    periods_to_track,
    tracked_categories,
)

PER, IMM = PublicationType.PERIODIC, PublicationType.IMMEDIATE
ORG = Organization(name="东村村委会", display_days=10, tracking_start=date(2026, 1, 1), id=1)
QUARTERLY = Category(
    "财务收支",
    Domain.FINANCE,
    PER,
    cadence=Cadence.QUARTERLY,
    due_rule=DueRule(1, 10),
    display_order=2,
    id=1,
)
MONTHLY = Category(
    "三资月报",
    Domain.FINANCE,
    PER,
    cadence=Cadence.MONTHLY,
    due_rule=DueRule(1, 5),
    display_order=1,
    id=2,
)
YEARLY = Category(
    "党费收缴",
    Domain.PARTY,
    PER,
    cadence=Cadence.YEARLY,
    due_rule=DueRule(1, 31),
    display_order=3,
    id=3,
)
AS_NEEDED = Category("发展党员", Domain.PARTY, IMM, id=4)
NO_RULE = Category("低保名单", Domain.VILLAGE, PER, cadence=Cadence.QUARTERLY, id=5)


def report(cat: Category, period: str, publish: date, status=Status.PUBLISHED, **kw) -> Item:
    return Item(
        f"{cat.name}{period}",
        PER,
        category_id=cat.id,
        period=period,
        publish_date=publish,
        status=status,
        **kw,
    )


def states(entries, cat: Category) -> dict[str, DueState]:
    return {str(e.period): e.state for e in entries if e.category is cat}


@pytest.fixture(autouse=True)
def english():
    previous = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def test_tracked_categories_need_cadence_and_rule() -> None:
    assert tracked_categories([QUARTERLY, AS_NEEDED, NO_RULE, MONTHLY, YEARLY]) == [
        MONTHLY,
        QUARTERLY,
        YEARLY,
    ]


@pytest.mark.parametrize(
    "cadence, start, on, expected",
    [
        (
            Cadence.QUARTERLY,
            date(2026, 1, 1),
            date(2026, 10, 15),
            ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
        ),
        (
            Cadence.QUARTERLY,
            date(2026, 5, 15),
            date(2026, 10, 15),
            ["2026-Q2", "2026-Q3", "2026-Q4"],
        ),
        (Cadence.QUARTERLY, date(2026, 3, 31), date(2026, 4, 1), ["2026-Q1", "2026-Q2"]),
        (
            Cadence.MONTHLY,
            date(2025, 11, 20),
            date(2026, 2, 1),
            ["2025-11", "2025-12", "2026-01", "2026-02"],
        ),
        (Cadence.YEARLY, date(2025, 6, 1), date(2026, 1, 20), ["2025", "2026"]),
        (Cadence.HALF_YEARLY, date(2026, 1, 1), date(2026, 7, 1), ["2026-H1", "2026-H2"]),
        (Cadence.QUARTERLY, date(2027, 1, 1), date(2026, 10, 15), []),
        (Cadence.AS_NEEDED, date(2026, 1, 1), date(2026, 10, 15), []),
    ],
)
def test_periods_to_track(cadence, start, on, expected) -> None:
    assert [str(p) for p in periods_to_track(cadence, start, on)] == expected


def test_quarterly_states() -> None:
    items = [
        report(QUARTERLY, "2026-Q1", date(2026, 4, 8)),
        report(
            QUARTERLY,
            "2026-Q2",
            date(2026, 7, 20),
            status=Status.WITHDRAWN,
            withdrawn_date=date(2026, 8, 1),
        ),
    ]
    on = date(2026, 10, 10)
    entries = disclosure_calendar(ORG, [QUARTERLY], items, on)
    assert states(entries, QUARTERLY) == {
        "2026-Q1": DueState.DONE,
        "2026-Q2": DueState.DONE,  # withdrawn still counts as disclosed
        "2026-Q3": DueState.DUE,  # due 2026-10-10, not passed
        "2026-Q4": DueState.UPCOMING,
    }
    q1 = entries[0]
    assert q1.item is items[0] and q1.due == date(2026, 4, 10)
    assert entries[-1].item is None and entries[-1].due == date(2027, 1, 10)
    later = disclosure_calendar(ORG, [QUARTERLY], items, date(2026, 10, 11))
    assert states(later, QUARTERLY)["2026-Q3"] is DueState.OVERDUE


@pytest.mark.parametrize(
    "status, publish, expected",
    [
        (Status.PUBLISHED, date(2026, 10, 5), DueState.DONE),
        (Status.WITHDRAWN, date(2026, 10, 5), DueState.DONE),
        (Status.DRAFT, date(2026, 10, 5), DueState.OVERDUE),
        (Status.SUBMITTED, date(2026, 10, 5), DueState.OVERDUE),
        (Status.REVIEWED, date(2026, 10, 5), DueState.OVERDUE),
        (Status.PUBLISHED, date(2026, 10, 21), DueState.OVERDUE),  # scheduled after "on"
        (Status.PUBLISHED, date(2026, 10, 20), DueState.DONE),  # published late but on "on"
    ],
)
def test_done_needs_a_published_item(status, publish, expected) -> None:
    items = [report(QUARTERLY, "2026-Q3", publish, status=status)]
    entries = disclosure_calendar(ORG, [QUARTERLY], items, date(2026, 10, 20))
    assert states(entries, QUARTERLY)["2026-Q3"] is expected


def test_period_must_match_exactly_and_category_too() -> None:
    items = [
        report(QUARTERLY, "2026-09", date(2026, 10, 1)),  # monthly report, not the quarter
        report(QUARTERLY, "2026", date(2026, 10, 1)),
        report(MONTHLY, "2026-Q3", date(2026, 10, 1)),
        report(QUARTERLY, "bogus", date(2026, 10, 1)),
    ]
    entries = disclosure_calendar(ORG, [QUARTERLY], items, date(2026, 10, 20))
    assert states(entries, QUARTERLY)["2026-Q3"] is DueState.OVERDUE


def test_current_period_done_early() -> None:
    items = [report(MONTHLY, "2026-10", date(2026, 10, 30))]
    entries = disclosure_calendar(ORG, [MONTHLY], items, date(2026, 10, 31), date(2026, 10, 1))
    assert [(str(e.period), e.state) for e in entries] == [("2026-10", DueState.DONE)]


def test_due_day_boundary_and_last_day_of_period() -> None:
    def cal(on: date) -> dict:
        return states(disclosure_calendar(ORG, [MONTHLY], [], on, date(2026, 9, 1)), MONTHLY)

    assert cal(date(2026, 9, 30))["2026-09"] is DueState.UPCOMING  # its last day: not ended
    assert cal(date(2026, 10, 1))["2026-09"] is DueState.DUE
    assert cal(date(2026, 10, 5))["2026-09"] is DueState.DUE  # due day itself
    assert cal(date(2026, 10, 6))["2026-09"] is DueState.OVERDUE


def test_tracking_start_sources() -> None:
    on = date(2026, 10, 20)
    from_org = disclosure_calendar(ORG, [QUARTERLY], [], on)
    assert [str(e.period) for e in from_org] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    explicit = disclosure_calendar(ORG, [QUARTERLY], [], on, tracking_start=date(2026, 7, 1))
    assert [str(e.period) for e in explicit] == ["2026-Q3", "2026-Q4"]
    no_start = Organization(name="x")
    default = disclosure_calendar(no_start, [YEARLY], [], date(2027, 2, 1))
    # Without a tracking start, last year's report falling due this year is tracked too.
    assert [(str(e.period), e.state) for e in default] == [
        ("2026", DueState.OVERDUE),
        ("2027", DueState.UPCOMING),
    ]


def test_default_start_in_january_shows_last_years_last_quarter() -> None:
    no_start = Organization(name="x")
    entries = disclosure_calendar(no_start, [QUARTERLY], [], date(2026, 1, 15))
    assert [str(e.period) for e in entries][:1] == ["2025-Q4"]


def test_due_before_the_period_ends_is_overdue() -> None:
    early = Category(
        name="月末前公开",
        domain=Domain.FINANCE,
        publication_type=PublicationType.PERIODIC,
        cadence=Cadence.QUARTERLY,
        due_rule=DueRule(0, 25),
        id=77,
    )
    entries = disclosure_calendar(Organization(name="x"), [early], [], date(2026, 9, 28))
    q3 = next(e for e in entries if str(e.period) == "2026-Q3")
    assert q3.due == date(2026, 9, 25) and q3.state is DueState.OVERDUE


def test_entries_sorted_by_due_then_catalogue_order() -> None:
    on = date(2026, 2, 2)
    entries = disclosure_calendar(
        ORG,
        [YEARLY, QUARTERLY, MONTHLY, AS_NEEDED, NO_RULE],
        [],
        on,
        tracking_start=date(2025, 12, 1),
    )
    summary = [(e.category.name, str(e.period), e.due, e.state) for e in entries]
    assert summary == [
        ("三资月报", "2025-12", date(2026, 1, 5), DueState.OVERDUE),
        ("财务收支", "2025-Q4", date(2026, 1, 10), DueState.OVERDUE),
        ("党费收缴", "2025", date(2026, 1, 31), DueState.OVERDUE),
        ("三资月报", "2026-01", date(2026, 2, 5), DueState.DUE),
        ("三资月报", "2026-02", date(2026, 3, 5), DueState.UPCOMING),
        ("财务收支", "2026-Q1", date(2026, 4, 10), DueState.UPCOMING),
        ("党费收缴", "2026", date(2027, 1, 31), DueState.UPCOMING),
    ]
    assert all(isinstance(e.period, Period) for e in entries)
    assert entries[0].state == "overdue"  # str enum compares with plain strings


def test_done_prefers_published_over_withdrawn() -> None:
    withdrawn = report(
        QUARTERLY,
        "2026-Q3",
        date(2026, 10, 2),
        status=Status.WITHDRAWN,
        withdrawn_date=date(2026, 10, 3),
    )
    fixed = report(QUARTERLY, "2026-Q3", date(2026, 10, 3), replaces_id=7)
    entries = disclosure_calendar(ORG, [QUARTERLY], [fixed, withdrawn], date(2026, 10, 20))
    assert next(e for e in entries if str(e.period) == "2026-Q3").item is fixed


def notice(title: str, publish: date, **kw) -> Item:
    return Item(
        title,
        IMM,
        category_id=4,
        publish_date=publish,
        status=kw.pop("status", Status.PUBLISHED),
        **kw,
    )


def test_ending_soon() -> None:
    on = date(2026, 10, 20)
    a = notice("ends today", date(2026, 10, 10))  # display_days 10 -> last day 10-20
    b = notice("ends in 7", date(2026, 10, 17))  # 10-27
    c = notice("ends in 8", date(2026, 10, 18))  # 10-28: outside
    d = notice("already ended", date(2026, 10, 9))  # 10-19
    e = notice("explicit end", date(2026, 9, 1), expire_date=date(2026, 10, 22))
    f = notice("not yet up", date(2026, 10, 21))
    g = notice(
        "withdrawn", date(2026, 10, 15), status=Status.WITHDRAWN, withdrawn_date=date(2026, 10, 19)
    )
    h = notice("draft", date(2026, 10, 15), status=Status.DRAFT)
    periodic = report(QUARTERLY, "2026-Q3", date(2026, 10, 1), expire_date=date(2026, 10, 21))
    result = ending_soon([a, b, c, d, e, f, g, h, periodic], ORG, on)
    assert [x.item for x in result] == [a, e, b]
    assert [x.last_day for x in result] == [
        date(2026, 10, 20),
        date(2026, 10, 22),
        date(2026, 10, 27),
    ]
    assert [x.days_left(on) for x in result] == [0, 2, 7]
    assert [x.item for x in ending_soon([a, b, c], ORG, on, within_days=0)] == [a]
    assert [x.item for x in ending_soon([a, b, c], ORG, on, within_days=8)] == [a, b, c]


def test_awaiting_review() -> None:
    def t(h: int) -> datetime:
        return datetime(2026, 10, 1, h, tzinfo=timezone.utc)

    items = [
        Item("d", IMM, status=Status.DRAFT),
        Item("s-late", IMM, status=Status.SUBMITTED, created_at=t(9)),
        Item("p", IMM, status=Status.PUBLISHED),
        Item("r-early", IMM, status=Status.REVIEWED, created_at=t(8)),
        Item("s-undated", IMM, status=Status.SUBMITTED),
        Item("w", IMM, status=Status.WITHDRAWN),
    ]
    assert [i.title for i in awaiting_review(items)] == ["r-early", "s-late", "s-undated"]


DUE_TEXTS = [
    (
        Cadence.QUARTERLY,
        DueRule(1, 10),
        "季度结束后次月10日前",
        "by day 10 of the month after the quarter ends",
    ),
    (
        Cadence.MONTHLY,
        DueRule(1, 5),
        "月度结束后次月5日前",
        "by day 5 of the month after the month ends",
    ),
    (
        Cadence.YEARLY,
        DueRule(1, 31),
        "年度结束后次年1月31日前",
        "by day 31 of month 1 of the year after the year",
    ),
    (
        Cadence.YEARLY,
        DueRule(3, 15),
        "年度结束后次年3月15日前",
        "by day 15 of month 3 of the year after the year",
    ),
    (
        Cadence.HALF_YEARLY,
        DueRule(1, 20),
        "半年结束后次月20日前",
        "by day 20 of the month after the half-year ends",
    ),
    (
        Cadence.QUARTERLY,
        DueRule(0, 25),
        "季度最后一个月25日前",
        "by day 25 of the last month of the quarter",
    ),
    (
        Cadence.QUARTERLY,
        DueRule(2, 10),
        "季度结束后第2个月10日前",
        "by day 10 of month 2 after the quarter ends",
    ),
    (
        Cadence.YEARLY,
        DueRule(13, 1),
        "年度结束后第13个月1日前",
        "by day 1 of month 13 after the year ends",
    ),
    (Cadence.AS_NEEDED, None, "随时公开", "Disclosed as needed"),
    (Cadence.QUARTERLY, None, "", ""),
]


@pytest.mark.parametrize("cadence, rule, chinese, in_english", DUE_TEXTS)
def test_due_rule_text(cadence, rule, chinese, in_english) -> None:
    assert due_rule_text(cadence, rule) == in_english
    i18n.set_language("zh_CN")
    assert due_rule_text(cadence, rule) == chinese


def test_due_rule_text_agrees_with_due_date() -> None:
    # "年度结束后次年1月31日前" is what Period.due_date computes for DueRule(1, 31).
    assert Period.parse("2026").due_date(DueRule(1, 31)) == date(2027, 1, 31)
    assert Period.parse("2026-Q3").due_date(DueRule(0, 25)) == date(2026, 9, 25)
    assert Period.parse("2026-Q3").due_date(DueRule(2, 10)) == date(2026, 11, 10)


def test_negative_offset_rejected() -> None:
    with pytest.raises(ValueError):
        due_rule_text(Cadence.MONTHLY, DueRule(-1, 5))


def test_state_labels() -> None:
    assert [s.label for s in DueState] == [
        "Disclosed",
        "Due, not yet disclosed",
        "Overdue",
        "Not yet due",
    ]
    i18n.set_language("zh_CN")
    assert [s.label for s in DueState] == ["已公开", "待公开", "已逾期", "本期未结束"]


# Every _()/N_() message of the three modules (masking's labels are in masking_kinds) has a
# Chinese translation in rules.po with the same placeholders.
ROOT = Path(__file__).resolve().parent.parent
MODULES = ["rules.py", "masking_kinds.py", "schedule.py"]


def _msgids() -> set[str]:
    out: set[str] = set()
    for name in MODULES:
        tree = ast.parse((ROOT / "board_app" / "domain" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                out.add(node.args[0].value)
    return out


def test_every_message_translated_with_same_placeholders() -> None:
    with (ROOT / "resources" / "translations" / "zh_CN" / "rules.po").open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN")
    table = {m.id: m.string for m in catalog if m.id}
    ids = _msgids()
    assert len(ids) > 30
    placeholder = re.compile(r"\{[^}]*\}")
    for msgid in ids:
        assert table.get(msgid), f"no translation for {msgid!r}"
        assert sorted(placeholder.findall(msgid)) == sorted(placeholder.findall(table[msgid]))
    assert set(table) == ids, f"stale entries: {set(table) - ids}"
