"""Gap-free, duplicate-free numbers: 公开编号 on publish and archive 件号.

A number is taken inside the caller's transaction from a counter row (``number_counter``,
schema step 7) that stays locked until that transaction ends: ``SELECT … FOR UPDATE`` on
PostgreSQL, the single writer on SQLite. Publishers therefore queue on the counter, each sees
the number the previous one committed, and a publish that fails rolls its number back with
everything else: no gap, no duplicate. A counter row is created on first use from the
numbers already in the database; a number already taken (an imported item, say) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw

# Every model used here is imported with this module: Database.bound() binds the model classes
# that exist when a transaction starts, and a model first imported inside one would run its
# queries on whichever database was opened last.
from board_app.storage.archive_models import ArchiveNumberRow
from board_app.storage.feedback_models import FeedbackArchiveRow, FeedbackRow
from board_app.storage.models import BaseModel, ItemRow, OrganizationRow
from board_app.storage.rows import tuples

#: Counter kinds.
ITEM_NUMBER = "item_number"  # scope: the year ("2026")
ARCHIVE_PIECE = "archive_piece"  # scope: year and retention ("2026/永久")
FEEDBACK_NUMBER = "feedback_number"  # scope: the year


class NumberCounterRow(BaseModel):
    """The last number given per organization, kind and scope."""

    organization = pw.ForeignKeyField(OrganizationRow, on_delete="CASCADE")
    organization_id: int  # the foreign key's column, set by peewee
    kind = pw.CharField()
    scope = pw.CharField()
    last_value = pw.IntegerField()

    class Meta:
        table_name = "number_counter"
        primary_key = pw.CompositeKey("organization", "kind", "scope")


def _locked_value(org_id: int, kind: str, scope: str) -> int | None:
    """The counter's value, its row locked until the transaction ends (None: no row yet)."""
    query = NumberCounterRow.select(NumberCounterRow.last_value).where(
        (NumberCounterRow.organization == org_id)
        & (NumberCounterRow.kind == kind)
        & (NumberCounterRow.scope == scope)
    )
    database = NumberCounterRow._meta.database
    if getattr(database, "for_update", False):  # PostgreSQL; SQLite has one writer anyway
        query = query.for_update()
    row = query.first()
    return None if row is None else int(row.last_value)


def take_numbers(
    org_id: int,
    kind: str,
    scope: str,
    count: int,
    *,
    highest_given: Callable[[], int],
    is_taken: Callable[[int], bool],
) -> list[int]:
    """The next ``count`` free numbers of a counter (call inside a transaction).

    ``highest_given`` seeds a new counter from the data; ``is_taken`` tells whether a number is
    already used by a record that did not come through the counter.
    """
    if count <= 0:
        return []
    where = (
        (NumberCounterRow.organization == org_id)
        & (NumberCounterRow.kind == kind)
        & (NumberCounterRow.scope == scope)
    )
    last = _locked_value(org_id, kind, scope)
    if last is None:
        # Two first publishers may both get here: one insert wins, the other does nothing
        # (it waits for the winner's commit on PostgreSQL) and both then lock the one row.
        NumberCounterRow.insert(
            organization=org_id, kind=kind, scope=scope, last_value=highest_given()
        ).on_conflict_ignore().execute()
        last = _locked_value(org_id, kind, scope)
        assert last is not None
    numbers: list[int] = []
    candidate = last + 1
    while len(numbers) < count:
        if not is_taken(candidate):
            numbers.append(candidate)
        candidate += 1
    NumberCounterRow.update(last_value=numbers[-1]).where(where).execute()
    return numbers


# ----- 公开编号 -------------------------------------------------------------------------------
def format_item_number(year: int, seq: int) -> str:
    """公开编号 as printed: year and a sequence of at least three digits (2026-007)."""
    return f"{year}-{seq:03d}"


def _highest_item_seq(org_id: int, year: int) -> int:
    query = ItemRow.select(ItemRow.number).where(
        (ItemRow.organization == org_id) & (ItemRow.number.startswith(f"{year}-"))
    )
    seqs = [
        int(tail) for (number,) in tuples(query) if (tail := str(number).split("-", 1)[1]).isdigit()
    ]
    return max(seqs, default=0)


def take_item_number(org_id: int, year: int) -> str:
    """The next 公开编号 of ``year`` (inside the publishing transaction)."""

    def taken(seq: int) -> bool:
        number = format_item_number(year, seq)
        return (
            ItemRow.select()
            .where((ItemRow.organization == org_id) & (ItemRow.number == number))
            .exists()
        )

    (seq,) = take_numbers(
        org_id,
        ITEM_NUMBER,
        str(year),
        1,
        highest_given=lambda: _highest_item_seq(org_id, year),
        is_taken=taken,
    )
    return format_item_number(year, seq)


# ----- feedback register numbers (YJ-2026-004) ------------------------------------------------
def take_feedback_number(org_id: int, year: int, prefix: str) -> str:
    """The next register number ``prefix`` + three digits (inside the registering
    transaction), e.g. prefix "YJ-2026-" gives "YJ-2026-004"."""
    mine = (FeedbackRow.organization == org_id) & FeedbackRow.number.startswith(prefix)

    def highest() -> int:
        given = tuples(FeedbackRow.select(FeedbackRow.number).where(mine))
        tails = (str(number)[len(prefix) :] for (number,) in given)
        return max((int(t) for t in tails if t.isdigit()), default=0)

    def taken(seq: int) -> bool:
        number = f"{prefix}{seq:03d}"
        return FeedbackRow.select().where(mine & (FeedbackRow.number == number)).exists()

    (seq,) = take_numbers(
        org_id, FEEDBACK_NUMBER, str(year), 1, highest_given=highest, is_taken=taken
    )
    return f"{prefix}{seq:03d}"


# ----- 件号 -----------------------------------------------------------------------------------
def take_archive_pieces(org_id: int, year: int, retention: str, count: int) -> list[int]:
    """The next ``count`` 件号 of a year and retention period, shared by the archived items
    and the year's feedback register (inside the caller's transaction)."""

    def in_items() -> pw.Expression:
        return (
            (ArchiveNumberRow.organization == org_id)
            & (ArchiveNumberRow.year == year)
            & (ArchiveNumberRow.retention == retention)
        )

    def in_register() -> pw.Expression:
        return (
            (FeedbackArchiveRow.organization == org_id)
            & (FeedbackArchiveRow.year == year)
            & (FeedbackArchiveRow.retention == retention)
        )

    def highest() -> int:
        a = ArchiveNumberRow.select(pw.fn.MAX(ArchiveNumberRow.seq)).where(in_items()).scalar()
        b = (
            FeedbackArchiveRow.select(pw.fn.MAX(FeedbackArchiveRow.seq))
            .where(in_register())
            .scalar()
        )
        return max(a or 0, b or 0)

    used: set[int] = set()

    def taken(seq: int) -> bool:
        if not used:  # numbers given outside the counter, read once per run
            used.update(ArchiveNumberRow.select(ArchiveNumberRow.seq).where(in_items()).scalars())
            used.update(
                FeedbackArchiveRow.select(FeedbackArchiveRow.seq).where(in_register()).scalars()
            )
            used.add(0)
        return seq in used

    return take_numbers(
        org_id,
        ARCHIVE_PIECE,
        f"{year}/{retention}",
        count,
        highest_given=highest,
        is_taken=taken,
    )
