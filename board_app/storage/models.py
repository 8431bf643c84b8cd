"""peewee models: the tables of one office database.

The models are bound to ``database_proxy`` so the same schema can be opened on SQLite (today)
or on another peewee backend (a later multi-office edition). Nothing outside the storage package
imports these models; the repository turns rows into domain objects.
"""

from __future__ import annotations

from decimal import Decimal

import peewee as pw

CENT = Decimal("0.01")

database_proxy = pw.DatabaseProxy()


class MoneyField(pw.Field):
    """A two-place Decimal stored as exact text ("1239.50"), never as a binary float.

    (SQLite gives DECIMAL columns NUMERIC affinity and keeps such values as REAL.)
    """

    field_type = "TEXT"

    def db_value(self, value: Decimal | None) -> str | None:
        if value is None:
            return None
        return str(Decimal(value).quantize(CENT))

    def python_value(self, value: object) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(CENT)


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Meta(BaseModel):
    """Key/value settings stored in the database (schema version, last backup, ...)."""

    key = pw.CharField(primary_key=True)
    value = pw.TextField()


class OrganizationRow(BaseModel):
    id = pw.AutoField()
    name = pw.CharField(unique=True)
    kind = pw.CharField()
    phone = pw.CharField(default="")
    address = pw.CharField(default="")
    fonds_code = pw.CharField(default="")
    fonds_name = pw.CharField(default="")
    display_days = pw.IntegerField(default=30)
    board_title = pw.CharField(default="")
    board_subtitle = pw.CharField(default="")
    footer_lines = pw.TextField(default="[]")  # JSON list
    board_template = pw.CharField(default="")
    board_theme = pw.CharField(default="red")
    public_numbers = pw.TextField(default="[]")  # JSON list
    tracking_start = pw.DateField(null=True)
    board_options = pw.TextField(default="{}")  # JSON: language, signoff, signoff_text
    township = pw.CharField(default="", index=True)  # 乡镇 (migration step 8)

    class Meta:
        table_name = "organization"


class CategoryRow(BaseModel):
    id = pw.AutoField()
    organization_id: int  # the foreign key's column, set by peewee
    organization = pw.ForeignKeyField(OrganizationRow, backref="categories", on_delete="CASCADE")
    name = pw.CharField()
    domain = pw.CharField()
    publication_type = pw.CharField()
    scope = pw.CharField(default="public")
    cadence = pw.CharField(default="as_needed")
    due_month_offset = pw.IntegerField(null=True)
    due_day = pw.IntegerField(null=True)
    retention = pw.CharField(default="10年")
    display_order = pw.IntegerField(default=0)

    class Meta:
        table_name = "category"
        indexes = ((("organization", "name"), True),)


class ItemRow(BaseModel):
    id = pw.AutoField()
    organization_id: int  # the foreign key's column, set by peewee
    category_id: int | None  # the foreign key's column, set by peewee
    replaces_id: int | None  # the foreign key's column, set by peewee
    organization = pw.ForeignKeyField(OrganizationRow, backref="items", on_delete="CASCADE")
    category = pw.ForeignKeyField(CategoryRow, backref="items", null=True, on_delete="SET NULL")
    domain = pw.CharField(null=True)
    title = pw.TextField()
    body = pw.TextField(default="")
    publication_type = pw.CharField(index=True)
    scope = pw.CharField(null=True)
    period = pw.CharField(null=True, index=True)
    publish_date = pw.DateField(null=True, index=True)
    expire_date = pw.DateField(null=True)
    responsible = pw.CharField(default="")
    reviewer = pw.CharField(default="")
    review_date = pw.DateField(null=True)
    review_opinion = pw.TextField(default="")
    retention = pw.CharField(null=True)
    status = pw.CharField(default="draft", index=True)
    number = pw.CharField(null=True)
    withdrawn_date = pw.DateField(null=True)
    withdrawn_reason = pw.TextField(default="")
    replaces = pw.ForeignKeyField("self", null=True, backref="replaced_by", on_delete="SET NULL")
    opening_balance = MoneyField(null=True)
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField(index=True)
    version = pw.IntegerField(default=1)  # raised by one at every save (schema step 7)

    class Meta:
        table_name = "item"
        indexes = ((("organization", "number"), True),)


class LedgerRowRow(BaseModel):
    id = pw.AutoField()
    item_id: int  # the foreign key's column, set by peewee
    item = pw.ForeignKeyField(ItemRow, backref="ledger_rows", on_delete="CASCADE")
    position = pw.IntegerField()
    date = pw.DateField(null=True)
    voucher = pw.CharField(default="")
    summary = pw.TextField(default="")
    income = MoneyField()
    expense = MoneyField()

    class Meta:
        table_name = "ledger_row"


class ImageRow(BaseModel):
    id = pw.AutoField()
    item_id: int  # the foreign key's column, set by peewee
    item = pw.ForeignKeyField(ItemRow, backref="image_rows", on_delete="CASCADE")
    position = pw.IntegerField()
    caption = pw.TextField(default="")
    media_type = pw.CharField()
    width = pw.IntegerField()
    height = pw.IntegerField()
    data = pw.BlobField()

    class Meta:
        table_name = "image"


class AuditRow(BaseModel):
    id = pw.AutoField()
    at = pw.DateTimeField(index=True)
    operator = pw.CharField()
    action = pw.CharField()
    organization = pw.IntegerField(null=True)
    item = pw.IntegerField(null=True, index=True)
    changes = pw.TextField(default="{}")  # JSON {field: [before, after]}
    db_user = pw.CharField(default="")  # the server's login (a trigger sets it), "" in a file

    class Meta:
        table_name = "audit"


ALL_MODELS: list[type[BaseModel]] = [
    Meta,
    OrganizationRow,
    CategoryRow,
    ItemRow,
    LedgerRowRow,
    ImageRow,
    AuditRow,
]


def all_model_classes() -> list[type[BaseModel]]:
    """Every model class defined on BaseModel (including feature tables such as archives)."""
    out: list[type[BaseModel]] = []
    stack = list(BaseModel.__subclasses__())
    while stack:
        cls = stack.pop()
        out.append(cls)
        stack.extend(cls.__subclasses__())
    return out
