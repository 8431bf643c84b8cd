"""Compare-and-set saves of versioned records (items, feedback, matters; schema step 7).

``UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?`` changes the row only
when nobody saved it since it was read, on SQLite as on PostgreSQL and across processes. When
no row matched, :class:`StaleVersionError` says which version is stored now; the caller's
transaction is then rolled back, so nothing was overwritten.
"""

from __future__ import annotations

from typing import Any

import peewee as pw


class StaleVersionError(Exception):
    """A save from version ``base`` met version ``stored`` (None: the record is gone)."""

    def __init__(self, table: str, record_id: int, base: int, stored: int | None) -> None:
        super().__init__(f"{table} {record_id}: saved from version {base}, stored {stored}")
        self.table = table
        self.record_id = record_id
        self.base = base
        self.stored = stored


def stored_version(model: type[pw.Model], record_id: int) -> int | None:
    """The version of a record as stored now (None when it does not exist)."""
    value = model.select(model.version).where(model.id == record_id).scalar()  # type: ignore[attr-defined]
    return None if value is None else int(value)


def update_if_version(
    model: type[pw.Model], record_id: int, base: int, values: dict[str, Any]
) -> int:
    """Write ``values`` to the record only if its version is still ``base``; returns the new
    version. Raises StaleVersionError, with nothing written, when it moved on."""
    changed = (
        model.update(**values, version=model.version + 1)  # type: ignore[attr-defined]
        .where((model.id == record_id) & (model.version == base))  # type: ignore[attr-defined]
        .execute()
    )
    if changed != 1:
        raise StaleVersionError(
            model._meta.table_name, record_id, base, stored_version(model, record_id)
        )
    return base + 1
