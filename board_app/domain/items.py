"""Domain objects of the disclosure board: organizations, catalogue categories, items.

Plain dataclasses and enums, no storage and no Qt. Money is Decimal, dates are dates,
timestamps are timezone-aware UTC datetimes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal


class OrgKind(str, enum.Enum):
    """Kind of organization (单位)."""

    PARTY_BRANCH = "party_branch"
    VILLAGE_COMMITTEE = "village_committee"
    COMMUNITY = "community"
    DEPARTMENT = "department"


class Domain(str, enum.Enum):
    """Affairs domain of a category or item."""

    PARTY = "party"
    VILLAGE = "village"
    FINANCE = "finance"
    GOVERNMENT = "government"


class PublicationType(str, enum.Enum):
    """Publication type; the declaration order is the board's section order."""

    LONG_TERM = "long_term"
    PERIODIC = "periodic"
    IMMEDIATE = "immediate"

    @property
    def order(self) -> int:
        """Position of the section on a board (0 first)."""
        return list(PublicationType).index(self)


class Scope(str, enum.Enum):
    """Who may see an item."""

    PUBLIC = "public"
    PARTY_INTERNAL = "party_internal"
    RESTRICTED = "restricted"


class Status(str, enum.Enum):
    """Workflow status of an item."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Cadence(str, enum.Enum):
    """How often a catalogue category is disclosed."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    AS_NEEDED = "as_needed"


class Retention(str, enum.Enum):
    """Archive retention period (保管期限) with its 档号 code."""

    PERMANENT = "永久"
    Y30 = "30年"
    Y10 = "10年"

    @property
    def code(self) -> str:
        """Code used in 档号 following DA/T 22-2015: Y, D30, D10."""
        return {"永久": "Y", "30年": "D30", "10年": "D10"}[self.value]


@dataclass(frozen=True)
class DueRule:
    """Due date rule: day ``day`` of the ``month_offset``-th month after the period ends.

    ``month_offset=1, day=10`` means "by the 10th of the month after the period".
    """

    month_offset: int = 1
    day: int = 10


@dataclass
class Organization:
    """An office that runs a disclosure board (单位)."""

    name: str
    kind: OrgKind = OrgKind.PARTY_BRANCH
    phone: str = ""
    address: str = ""
    fonds_code: str = ""
    fonds_name: str = ""
    display_days: int = 30
    board_title: str = ""
    board_subtitle: str = ""
    footer_lines: list[str] = field(default_factory=list)
    board_template: str = ""
    board_theme: str = "red"
    public_numbers: list[str] = field(default_factory=list)
    tracking_start: date | None = None
    #: Board options: the printed board's language (not the UI's) and the 落款 closing each
    #: 即时公开 notice (on/off; wording, empty = the organization's name).
    board_language: str = "zh_CN"
    board_signoff: bool = True
    board_signoff_text: str = ""
    #: The township (乡镇) whose 三务公开 office oversees this organization; "" for none.
    township: str = ""
    id: int | None = None


#: The organization's own data (everything but its database id), in declaration order: what
#: storage keeps and an exported file carries. Derived once here so that a new field cannot be
#: forgotten by one of them (tests/test_interchange.py round-trips every one).
ORGANIZATION_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Organization) if f.name != "id")


def organization_data(
    org: Organization, names: tuple[str, ...] = ORGANIZATION_FIELDS
) -> dict[str, object]:
    """The named fields of ``org`` as JSON values: enums by value, dates as ISO text."""
    out: dict[str, object] = {}
    for name in names:
        value = getattr(org, name)
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        out[name] = value
    return out


@dataclass
class Category:
    """A row of the disclosure catalogue (公开目录) of one organization."""

    name: str
    domain: Domain
    publication_type: PublicationType
    scope: Scope = Scope.PUBLIC
    cadence: Cadence = Cadence.AS_NEEDED
    due_rule: DueRule | None = None
    retention: Retention = Retention.Y10
    display_order: int = 0
    organization_id: int | None = None
    id: int | None = None


@dataclass
class LedgerRow:
    """One line of a receipts-and-payments table (收支明细)."""

    date: date | None
    voucher: str = ""
    summary: str = ""
    income: Decimal = Decimal("0.00")
    expense: Decimal = Decimal("0.00")


@dataclass
class ItemImage:
    """An image attached to an item; ``data`` holds the normalised image bytes."""

    data: bytes
    caption: str = ""
    media_type: str = "image/jpeg"
    width: int = 0
    height: int = 0
    id: int | None = None


@dataclass
class Item:
    """A disclosure item (公开事项)."""

    title: str
    publication_type: PublicationType
    organization_id: int | None = None
    category_id: int | None = None
    domain: Domain | None = None
    body: str = ""
    scope: Scope | None = None
    period: str | None = None
    publish_date: date | None = None
    expire_date: date | None = None
    responsible: str = ""
    reviewer: str = ""
    review_date: date | None = None
    review_opinion: str = ""
    retention: Retention | None = None
    status: Status = Status.DRAFT
    number: str | None = None
    withdrawn_date: date | None = None
    withdrawn_reason: str = ""
    replaces_id: int | None = None
    opening_balance: Decimal | None = None
    ledger: list[LedgerRow] = field(default_factory=list)
    images: list[ItemImage] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    #: The stored version this copy was read at (0: never stored); each save raises it by one.
    version: int = 0

    def paragraphs(self) -> list[str]:
        """Body split into paragraphs: a blank line starts a new one."""
        parts: list[str] = []
        current: list[str] = []
        for line in self.body.replace("\r\n", "\n").split("\n"):
            if line.strip():
                current.append(line.strip())
            elif current:
                parts.append("".join(current) if _all_cjk_joinable(current) else " ".join(current))
                current = []
        if current:
            parts.append("".join(current) if _all_cjk_joinable(current) else " ".join(current))
        return parts


def _all_cjk_joinable(lines: list[str]) -> bool:
    """Lines wrapped inside a Chinese paragraph are joined without a space."""
    return all(not line.isascii() for line in lines)


@dataclass(frozen=True)
class AuditEntry:
    """One change recorded in the audit log."""

    at: datetime
    operator: str
    action: str
    item_id: int | None
    changes: dict[str, tuple[object, object]]
    organization_id: int | None = None
    db_user: str = ""  # the server's login that wrote it (PostgreSQL); "" in a file
