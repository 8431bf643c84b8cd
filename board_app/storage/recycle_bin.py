"""The recycle bin of deleted drafts: a full copy of the item (ledger and images included).

Table ``deleted_item`` is created by schema step 3 (``migrations_recycle``). Deleting puts the
item's copy here and removes the item; restoring puts it back, under its old id when that id
is still free (so its audit trail stays attached), and removes the copy.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

import peewee as pw

from board_app.domain.ids import stored_id
from board_app.domain.items import (
    Domain,
    Item,
    ItemImage,
    LedgerRow,
    PublicationType,
    Retention,
    Scope,
    Status,
)
from board_app.errors import NotFoundError
from board_app.i18n import _
from board_app.storage.models import BaseModel, CategoryRow, ItemRow, OrganizationRow
from board_app.storage.repository import Repository
from board_app.storage.rows import naive_utc


class DeletedItemRow(BaseModel):
    """One deleted draft (DDL frozen in ``migrations_recycle``)."""

    id = pw.AutoField()
    organization = pw.ForeignKeyField(OrganizationRow, on_delete="CASCADE")
    organization_id: int  # the foreign key's column, set by peewee
    item_id = pw.IntegerField()
    title = pw.TextField()
    status = pw.CharField()
    deleted_at = pw.DateTimeField(index=True)
    operator = pw.CharField(default="")
    payload = pw.TextField()

    class Meta:
        table_name = "deleted_item"


@dataclass
class DeletedItem:
    """An entry of the recycle bin as listed (the item itself via ``RecycleBinStore.item``)."""

    id: int
    organization_id: int
    item_id: int
    title: str
    status: Status
    deleted_at: datetime
    operator: str


def item_to_json(item: Item) -> str:
    """Every field of an item as JSON text (dates ISO, money as text, images base64)."""
    data = {
        "title": item.title,
        "publication_type": item.publication_type.value,
        "organization_id": item.organization_id,
        "category_id": item.category_id,
        "domain": item.domain.value if item.domain else None,
        "body": item.body,
        "scope": item.scope.value if item.scope else None,
        "period": item.period,
        "publish_date": _iso(item.publish_date),
        "expire_date": _iso(item.expire_date),
        "responsible": item.responsible,
        "reviewer": item.reviewer,
        "review_date": _iso(item.review_date),
        "review_opinion": item.review_opinion,
        "retention": item.retention.value if item.retention else None,
        "status": item.status.value,
        "number": item.number,
        "withdrawn_date": _iso(item.withdrawn_date),
        "withdrawn_reason": item.withdrawn_reason,
        "replaces_id": item.replaces_id,
        "opening_balance": str(item.opening_balance) if item.opening_balance is not None else None,
        "created_at": item.created_at.isoformat() if item.created_at else None,
        "id": item.id,
        "ledger": [
            [_iso(r.date), r.voucher, r.summary, str(r.income), str(r.expense)] for r in item.ledger
        ],
        "images": [
            {
                "data": base64.b64encode(i.data).decode("ascii"),
                "caption": i.caption,
                "media_type": i.media_type,
                "width": i.width,
                "height": i.height,
            }
            for i in item.images
        ],
    }
    return json.dumps(data, ensure_ascii=False)


def item_from_json(text: str) -> Item:
    """The item written by ``item_to_json``."""
    d = json.loads(text)
    return Item(
        title=d["title"],
        publication_type=PublicationType(d["publication_type"]),
        organization_id=d["organization_id"],
        category_id=d["category_id"],
        domain=Domain(d["domain"]) if d["domain"] else None,
        body=d["body"],
        scope=Scope(d["scope"]) if d["scope"] else None,
        period=d["period"],
        publish_date=_date(d["publish_date"]),
        expire_date=_date(d["expire_date"]),
        responsible=d["responsible"],
        reviewer=d["reviewer"],
        review_date=_date(d["review_date"]),
        review_opinion=d["review_opinion"],
        retention=Retention(d["retention"]) if d["retention"] else None,
        status=Status(d["status"]),
        number=d["number"],
        withdrawn_date=_date(d["withdrawn_date"]),
        withdrawn_reason=d["withdrawn_reason"],
        replaces_id=d["replaces_id"],
        opening_balance=Decimal(d["opening_balance"]) if d["opening_balance"] else None,
        ledger=[
            LedgerRow(_date(r[0]), r[1], r[2], Decimal(r[3]), Decimal(r[4])) for r in d["ledger"]
        ],
        images=[
            ItemImage(
                data=base64.b64decode(i["data"]),
                caption=i["caption"],
                media_type=i["media_type"],
                width=i["width"],
                height=i["height"],
            )
            for i in d["images"]
        ],
        created_at=datetime.fromisoformat(d["created_at"]) if d["created_at"] else None,
        id=d["id"],
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _entry(row: DeletedItemRow) -> DeletedItem:
    at = row.deleted_at
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return DeletedItem(
        id=row.id,
        organization_id=row.organization_id,
        item_id=row.item_id,
        title=row.title,
        status=Status(row.status),
        deleted_at=at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at,
        operator=row.operator,
    )


class RecycleBinStore:
    """Moves items into the bin and back, in the repository's database (caller's transaction)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def put(self, item_id: int, *, now: datetime, operator: str) -> DeletedItem:
        """Copy the item into the bin and delete it; returns the bin entry."""
        item = self.repo.get_item(item_id)
        with self.repo.database.bound(), self.repo.db.atomic():
            row = DeletedItemRow.create(
                organization=item.organization_id,
                item_id=item_id,
                title=item.title,
                status=item.status.value,
                deleted_at=naive_utc(now),
                operator=operator,
                payload=item_to_json(item),
            )
            ItemRow.update(replaces=None).where(ItemRow.replaces == item_id).execute()
            ItemRow.delete().where(ItemRow.id == item_id).execute()
            return _entry(row)

    def entries(
        self, org_id: int | None = None, *, since: datetime | None = None
    ) -> list[DeletedItem]:
        """Entries, newest first; of one organization, deleted at or after ``since``."""
        with self.repo.database.bound():
            query = DeletedItemRow.select(
                DeletedItemRow.id,
                DeletedItemRow.organization,
                DeletedItemRow.item_id,
                DeletedItemRow.title,
                DeletedItemRow.status,
                DeletedItemRow.deleted_at,
                DeletedItemRow.operator,
            )
            if org_id is not None:
                query = query.where(DeletedItemRow.organization == org_id)
            if since is not None:
                query = query.where(DeletedItemRow.deleted_at >= naive_utc(since))
            return [_entry(r) for r in query.order_by(DeletedItemRow.deleted_at.desc())]

    def entry(self, entry_id: int) -> tuple[DeletedItem, Item]:
        """An entry and the item it holds; NotFoundError when it is gone."""
        with self.repo.database.bound():
            row = DeletedItemRow.get_or_none(DeletedItemRow.id == entry_id)
            if row is None:
                raise NotFoundError(_("This deleted item is no longer in the recycle bin."))
            return _entry(row), item_from_json(row.payload)

    def take_back(self, entry_id: int, *, now: datetime) -> Item:
        """Put the item back (its old id when free) and remove the entry; the item restored."""
        item = self.entry(entry_id)[1]
        with self.repo.database.bound(), self.repo.db.atomic():
            if item.category_id is not None and not CategoryRow.get_or_none(
                CategoryRow.id == item.category_id
            ):
                item.category_id = None
            if item.replaces_id is not None and not ItemRow.get_or_none(
                ItemRow.id == item.replaces_id
            ):
                item.replaces_id = None
            created = item.created_at
            old_id = item.id
            item.id = None
            if old_id is not None and ItemRow.get_or_none(ItemRow.id == old_id) is None:
                stamp = naive_utc(now)
                ItemRow.insert(
                    id=old_id,
                    organization=item.organization_id,
                    title=item.title,
                    publication_type=item.publication_type.value,
                    created_at=stamp,
                    updated_at=stamp,
                    version=1,
                ).execute()
                item.id, item.version = old_id, 1  # the placeholder row just written
            self.repo.save_item(item, now=now)
            if created is not None:
                ItemRow.update(created_at=naive_utc(created)).where(ItemRow.id == item.id).execute()
            DeletedItemRow.delete().where(DeletedItemRow.id == entry_id).execute()
        return self.repo.get_item(stored_id(item.id))

    def purge(self, before: datetime) -> int:
        """Remove entries deleted before ``before``; how many were removed."""
        with self.repo.database.bound():
            return (
                DeletedItemRow.delete()
                .where(DeletedItemRow.deleted_at < naive_utc(before))
                .execute()
            )
