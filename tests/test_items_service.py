"""Item workflow through the service layer on a real temporary database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from support import category_id, party_dues_item, publish_item

from board_app.domain.items import Item, LedgerRow, Scope, Status
from board_app.domain.queries import ItemFilter, SortKey
from board_app.errors import ValidationError
from board_app.services.conflicts import EditConflictError

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines


def periodic(services, org, **kw) -> Item:
    return party_dues_item(services, org, **kw)


def test_new_item_takes_category_defaults(services, party_org):
    item = services.items.save(periodic(services, party_org))
    assert item.status is Status.DRAFT
    assert item.scope is Scope.PARTY_INTERNAL  # the category's default
    assert item.domain.value == "party"
    assert item.retention.value == "永久"


def test_full_workflow_numbers_and_audit(services, party_org):
    item = services.items.save(periodic(services, party_org))
    services.items.submit(item.id)
    reviewed = services.items.approve(
        item.id, reviewer="周建堃", on=date(2026, 10, 8), opinion="同意公开"
    )
    assert reviewed.status is Status.REVIEWED and reviewed.review_date == date(2026, 10, 8)
    published = services.items.publish(item.id, on=date(2026, 10, 9))
    assert published.status is Status.PUBLISHED
    assert published.number == "2026-001"
    assert published.publish_date == date(2026, 10, 9)
    second = publish_item(
        services, periodic(services, party_org, period="2026-Q2", title="二季度"), date(2026, 7, 9)
    )
    assert second.number == "2026-002"
    actions = [e.action for e in services.items.history(item.id)]
    assert actions == ["item.create", "item.submit", "item.approve", "item.publish"]
    entry = services.items.history(item.id)[-1]
    assert entry.operator == "测试员"
    assert entry.changes["status"] == ("reviewed", "published")


def test_preset_publish_date_is_kept(services, party_org):
    item = publish_item(
        services, periodic(services, party_org, publish_date=date(2026, 12, 1)), date(2026, 11, 20)
    )
    assert item.publish_date == date(2026, 12, 1)
    assert item.number == "2026-001"


def test_editing_submitted_item_returns_to_draft(services, party_org):
    item = services.items.save(periodic(services, party_org))
    services.items.submit(item.id)
    item = services.items.get(item.id)
    item.body = "改过的正文"
    saved = services.items.save(item)
    assert saved.status is Status.DRAFT


def test_published_item_cannot_be_edited_only_revised(services, party_org):
    item = publish_item(services, periodic(services, party_org), date(2026, 10, 9))
    item.body = "change"
    with pytest.raises(ValidationError):
        services.items.save(item)
    draft = services.items.revise(item.id)
    assert draft.status is Status.DRAFT and draft.replaces_id == item.id
    draft.body = "更正后的正文"
    services.items.save(draft)
    services.items.submit(draft.id)
    services.items.approve(draft.id, reviewer="周", on=date(2026, 10, 20))
    new = services.items.publish(draft.id, on=date(2026, 10, 21))
    old = services.items.get(item.id)
    assert old.status is Status.WITHDRAWN
    assert old.withdrawn_reason == f"由 {new.number} 修订替代"
    chain = services.items.revision_chain(item.id)
    assert [i.id for i in chain] == [item.id, new.id]
    assert [i.id for i in services.items.revision_chain(new.id)] == [item.id, new.id]


def test_send_back_and_withdraw_need_reasons(services, party_org):
    item = services.items.save(periodic(services, party_org))
    services.items.submit(item.id)
    with pytest.raises(ValidationError):
        services.items.send_back(item.id, reason=" ")
    back = services.items.send_back(item.id, reason="账目需核对")
    assert back.status is Status.DRAFT and back.review_opinion == "账目需核对"
    pub = publish_item(services, services.items.get(item.id), date(2026, 10, 9))
    with pytest.raises(ValidationError):
        services.items.withdraw(pub.id, on=date(2026, 10, 10), reason="")
    with pytest.raises(ValidationError):
        services.items.withdraw(pub.id, on=date(2026, 10, 1), reason="早于公开日")
    done = services.items.withdraw(pub.id, on=date(2026, 10, 10), reason="内容有误")
    assert done.status is Status.WITHDRAWN and done.withdrawn_date == date(2026, 10, 10)


def test_wrong_transition_is_refused(services, party_org):
    item = services.items.save(periodic(services, party_org))
    with pytest.raises(ValidationError):
        services.items.publish(item.id)
    with pytest.raises(ValidationError):
        services.items.approve(item.id, reviewer="x", on=date(2026, 1, 1))


def test_validation_messages_name_fields(services, party_org):
    bad = periodic(services, party_org, period=None, title="")
    bad.expire_date, bad.publish_date = date(2026, 1, 1), date(2026, 2, 1)
    bad.ledger = [LedgerRow(date=None, income=Decimal("1.00"), expense=Decimal("2.00"))]
    problems = {p.field for p in services.items.validate(bad)}
    assert {"title", "period", "expire_date", "ledger row 1"} <= {
        f.replace("账目第 1 行", "ledger row 1") for f in problems
    } or {"title", "period", "expire_date"} <= problems
    with pytest.raises(ValidationError) as info:
        services.items.save(bad)
    assert info.value.problems


def test_cadence_mismatch_is_a_warning(services, party_org):
    item = services.items.save(periodic(services, party_org, period="2026-09"))
    warnings = [p for p in services.items.validate(item) if p.warning]
    assert warnings and warnings[0].field == "period"


def test_copy_to_next_period_carries_balance(services, party_org):
    item = periodic(services, party_org, opening_balance=Decimal("100.00"))
    item.ledger = [
        LedgerRow(date=date(2026, 7, 5), summary="收缴", income=Decimal("412.00")),
        LedgerRow(date=date(2026, 9, 20), summary="上缴", expense=Decimal("300.50")),
    ]
    pub = publish_item(services, item, date(2026, 10, 9))
    nxt = services.items.copy_to_next_period(pub.id)
    assert nxt.period == "2026-Q4"
    assert nxt.title == "2026年第四季度党费收缴使用情况"
    assert nxt.ledger == [] and nxt.opening_balance == Decimal("211.50")
    assert nxt.status is Status.DRAFT and nxt.number is None


def test_paged_sorted_search(services, party_org):
    for n in range(30):
        services.items.save(
            periodic(services, party_org, title=f"第{n:02d}号 党费通知 堃", period=f"20{10 + n}-Q1")
        )
    flt = ItemFilter(organization_id=party_org.id)
    assert services.items.count(flt) == 30
    page = services.items.page(flt, sort=SortKey.TITLE, descending=False, offset=10, limit=5)
    assert [r.title[:3] for r in page] == ["第10", "第11", "第12", "第13", "第14"]
    assert services.items.count(ItemFilter(text="党费通知")) == 30
    assert services.items.count(ItemFilter(text="07号")) == 1
    assert services.items.count(ItemFilter(text="堃")) == 30  # one character: titles
    assert services.items.count(ItemFilter(text="应缴党费")) == 30  # body via FTS
    assert services.items.count(ItemFilter(text="不存在的词")) == 0


def test_money_and_rare_characters_survive(services, party_org):
    name = "王𠮷 郑䶮 吴喆 周建堃 “全角”，标点。"
    item = periodic(
        services, party_org, title=name, body=name * 200, opening_balance=Decimal("0.10")
    )
    item.ledger = [LedgerRow(date=date(2026, 7, 1), summary=name, income=Decimal("0.20"))]
    saved = services.items.save(item)
    back = services.items.get(saved.id)
    assert back.title == name and back.body == name * 200
    assert back.ledger[0].income == Decimal("0.20") and isinstance(back.ledger[0].income, Decimal)
    assert back.opening_balance + back.ledger[0].income == Decimal("0.30")


def test_suggested_period_skips_reported_ones(services, party_org):
    cat = category_id(services, party_org, "党费收缴使用")  # quarterly
    assert services.items.suggest_period(cat, date(2026, 11, 20)) == "2026-Q3"
    publish_item(services, periodic(services, party_org), date(2026, 10, 9))  # 2026-Q3
    assert services.items.suggest_period(cat, date(2026, 11, 20)) == "2026-Q4"
    assert services.items.suggest_period(cat, date(2027, 1, 5)) == "2026-Q4"
    as_needed = category_id(services, party_org, "发展党员")
    assert services.items.suggest_period(as_needed, date(2026, 11, 20)) is None


def test_suggested_reviewer_is_the_last_one(services, party_org):
    assert services.items.suggest_reviewer(party_org.id) == ""
    publish_item(services, periodic(services, party_org), date(2026, 10, 9))
    assert services.items.suggest_reviewer(party_org.id) == "村务监督委员会"


def test_saving_a_stale_copy_cannot_change_the_workflow(services, party_org):
    item = services.items.save(periodic(services, party_org))
    services.items.submit(item.id)
    stale = services.items.approve(item.id, reviewer="周", on=date(2026, 10, 8))
    services.items.send_back(item.id, reason="需补充")
    stale.body = "改了正文"
    with pytest.raises(EditConflictError):  # a copy taken while it was "reviewed"
        services.items.save(stale)
    assert services.items.get(item.id).body != "改了正文"
    forged = services.items.get(item.id)
    forged.status, forged.number, forged.body = Status.PUBLISHED, "2026-099", "再改"
    saved = services.items.save(forged)
    assert saved.status is Status.DRAFT and saved.number is None


def test_a_scheduled_item_can_be_withdrawn_before_it_goes_up(services, party_org):
    from board_app.domain.rules import Reason, select_board_items

    item = periodic(services, party_org, publish_date=date(2026, 12, 1))
    item = publish_item(services, item, date(2026, 11, 20))  # today is 2026-11-20
    done = services.items.withdraw(item.id, on=date(2026, 11, 20), reason="取消发布")
    assert done.status is Status.WITHDRAWN and done.withdrawn_date == date(2026, 11, 20)
    board = select_board_items(
        party_org, services.orgs.categories(party_org.id), [done], date(2026, 12, 5), "party"
    )
    assert board.reason_for(done).reason is Reason.WITHDRAWN
    up = publish_item(services, periodic(services, party_org, period="2026-Q2"), date(2026, 7, 9))
    with pytest.raises(ValidationError):  # already up: not before its publish date
        services.items.withdraw(up.id, on=date(2026, 7, 1), reason="x")
