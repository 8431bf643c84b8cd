"""Gap-free, duplicate-free numbers: 公开编号 on publish, register numbers, archive 件号.

A number is taken inside the caller's transaction from a counter row (``number_counter``,
schema step 7) that stays locked until that transaction ends: ``SELECT … FOR UPDATE`` on
PostgreSQL, the single writer on SQLite. Publishers therefore queue on the counter, each sees
the number the previous one committed, and a publish that fails rolls its number back with
everything else: no gap, no duplicate. A counter row is created on first use from the
numbers already in the database; a number already taken is skipped. Imports and pushes number
their records from the same counters (:class:`ItemNumberBatch`, ``take_feedback_number``); a
record that comes with its own number keeps it and the counter moves past it (``keep_*``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

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

#: Longest sequence a counter gives or moves past (2026-999999); a longer one in a record that
#: came from elsewhere is not of the counter's form and leaves the counter alone.
SEQ_DIGITS = 6


def _seq(tail: str) -> int | None:
    """The sequence in ``tail`` ("007" → 7), None when it is not one the counter gives."""
    ok = tail.isascii() and tail.isdigit() and len(tail) <= SEQ_DIGITS  # not "²" or "１"
    return int(tail) if ok else None


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


def _lock_counter(org_id: int, kind: str, scope: str, highest_given: Callable[[], int]) -> int:
    """The counter's value, its row locked until the transaction ends; a missing row is made
    first, seeded by ``highest_given`` (call inside a transaction)."""
    last = _locked_value(org_id, kind, scope)
    if last is None:
        # Two first publishers may both get here: one insert wins, the other does nothing
        # (it waits for the winner's commit on PostgreSQL) and both then lock the one row.
        NumberCounterRow.insert(
            organization=org_id, kind=kind, scope=scope, last_value=highest_given()
        ).on_conflict_ignore().execute()
        last = _locked_value(org_id, kind, scope)
        assert last is not None
    return last


def _store_counter(org_id: int, kind: str, scope: str, value: int) -> None:
    NumberCounterRow.update(last_value=value).where(
        (NumberCounterRow.organization == org_id)
        & (NumberCounterRow.kind == kind)
        & (NumberCounterRow.scope == scope)
    ).execute()


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
    last = _lock_counter(org_id, kind, scope, highest_given)
    numbers: list[int] = []
    candidate = last + 1
    while len(numbers) < count:
        if not is_taken(candidate):
            numbers.append(candidate)
        candidate += 1
    _store_counter(org_id, kind, scope, numbers[-1])
    return numbers


def keep_number(
    org_id: int, kind: str, scope: str, value: int, *, highest_given: Callable[[], int]
) -> None:
    """Move a counter past ``value``, a number a record keeps from elsewhere (an imported
    published item), so that the next number given does not collide with it (call inside
    the transaction that stores the record)."""
    if value > _lock_counter(org_id, kind, scope, highest_given):
        _store_counter(org_id, kind, scope, value)


# ----- 公开编号 -------------------------------------------------------------------------------
def format_item_number(year: int, seq: int) -> str:
    """公开编号 as printed: year and a sequence of at least three digits (2026-007)."""
    return f"{year}-{seq:03d}"


def _item_seqs(org_id: int, year: int) -> list[int]:
    """Sequences of the 公开编号 stored for ``year`` (2026-007 → 7)."""
    query = ItemRow.select(ItemRow.number).where(
        (ItemRow.organization == org_id) & (ItemRow.number.startswith(f"{year}-"))
    )
    seqs = (_seq(str(number).split("-", 1)[1]) for (number,) in tuples(query))
    return [seq for seq in seqs if seq is not None]


def _highest_item_seq(org_id: int, year: int) -> int:
    return max(_item_seqs(org_id, year), default=0)


def item_number_parts(number: str) -> tuple[int, int] | None:
    """(year, sequence) of a 公开编号 in the counter's form ("2026-007" → (2026, 7)), else None."""
    year, sep, seq = number.partition("-")
    year_ok = len(year) == 4 and year[0] != "0" and _seq(year) is not None
    if sep and year_ok and _seq(seq) is not None:
        return int(year), int(seq)
    return None


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


class ItemNumberBatch:
    """公开编号 for many items written in one transaction (an import, a push).

    The same counters as publishing: each year's counter row is locked once, in year order,
    and stays locked until the transaction ends, so publishers wait for the batch and the batch
    for them (no duplicate), and a batch rolled back gives its numbers back (no gap). New numbers
    skip those already stored and those the batch's own items keep (``reserved``); :meth:`keep`
    moves a counter past a kept number. Call :meth:`finish` before the transaction commits.
    """

    def __init__(self, org_id: int, years: Iterable[int], reserved: Iterable[str]) -> None:
        self.org_id = org_id
        self.reserved = set(reserved)
        self._first: dict[int, int] = {}  # counter value when locked, per year
        self._last: dict[int, int] = {}  # last number given or kept, per year
        self._stored: dict[int, set[int]] = {}  # sequences stored in the database, per year
        self._stored_numbers: set[str] = set()
        for year in sorted(set(years)):  # one order for everyone: no deadlock between batches
            self._open(year)

    def _open(self, year: int) -> None:
        if year in self._last:
            return
        last = _lock_counter(
            self.org_id, ITEM_NUMBER, str(year), lambda: _highest_item_seq(self.org_id, year)
        )
        self._first[year] = self._last[year] = last
        # read once the counter is ours: what a publisher who held it committed is seen now
        query = ItemRow.select(ItemRow.number).where(
            (ItemRow.organization == self.org_id) & (ItemRow.number.startswith(f"{year}-"))
        )
        numbers = [str(number) for (number,) in tuples(query)]
        self._stored_numbers.update(numbers)
        seqs = (_seq(n.split("-", 1)[1]) for n in numbers)
        self._stored[year] = {seq for seq in seqs if seq is not None}

    def keep(self, number: str) -> bool:
        """An item keeps ``number``: later numbers of its year come after it. False when
        another item of the database has it already (given while the import was checked)."""
        parts = item_number_parts(number)
        if parts is None:  # not the counter's form: the counter is not concerned
            return not (
                ItemRow.select()
                .where((ItemRow.organization == self.org_id) & (ItemRow.number == number))
                .exists()
            )
        year, seq = parts
        self._open(year)
        self._last[year] = max(self._last[year], seq)
        return number not in self._stored_numbers

    def take(self, year: int) -> str:
        """The next free 公开编号 of ``year``."""
        self._open(year)
        seq = self._last[year] + 1
        while seq in self._stored[year] or format_item_number(year, seq) in self.reserved:
            seq += 1
        self._last[year] = seq
        number = format_item_number(year, seq)
        self.reserved.add(number)
        return number

    def finish(self) -> None:
        """Write the counters that moved (inside the transaction, before it commits)."""
        for year, last in self._last.items():
            if last != self._first[year]:
                _store_counter(self.org_id, ITEM_NUMBER, str(year), last)
                self._first[year] = last


# ----- feedback register numbers (YJ-2026-004) ------------------------------------------------
def _feedback_highest(org_id: int, prefix: str) -> int:
    mine = (FeedbackRow.organization == org_id) & FeedbackRow.number.startswith(prefix)
    given = tuples(FeedbackRow.select(FeedbackRow.number).where(mine))
    seqs = (_seq(str(number)[len(prefix) :]) for (number,) in given)
    return max((seq for seq in seqs if seq is not None), default=0)


def take_feedback_number(
    org_id: int, year: int, prefix: str, reserved: Collection[str] = ()
) -> str:
    """The next register number ``prefix`` + three digits (inside the registering
    transaction), e.g. prefix "YJ-2026-" gives "YJ-2026-004"; ``reserved``: numbers records
    being imported with it keep, not yet stored."""
    mine = (FeedbackRow.organization == org_id) & FeedbackRow.number.startswith(prefix)

    def taken(seq: int) -> bool:
        number = f"{prefix}{seq:03d}"
        return (
            number in reserved
            or FeedbackRow.select().where(mine & (FeedbackRow.number == number)).exists()
        )

    (seq,) = take_numbers(
        org_id,
        FEEDBACK_NUMBER,
        str(year),
        1,
        highest_given=lambda: _feedback_highest(org_id, prefix),
        is_taken=taken,
    )
    return f"{prefix}{seq:03d}"


def keep_feedback_number(org_id: int, year: int, prefix: str, seq: int) -> None:
    """A record keeps register number ``prefix`` + ``seq`` (imported): the year's counter moves
    past it (inside the transaction that stores the record)."""
    keep_number(
        org_id,
        FEEDBACK_NUMBER,
        str(year),
        seq,
        highest_given=lambda: _feedback_highest(org_id, prefix),
    )


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
