"""The recycle bin (回收站): deleted drafts can be restored within ``KEEP_DAYS`` days.

``ItemService.delete_draft`` puts an item here; ``restore`` puts it back with its ledger and
images (under its old id when free, so its history stays attached). Entries older than
``KEEP_DAYS`` are removed when the bin is listed or another draft is deleted. Every change is
one transaction with an audit entry.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from board_app.domain.items import Item
from board_app.errors import AccessDeniedError, ValidationError
from board_app.i18n import _
from board_app.services.context import Context
from board_app.storage.recycle_bin import DeletedItem, RecycleBinStore

KEEP_DAYS = 30


class RecycleBinService:
    """List, look at and restore deleted drafts."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.store = RecycleBinStore(ctx.repo)

    def _cutoff(self) -> datetime:
        return self.ctx.now() - timedelta(days=KEEP_DAYS)

    def put(self, item_id: int) -> DeletedItem:
        """Move an item into the bin (inside the caller's transaction, which audits it)."""
        return self.store.put(item_id, now=self.ctx.now(), operator=self.ctx.operator)

    def entries(self, org_id: int | None = None) -> list[DeletedItem]:
        """Drafts deleted in the last ``KEEP_DAYS`` days, newest first (older ones are purged)."""
        self.purge_expired()
        return self.store.entries(org_id, since=self._cutoff())

    def days_left(self, entry: DeletedItem) -> int:
        """Days until the entry is removed for good, counting a started day (30 right after
        deleting, 1 on the last day, 0 once expired)."""
        left = entry.deleted_at + timedelta(days=KEEP_DAYS) - self.ctx.now()
        return max(0, math.ceil(left.total_seconds() / 86400))

    def item(self, entry_id: int) -> Item:
        """The deleted item of an entry, as it was when deleted."""
        return self.store.entry(entry_id)[1]

    def restore(self, entry_id: int) -> Item:
        """Put a deleted draft back; ValidationError when it is older than ``KEEP_DAYS`` days."""
        entry, _item = self.store.entry(entry_id)
        if entry.deleted_at < self._cutoff():
            raise ValidationError(
                _("“{title}” was deleted more than {days} days ago and cannot be restored.").format(
                    title=entry.title, days=KEEP_DAYS
                )
            )
        with self.ctx.repo.transaction():
            item = self.store.take_back(entry_id, now=self.ctx.now())
            self.ctx.audit(
                "item.restore",
                item_id=item.id,
                organization_id=item.organization_id,
                changes={"title": (None, item.title)},
            )
        return item

    def purge_expired(self) -> int:
        """Remove entries older than ``KEEP_DAYS`` days for good; how many were removed.

        Each organization's purge is audited as its own. A login that may not change the bin
        (a township viewer on a server) purges nothing: expired entries are not listed anyway.
        """
        try:
            with self.ctx.repo.transaction():
                removed = self.store.purge(self._cutoff())
                for org_id, count in removed.items():
                    self.ctx.audit(
                        "recycle_bin.purge",
                        organization_id=org_id,
                        changes={"entries": (count, 0)},
                    )
        except AccessDeniedError:
            return 0
        return sum(removed.values())
