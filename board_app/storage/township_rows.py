"""Township-wide reads: the periodic reports and the waiting counts of many organizations in one
query each (the township calendar reads 10–40 villages at once). Plain peewee, both engines."""

from __future__ import annotations

from datetime import date
from typing import Any

import peewee as pw

from board_app.domain.feedback import FeedbackStatus
from board_app.domain.items import Category, Item, PublicationType, Status
from board_app.storage.feedback_models import FeedbackRow
from board_app.storage.matter_models import MatterRow
from board_app.storage.models import CategoryRow, ItemRow
from board_app.storage.rows import tuples


def periodic_reports(
    repo: Any, org_ids: list[int], *, since: date, on: date
) -> dict[int, list[Item]]:
    """Per organization: its periodic reports published or withdrawn from ``since`` to ``on``,
    as light items (no title, body, ledger or images): what the disclosure calendar reads."""
    out: dict[int, list[Item]] = {org_id: [] for org_id in org_ids}
    if not org_ids:
        return out
    with repo.database.bound():
        query = (
            ItemRow.select(
                ItemRow.id,
                ItemRow.organization,
                ItemRow.category,
                ItemRow.period,
                ItemRow.status,
                ItemRow.publish_date,
                ItemRow.number,
            )
            .where(
                ItemRow.organization.in_(org_ids)
                & (ItemRow.publication_type == PublicationType.PERIODIC.value)
                & ItemRow.status.in_([Status.PUBLISHED.value, Status.WITHDRAWN.value])
                & ItemRow.period.is_null(False)
                & (ItemRow.publish_date >= since)
                & (ItemRow.publish_date <= on)
            )
            .order_by(ItemRow.publish_date, ItemRow.id)
        )
        for item_id, org_id, category_id, period, status, published, number in tuples(query):
            out[org_id].append(
                Item(
                    title="",
                    publication_type=PublicationType.PERIODIC,
                    organization_id=org_id,
                    category_id=category_id,
                    period=period,
                    status=Status(status),
                    publish_date=published,
                    number=number,
                    id=item_id,
                )
            )
    return out


def waiting_counts(repo: Any, org_ids: list[int]) -> dict[int, int]:
    """Per organization: how many items are submitted or reviewed, not yet published."""
    if not org_ids:
        return {}
    with repo.database.bound():
        query = (
            ItemRow.select(ItemRow.organization, pw.fn.COUNT(ItemRow.id))
            .where(
                ItemRow.organization.in_(org_ids)
                & ItemRow.status.in_([Status.SUBMITTED.value, Status.REVIEWED.value])
            )
            .group_by(ItemRow.organization)
        )
        return {org_id: count for org_id, count in tuples(query)}


def published_counts(
    repo: Any, org_ids: list[int], *, start: date, end: date
) -> dict[int, dict[PublicationType, int]]:
    """Per organization and publication type: items published (or published and withdrawn
    since) with a 公开日期 from ``start`` to ``end``."""
    out = {org_id: dict.fromkeys(PublicationType, 0) for org_id in org_ids}
    if not org_ids or end < start:
        return out
    with repo.database.bound():
        query = (
            ItemRow.select(ItemRow.organization, ItemRow.publication_type, pw.fn.COUNT(ItemRow.id))
            .where(
                ItemRow.organization.in_(org_ids)
                & ItemRow.status.in_([Status.PUBLISHED.value, Status.WITHDRAWN.value])
                & (ItemRow.publish_date >= start)
                & (ItemRow.publish_date <= end)
            )
            .group_by(ItemRow.organization, ItemRow.publication_type)
        )
        for org_id, ptype, count in tuples(query):
            out[org_id][PublicationType(ptype)] = count
    return out


def categories(repo: Any, org_ids: list[int]) -> dict[int, list[Category]]:
    """Per organization: its catalogue in display order (as ``repo.list_categories``)."""
    out: dict[int, list[Category]] = {org_id: [] for org_id in org_ids}
    if not org_ids:
        return out
    with repo.database.bound():
        query = (
            CategoryRow.select()
            .where(CategoryRow.organization.in_(org_ids))
            .order_by(CategoryRow.display_order, CategoryRow.id)
        )
        for row in query:
            out[row.organization_id].append(repo._cat(row))
    return out


def feedback_overdue_counts(repo: Any, org_ids: list[int], on: date) -> dict[int, int]:
    """Per organization: opinions still open (registered or being handled) whose due date is
    before ``on`` (``domain.feedback.is_overdue``)."""
    if not org_ids:
        return {}
    with repo.database.bound():
        query = (
            FeedbackRow.select(FeedbackRow.organization, pw.fn.COUNT(FeedbackRow.id))
            .where(
                FeedbackRow.organization.in_(org_ids)
                & FeedbackRow.status.in_(
                    [FeedbackStatus.REGISTERED.value, FeedbackStatus.IN_PROGRESS.value]
                )
                & FeedbackRow.due.is_null(False)
                & (FeedbackRow.due < on)
            )
            .group_by(FeedbackRow.organization)
        )
        return {org_id: count for org_id, count in tuples(query)}


def with_matters(repo: Any, org_ids: list[int]) -> set[int]:
    """The organizations that have 四议两公开 matters at all."""
    if not org_ids:
        return set()
    with repo.database.bound():
        query = (
            MatterRow.select(MatterRow.organization)
            .where(MatterRow.organization.in_(org_ids))
            .distinct()
        )
        return {org_id for (org_id,) in tuples(query)}
