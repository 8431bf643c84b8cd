"""Board selection rules: what is up on a date and why the rest is left off."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from board_app import i18n
from board_app.domain.items import (
    Category,
    Domain,
    Item,
    Organization,
    PublicationType,
    Scope,
    Status,
)
from board_app.domain.rules import (
    BoardSelection,
    Reason,
    immediate_last_day,
    is_up,
    last_day,
    natural_key,
    select_board_items,
)

LT, PER, IMM = PublicationType.LONG_TERM, PublicationType.PERIODIC, PublicationType.IMMEDIATE
D = date(2026, 10, 15)

ORG = Organization(name="第一党支部", display_days=30, id=1)
CAT_RULES = Category("党内制度", Domain.PARTY, LT, display_order=1, id=10)
CAT_FEES = Category("党费收缴", Domain.PARTY, PER, display_order=2, id=20)
CAT_FIN = Category("财务收支", Domain.FINANCE, PER, display_order=3, id=30)
CAT_NOTICE = Category("发展党员公示", Domain.PARTY, IMM, display_order=4, id=40)
CAT_INTERNAL = Category("组织处理", Domain.PARTY, IMM, scope=Scope.PARTY_INTERNAL, id=50)
CAT_SECRET = Category("特定对象", Domain.PARTY, IMM, scope=Scope.RESTRICTED, id=60)
CATS = [CAT_NOTICE, CAT_FIN, CAT_RULES, CAT_FEES, CAT_INTERNAL, CAT_SECRET]


def mk(
    title: str = "item",
    ptype: PublicationType = LT,
    cat: Category | None = CAT_RULES,
    status: Status = Status.PUBLISHED,
    publish: date | None = date(2026, 1, 1),
    **kw,
) -> Item:
    return Item(
        title=title,
        publication_type=ptype,
        category_id=kw.pop("category_id", cat.id if cat else None),
        status=status,
        publish_date=publish,
        **kw,
    )


def select(*items: Item, on: date = D, audience: str = "public", org=ORG) -> BoardSelection:
    return select_board_items(org, CATS, list(items), on, audience)


def outcome(sel: BoardSelection, item: Item) -> Reason | None:
    entry = sel.reason_for(item)
    if entry is None:
        assert any(x is item for x in sel.items)
        return None
    assert not any(x is item for x in sel.items)
    return entry.reason


@pytest.fixture(autouse=True)
def english():
    previous = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


SINGLE_CASES = [
    # (id, item, audience, expected reason or None when shown)
    ("published", mk(), "public", None),
    ("draft", mk(status=Status.DRAFT), "public", Reason.DRAFT),
    ("submitted", mk(status=Status.SUBMITTED), "public", Reason.AWAITING_REVIEW),
    ("reviewed", mk(status=Status.REVIEWED), "public", Reason.AWAITING_REVIEW),
    ("draft-before-restricted", mk(cat=CAT_SECRET, status=Status.DRAFT), "party", Reason.DRAFT),
    ("scheduled", mk(publish=D + timedelta(days=1)), "public", Reason.SCHEDULED),
    ("published-on-D", mk(publish=D), "public", None),
    ("no-publish-date", mk(publish=None), "public", Reason.SCHEDULED),
    ("expired-yesterday", mk(expire_date=D - timedelta(days=1)), "public", Reason.EXPIRED),
    ("expires-on-D", mk(expire_date=D), "public", None),
    ("expires-later", mk(expire_date=D + timedelta(days=9)), "public", None),
    (
        "withdrawn-before-D",
        mk(status=Status.WITHDRAWN, withdrawn_date=D - timedelta(days=1)),
        "public",
        Reason.WITHDRAWN,
    ),
    ("withdrawn-on-D", mk(status=Status.WITHDRAWN, withdrawn_date=D), "public", Reason.WITHDRAWN),
    (
        "withdrawn-after-D-was-up",
        mk(status=Status.WITHDRAWN, withdrawn_date=D + timedelta(days=1)),
        "public",
        None,
    ),
    ("withdrawn-no-date", mk(status=Status.WITHDRAWN), "public", Reason.WITHDRAWN),
    (
        "withdrawn-before-publish-date",
        mk(status=Status.WITHDRAWN, publish=D + timedelta(days=3), withdrawn_date=D + timedelta(5)),
        "public",
        Reason.SCHEDULED,
    ),
    (
        "scope-from-category-internal-public",
        mk(cat=CAT_INTERNAL, ptype=IMM),
        "public",
        Reason.AUDIENCE,
    ),
    (
        "scope-from-category-internal-party",
        mk(cat=CAT_INTERNAL, ptype=IMM, publish=D),
        "party",
        None,
    ),
    ("item-scope-overrides-category", mk(scope=Scope.PARTY_INTERNAL), "public", Reason.AUDIENCE),
    ("item-scope-public-in-internal-cat", mk(cat=CAT_INTERNAL, scope=Scope.PUBLIC), "public", None),
    ("public-item-party-board", mk(), "party", None),
    ("restricted-category-public", mk(cat=CAT_SECRET), "public", Reason.RESTRICTED),
    ("restricted-category-party", mk(cat=CAT_SECRET), "party", Reason.RESTRICTED),
    ("restricted-item", mk(scope=Scope.RESTRICTED), "party", Reason.RESTRICTED),
    ("no-category-public", mk(cat=None), "public", None),
    ("unknown-category-public", mk(category_id=999, cat=None), "public", None),
    (
        "restricted-before-scheduled",
        mk(cat=CAT_SECRET, publish=D + timedelta(1)),
        "party",
        Reason.RESTRICTED,
    ),
    (
        "audience-before-expired",
        mk(scope=Scope.PARTY_INTERNAL, expire_date=date(2026, 2, 1)),
        "public",
        Reason.AUDIENCE,
    ),
    (
        "scheduled-before-withdrawn",
        mk(publish=D + timedelta(1), withdrawn_date=D),
        "public",
        Reason.SCHEDULED,
    ),
    (
        "withdrawn-before-expired",
        mk(withdrawn_date=D - timedelta(1), expire_date=D - timedelta(2)),
        "public",
        Reason.WITHDRAWN,
    ),
]


@pytest.mark.parametrize(
    "item, audience, expected",
    [c[1:] for c in SINGLE_CASES],
    ids=[c[0] for c in SINGLE_CASES],
)
def test_single_item(item: Item, audience: str, expected: Reason | None) -> None:
    sel = select(item, audience=audience)
    assert outcome(sel, item) == expected
    assert len(sel.items) + len(sel.left_off) == 1


# Display days: ORG.display_days = 30, so an immediate item published on P is up on P+30.
P = date(2026, 9, 1)


@pytest.mark.parametrize(
    "on, expected",
    [
        (P - timedelta(days=1), Reason.SCHEDULED),
        (P, None),
        (P + timedelta(days=29), None),
        (P + timedelta(days=30), None),
        (P + timedelta(days=31), Reason.EXPIRED),
    ],
)
def test_display_days_boundary(on: date, expected: Reason | None) -> None:
    item = mk(ptype=IMM, cat=CAT_NOTICE, publish=P)
    assert immediate_last_day(item, ORG) == P + timedelta(days=30)
    assert outcome(select(item, on=on), item) == expected


def test_immediate_expire_date_overrides_display_days() -> None:
    item = mk(ptype=IMM, cat=CAT_NOTICE, publish=P, expire_date=P + timedelta(days=5))
    assert immediate_last_day(item, ORG) == P + timedelta(days=5)
    assert outcome(select(item, on=P + timedelta(days=6)), item) is Reason.EXPIRED


def test_display_days_come_from_the_organization() -> None:
    org = Organization(name="村委会", display_days=7)
    item = mk(ptype=IMM, cat=CAT_NOTICE, publish=P)
    assert immediate_last_day(item, org) == date(2026, 9, 8)
    assert is_up(item, org, date(2026, 9, 8))
    assert not is_up(item, org, date(2026, 9, 9))


def test_last_day_of_other_types() -> None:
    assert last_day(mk(), ORG) is None
    assert immediate_last_day(mk(), ORG) is None
    assert last_day(mk(expire_date=D), ORG) == D
    assert immediate_last_day(mk(ptype=IMM, publish=None), ORG) is None


def per(period: str, publish: date, cat: Category = CAT_FEES, **kw) -> Item:
    return mk(f"{cat.name} {period}", ptype=PER, cat=cat, publish=publish, period=period, **kw)


def test_newest_period_replaces_older() -> None:
    q2 = per("2026-Q2", date(2026, 7, 8))
    q3 = per("2026-Q3", date(2026, 10, 9))
    sel = select(q2, q3)
    assert sel.sections[PER] == [q3]
    entry = sel.reason_for(q2)
    assert entry.reason is Reason.SUPERSEDED and entry.superseded_by is q3
    assert "2026-Q3" in entry.detail


def test_replacement_depends_on_the_date() -> None:
    q2 = per("2026-Q2", date(2026, 7, 8))
    q3 = per("2026-Q3", date(2026, 10, 9))
    sel = select(q2, q3, on=date(2026, 10, 8))  # Q3 not yet published
    assert sel.sections[PER] == [q2]
    assert outcome(sel, q3) is Reason.SCHEDULED


@pytest.mark.parametrize(
    "older, newer",
    [
        ("2026-Q2", "2026-09"),  # month ends after the quarter
        ("2026-Q3", "2026-10"),
        ("2026-08", "2026-Q3"),  # the quarter ends after the month
        ("2026-Q4", "2026"),  # same end: the longer period wins
        ("2026-12", "2026"),
        ("2026-12", "2026-Q4"),
        ("2026-H2", "2026"),
        ("2025", "2026-01"),
        ("2026-H1", "2026-Q3"),
    ],
)
def test_mixed_granularity(older: str, newer: str) -> None:
    old = per(older, date(2026, 1, 2))
    new = per(newer, date(2026, 1, 3))
    for order in ((old, new), (new, old)):
        sel = select(*order, on=date(2027, 3, 1))
        assert sel.sections[PER] == [new]
        assert sel.reason_for(old).reason is Reason.SUPERSEDED


def test_newest_is_by_period_not_publish_date() -> None:
    late_correction_of_q2 = per("2026-Q2", date(2026, 10, 12))
    q3 = per("2026-Q3", date(2026, 10, 9))
    sel = select(late_correction_of_q2, q3)
    assert sel.sections[PER] == [q3]


def test_expired_new_period_still_replaces() -> None:
    q2 = per("2026-Q2", date(2026, 7, 8))
    q3 = per("2026-Q3", date(2026, 10, 9), expire_date=date(2026, 10, 12))
    sel = select(q2, q3)
    assert sel.sections[PER] == []
    assert outcome(sel, q3) is Reason.EXPIRED
    assert outcome(sel, q2) is Reason.SUPERSEDED


def test_older_period_with_expire_date_stays_until_then() -> None:
    q2 = per("2026-Q2", date(2026, 7, 8), expire_date=D)
    q3 = per("2026-Q3", date(2026, 10, 9))
    assert select(q2, q3).sections[PER] == [q3, q2]  # newest first
    sel = select(q2, q3, on=D + timedelta(days=1))
    assert sel.sections[PER] == [q3]
    assert outcome(sel, q2) is Reason.EXPIRED


def test_withdrawn_new_period_does_not_replace() -> None:
    q2 = per("2026-Q2", date(2026, 7, 8))
    q3 = per("2026-Q3", date(2026, 10, 9), status=Status.WITHDRAWN, withdrawn_date=D)
    sel = select(q2, q3)
    assert sel.sections[PER] == [q2]
    assert outcome(sel, q3) is Reason.WITHDRAWN


def test_same_period_items_all_shown() -> None:
    a = per("2026-Q3", date(2026, 10, 9), number="DW-2026-009")
    b = per("2026-Q3", date(2026, 10, 9), number="DW-2026-010")
    old = per("2026-Q2", date(2026, 7, 8))
    sel = select(a, old, b)
    assert sel.sections[PER] == [b, a]
    assert sel.reason_for(old).superseded_by in (a, b)


def test_replacement_is_per_category() -> None:
    fees = per("2026-Q2", date(2026, 7, 8), cat=CAT_FEES)
    fin = per("2026-Q3", date(2026, 10, 9), cat=CAT_FIN)
    assert select(fees, fin).sections[PER] == [fees, fin]


def test_hidden_newer_period_does_not_replace_for_public_board() -> None:
    q2 = per("2026-Q2", date(2026, 7, 8))
    q3 = per("2026-Q3", date(2026, 10, 9), scope=Scope.PARTY_INTERNAL)
    assert select(q2, q3).sections[PER] == [q2]
    sel = select(q2, q3, audience="party")
    assert sel.sections[PER] == [q3]
    assert outcome(sel, q2) is Reason.SUPERSEDED


def test_periodic_without_period_or_category_is_not_replaced() -> None:
    no_period = per("2026-Q1", date(2026, 4, 1))
    no_period.period = None
    bad = per("Q1 2026", date(2026, 4, 1))
    loose = per("2026-Q1", date(2026, 4, 1))
    loose.category_id = None
    newest = per("2026-Q3", date(2026, 10, 9))
    sel = select(no_period, bad, loose, newest)
    assert len(sel.sections[PER]) == 4


def test_past_board_shows_what_was_up_then() -> None:
    q2 = per("2026-Q2", date(2026, 7, 8))
    q3 = per(
        "2026-Q3", date(2026, 10, 9), status=Status.WITHDRAWN, withdrawn_date=date(2026, 11, 1)
    )
    notice = mk(
        ptype=IMM,
        cat=CAT_NOTICE,
        publish=date(2026, 8, 1),
        status=Status.WITHDRAWN,
        withdrawn_date=date(2026, 8, 10),
    )
    assert select(q2, q3, notice, on=date(2026, 8, 5)).items == [q2, notice]
    assert select(q2, q3, notice, on=date(2026, 10, 20)).items == [q3]
    assert select(q2, q3, notice, on=date(2026, 11, 1)).items == [q2]


def test_sections_and_order() -> None:
    notice_old = mk("n1", IMM, CAT_NOTICE, publish=date(2026, 10, 1), number="FZ-2")
    notice_new = mk("n2", IMM, CAT_NOTICE, publish=date(2026, 10, 10), number="FZ-1")
    notice_same_day_9 = mk("n3", IMM, CAT_NOTICE, publish=date(2026, 10, 1), number="FZ-9")
    notice_same_day_10 = mk("n4", IMM, CAT_NOTICE, publish=date(2026, 10, 1), number="FZ-10")
    internal = mk("i", IMM, CAT_INTERNAL, publish=date(2026, 10, 12))  # display_order 0
    loose = mk("loose", IMM, None, publish=date(2026, 10, 14))
    rules_a = mk("r1", LT, CAT_RULES, publish=date(2024, 1, 1))
    rules_b = mk("r2", LT, CAT_RULES, publish=date(2025, 1, 1))
    fin = per("2026-09", date(2026, 10, 5), cat=CAT_FIN)
    fees = per("2026-Q3", date(2026, 10, 3), cat=CAT_FEES)
    everything = [
        notice_old,
        loose,
        fin,
        rules_a,
        internal,
        notice_same_day_9,
        fees,
        notice_new,
        rules_b,
        notice_same_day_10,
    ]
    sel = select(*everything, audience="party")
    assert list(sel.sections) == [LT, PER, IMM]
    assert sel.sections[LT] == [rules_b, rules_a]
    assert sel.sections[PER] == [fees, fin]  # category display_order 2 before 3
    assert sel.sections[IMM] == [
        internal,
        notice_new,
        notice_same_day_10,
        notice_same_day_9,
        notice_old,
        loose,
    ]
    assert sel.left_off == []
    assert sel.items == sel.sections[LT] + sel.sections[PER] + sel.sections[IMM]


def test_catalogue_order_ties_on_display_order_use_id() -> None:
    cat_b = Category("b", Domain.VILLAGE, LT, display_order=5, id=2)
    cat_a = Category("a", Domain.VILLAGE, LT, display_order=5, id=1)
    x = mk("x", cat=cat_b, publish=date(2026, 5, 1))
    y = mk("y", cat=cat_a, publish=date(2026, 1, 1))
    sel = select_board_items(ORG, [cat_b, cat_a], [x, y], D, "public")
    assert sel.sections[LT] == [y, x]


def test_empty_board_has_all_sections() -> None:
    sel = select()
    assert sel.sections == {LT: [], PER: [], IMM: []}
    assert list(sel.sections) == [LT, PER, IMM]


def test_left_off_keeps_input_order_and_reports_everything() -> None:
    items = [mk(status=Status.DRAFT), mk(), mk(cat=CAT_SECRET), mk(publish=D + timedelta(1))]
    sel = select(*items)
    assert [e.item for e in sel.left_off] == [items[0], items[2], items[3]]
    assert sel.items == [items[1]]


def test_unknown_audience_rejected() -> None:
    with pytest.raises(ValueError):
        select(mk(), audience="everyone")


def test_details_are_translated() -> None:
    item = mk(status=Status.WITHDRAWN, withdrawn_date=date(2026, 10, 1), withdrawn_reason="有误")
    entry = select(item).left_off[0]
    assert entry.detail == "Taken down on 2026-10-01: 有误"
    assert entry.reason.label == "Taken down"
    i18n.set_language("zh_CN")
    entry = select(item).left_off[0]
    assert entry.detail == "已于2026-10-01撤下：有误"
    assert entry.reason.label == "已撤下"


def test_every_reason_has_a_chinese_label() -> None:
    for reason in Reason:
        assert reason.label  # English
        assert i18n.translate_to("zh_CN", reason.label) != reason.label


def test_natural_key() -> None:
    numbers = ["DW-2026-10", "DW-2026-9", None, "DW-2025-100"]
    assert sorted(numbers, key=natural_key, reverse=True) == [
        "DW-2026-10",
        "DW-2026-9",
        "DW-2025-100",
        None,
    ]
