"""Schema step 8: the township (乡镇) an organization belongs to.

A township's 三务公开 office oversees the villages of one database; each organization carries
the township's name (empty: none). A name, not a parent organization: a village usually has two
organizations (党支部 and 村民委员会) that both belong to it, and a township viewer's rights are
"every organization of its township". Frozen DDL, one text per engine (``dialect.run_frozen``;
PostgreSQL uses TEXT for text columns like steps 1–6); the step does nothing when the column
exists (a database that was given it by hand).
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import columns, run_frozen

SQLITE_DDL = (
    "ALTER TABLE organization ADD COLUMN township VARCHAR(255) NOT NULL DEFAULT ''",
    'CREATE INDEX "organization_township" ON "organization" ("township")',
)
POSTGRESQL_DDL = (
    "ALTER TABLE organization ADD COLUMN township TEXT NOT NULL DEFAULT ''",
    'CREATE INDEX "organization_township" ON "organization" ("township")',
)


def add_township(db: pw.Database) -> None:
    """Add ``organization.township`` (default "") and its index."""
    if "township" in columns(db, "organization"):
        return
    run_frozen(db, sqlite=SQLITE_DDL, postgresql=POSTGRESQL_DDL)
