"""peewee models of the archive: 件号 given to items and the box batches that were built.

Added by schema migration 2 (``migrations._v2_archive``). Only ``archive_repository`` uses them.
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.models import BaseModel, ItemRow, OrganizationRow


class ArchiveNumberRow(BaseModel):
    """The 件号 of an item: one sequence per organization, year and retention period."""

    id = pw.AutoField()
    organization = pw.ForeignKeyField(OrganizationRow, on_delete="CASCADE")
    item = pw.ForeignKeyField(ItemRow, unique=True, on_delete="CASCADE")
    item_id: int  # the foreign key's column, set by peewee
    year = pw.IntegerField()
    retention = pw.CharField()  # Retention value: 永久 / 30年 / 10年
    seq = pw.IntegerField()

    class Meta:
        table_name = "archive_number"
        indexes = ((("organization", "year", "retention", "seq"), True),)


class BoxBatchRow(BaseModel):
    """One archive run written into one box (档案盒): range of 件号, PDF and its SHA-256."""

    id = pw.AutoField()
    organization = pw.ForeignKeyField(OrganizationRow, on_delete="CASCADE")
    organization_id: int  # the foreign key's column, set by peewee
    year = pw.IntegerField()
    retention = pw.CharField()
    box = pw.IntegerField()
    quarter = pw.IntegerField(null=True)
    first_seq = pw.IntegerField()
    last_seq = pw.IntegerField()
    item_count = pw.IntegerField()
    page_count = pw.IntegerField()
    pdf_path = pw.TextField()
    pdf_sha256 = pw.CharField(index=True)
    operator = pw.CharField(default="")
    created_at = pw.DateTimeField()

    class Meta:
        table_name = "box_batch"
        indexes = ((("organization", "year", "retention", "box"), True),)


ARCHIVE_MODELS: list[type[BaseModel]] = [ArchiveNumberRow, BoxBatchRow]
