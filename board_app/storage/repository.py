"""Rows <-> domain objects. The only API the services use to read and write the database.

The repository is split by subject: catalogue (organizations, categories), listing (queries
for tables and the calendar), and here items with their ledgers and images, meta and audit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import cast

import peewee as pw

from board_app.domain.ids import stored_id
from board_app.domain.items import (
    AuditEntry,
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
from board_app.storage import dialect, numbering
from board_app.storage.db import OpenDatabase
from board_app.storage.dialect import upsert
from board_app.storage.models import (
    AuditRow,
    ImageRow,
    ItemRow,
    LedgerRowRow,
    Meta,
)
from board_app.storage.pg_refusals import refusals_explained
from board_app.storage.repo_catalogue import CatalogueRows
from board_app.storage.repo_listing import ItemListing
from board_app.storage.rows import bound_methods, jsonable, naive_utc, opt, tuples, utc
from board_app.storage.versions import update_if_version


@bound_methods
class Repository(CatalogueRows, ItemListing):
    """Reads and writes domain objects; every public write runs in a transaction."""

    def __init__(self, database: OpenDatabase) -> None:
        self.database = database
        self.db = database.db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (nested calls join the outer one as savepoints)."""
        with self.database.bound(), refusals_explained(), self.db.atomic():
            yield

    # ----- meta -----------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = Meta.get_or_none(Meta.key == key)
        return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        upsert(Meta, {"key": key, "value": value}, ["key"])

    # ----- items ----------------------------------------------------------------------------
    def _item(self, row: ItemRow, *, full: bool = True) -> Item:
        item = Item(
            id=row.id,
            organization_id=row.organization_id,
            category_id=row.category_id,
            domain=opt(Domain, row.domain),
            title=row.title,
            body=row.body,
            publication_type=PublicationType(row.publication_type),
            scope=opt(Scope, row.scope),
            period=row.period,
            publish_date=row.publish_date,
            expire_date=row.expire_date,
            responsible=row.responsible,
            reviewer=row.reviewer,
            review_date=row.review_date,
            review_opinion=row.review_opinion,
            retention=opt(Retention, row.retention),
            status=Status(row.status),
            number=row.number,
            withdrawn_date=row.withdrawn_date,
            withdrawn_reason=row.withdrawn_reason,
            replaces_id=row.replaces_id,
            opening_balance=(
                Decimal(row.opening_balance).quantize(Decimal("0.01"))
                if row.opening_balance is not None
                else None
            ),
            created_at=utc(row.created_at),
            updated_at=utc(row.updated_at),
            version=row.version,
        )
        if full:
            self._fill_details([item])
        return item

    def get_item(self, item_id: int) -> Item:
        """The item; NotFoundError (a sentence, no SQL) when it was deleted or never existed."""
        row = ItemRow.get_or_none(ItemRow.id == item_id)
        if row is None:
            raise NotFoundError(_("The item no longer exists (it may have been deleted)."))
        return self._item(row)

    def find_item_by_number(self, org_id: int, number: str) -> Item | None:
        row = ItemRow.get_or_none((ItemRow.organization == org_id) & (ItemRow.number == number))
        return self._item(row) if row else None

    def list_items(
        self, org_id: int, *, year: int | None = None, details: bool = True
    ) -> list[Item]:
        """Every item of an organization, oldest first.

        With ``details`` the ledger rows and images are loaded too (in two queries for all
        items); without, they are left empty: enough for board rules and the calendar.
        """
        query = ItemRow.select().where(ItemRow.organization == org_id)
        if year is not None:
            query = query.where(
                (ItemRow.publish_date >= date(year, 1, 1))
                & (ItemRow.publish_date <= date(year, 12, 31))
            )
        # Plain tuples, not model objects: several times faster for a large organization.
        fields = [f for f in ItemRow._meta.sorted_fields]
        names = [f"{f.name}_id" if isinstance(f, pw.ForeignKeyField) else f.name for f in fields]
        rows = tuples(
            query.select(*fields).order_by(ItemRow.publish_date.asc(nulls="FIRST"), ItemRow.id)
        )
        # _item only reads attributes: a namespace with the row's attribute names stands in for
        # the model object.
        items = [
            self._item(
                cast(ItemRow, SimpleNamespace(**dict(zip(names, values, strict=True)))), full=False
            )
            for values in rows
        ]
        if details:
            self._fill_details(items)
        return items

    def item_table(
        self, org_id: int, publication_type: str | None = None, status: str | None = None
    ) -> Iterator[
        tuple[int, str | None, str, str, str | None, str | None, str | None, str | None, str]
    ]:
        """Rows for a printed list, oldest first, as plain tuples (dates as ISO text):
        id, number, type, status, period, publish date, expire date, category, title.
        One query, no row objects: fast enough for 100,000 items."""
        dates = (
            "CAST(i.publish_date AS TEXT), CAST(i.expire_date AS TEXT)"
            if dialect.is_postgres(self.db)
            else "i.publish_date, i.expire_date"
        )
        sql = (
            "SELECT i.id, i.number, i.publication_type, i.status, i.period, "
            f"{dates}, c.name, i.title FROM item AS i "
            "LEFT JOIN category AS c ON c.id = i.category_id WHERE i.organization_id = ?"
        )
        params: list[object] = [org_id]
        if publication_type:
            sql += " AND i.publication_type = ?"
            params.append(publication_type)
        if status:
            sql += " AND i.status = ?"
            params.append(status)
        sql += " ORDER BY i.publish_date IS NULL, i.publish_date, i.id"
        cursor = self.db.execute_sql(dialect.sql(self.db, sql), params)
        while rows := cursor.fetchmany(2000):
            yield from rows

    def numbers_by_id(self, org_id: int) -> dict[int, str | None]:
        """公开编号 of every item of an organization, by item id."""
        query = ItemRow.select(ItemRow.id, ItemRow.number).where(ItemRow.organization == org_id)
        rows = cast("Iterable[tuple[int, str | None]]", query.tuples())
        return dict(rows)

    def load_details(self, items: list[Item]) -> list[Item]:
        """Fill in the ledger rows and images of items listed without details."""
        self._fill_details(items)
        return items

    def _fill_details(self, items: list[Item]) -> None:
        by_id = {item.id: item for item in items if item.id is not None}
        for item in by_id.values():
            item.ledger, item.images = [], []
        ids = list(by_id)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            ledger_rows = tuples(
                LedgerRowRow.select(
                    LedgerRowRow.item,
                    LedgerRowRow.date,
                    LedgerRowRow.voucher,
                    LedgerRowRow.summary,
                    LedgerRowRow.income,
                    LedgerRowRow.expense,
                )
                .where(LedgerRowRow.item.in_(chunk))
                .order_by(LedgerRowRow.item, LedgerRowRow.position)
            )
            for item_id, day, voucher, summary, income, expense in ledger_rows:
                by_id[item_id].ledger.append(
                    LedgerRow(
                        date=day,
                        voucher=voucher,
                        summary=summary,
                        income=Decimal(income).quantize(Decimal("0.01")),
                        expense=Decimal(expense).quantize(Decimal("0.01")),
                    )
                )
            for img in (
                ImageRow.select()
                .where(ImageRow.item.in_(chunk))
                .order_by(ImageRow.item, ImageRow.position)
            ):
                by_id[img.item_id].images.append(
                    ItemImage(
                        id=img.id,
                        data=bytes(img.data),
                        caption=img.caption,
                        media_type=img.media_type,
                        width=img.width,
                        height=img.height,
                    )
                )

    def insert_new_items(
        self, items: list[Item], audits: list[AuditEntry], *, now: datetime
    ) -> None:
        """Insert many new items (with ledgers and images) and their audit entries at once.

        For imports: one prepared statement per table instead of a query built per row. Sets
        ``id``, ``created_at`` and ``updated_at`` on each item; ``audits[k]`` belongs to
        ``items[k]`` (its item id is filled in)."""
        stamp = naive_utc(now)
        item_fields = [f for f in ItemRow._meta.sorted_fields if f.name != "id"]
        row_fields = [f for f in LedgerRowRow._meta.sorted_fields if f.name != "id"]
        audit_fields = [f for f in AuditRow._meta.sorted_fields if f.name != "id"]

        def insert_sql(model: type[pw.Model], fields: list[pw.Field]) -> str:
            cols = ", ".join(f'"{f.column_name}"' for f in fields)
            marks = ", ".join("?" for _ in fields)
            return f'INSERT INTO "{model._meta.table_name}" ({cols}) VALUES ({marks})'

        postgres = dialect.is_postgres(self.db)
        item_sql = dialect.sql(self.db, insert_sql(ItemRow, item_fields))
        if postgres:
            item_sql += " RETURNING id"
        # SQLite's search index is kept by triggers; PostgreSQL's trigram indexes by the server.
        index_trigger = (
            None
            if postgres
            else self.db.execute_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'item_fts_ai'"
            ).fetchone()
        )
        with self.db.atomic():
            cursor = self.db.cursor()
            if index_trigger:
                # The search index is filled once for the whole batch below (2-3x faster than
                # row by row); the trigger is back before the transaction commits.
                cursor.execute("DROP TRIGGER item_fts_ai")
            rows: list[list[object]] = []
            for item in items:
                values = self._item_values(item, stamp)
                cursor.execute(item_sql, [f.db_value(values[f.name]) for f in item_fields])
                item.id = cursor.fetchone()[0] if postgres else cursor.lastrowid
                item.created_at = item.updated_at = utc(stamp)
                item.version = 1
                for pos, r in enumerate(item.ledger):
                    row = {
                        "item": item.id,
                        "position": pos,
                        "date": r.date,
                        "voucher": r.voucher,
                        "summary": r.summary,
                        "income": r.income,
                        "expense": r.expense,
                    }
                    rows.append([f.db_value(row[f.name]) for f in row_fields])
                for pos, img in enumerate(item.images):
                    img.id = ImageRow.insert(
                        item=item.id,
                        position=pos,
                        caption=img.caption,
                        media_type=img.media_type,
                        width=img.width,
                        height=img.height,
                        data=img.data,
                    ).execute()
            if index_trigger and items:
                ids = [stored_id(item.id) for item in items]  # ids given just above
                cursor.execute(
                    "INSERT INTO item_fts(rowid, title, body) SELECT id, title, body FROM item "
                    "WHERE id BETWEEN ? AND ?",
                    (min(ids), max(ids)),
                )
                cursor.execute(index_trigger[0])
            if rows:
                cursor.executemany(dialect.sql(self.db, insert_sql(LedgerRowRow, row_fields)), rows)
            audit_rows = []
            for item, entry in zip(items, audits, strict=True):
                data = {
                    "at": naive_utc(entry.at),
                    "operator": entry.operator,
                    "action": entry.action,
                    "organization": entry.organization_id,
                    "item": item.id,
                    "db_user": "",  # the server's trigger writes the login
                    "changes": json.dumps(
                        {k: [jsonable(a), jsonable(b)] for k, (a, b) in entry.changes.items()},
                        ensure_ascii=False,
                    ),
                }
                audit_rows.append([f.db_value(data[f.name]) for f in audit_fields])
            if audit_rows:
                cursor.executemany(
                    dialect.sql(self.db, insert_sql(AuditRow, audit_fields)), audit_rows
                )

    @staticmethod
    def _item_values(item: Item, stamp: datetime) -> dict[str, object]:
        return {
            "organization": item.organization_id,
            "category": item.category_id,
            "domain": item.domain.value if item.domain else None,
            "title": item.title,
            "body": item.body,
            "publication_type": item.publication_type.value,
            "scope": item.scope.value if item.scope else None,
            "period": item.period,
            "publish_date": item.publish_date,
            "expire_date": item.expire_date,
            "responsible": item.responsible,
            "reviewer": item.reviewer,
            "review_date": item.review_date,
            "review_opinion": item.review_opinion,
            "retention": item.retention.value if item.retention else None,
            "status": item.status.value,
            "number": item.number,
            "withdrawn_date": item.withdrawn_date,
            "withdrawn_reason": item.withdrawn_reason,
            "replaces": item.replaces_id,
            "opening_balance": item.opening_balance,
            "created_at": stamp,
            "updated_at": stamp,
            "version": 1,
        }

    def replacing_item_id(self, item_id: int) -> int | None:
        """The id of the item (revision) that replaces ``item_id``, if any."""
        row = ItemRow.get_or_none(ItemRow.replaces == item_id)
        return row.id if row else None

    def save_item(self, item: Item, *, now: datetime) -> Item:
        """Insert or update an item with its ledger rows and images.

        An update is a compare-and-set on ``item.version`` (the version it was read at):
        StaleVersionError, with nothing written, when someone saved the item since.
        """
        stamp = naive_utc(now)
        data = self._item_values(item, stamp)
        del data["created_at"], data["version"]
        with self.db.atomic():
            if item.id is None:
                data["created_at"] = stamp
                item.id = ItemRow.insert(**data, version=1).execute()
                item.created_at = utc(stamp)
                item.version = 1
            else:
                item.version = update_if_version(ItemRow, item.id, item.version, data)
            item.updated_at = utc(stamp)
            LedgerRowRow.delete().where(LedgerRowRow.item == item.id).execute()
            if item.ledger:
                LedgerRowRow.insert_many(
                    [
                        {
                            "item": item.id,
                            "position": i,
                            "date": r.date,
                            "voucher": r.voucher,
                            "summary": r.summary,
                            "income": r.income,
                            "expense": r.expense,
                        }
                        for i, r in enumerate(item.ledger)
                    ]
                ).execute()
            keep = [img.id for img in item.images if img.id is not None]
            ImageRow.delete().where(
                (ImageRow.item == item.id) & (ImageRow.id.not_in(keep or [-1]))
            ).execute()
            for pos, img in enumerate(item.images):
                if img.id is None:
                    img.id = ImageRow.insert(
                        item=item.id,
                        position=pos,
                        caption=img.caption,
                        media_type=img.media_type,
                        width=img.width,
                        height=img.height,
                        data=img.data,
                    ).execute()
                else:
                    ImageRow.update(position=pos, caption=img.caption).where(
                        ImageRow.id == img.id
                    ).execute()
        return item

    def save_workflow(self, item: Item, names: tuple[str, ...], *, now: datetime) -> Item:
        """Write only the item's workflow columns ``names`` (status, review, number, dates).

        A workflow step changes no content, ledger or image: a reviewer's login, which the
        server lets change nothing else, can record its review. Compare-and-set on
        ``item.version`` like :meth:`save_item`.
        """
        stamp = naive_utc(now)
        values = self._item_values(item, stamp)
        data = {name: values[name] for name in names}
        data["updated_at"] = stamp
        # compare-and-set like every save: StaleVersionError when someone saved it since
        item.version = update_if_version(ItemRow, item.id, item.version, data)  # type: ignore[arg-type]
        item.updated_at = utc(stamp)
        return item

    def delete_item(self, item_id: int) -> None:
        ItemRow.delete().where(ItemRow.id == item_id).execute()

    def periods_reported(self, category_id: int) -> set[str]:
        """Periods of a category that already have an item (any status but withdrawn)."""
        query = ItemRow.select(ItemRow.period).where(
            (ItemRow.category == category_id)
            & ItemRow.period.is_null(False)
            & (ItemRow.status != Status.WITHDRAWN.value)
        )
        return {row.period for row in query if row.period is not None}

    def last_reviewer(self, org_id: int) -> str:
        """The reviewer of the organization's most recently reviewed item ("" if none)."""
        row = (
            ItemRow.select(ItemRow.reviewer)
            .where((ItemRow.organization == org_id) & (ItemRow.reviewer != ""))
            .order_by(ItemRow.review_date.desc(nulls="LAST"), ItemRow.id.desc())
            .first()
        )
        return row.reviewer if row else ""

    def take_item_number(self, org_id: int, year: int) -> str:
        """The next 公开编号 of ``year`` from the locked counter (inside the publishing
        transaction: gap-free and duplicate-free with concurrent publishers)."""
        return numbering.take_item_number(org_id, year)

    def item_number_batch(
        self, org_id: int, years: Iterable[int], reserved: Iterable[str]
    ) -> numbering.ItemNumberBatch:
        """公开编号 for the items an import writes, from the counters publishing uses (inside
        the import's transaction; the counters of ``years`` are locked until it ends)."""
        return numbering.ItemNumberBatch(org_id, years, reserved)

    # ----- audit ----------------------------------------------------------------------------
    def add_audit(self, entry: AuditEntry) -> None:
        AuditRow.insert(
            at=naive_utc(entry.at),
            operator=entry.operator,
            action=entry.action,
            organization=entry.organization_id,
            item=entry.item_id,
            changes=json.dumps(
                {k: [jsonable(a), jsonable(b)] for k, (a, b) in entry.changes.items()},
                ensure_ascii=False,
            ),
        ).execute()

    def audit_for_item(self, item_id: int) -> list[AuditEntry]:
        query = AuditRow.select().where(AuditRow.item == item_id).order_by(AuditRow.id)
        return [self._audit(r) for r in query]

    def recent_audit(self, limit: int = 100) -> list[AuditEntry]:
        query = AuditRow.select().order_by(AuditRow.id.desc()).limit(limit)
        return [self._audit(r) for r in query]

    @staticmethod
    def _audit(row: AuditRow) -> AuditEntry:
        changes = {k: (v[0], v[1]) for k, v in json.loads(row.changes).items()}
        return AuditEntry(
            at=utc(row.at),
            operator=row.operator,
            action=row.action,
            item_id=row.item,
            organization_id=row.organization,
            changes=changes,
            db_user=row.db_user,
        )
