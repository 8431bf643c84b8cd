"""Ids of stored records.

The domain dataclasses carry ``id: int | None``: None until the record is stored. Code that
works on records read from the database (every service use case that takes an organization,
item, matter or feedback record found by the repository) needs the id as an ``int``.
"""

from __future__ import annotations


def stored_id(record_id: int | None) -> int:
    """The id of a stored record; ValueError for a record that was never stored (a bug)."""
    if record_id is None:
        raise ValueError("the record has not been stored (it has no id)")
    return record_id
