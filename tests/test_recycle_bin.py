"""The recycle bin: a deleted draft comes back whole within 30 days, with audit entries."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from support import category_id

from board_app.domain.items import Item, ItemImage, LedgerRow, PublicationType, Status
from board_app.errors import NotFoundError, ValidationError

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)


def draft(services, org) -> Item:
    return services.items.save(
        Item(
            title="2026年第四季度党费收缴 王𠮷",
            publication_type=PublicationType.PERIODIC,
            organization_id=org.id,
            category_id=category_id(services, org, "党费收缴使用"),
            period="2026-Q4",
            body="正文䶮堃喆，全角标点：！",
            responsible="王𠮷",
            opening_balance=Decimal("1200.50"),
            ledger=[LedgerRow(date(2026, 10, 3), "记-1", "收党费", Decimal("310.00"))],
            images=[ItemImage(data=b"\x89PNG fake", caption="收据", media_type="image/png")],
        )
    )


def test_delete_then_restore_brings_back_everything(services, party_org):
    services.ctx.clock = lambda: T0
    item = draft(services, party_org)
    services.items.submit(item.id)
    services.items.delete_draft(item.id)
    with pytest.raises(NotFoundError) as exc:
        services.items.get(item.id)
    assert "SELECT" not in str(exc.value)
    entries = services.recycle_bin.entries(party_org.id)
    assert [e.title for e in entries] == [item.title]
    assert services.recycle_bin.days_left(entries[0]) == 30
    services.ctx.clock = lambda: T0 + timedelta(days=29)
    restored = services.recycle_bin.restore(entries[0].id)
    assert restored.id == item.id  # same id: the history stays attached
    assert restored.status is Status.SUBMITTED
    assert restored.title == item.title and restored.body == item.body
    assert restored.ledger == item.ledger and restored.opening_balance == Decimal("1200.50")
    assert restored.images[0].data == b"\x89PNG fake" and restored.images[0].caption == "收据"
    assert services.recycle_bin.entries(party_org.id) == []
    actions = [e.action for e in services.items.history(item.id)]
    assert "item.delete" in actions and "item.restore" in actions
    assert item.id in [i.id for i in services.items.all_for(party_org.id)]  # listed again


def test_entries_expire_after_30_days(services, party_org):
    services.ctx.clock = lambda: T0
    item = draft(services, party_org)
    services.items.delete_draft(item.id)
    entry = services.recycle_bin.entries()[0]
    services.ctx.clock = lambda: T0 + timedelta(days=29, hours=12)
    assert services.recycle_bin.days_left(services.recycle_bin.entries()[0]) == 1
    services.ctx.clock = lambda: T0 + timedelta(days=30, seconds=1)
    with pytest.raises(ValidationError, match="30"):
        services.recycle_bin.restore(entry.id)
    assert services.recycle_bin.entries() == []  # purged when listed
    with pytest.raises(NotFoundError):
        services.recycle_bin.restore(entry.id)


def test_published_items_are_not_deleted(services, party_org):
    from support import publish_item

    item = publish_item(services, draft(services, party_org), date(2026, 12, 1))
    with pytest.raises(ValidationError):
        services.items.delete_draft(item.id)
    assert services.recycle_bin.entries() == []


def test_restore_under_a_new_id_when_the_old_one_is_taken(services, party_org):
    services.ctx.clock = lambda: T0
    item = draft(services, party_org)
    services.items.delete_draft(item.id)
    other = draft(services, party_org)  # SQLite may give the freed id again
    entry = services.recycle_bin.entries()[0]
    restored = services.recycle_bin.restore(entry.id)
    assert restored.title == item.title
    if other.id == item.id:
        assert restored.id != item.id
