"""The id of a record read from the database (domain objects carry ``id: int | None``)."""

from __future__ import annotations

from typing import Protocol


class _Record(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(record: _Record) -> int:
    """``record.id``; a record the UI shows or acts on was read from the database, so a
    missing id is a programming error (ValueError), not a user's mistake."""
    if record.id is None:
        raise ValueError(f"{type(record).__name__} has not been saved")
    return record.id
