"""Archive records: 件号 per item and box batches (the only module that knows their tables)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import peewee as pw

from board_app.domain.items import Retention
from board_app.storage import numbering
from board_app.storage.archive_models import ArchiveNumberRow, BoxBatchRow
from board_app.storage.repository import Repository


@dataclass
class BoxBatch:
    """One recorded archive run: the box it fills, its 件号 range and the PDF written."""

    organization_id: int
    year: int
    retention: Retention
    box: int
    first_seq: int
    last_seq: int
    item_count: int
    page_count: int
    pdf_path: str
    pdf_sha256: str
    created_at: datetime
    quarter: int | None = None
    operator: str = ""
    id: int | None = None


def _batch(row: BoxBatchRow) -> BoxBatch:
    created = row.created_at
    if isinstance(created, str):
        created = datetime.fromisoformat(created)
    return BoxBatch(
        id=row.id,
        organization_id=row.organization_id,
        year=row.year,
        retention=Retention(row.retention),
        box=row.box,
        quarter=row.quarter,
        first_seq=row.first_seq,
        last_seq=row.last_seq,
        item_count=row.item_count,
        page_count=row.page_count,
        pdf_path=row.pdf_path,
        pdf_sha256=row.pdf_sha256,
        operator=row.operator,
        created_at=created.replace(tzinfo=timezone.utc) if created.tzinfo is None else created,
    )


class ArchiveStore:
    """Reads and writes archive numbers and box batches in the repository's database."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    # ----- 件号 -------------------------------------------------------------------------------
    def numbers(self, org_id: int, year: int, retention: Retention) -> dict[int, int]:
        """``{item id: 件号}`` already given in one year and retention period."""
        query = ArchiveNumberRow.select(ArchiveNumberRow.item, ArchiveNumberRow.seq).where(
            (ArchiveNumberRow.organization == org_id)
            & (ArchiveNumberRow.year == year)
            & (ArchiveNumberRow.retention == retention.value)
        )
        return {row.item_id: row.seq for row in query}

    def year_numbers(self, org_id: int, year: int) -> dict[int, tuple[Retention, int]]:
        """``{item id: (retention, 件号)}`` given in one year, whatever the retention."""
        query = ArchiveNumberRow.select(
            ArchiveNumberRow.item, ArchiveNumberRow.retention, ArchiveNumberRow.seq
        ).where((ArchiveNumberRow.organization == org_id) & (ArchiveNumberRow.year == year))
        return {row.item_id: (Retention(row.retention), row.seq) for row in query}

    def number_of(self, item_id: int) -> tuple[int, Retention, int] | None:
        """(year, retention, 件号) given to an item, or None."""
        row = ArchiveNumberRow.get_or_none(ArchiveNumberRow.item == item_id)
        return (row.year, Retention(row.retention), row.seq) if row else None

    def assign(
        self, org_id: int, year: int, retention: Retention, item_ids: list[int]
    ) -> dict[int, int]:
        """Give the next 件号 to each item in ``item_ids`` without one; returns every number.

        Numbers already given are kept; new ones follow the highest in order of ``item_ids``.
        """
        with self.repo.transaction():
            have = self.numbers(org_id, year, retention)
            fresh = [item_id for item_id in dict.fromkeys(item_ids) if item_id not in have]
            # from the locked counter shared with the feedback register: no gap, no duplicate
            seqs = self.take_pieces(org_id, year, retention, len(fresh))
            new = []
            for item_id, seq in zip(fresh, seqs, strict=True):
                have[item_id] = seq
                new.append(
                    {
                        "organization": org_id,
                        "year": year,
                        "retention": retention.value,
                        "item": item_id,
                        "seq": seq,
                    }
                )
            for start in range(0, len(new), 200):
                ArchiveNumberRow.insert_many(new[start : start + 200]).execute()
        return have

    def take_pieces(self, org_id: int, year: int, retention: Retention, count: int) -> list[int]:
        """The next ``count`` 件号 of a year and retention period (items and the feedback
        register share the sequence), from a counter locked until the transaction ends."""
        with self.repo.transaction():
            return numbering.take_archive_pieces(org_id, year, retention.value, count)

    # ----- box batches ------------------------------------------------------------------------
    def _where(self, org_id: int, year: int, retention: Retention) -> pw.Expression:
        return (
            (BoxBatchRow.organization == org_id)
            & (BoxBatchRow.year == year)
            & (BoxBatchRow.retention == retention.value)
        )

    def batches(self, org_id: int, year: int) -> list[BoxBatch]:
        """Recorded batches of a year, by retention (永久, 30年, 10年) then box number."""
        order = {r.value: i for i, r in enumerate(Retention)}
        rows = BoxBatchRow.select().where(
            (BoxBatchRow.organization == org_id) & (BoxBatchRow.year == year)
        )
        return sorted((_batch(r) for r in rows), key=lambda b: (order[b.retention.value], b.box))

    def batch(self, org_id: int, year: int, retention: Retention, box: int) -> BoxBatch | None:
        row = BoxBatchRow.get_or_none(
            self._where(org_id, year, retention) & (BoxBatchRow.box == box)
        )
        return _batch(row) if row else None

    def batch_by_sha(self, sha256: str) -> BoxBatch | None:
        row = BoxBatchRow.get_or_none(BoxBatchRow.pdf_sha256 == sha256)
        return _batch(row) if row else None

    def box_for(self, org_id: int, year: int, retention: Retention, first_seq: int) -> int:
        """Box number for a run starting at ``first_seq``: the box of a batch that started there
        (a rebuild), else the next free number of the year and retention."""
        rows = list(BoxBatchRow.select().where(self._where(org_id, year, retention)))
        for row in rows:
            if row.first_seq == first_seq:
                return int(row.box)
        return max((int(r.box) for r in rows), default=0) + 1

    def overlapping(
        self, org_id: int, year: int, retention: Retention, first: int, last: int, box: int
    ) -> list[BoxBatch]:
        """Recorded batches of other boxes whose 件号 range overlaps ``first``–``last``."""
        rows = BoxBatchRow.select().where(
            self._where(org_id, year, retention)
            & (BoxBatchRow.box != box)
            & (BoxBatchRow.first_seq <= last)
            & (BoxBatchRow.last_seq >= first)
        )
        return sorted((_batch(r) for r in rows), key=lambda b: b.box)

    def record(self, batch: BoxBatch) -> BoxBatch:
        """Save a batch, replacing the record of the same box (a rebuild)."""
        data = {
            "organization": batch.organization_id,
            "year": batch.year,
            "retention": batch.retention.value,
            "box": batch.box,
            "quarter": batch.quarter,
            "first_seq": batch.first_seq,
            "last_seq": batch.last_seq,
            "item_count": batch.item_count,
            "page_count": batch.page_count,
            "pdf_path": batch.pdf_path,
            "pdf_sha256": batch.pdf_sha256,
            "operator": batch.operator,
            "created_at": batch.created_at.astimezone(timezone.utc).replace(tzinfo=None),
        }
        with self.repo.transaction():
            BoxBatchRow.delete().where(
                self._where(batch.organization_id, batch.year, batch.retention)
                & (BoxBatchRow.box == batch.box)
            ).execute()
            batch.id = BoxBatchRow.insert(**data).execute()
        return batch

    def item_exists(self, item_id: int) -> bool:
        """Whether an item with this id is in the database."""
        from board_app.storage.models import ItemRow

        return ItemRow.select().where(ItemRow.id == item_id).exists()
