"""What goes on a board on a given date, and why every other item is left off.

Pure rules: no Qt, no database. The date is always a parameter.

Rules (see ``select_board_items``):

* An item is *published by D* when its status is published or withdrawn, its publish_date
  is set and ``<= D``, and it was not withdrawn on or before D (``withdrawn_date`` None or
  ``> D``; a withdrawn item without a withdrawn_date counts as withdrawn on every date). A
  board for a past date therefore shows what was up then.
* It is *up* on D when it is published by D and its last day is None or ``>= D``. The last
  day is ``expire_date``; an immediate item without one stays up ``org.display_days`` days:
  last day = publish_date + display_days (inclusive).
* Periodic items of one category: only the newest period published by D is shown. Newest
  means the latest period end; on a tie the longer period wins ("2026" beats "2026-Q4" and
  "2026-12", because the annual report covers the others). The newest period replaces older
  ones even when its own items have expired since. An older period stays up only while its
  own expire_date is set and ``>= D``. Withdrawn items and items the audience may not see do
  not replace anything. Periodic items without a parseable period, or without a category,
  take no part in replacement.
* Scope: the item's own scope, else its category's scope, else public. The "public" audience
  sees public items; "party" sees public and party-internal; restricted items never go up.
* Sections are long_term, periodic, immediate; within a section items follow the catalogue
  order of their category (display_order, then id; uncategorised last), then newest first
  (publish_date descending, then number descending in natural order).

When several reasons apply, the first of this list is reported: draft / awaiting review,
restricted, audience, scheduled, withdrawn, expired, superseded.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from board_app.domain.dates import add_days
from board_app.domain.items import (
    Category,
    Item,
    Organization,
    PublicationType,
    Scope,
    Status,
)
from board_app.domain.periods import Period, PeriodError
from board_app.i18n import N_, _

AUDIENCE_PUBLIC = "public"
AUDIENCE_PARTY = "party"
AUDIENCES: dict[str, frozenset[Scope]] = {
    AUDIENCE_PUBLIC: frozenset({Scope.PUBLIC}),
    AUDIENCE_PARTY: frozenset({Scope.PUBLIC, Scope.PARTY_INTERNAL}),
}


class Reason(str, enum.Enum):
    """Why an item is not on the board."""

    DRAFT = "draft"
    AWAITING_REVIEW = "awaiting_review"
    SCHEDULED = "scheduled"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"
    AUDIENCE = "audience"
    RESTRICTED = "restricted"

    @property
    def label(self) -> str:
        """Translated short label for the UI."""
        return _(_REASON_LABELS[self])


_REASON_LABELS = {
    Reason.DRAFT: N_("Draft, not submitted"),
    Reason.AWAITING_REVIEW: N_("Awaiting review"),
    Reason.SCHEDULED: N_("Not yet published"),
    Reason.EXPIRED: N_("Past its last day"),
    Reason.SUPERSEDED: N_("Superseded by a newer period"),
    Reason.WITHDRAWN: N_("Taken down"),
    Reason.AUDIENCE: N_("Not for this audience"),
    Reason.RESTRICTED: N_("Restricted to specific people"),
}


@dataclass
class LeftOff:
    """An item not on the board, with the reason and a translated detail."""

    item: Item
    reason: Reason
    detail: str = ""
    superseded_by: Item | None = None


@dataclass
class BoardSelection:
    """The items of a board by section (all three sections, in board order) and the rest."""

    sections: dict[PublicationType, list[Item]] = field(
        default_factory=lambda: {t: [] for t in PublicationType}
    )
    left_off: list[LeftOff] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        """Every item on the board in board order."""
        return [item for t in PublicationType for item in self.sections[t]]

    def reason_for(self, item: Item) -> LeftOff | None:
        """The LeftOff entry of an item (compared by identity), or None if it is shown."""
        return next((entry for entry in self.left_off if entry.item is item), None)


def resolve_scope(item: Item, categories: dict[int, Category]) -> Scope:
    """The item's scope, else its category's, else public."""
    if item.scope is not None:
        return item.scope
    category = categories.get(item.category_id) if item.category_id is not None else None
    return category.scope if category is not None else Scope.PUBLIC


def withdrawn_by(item: Item, on: date) -> bool:
    """True when the item was taken down on or before ``on``."""
    if item.withdrawn_date is not None:
        return item.withdrawn_date <= on
    return item.status is Status.WITHDRAWN


def published_by(item: Item, on: date) -> bool:
    """Published (or since withdrawn) with a publish_date <= on, and not withdrawn by then."""
    return (
        item.status in (Status.PUBLISHED, Status.WITHDRAWN)
        and item.publish_date is not None
        and item.publish_date <= on
        and not withdrawn_by(item, on)
    )


def last_day(item: Item, org: Organization) -> date | None:
    """The last day an item is up: expire_date, or for an immediate item without one
    publish_date + org.display_days; None when open-ended."""
    if item.expire_date is not None:
        return item.expire_date
    if item.publication_type is PublicationType.IMMEDIATE and item.publish_date is not None:
        return add_days(item.publish_date, max(0, org.display_days))
    return None


def immediate_last_day(item: Item, org: Organization) -> date | None:
    """Last day of an immediate item (see ``last_day``); None for other types."""
    if item.publication_type is not PublicationType.IMMEDIATE:
        return None
    return last_day(item, org)


def is_up(item: Item, org: Organization, on: date) -> bool:
    """Published by ``on`` and not past its last day (ignores audience and replacement)."""
    if not published_by(item, on):
        return False
    end = last_day(item, org)
    return end is None or end >= on


def item_period(item: Item) -> Period | None:
    """The parsed period of an item, or None when missing or malformed."""
    if not item.period:
        return None
    try:
        return Period.parse(item.period)
    except PeriodError:
        return None


def period_rank(period: Period) -> tuple[date, int]:
    """Sort key for "newest period": later end first, then the longer period."""
    return (period.end, period.months)


def natural_key(text: str | None) -> tuple[tuple[int, int | str], ...]:
    """Natural sort key of a number such as "DW-2026-012" (None sorts lowest)."""
    if not text:
        return ()
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", text)
    )


def category_order_key(category: Category | None) -> tuple[int, int, int]:
    """Catalogue order: display_order, then id; unknown categories last."""
    if category is None:
        return (1, 0, 0)
    return (0, category.display_order, category.id if category.id is not None else 0)


def sort_items(items: Iterable[Item], categories: dict[int, Category]) -> list[Item]:
    """Catalogue order of the category, then publish_date and number descending."""
    newest_first = sorted(
        items,
        key=lambda i: (i.publish_date or date.min, natural_key(i.number)),
        reverse=True,
    )
    return sorted(
        newest_first,
        key=lambda i: category_order_key(
            categories.get(i.category_id) if i.category_id is not None else None
        ),
    )


def _fmt(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def _first_reason(item: Item, on: date, scope: Scope, allowed: frozenset[Scope]) -> LeftOff | None:
    """Reasons decided by the item alone (not by other items or expiry)."""
    if item.status is Status.DRAFT:
        return LeftOff(item, Reason.DRAFT)
    if item.status is Status.SUBMITTED:
        return LeftOff(item, Reason.AWAITING_REVIEW, _("Submitted, not yet reviewed"))
    if item.status is Status.REVIEWED:
        return LeftOff(item, Reason.AWAITING_REVIEW, _("Reviewed, not yet published"))
    if scope is Scope.RESTRICTED:
        return LeftOff(item, Reason.RESTRICTED)
    if scope not in allowed:
        return LeftOff(item, Reason.AUDIENCE, _("Party members only"))
    if item.publish_date is None:
        return LeftOff(item, Reason.SCHEDULED, _("No publish date"))
    if item.publish_date > on:
        return LeftOff(
            item, Reason.SCHEDULED, _("Publishes on {date}").format(date=_fmt(item.publish_date))
        )
    if withdrawn_by(item, on):
        if item.withdrawn_date is None:
            detail = _("Taken down")
        elif item.withdrawn_reason:
            detail = _("Taken down on {date}: {reason}").format(
                date=_fmt(item.withdrawn_date), reason=item.withdrawn_reason
            )
        else:
            detail = _("Taken down on {date}").format(date=_fmt(item.withdrawn_date))
        return LeftOff(item, Reason.WITHDRAWN, detail)
    return None


def _expired(item: Item, org: Organization, on: date) -> LeftOff | None:
    end = last_day(item, org)
    if end is not None and end < on:
        return LeftOff(item, Reason.EXPIRED, _("Ended on {date}").format(date=_fmt(end)))
    return None


def _superseded(item: Item, newest: Item) -> LeftOff:
    detail = _("Replaced by {title} ({period})").format(
        title=newest.number or newest.title, period=newest.period or ""
    )
    return LeftOff(item, Reason.SUPERSEDED, detail, superseded_by=newest)


def select_board_items(
    org: Organization,
    categories: Iterable[Category],
    items: Iterable[Item],
    on: date,
    audience: str = AUDIENCE_PUBLIC,
) -> BoardSelection:
    """The items on ``org``'s board on ``on`` for ``audience`` ("public" or "party"),
    by section, and every other item with its reason. See the module docstring."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    allowed = AUDIENCES[audience]
    cats = {c.id: c for c in categories if c.id is not None}
    items = list(items)
    reasons: dict[int, LeftOff] = {}  # keyed by id(item)
    candidates: list[Item] = []
    for item in items:
        entry = _first_reason(item, on, resolve_scope(item, cats), allowed)
        if entry is not None:
            reasons[id(item)] = entry
        else:
            candidates.append(item)

    # Newest period per category among the candidates (expired ones included).
    newest: dict[int, tuple[tuple[date, int], Item]] = {}
    for item in candidates:
        period = item_period(item)
        if item.publication_type is not PublicationType.PERIODIC or period is None:
            continue
        if item.category_id is None:
            continue
        rank = period_rank(period)
        best = newest.get(item.category_id)
        if best is None or (rank, item.publish_date) > (best[0], best[1].publish_date):
            newest[item.category_id] = (rank, item)

    shown: list[Item] = []
    for item in candidates:
        entry = _expired(item, org, on)
        period = item_period(item)
        best = newest.get(item.category_id) if item.category_id is not None else None
        if (
            entry is None
            and best is not None
            and period is not None
            and item.publication_type is PublicationType.PERIODIC
            and period_rank(period) < best[0]
            and item.expire_date is None
        ):
            entry = _superseded(item, best[1])
        if entry is not None:
            reasons[id(item)] = entry
        else:
            shown.append(item)

    selection = BoardSelection()
    for item in sort_items(shown, cats):
        selection.sections[item.publication_type].append(item)
    selection.left_off = [reasons[id(item)] for item in items if id(item) in reasons]
    return selection
