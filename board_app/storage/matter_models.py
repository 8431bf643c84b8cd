"""peewee models of the 四议两公开 tables (matters, their meetings, spending, settings).

Created by the frozen DDL of :mod:`board_app.storage.migrations_matters`; only
:mod:`board_app.storage.matter_store` uses these models.
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.models import BaseModel, ItemRow, MoneyField, OrganizationRow


class MatterRow(BaseModel):
    id = pw.AutoField()
    organization_id: int  # the foreign key's column, set by peewee
    resolution_item_id: int | None
    result_item_id: int | None
    organization = pw.ForeignKeyField(OrganizationRow, on_delete="CASCADE")
    title = pw.TextField()
    kind = pw.TextField(default="")
    proposer = pw.TextField(default="")
    description = pw.TextField(default="")
    budget = MoneyField(null=True)
    implemented_on = pw.DateField(null=True)
    result_summary = pw.TextField(default="")
    resolution_item = pw.ForeignKeyField(ItemRow, null=True, on_delete="SET NULL")
    result_item = pw.ForeignKeyField(ItemRow, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()
    version = pw.IntegerField(default=1)  # raised by one at every save (schema step 7)

    class Meta:
        table_name = "matter"


class MatterStepRow(BaseModel):
    id = pw.AutoField()
    matter_id: int
    matter = pw.ForeignKeyField(MatterRow, on_delete="CASCADE")
    position = pw.IntegerField()
    kind = pw.CharField()
    body = pw.CharField()
    held_on = pw.DateField(null=True)
    place = pw.TextField(default="")
    chair = pw.TextField(default="")
    recorder = pw.TextField(default="")
    members = pw.IntegerField(null=True)
    present = pw.IntegerField(null=True)
    member_names = pw.TextField(default="")
    present_names = pw.TextField(default="")
    summary = pw.TextField(default="")
    votes_for = pw.IntegerField(null=True)
    votes_against = pw.IntegerField(null=True)
    abstentions = pw.IntegerField(null=True)
    outcome = pw.CharField(null=True)
    supervisors_attended = pw.BooleanField(default=False)
    supervisors = pw.TextField(default="")
    then = pw.CharField(default="")
    closed = pw.BooleanField(default=False)

    class Meta:
        table_name = "matter_step"


class MatterSpendingRow(BaseModel):
    id = pw.AutoField()
    matter_id: int
    matter = pw.ForeignKeyField(MatterRow, on_delete="CASCADE")
    position = pw.IntegerField()
    date = pw.DateField(null=True)
    voucher = pw.TextField(default="")
    summary = pw.TextField(default="")
    income = MoneyField()
    expense = MoneyField()

    class Meta:
        table_name = "matter_spending"


class MatterSettingsRow(BaseModel):
    organization = pw.ForeignKeyField(OrganizationRow, primary_key=True, on_delete="CASCADE")
    data = pw.TextField()  # JSON of domain.matter_rules.MatterSettings

    class Meta:
        table_name = "matter_settings"
