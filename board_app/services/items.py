"""Items (公开事项): edit, and the workflow draft → submitted → reviewed → published → withdrawn.

Every change is one transaction with an audit entry listing the changed fields.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from typing import Any

from board_app.domain.ids import stored_id
from board_app.domain.items import Item, LedgerRow, PublicationType, Status
from board_app.domain.money import ledger_totals
from board_app.domain.periods import Period, label_zh
from board_app.domain.queries import ItemFilter, ItemSummary, SortKey
from board_app.errors import ValidationError
from board_app.i18n import _, translate_to
from board_app.services.conflicts import (
    EditConflict,
    EditConflictError,
    item_conflict,
    refusing_stale,
)
from board_app.services.context import Context
from board_app.services.validation import (
    Problem,
    errors_only,
    field_name,
    submission_blockers,
    validate_item,
)

_WORKFLOW_FIELDS = (
    "status",
    "number",
    "withdrawn_date",
    "withdrawn_reason",
    "replaces_id",
    "reviewer",
    "review_date",
    "review_opinion",
)
_COMPARED = [
    f.name for f in fields(Item) if f.name not in ("created_at", "updated_at", "id", "version")
]


def diff_items(before: Item | None, after: Item) -> dict[str, tuple[object, object]]:
    """Field-by-field changes between two versions of an item (images compared by caption)."""
    changes: dict[str, tuple[object, object]] = {}
    for name in _COMPARED:
        old = getattr(before, name) if before is not None else None
        new = getattr(after, name)
        if name == "ledger":
            old = [_ledger_text(r) for r in (old or [])]
            new = [_ledger_text(r) for r in new]
        elif name == "images":
            old = [f"{i.caption} ({len(i.data)} B)" for i in (old or [])]
            new = [f"{i.caption} ({len(i.data)} B)" for i in new]
        if old != new and not (before is None and new in (None, "", [])):
            changes[name] = (old, new)
    return changes


def _edited_fields(before: Item, after: Item) -> dict[str, tuple[object, object]]:
    """The changes of ``after`` that a save would write (workflow fields are not saved)."""
    return {k: v for k, v in diff_items(before, after).items() if k not in _WORKFLOW_FIELDS}


def _ledger_text(row: LedgerRow) -> str:
    return f"{row.date} {row.voucher} {row.summary} +{row.income} -{row.expense}"


class ItemService:
    """Use cases on items."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = ctx.repo

    # ----- reading --------------------------------------------------------------------------
    def get(self, item_id: int) -> Item:
        return self.repo.get_item(item_id)

    def all_for(self, org_id: int, *, year: int | None = None, details: bool = True) -> list[Item]:
        """Every item of an organization; ``details=False`` skips ledgers and images."""
        return self.repo.list_items(org_id, year=year, details=details)

    def count(self, flt: ItemFilter) -> int:
        return self.repo.count_items(flt)

    def table(self, flt: ItemFilter) -> Iterator[tuple[Any, ...]]:
        """Rows of an organization's items for a printed list (see Repository.item_table)."""
        return self.repo.item_table(
            stored_id(flt.organization_id),
            flt.publication_type.value if flt.publication_type else None,
            flt.status.value if flt.status else None,
        )

    def page(
        self,
        flt: ItemFilter,
        *,
        sort: SortKey = SortKey.UPDATED,
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
    ) -> list[ItemSummary]:
        """One sorted page of the item list."""
        return self.repo.query_items(
            flt, sort=sort, descending=descending, offset=offset, limit=limit
        )

    def history(self, item_id: int) -> list:
        """The audit trail of an item, oldest first."""
        return self.repo.audit_for_item(item_id)

    def revision_chain(self, item_id: int) -> list[Item]:
        """Every version of an item, oldest first: what it replaced and what replaced it."""
        item = self.repo.get_item(item_id)
        chain = [item]
        seen = {item.id}
        while chain[0].replaces_id and chain[0].replaces_id not in seen:
            older = self.repo.get_item(chain[0].replaces_id)
            seen.add(older.id)
            chain.insert(0, older)
        newer_id = self.repo.replacing_item_id(stored_id(item.id))
        while newer_id and newer_id not in seen:
            newer = self.repo.get_item(newer_id)
            seen.add(newer.id)
            chain.append(newer)
            newer_id = self.repo.replacing_item_id(newer_id)
        return chain

    def suggest_period(self, category_id: int, today: date) -> str | None:
        """The period a new report of the category should cover: the most recently ended
        period, or the next ones after it when they already have a report."""
        cat = self.repo.get_category(category_id)
        if cat.cadence.value == "as_needed":
            return None
        current = Period.containing(today, cat.cadence)
        period = _previous(current)
        taken = self.repo.periods_reported(category_id)
        while str(period) in taken and period < current.next():
            period = period.next()
        return str(period)

    def suggest_reviewer(self, org_id: int) -> str:
        """Who reviewed this organization's items last (to pre-fill the approve dialog)."""
        return self.repo.last_reviewer(org_id)

    def validate(self, item: Item) -> list[Problem]:
        """Errors and warnings for an item as it would be saved."""
        category = self.repo.get_category(item.category_id) if item.category_id else None
        return validate_item(item, category)

    # ----- editing --------------------------------------------------------------------------
    def _apply_defaults(self, item: Item) -> None:
        if item.category_id is not None:
            cat = self.repo.get_category(item.category_id)
            if item.domain is None:
                item.domain = cat.domain
            if item.scope is None:
                item.scope = cat.scope
            if item.retention is None:
                item.retention = cat.retention
        if item.publication_type is not PublicationType.PERIODIC:
            item.period = item.period or None
        if item.period:
            item.period = str(Period.parse(item.period)) if _parses(item.period) else item.period

    def _check(self, item: Item) -> list[Problem]:
        problems = self.validate(item)
        errors = errors_only(problems)
        if errors:
            raise ValidationError(
                _("“{title}”: {problems}").format(
                    title=item.title, problems="; ".join(str(p) for p in errors)
                ),
                [str(p) for p in errors],
            )
        return problems

    def save(self, item: Item) -> Item:
        """Create or update an item.

        A published or withdrawn item cannot be edited (use ``revise``). Editing a submitted or
        reviewed item returns it to draft and clears the review. A copy read before someone
        else saved the item (``item.version`` older than the stored one) is refused with
        EditConflictError showing both versions; nothing is written.
        """
        if item.organization_id is None:
            raise ValidationError(_("The item has no organization."))
        self._apply_defaults(item)
        self._check(item)
        before = self.repo.get_item(item.id) if item.id is not None else None
        if before is not None and item.version != before.version:
            if not _edited_fields(before, item):
                return before  # nothing of its own to save: the stored version stands
            raise EditConflictError(self.conflict(item))
        with refusing_stale(lambda: self.conflict(item)), self.repo.transaction():
            if before is not None:
                # Workflow fields change only through the workflow steps, never by saving a
                # (possibly stale) copy of the item.
                for name in _WORKFLOW_FIELDS:
                    setattr(item, name, getattr(before, name))
                if before.status in (Status.PUBLISHED, Status.WITHDRAWN):
                    raise ValidationError(
                        _("“{title}” is published; make a revision to change it.").format(
                            title=before.title
                        )
                    )
                changes = diff_items(before, item)
                if not changes:
                    return before
                if before.status in (Status.SUBMITTED, Status.REVIEWED):
                    item.status = Status.DRAFT
                    item.review_date = None
                    item.review_opinion = ""
                    changes = diff_items(before, item)
                self.repo.save_item(item, now=self.ctx.now())
                self.ctx.audit(
                    "item.update",
                    item_id=item.id,
                    organization_id=item.organization_id,
                    changes=changes,
                )
            else:
                if item.status is not Status.DRAFT:
                    raise ValidationError(_("New items start as drafts."))
                item.number = None
                item.withdrawn_date, item.withdrawn_reason = None, ""
                item.review_date, item.review_opinion = None, ""
                self.repo.save_item(item, now=self.ctx.now())
                self.ctx.audit(
                    "item.create",
                    item_id=item.id,
                    organization_id=item.organization_id,
                    changes=diff_items(None, item),
                )
        return item

    def conflict(self, mine: Item) -> EditConflict:
        """Both versions of an item whose save was refused (see services.conflicts)."""
        return item_conflict(self.repo, mine)

    def delete_draft(self, item_id: int) -> None:
        """Move an item that was never published to the recycle bin (restorable for 30 days)."""
        from board_app.services.recycle_bin import RecycleBinService

        item = self.repo.get_item(item_id)
        if item.status in (Status.PUBLISHED, Status.WITHDRAWN):
            raise ValidationError(_("Published items are kept; withdraw them instead."))
        recycle_bin = RecycleBinService(self.ctx)
        with self.repo.transaction():
            recycle_bin.put(item_id)
            self.ctx.audit(
                "item.delete",
                item_id=item_id,
                organization_id=item.organization_id,
                changes={"title": (item.title, None)},
            )
        recycle_bin.purge_expired()

    def _transition(
        self, item_id: int, expected: tuple[Status, ...], action: str, **updates: object
    ) -> Item:
        item = self.repo.get_item(item_id)
        if item.status not in expected:
            raise ValidationError(
                _("“{title}” is {status}; this step is not possible now.").format(
                    title=item.title, status=status_label(item.status)
                )
            )
        before = copy.deepcopy(item)
        # A callable value (the 公开编号) is taken inside the transaction, just before the
        # write: a number counter stays locked for as short a time as possible.
        taken_late = {key: value for key, value in updates.items() if callable(value)}
        for key, value in updates.items():
            if key not in taken_late:
                setattr(item, key, value)
        self._check(item)
        with refusing_stale(lambda: self.conflict(item)), self.repo.transaction():
            for key, take in taken_late.items():
                setattr(item, key, take())
            self.repo.save_workflow(item, tuple(updates), now=self.ctx.now())
            self.ctx.audit(
                action,
                item_id=item.id,
                organization_id=item.organization_id,
                changes=diff_items(before, item),
            )
        return item

    # ----- workflow -------------------------------------------------------------------------
    def submission_problems(self, item: Item) -> list[Problem]:
        """What stops 提交审核: errors, an empty body, no 责任人, ledger dates outside the
        period."""
        return submission_blockers(self.validate(item))

    def submit(self, item_id: int) -> Item:
        """提交审核: draft → submitted; refused with every reason while something blocks it."""
        item = self.repo.get_item(item_id)
        blockers = self.submission_problems(item)
        if item.status is Status.DRAFT and blockers:
            reasons = [f"{field_name(p.field)}: {p.message}" for p in blockers]
            raise ValidationError(
                _("“{title}” cannot be submitted for review yet: {reasons}").format(
                    title=item.title, reasons="; ".join(reasons)
                ),
                reasons,
            )
        return self._transition(item_id, (Status.DRAFT,), "item.submit", status=Status.SUBMITTED)

    def approve(self, item_id: int, *, reviewer: str, on: date, opinion: str = "") -> Item:
        """审核通过: submitted → reviewed, recording who reviewed, when, and the opinion."""
        if not reviewer.strip():
            raise ValidationError(_("Name the reviewer."))
        return self._transition(
            item_id,
            (Status.SUBMITTED,),
            "item.approve",
            status=Status.REVIEWED,
            reviewer=reviewer.strip(),
            review_date=on,
            review_opinion=opinion or translate_to("zh_CN", "Approved for publication."),
        )

    def send_back(self, item_id: int, *, reason: str) -> Item:
        """退回: submitted or reviewed → draft with the reason."""
        if not reason.strip():
            raise ValidationError(_("Give the reason for sending the item back."))
        return self._transition(
            item_id,
            (Status.SUBMITTED, Status.REVIEWED),
            "item.send_back",
            status=Status.DRAFT,
            review_opinion=reason.strip(),
            review_date=None,
        )

    def publish(self, item_id: int, *, on: date | None = None) -> Item:
        """发布: reviewed → published with a 公开编号 and the publish date.

        A preset publish date is kept (a future one means scheduled), else ``on`` or today.
        When the item is a revision, the item it replaces is withdrawn.
        """
        item = self.repo.get_item(item_id)
        publish_date = item.publish_date or on or self.ctx.today()
        org_id = stored_id(item.organization_id)

        def take_number() -> str:
            # from the locked counter: concurrent publishers queue here until this transaction
            # ends, and a failed publish rolls the number back (no gap, no duplicate)
            return self.repo.take_item_number(org_id, publish_date.year)

        with self.repo.transaction():
            item = self._transition(
                item_id,
                (Status.REVIEWED,),
                "item.publish",
                status=Status.PUBLISHED,
                publish_date=publish_date,
                number=item.number or take_number,
            )
            number = item.number
            if item.replaces_id:
                old = self.repo.get_item(item.replaces_id)
                if old.status is Status.PUBLISHED:
                    self._transition(
                        stored_id(old.id),
                        (Status.PUBLISHED,),
                        "item.withdraw",
                        status=Status.WITHDRAWN,
                        withdrawn_date=publish_date,
                        withdrawn_reason=translate_to(
                            "zh_CN", "Replaced by revision {number}"
                        ).format(number=number),
                    )
        return item

    def withdraw(self, item_id: int, *, on: date, reason: str) -> Item:
        """撤下: published → withdrawn with the date and reason.

        A scheduled item (publish date still in the future) may be withdrawn before it goes
        up; it then never appears on a board and is not archived as disclosed.
        """
        if not reason.strip():
            raise ValidationError(_("Give the reason for withdrawing the item."))
        item = self.repo.get_item(item_id)
        scheduled = item.publish_date is not None and item.publish_date > self.ctx.today()
        if item.publish_date and on < item.publish_date and not scheduled:
            raise ValidationError(_("The withdrawal date is before the publish date."))
        return self._transition(
            item_id,
            (Status.PUBLISHED,),
            "item.withdraw",
            status=Status.WITHDRAWN,
            withdrawn_date=on,
            withdrawn_reason=reason.strip(),
        )

    def revise(self, item_id: int) -> Item:
        """修订: a new draft copy of a published item that will replace it when published."""
        old = self.repo.get_item(item_id)
        if old.status is not Status.PUBLISHED:
            raise ValidationError(_("Only published items can be revised."))
        existing = self.repo.replacing_item_id(item_id)
        if existing is not None:
            pending = self.repo.get_item(existing)
            if pending.status not in (Status.PUBLISHED, Status.WITHDRAWN):
                return pending
        new = _copy_for_new(old)
        new.replaces_id = old.id
        new.publish_date = None
        with self.repo.transaction():
            self.repo.save_item(new, now=self.ctx.now())
            self.ctx.audit(
                "item.revise",
                item_id=new.id,
                organization_id=new.organization_id,
                changes={"replaces": (None, old.number)},
            )
        return new

    def same_period_items(self, item: Item, period: str) -> list[Item]:
        """Items (not withdrawn) of the item's organization and category for ``period``."""
        if item.category_id is None:
            return []
        return [
            other
            for other in self.repo.list_items(stored_id(item.organization_id), details=False)
            if other.category_id == item.category_id
            and other.period == period
            and other.status is not Status.WITHDRAWN
            and other.id != item.id
        ]

    def copy_to_next_period(self, item_id: int, *, allow_duplicate: bool = False) -> Item:
        """复制为下一期: a draft for the next period with an empty ledger and no review.

        The previous closing balance becomes the opening balance. When the category already
        has an item for the next period, DuplicatePeriodError is raised unless
        ``allow_duplicate`` (the user confirmed a second one).
        """
        old = self.repo.get_item(item_id)
        if old.publication_type is not PublicationType.PERIODIC or not old.period:
            raise ValidationError(_("Only periodic items can be copied to the next period."))
        period = Period.parse(old.period)
        nxt = period.next()
        existing = self.same_period_items(old, str(nxt))
        if existing and not allow_duplicate:
            raise DuplicatePeriodError(
                _("{period} already has an item in this category: {titles}").format(
                    period=label_zh(nxt), titles="、".join(f"“{i.title}”" for i in existing)
                ),
                [i.title for i in existing],
            )
        new = _copy_for_new(old)
        new.period = str(nxt)
        new.title = _next_title(old.title, period, nxt)
        new.ledger = []
        new.publish_date = None
        new.expire_date = None
        if old.ledger or old.opening_balance is not None:
            new.opening_balance = ledger_totals(old.ledger, old.opening_balance)[2]
        new.images = []
        return self.save(new)


class DuplicatePeriodError(ValidationError):
    """复制为下一期 would make a second item of the same category and period."""


def _previous(period: Period) -> Period:
    if period.index > 1:
        return Period(period.year, period.cadence, period.index - 1)
    return Period(period.year - 1, period.cadence, 12 // period.months)


def _copy_for_new(old: Item) -> Item:
    new = copy.deepcopy(old)
    new.id = None
    new.status = Status.DRAFT
    new.number = None
    new.withdrawn_date = None
    new.withdrawn_reason = ""
    new.reviewer = ""
    new.review_date = None
    new.review_opinion = ""
    new.replaces_id = None
    new.created_at = new.updated_at = None
    for image in new.images:
        image.id = None
    return new


def _next_title(title: str, old: Period, new: Period) -> str:
    for a, b in ((label_zh(old), label_zh(new)), (str(old), str(new))):
        if a in title:
            return title.replace(a, b)
    return title


def _parses(text: str) -> bool:
    try:
        Period.parse(text)
    except ValueError:
        return False
    return True


def status_label(status: Status) -> str:
    """The status as users call it."""
    return {
        Status.DRAFT: _("Draft"),
        Status.SUBMITTED: _("Awaiting review"),
        Status.REVIEWED: _("Reviewed"),
        Status.PUBLISHED: _("Published"),
        Status.WITHDRAWN: _("Withdrawn"),
    }[status]
