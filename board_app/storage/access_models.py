"""Model of ``access_grant`` (schema step 9): which login acts for which organization or
township in which role. Row-level security reads it on PostgreSQL; a SQLite file keeps it empty.
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.models import BaseModel, OrganizationRow


class AccessGrantRow(BaseModel):
    id = pw.AutoField()
    login = pw.CharField(max_length=63)
    role = pw.CharField(max_length=16)  # clerk | reviewer | township | admin
    organization = pw.ForeignKeyField(OrganizationRow, null=True, on_delete="CASCADE")
    township = pw.CharField(null=True)
    granted_at = pw.DateTimeField()
    granted_by = pw.CharField(max_length=63)

    class Meta:
        table_name = "access_grant"
