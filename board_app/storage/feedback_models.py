"""peewee models of the feedback register (意见登记), box openings, feedback settings and the
user's holiday entries. Created by the frozen DDL in ``migrations_feedback``; only
``feedback_repository`` uses them.
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.models import BaseModel, OrganizationRow


class FeedbackSettingsRow(BaseModel):
    organization = pw.ForeignKeyField(OrganizationRow, primary_key=True, on_delete="CASCADE")
    organization_id: int  # the foreign key's column, set by peewee
    due_working_days = pw.IntegerField(default=7)
    box_interval_days = pw.IntegerField(default=0)
    board_enabled = pw.BooleanField(default=False)
    retention = pw.CharField(default="10年")

    class Meta:
        table_name = "feedback_settings"


class BoxOpeningRow(BaseModel):
    id = pw.AutoField()
    organization = pw.ForeignKeyField(OrganizationRow, on_delete="CASCADE")
    organization_id: int  # the foreign key's column, set by peewee
    opened = pw.DateField()
    opener_one = pw.CharField()
    opener_two = pw.CharField()
    letters = pw.IntegerField()
    note = pw.TextField(default="")
    created_at = pw.DateTimeField()

    class Meta:
        table_name = "box_opening"


class FeedbackRow(BaseModel):
    id = pw.AutoField()
    organization = pw.ForeignKeyField(OrganizationRow, on_delete="CASCADE")
    organization_id: int  # the foreign key's column, set by peewee
    number = pw.CharField()
    received = pw.DateField()
    channel = pw.CharField()
    kind = pw.CharField()
    content = pw.TextField()
    submitter = pw.CharField(default="")
    contact = pw.CharField(default="")
    item_number = pw.CharField(default="")
    handler = pw.CharField(default="")
    due = pw.DateField(null=True)
    status = pw.CharField()
    reply_text = pw.TextField(default="")
    reply_date = pw.DateField(null=True)
    reply_by = pw.CharField(default="")
    reply_method = pw.CharField(null=True)
    response = pw.CharField(null=True)
    closed_date = pw.DateField(null=True)
    public_summary = pw.TextField(default="")
    post_from = pw.DateField(null=True)
    opening = pw.ForeignKeyField(BoxOpeningRow, null=True, on_delete="SET NULL")
    opening_id: int | None  # the foreign key's column, set by peewee
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    version = pw.IntegerField(default=1)  # raised by one at every save (schema step 7)

    class Meta:
        table_name = "feedback"
        indexes = ((("organization", "number"), True),)


class FeedbackArchiveRow(BaseModel):
    """The 件号 of a year's feedback register (one 件 per organization and year)."""

    id = pw.AutoField()
    organization = pw.ForeignKeyField(OrganizationRow, on_delete="CASCADE")
    year = pw.IntegerField()
    retention = pw.CharField()
    seq = pw.IntegerField()

    class Meta:
        table_name = "feedback_archive"


class CalendarDayRow(BaseModel):
    day = pw.DateField(primary_key=True)
    kind = pw.CharField()  # holiday / workday
    note = pw.CharField(default="")

    class Meta:
        table_name = "calendar_day"
