"""Query descriptions handed from services and the UI to storage: filters, sorting, summaries."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from board_app.domain.items import PublicationType, Scope, Status


class SortKey(str, enum.Enum):
    """Columns the item list can be sorted by."""

    NUMBER = "number"
    ORGANIZATION = "organization"
    TITLE = "title"
    TYPE = "publication_type"
    CATEGORY = "category"
    PERIOD = "period"
    STATUS = "status"
    PUBLISH_DATE = "publish_date"
    EXPIRE_DATE = "expire_date"
    UPDATED = "updated_at"


@dataclass(frozen=True)
class ItemFilter:
    """Which items to list; None means any.

    ``period`` selects that period and the finer ones inside it (a quarter lists its months'
    reports too); ``without_category`` selects the items whose category was removed.
    """

    organization_id: int | None = None
    category_id: int | None = None
    domain: str | None = None
    publication_type: PublicationType | None = None
    status: Status | None = None
    scope: Scope | None = None
    period: str | None = None
    year: int | None = None
    text: str | None = None
    without_category: bool = False


@dataclass(frozen=True)
class ItemSummary:
    """One row of the item table: enough to show, not the whole item."""

    id: int
    organization_id: int
    number: str | None
    title: str
    publication_type: PublicationType
    category_id: int | None
    category_name: str
    period: str | None
    status: Status
    scope: Scope | None
    publish_date: date | None
    expire_date: date | None
