"""Rows <-> domain objects. The only API the services use to read and write the database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import peewee as pw

from board_app.domain.items import (
    AuditEntry,
    Cadence,
    Category,
    Domain,
    DueRule,
    Item,
    ItemImage,
    LedgerRow,
    Organization,
    OrgKind,
    PublicationType,
    Retention,
    Scope,
    Status,
)
from board_app.domain.queries import ItemFilter, ItemSummary, SortKey
from board_app.storage import search
from board_app.storage.db import Database
from board_app.storage.models import (
    AuditRow,
    CategoryRow,
    ImageRow,
    ItemRow,
    LedgerRowRow,
    Meta,
    OrganizationRow,
)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _opt(enum_type, value):  # type: ignore[no-untyped-def]
    return enum_type(value) if value is not None else None


def _bound_methods(cls: type) -> type:
    """Run every public method with the models bound to the repository's own database."""
    for name, fn in list(vars(cls).items()):
        if name.startswith("_") or not callable(fn) or name == "transaction":
            continue

        def wrapper(self, *args, __fn=fn, **kwargs):  # type: ignore[no-untyped-def]
            with self.database.bound():
                return __fn(self, *args, **kwargs)

        wrapper.__name__ = fn.__name__
        wrapper.__doc__ = fn.__doc__
        setattr(cls, name, wrapper)
    return cls


@_bound_methods
class Repository:
    """Reads and writes domain objects; every public write runs in a transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.db = database.db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (nested calls join the outer one as savepoints)."""
        with self.database.bound(), self.db.atomic():
            yield

    # ----- meta -----------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = Meta.get_or_none(Meta.key == key)
        return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        Meta.insert(key=key, value=value).on_conflict_replace().execute()

    # ----- organizations --------------------------------------------------------------------
    @staticmethod
    def _org(row: OrganizationRow) -> Organization:
        return Organization(
            id=row.id,
            name=row.name,
            kind=OrgKind(row.kind),
            phone=row.phone,
            address=row.address,
            fonds_code=row.fonds_code,
            fonds_name=row.fonds_name,
            display_days=row.display_days,
            board_title=row.board_title,
            board_subtitle=row.board_subtitle,
            footer_lines=json.loads(row.footer_lines or "[]"),
            board_template=row.board_template,
            board_theme=row.board_theme,
            public_numbers=json.loads(row.public_numbers or "[]"),
            tracking_start=row.tracking_start,
        )

    def list_organizations(self) -> list[Organization]:
        return [self._org(r) for r in OrganizationRow.select().order_by(OrganizationRow.id)]

    def get_organization(self, org_id: int) -> Organization:
        return self._org(OrganizationRow.get_by_id(org_id))

    def get_organization_by_name(self, name: str) -> Organization | None:
        row = OrganizationRow.get_or_none(OrganizationRow.name == name)
        return self._org(row) if row else None

    def save_organization(self, org: Organization) -> Organization:
        data = dict(
            name=org.name,
            kind=org.kind.value,
            phone=org.phone,
            address=org.address,
            fonds_code=org.fonds_code,
            fonds_name=org.fonds_name,
            display_days=org.display_days,
            board_title=org.board_title,
            board_subtitle=org.board_subtitle,
            footer_lines=json.dumps(org.footer_lines, ensure_ascii=False),
            board_template=org.board_template,
            board_theme=org.board_theme,
            public_numbers=json.dumps(org.public_numbers, ensure_ascii=False),
            tracking_start=org.tracking_start,
        )
        if org.id is None:
            org.id = OrganizationRow.insert(**data).execute()
        else:
            OrganizationRow.update(**data).where(OrganizationRow.id == org.id).execute()
        return org

    def delete_organization(self, org_id: int) -> None:
        OrganizationRow.delete().where(OrganizationRow.id == org_id).execute()

    # ----- categories -----------------------------------------------------------------------
    @staticmethod
    def _cat(row: CategoryRow) -> Category:
        rule = (
            DueRule(row.due_month_offset, row.due_day)
            if row.due_month_offset is not None and row.due_day is not None
            else None
        )
        return Category(
            id=row.id,
            organization_id=row.organization_id,
            name=row.name,
            domain=Domain(row.domain),
            publication_type=PublicationType(row.publication_type),
            scope=Scope(row.scope),
            cadence=Cadence(row.cadence),
            due_rule=rule,
            retention=Retention(row.retention),
            display_order=row.display_order,
        )

    def list_categories(self, org_id: int) -> list[Category]:
        query = (
            CategoryRow.select()
            .where(CategoryRow.organization == org_id)
            .order_by(CategoryRow.display_order, CategoryRow.id)
        )
        return [self._cat(r) for r in query]

    def get_category(self, cat_id: int) -> Category:
        return self._cat(CategoryRow.get_by_id(cat_id))

    def find_category(self, org_id: int, name: str) -> Category | None:
        row = CategoryRow.get_or_none(
            (CategoryRow.organization == org_id) & (CategoryRow.name == name)
        )
        return self._cat(row) if row else None

    def save_category(self, cat: Category) -> Category:
        data = dict(
            organization=cat.organization_id,
            name=cat.name,
            domain=cat.domain.value,
            publication_type=cat.publication_type.value,
            scope=cat.scope.value,
            cadence=cat.cadence.value,
            due_month_offset=cat.due_rule.month_offset if cat.due_rule else None,
            due_day=cat.due_rule.day if cat.due_rule else None,
            retention=cat.retention.value,
            display_order=cat.display_order,
        )
        if cat.id is None:
            cat.id = CategoryRow.insert(**data).execute()
        else:
            CategoryRow.update(**data).where(CategoryRow.id == cat.id).execute()
        return cat

    def delete_category(self, cat_id: int) -> None:
        CategoryRow.delete().where(CategoryRow.id == cat_id).execute()

    # ----- items ----------------------------------------------------------------------------
    def _item(self, row: ItemRow, *, full: bool = True) -> Item:
        item = Item(
            id=row.id,
            organization_id=row.organization_id,
            category_id=row.category_id,
            domain=_opt(Domain, row.domain),
            title=row.title,
            body=row.body,
            publication_type=PublicationType(row.publication_type),
            scope=_opt(Scope, row.scope),
            period=row.period,
            publish_date=row.publish_date,
            expire_date=row.expire_date,
            responsible=row.responsible,
            reviewer=row.reviewer,
            review_date=row.review_date,
            review_opinion=row.review_opinion,
            retention=_opt(Retention, row.retention),
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
            created_at=_utc(row.created_at),
            updated_at=_utc(row.updated_at),
        )
        if full:
            self._fill_details([item])
        return item

    def get_item(self, item_id: int) -> Item:
        return self._item(ItemRow.get_by_id(item_id))

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
        items = [
            self._item(r, full=False) for r in query.order_by(ItemRow.publish_date, ItemRow.id)
        ]
        if details:
            self._fill_details(items)
        return items

    def calendar_items(
        self, org_id: int, *, on: date, since: date, display_days: int, waiting_limit: int
    ) -> tuple[list[Item], int]:
        """The few items a disclosure calendar needs, without details, and the number waiting.

        Periodic reports published or withdrawn since ``since`` (one per category and
        period, published preferred), immediate items that may still be up on ``on``, and
        at most ``waiting_limit`` items awaiting review (oldest first).
        """
        chosen: dict[tuple, tuple[int, bool]] = {}
        reports = (
            ItemRow.select(ItemRow.id, ItemRow.category, ItemRow.period, ItemRow.status)
            .where(
                (ItemRow.organization == org_id)
                & (ItemRow.publication_type == PublicationType.PERIODIC.value)
                & (ItemRow.status.in_([Status.PUBLISHED.value, Status.WITHDRAWN.value]))
                & ItemRow.period.is_null(False)
                & (ItemRow.publish_date >= since)
                & (ItemRow.publish_date <= on)
            )
            .order_by(ItemRow.publish_date, ItemRow.id)
            .tuples()
        )
        for item_id, category_id, period, status in reports:
            published = status == Status.PUBLISHED.value
            key = (category_id, period)
            if key not in chosen or published or not chosen[key][1]:
                chosen[key] = (item_id, published)
        ids = {item_id for item_id, _published in chosen.values()}
        up = ItemRow.select(ItemRow.id).where(
            (ItemRow.organization == org_id)
            & (ItemRow.publication_type == PublicationType.IMMEDIATE.value)
            & (ItemRow.status == Status.PUBLISHED.value)
            & (ItemRow.publish_date <= on)
            & (
                (ItemRow.expire_date >= on)
                | (
                    ItemRow.expire_date.is_null()
                    & (ItemRow.publish_date >= on - timedelta(days=display_days))
                )
            )
        )
        ids.update(row.id for row in up)
        waiting_filter = (ItemRow.organization == org_id) & ItemRow.status.in_(
            [Status.SUBMITTED.value, Status.REVIEWED.value]
        )
        waiting_total = ItemRow.select().where(waiting_filter).count()
        waiting = (
            ItemRow.select(ItemRow.id)
            .where(waiting_filter)
            .order_by(ItemRow.created_at, ItemRow.id)
            .limit(waiting_limit)
        )
        ids.update(row.id for row in waiting)
        items: list[Item] = []
        id_list = sorted(ids)
        for start in range(0, len(id_list), 500):
            chunk = id_list[start : start + 500]
            items.extend(self._item(r, full=False) for r in ItemRow.select().where(
                ItemRow.id.in_(chunk)))
        return items, waiting_total

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
            for r in (
                LedgerRowRow.select()
                .where(LedgerRowRow.item.in_(chunk))
                .order_by(LedgerRowRow.item, LedgerRowRow.position)
            ):
                by_id[r.item_id].ledger.append(
                    LedgerRow(
                        date=r.date,
                        voucher=r.voucher,
                        summary=r.summary,
                        income=Decimal(r.income).quantize(Decimal("0.01")),
                        expense=Decimal(r.expense).quantize(Decimal("0.01")),
                    )
                )
            for r in (
                ImageRow.select()
                .where(ImageRow.item.in_(chunk))
                .order_by(ImageRow.item, ImageRow.position)
            ):
                by_id[r.item_id].images.append(
                    ItemImage(
                        id=r.id,
                        data=bytes(r.data),
                        caption=r.caption,
                        media_type=r.media_type,
                        width=r.width,
                        height=r.height,
                    )
                )

    def replacing_item_id(self, item_id: int) -> int | None:
        """The id of the item (revision) that replaces ``item_id``, if any."""
        row = ItemRow.get_or_none(ItemRow.replaces == item_id)
        return row.id if row else None

    def save_item(self, item: Item, *, now: datetime) -> Item:
        """Insert or update an item with its ledger rows and images."""
        stamp = _naive_utc(now)
        data = dict(
            organization=item.organization_id,
            category=item.category_id,
            domain=item.domain.value if item.domain else None,
            title=item.title,
            body=item.body,
            publication_type=item.publication_type.value,
            scope=item.scope.value if item.scope else None,
            period=item.period,
            publish_date=item.publish_date,
            expire_date=item.expire_date,
            responsible=item.responsible,
            reviewer=item.reviewer,
            review_date=item.review_date,
            review_opinion=item.review_opinion,
            retention=item.retention.value if item.retention else None,
            status=item.status.value,
            number=item.number,
            withdrawn_date=item.withdrawn_date,
            withdrawn_reason=item.withdrawn_reason,
            replaces=item.replaces_id,
            opening_balance=item.opening_balance,
            updated_at=stamp,
        )
        with self.db.atomic():
            if item.id is None:
                data["created_at"] = stamp
                item.id = ItemRow.insert(**data).execute()
                item.created_at = _utc(stamp)
            else:
                ItemRow.update(**data).where(ItemRow.id == item.id).execute()
            item.updated_at = _utc(stamp)
            LedgerRowRow.delete().where(LedgerRowRow.item == item.id).execute()
            if item.ledger:
                LedgerRowRow.insert_many(
                    [
                        dict(
                            item=item.id,
                            position=i,
                            date=r.date,
                            voucher=r.voucher,
                            summary=r.summary,
                            income=r.income,
                            expense=r.expense,
                        )
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

    def delete_item(self, item_id: int) -> None:
        ItemRow.delete().where(ItemRow.id == item_id).execute()

    def periods_reported(self, category_id: int) -> set[str]:
        """Periods of a category that already have an item (any status but withdrawn)."""
        query = ItemRow.select(ItemRow.period).where(
            (ItemRow.category == category_id)
            & ItemRow.period.is_null(False)
            & (ItemRow.status != Status.WITHDRAWN.value)
        )
        return {row.period for row in query}

    def last_reviewer(self, org_id: int) -> str:
        """The reviewer of the organization's most recently reviewed item ("" if none)."""
        row = (
            ItemRow.select(ItemRow.reviewer)
            .where((ItemRow.organization == org_id) & (ItemRow.reviewer != ""))
            .order_by(ItemRow.review_date.desc(nulls="LAST"), ItemRow.id.desc())
            .first()
        )
        return row.reviewer if row else ""

    def numbers_in_year(self, org_id: int, year: int) -> list[str]:
        """公开编号 already given in a year, e.g. ["2026-001", "2026-002"]."""
        query = ItemRow.select(ItemRow.number).where(
            (ItemRow.organization == org_id) & (ItemRow.number.startswith(f"{year}-"))
        )
        return [r.number for r in query]

    # ----- listing for the UI ---------------------------------------------------------------
    def _filtered(self, flt: ItemFilter) -> pw.ModelSelect:
        columns = [
            ItemRow.id, ItemRow.organization, ItemRow.number, ItemRow.title,
            ItemRow.publication_type, ItemRow.category, ItemRow.period, ItemRow.status,
            ItemRow.scope, ItemRow.publish_date, ItemRow.expire_date,
        ]
        query = ItemRow.select(*columns, CategoryRow.name.alias("category_name")).join(
            CategoryRow, pw.JOIN.LEFT_OUTER, on=(ItemRow.category == CategoryRow.id)
        )
        conds = []
        if flt.organization_id is not None:
            conds.append(ItemRow.organization == flt.organization_id)
        if flt.category_id is not None:
            conds.append(ItemRow.category == flt.category_id)
        if flt.domain is not None:
            conds.append(ItemRow.domain == flt.domain)
        if flt.publication_type is not None:
            conds.append(ItemRow.publication_type == flt.publication_type.value)
        if flt.status is not None:
            conds.append(ItemRow.status == flt.status.value)
        if flt.scope is not None:
            conds.append(ItemRow.scope == flt.scope.value)
        if flt.period:
            conds.append(ItemRow.period == flt.period)
        if flt.year is not None:
            conds.append(
                (ItemRow.publish_date >= date(flt.year, 1, 1))
                & (ItemRow.publish_date <= date(flt.year, 12, 31))
            )
        if flt.text and flt.text.strip():
            sql, params = search.matching_ids_sql(flt.text)
            conds.append(ItemRow.id.in_(pw.SQL(f"({sql})", params)))
        for cond in conds:
            query = query.where(cond)
        return query

    def count_items(self, flt: ItemFilter) -> int:
        return self._filtered(flt).count()

    def optimize(self, *, full: bool = False) -> None:
        """Refresh the query planner's statistics (ANALYZE after bulk changes)."""
        self.db.execute_sql("ANALYZE" if full else "PRAGMA optimize")

    def query_items(
        self,
        flt: ItemFilter,
        *,
        sort: SortKey = SortKey.UPDATED,
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
    ) -> list[ItemSummary]:
        """One page of item summaries, sorted, for the item table."""
        column = {
            SortKey.NUMBER: ItemRow.number,
            SortKey.TITLE: ItemRow.title,
            SortKey.TYPE: ItemRow.publication_type,
            SortKey.CATEGORY: CategoryRow.name,
            SortKey.PERIOD: ItemRow.period,
            SortKey.STATUS: ItemRow.status,
            SortKey.PUBLISH_DATE: ItemRow.publish_date,
            SortKey.EXPIRE_DATE: ItemRow.expire_date,
            SortKey.UPDATED: ItemRow.updated_at,
        }[sort]
        order = [column.desc(nulls="LAST") if descending else column.asc(nulls="LAST")]
        order.append(ItemRow.id.desc() if descending else ItemRow.id.asc())
        query = self._filtered(flt).order_by(*order).offset(offset).limit(limit)
        out = []
        for row in query.objects():
            out.append(
                ItemSummary(
                    id=row.id,
                    organization_id=row.organization_id,
                    number=row.number,
                    title=row.title,
                    publication_type=PublicationType(row.publication_type),
                    category_id=row.category_id,
                    category_name=row.category_name or "",
                    period=row.period,
                    status=Status(row.status),
                    scope=_opt(Scope, row.scope),
                    publish_date=row.publish_date,
                    expire_date=row.expire_date,
                )
            )
        return out

    def item_counts(self, org_id: int) -> dict[int | None, int]:
        """Number of items per category id of one organization."""
        query = (
            ItemRow.select(ItemRow.category, pw.fn.COUNT(ItemRow.id).alias("n"))
            .where(ItemRow.organization == org_id)
            .group_by(ItemRow.category)
        )
        return {row.category_id: row.n for row in query}

    # ----- audit ----------------------------------------------------------------------------
    def add_audit(self, entry: AuditEntry) -> None:
        AuditRow.insert(
            at=_naive_utc(entry.at),
            operator=entry.operator,
            action=entry.action,
            organization=entry.organization_id,
            item=entry.item_id,
            changes=json.dumps(
                {k: [_jsonable(a), _jsonable(b)] for k, (a, b) in entry.changes.items()},
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
            at=_utc(row.at),  # type: ignore[arg-type]
            operator=row.operator,
            action=row.action,
            item_id=row.item,
            organization_id=row.organization,
            changes=changes,
        )


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    if hasattr(value, "value"):
        return value.value  # enums
    return str(value)
