"""Item queries for lists and the calendar: filtered, sorted, paged summaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import peewee as pw

from board_app.domain.dates import add_days
from board_app.domain.items import (
    Item,
    PublicationType,
    Scope,
    Status,
)
from board_app.domain.periods import Period, PeriodError, periods_within
from board_app.domain.queries import ItemFilter, ItemSummary, SortKey
from board_app.storage import search
from board_app.storage.dialect import is_postgres
from board_app.storage.models import (
    CategoryRow,
    ItemRow,
)
from board_app.storage.rows import bound_methods, opt, tuples


def _period_and_inner(text: str) -> list[str]:
    """The period filter's values: the period and the finer periods inside it."""
    try:
        return [str(p) for p in periods_within(Period.parse(text))]
    except PeriodError:
        return [text]


@bound_methods
class ItemListing:
    """Filtered, sorted and paged item summaries, counts, and the calendar's item set."""

    if TYPE_CHECKING:  # provided by Repository, which this mixin is part of
        db: pw.Database
        _item: Callable[..., Item]

    # ----- listing for the UI ---------------------------------------------------------------
    def _filtered(self, flt: ItemFilter) -> pw.ModelSelect[ItemRow]:
        columns = [
            ItemRow.id,
            ItemRow.organization,
            ItemRow.number,
            ItemRow.title,
            ItemRow.publication_type,
            ItemRow.category,
            ItemRow.period,
            ItemRow.status,
            ItemRow.scope,
            ItemRow.publish_date,
            ItemRow.expire_date,
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
        if flt.without_category:
            conds.append(ItemRow.category.is_null())
        if flt.period:
            conds.append(ItemRow.period.in_(_period_and_inner(flt.period)))
        if flt.year is not None:
            conds.append(
                (ItemRow.publish_date >= date(flt.year, 1, 1))
                & (ItemRow.publish_date <= date(flt.year, 12, 31))
            )
        if flt.text and flt.text.strip():
            conds.append(search.matching_condition(flt.text, self.db))
        for cond in conds:
            query = query.where(cond)
        return query

    def count_items(self, flt: ItemFilter) -> int:
        return self._filtered(flt).count()

    def optimize(self, *, full: bool = False) -> None:
        """Refresh the query planner's statistics (ANALYZE after bulk changes)."""
        if is_postgres(self.db):
            # The server's autovacuum keeps statistics; after bulk changes the statistics are
            # refreshed and VACUUM moves the new rows' search trigrams from the GIN indexes'
            # pending lists into the indexes (a search otherwise scans the pending list, and
            # the planner, counting it, may choose a full table scan).
            if full:
                if not self.db.in_transaction():
                    # (item_search: the grams of short search terms, schema step 10)
                    self.db.execute_sql("VACUUM (ANALYZE) item, item_search")
                self.db.execute_sql("ANALYZE")
            return
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
        columns: dict[SortKey, pw.Field] = {
            SortKey.NUMBER: ItemRow.number,
            SortKey.ORGANIZATION: ItemRow.organization,
            SortKey.TITLE: ItemRow.title,
            SortKey.TYPE: ItemRow.publication_type,
            SortKey.CATEGORY: CategoryRow.name,
            SortKey.PERIOD: ItemRow.period,
            SortKey.STATUS: ItemRow.status,
            SortKey.PUBLISH_DATE: ItemRow.publish_date,
            SortKey.EXPIRE_DATE: ItemRow.expire_date,
            SortKey.UPDATED: ItemRow.updated_at,
        }
        column = columns[sort]
        if column.null or sort is SortKey.CATEGORY:  # (items without a category: NULL)
            order = [column.desc(nulls="LAST") if descending else column.asc(nulls="LAST")]
        else:  # a plain order lets PostgreSQL read a NOT NULL column's index backwards
            order = [column.desc() if descending else column.asc()]
        order.append(ItemRow.id.desc() if descending else ItemRow.id.asc())
        query = self._filtered(flt).order_by(*order).offset(offset).limit(limit)
        out = []
        # Plain tuples (in the order of _filtered's columns): several times faster than
        # model objects, which matters for a 100,000-row listing.
        for (
            item_id,
            org_id,
            number,
            title,
            ptype,
            category_id,
            period,
            status,
            scope,
            publish_date,
            expire_date,
            category_name,
        ) in tuples(query):
            out.append(
                ItemSummary(
                    id=item_id,
                    organization_id=org_id,
                    number=number,
                    title=title,
                    publication_type=PublicationType(ptype),
                    category_id=category_id,
                    category_name=category_name or "",
                    period=period,
                    status=Status(status),
                    scope=opt(Scope, scope),
                    publish_date=publish_date,
                    expire_date=expire_date,
                )
            )
        return out

    def item_counts(self, org_id: int) -> dict[int | None, int]:
        """Number of items per category id of one organization."""
        query = (
            ItemRow.select(ItemRow.category, pw.fn.COUNT(ItemRow.id))
            .where(ItemRow.organization == org_id)
            .group_by(ItemRow.category)
        )
        return dict(tuples(query))

    def calendar_items(
        self, org_id: int, *, on: date, since: date, display_days: int, waiting_limit: int
    ) -> tuple[list[Item], int]:
        """The few items a disclosure calendar needs, without details, and the number waiting.

        Periodic reports published or withdrawn since ``since`` (one per category and
        period, published preferred), immediate items that may still be up on ``on``, and
        at most ``waiting_limit`` items awaiting review (oldest first).
        """
        chosen: dict[tuple, tuple[int, bool]] = {}
        reports = tuples(
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
                    & (ItemRow.publish_date >= add_days(on, -display_days))
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
            items.extend(
                self._item(r, full=False) for r in ItemRow.select().where(ItemRow.id.in_(chunk))
            )
        return items, waiting_total
