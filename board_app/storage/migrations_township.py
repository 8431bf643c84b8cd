"""Schema step 8: the township (乡镇) an organization belongs to.

A township's 三务公开 office oversees the villages of one database; each organization carries
the township's name (empty: none). A name, not a parent organization: a village usually has two
organizations (党支部 and 村民委员会) that both belong to it, and a township viewer's rights are
"every organization of its township". Frozen DDL, one text per dialect; the step does nothing
when the column exists (a database that was given it by hand).
"""

from __future__ import annotations

import peewee as pw

#: Frozen DDL of step 8 per database dialect (peewee's database class name, lower case).
TOWNSHIP_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "ALTER TABLE organization ADD COLUMN township VARCHAR(255) NOT NULL DEFAULT ''",
        'CREATE INDEX "organization_township" ON "organization" ("township")',
    ),
    "postgresql": (
        "ALTER TABLE organization ADD COLUMN township VARCHAR(255) NOT NULL DEFAULT ''",
        'CREATE INDEX "organization_township" ON "organization" ("township")',
    ),
}


def dialect(db: pw.Database) -> str:
    """ "postgresql" for a PostgreSQL database, else "sqlite"."""
    return "postgresql" if isinstance(db, pw.PostgresqlDatabase) else "sqlite"


def _columns(db: pw.Database) -> set[str]:
    return {column.name for column in db.get_columns("organization")}


def add_township(db: pw.Database) -> None:
    """Add ``organization.township`` (default "") and its index."""
    if "township" in _columns(db):
        return
    for sql in TOWNSHIP_DDL[dialect(db)]:
        db.execute_sql(sql)
