"""Schema step 7: record versions and number counters (frozen DDL for SQLite and PostgreSQL).

Every editable record (item, feedback, matter) gets a ``version`` that each save raises by
one with a compare-and-set ``UPDATE … WHERE id = ? AND version = ?``: a save made from an
older version is refused instead of writing over someone else's change. ``number_counter``
holds the last 公开编号 / 件号 given per organization, kind and scope (a year, or a year and
retention period); publishers lock its row for the length of their transaction, so numbers
have neither gaps nor duplicates however many clerks publish at once.
"""

from __future__ import annotations

import peewee as pw

_VERSIONED_TABLES = ("item", "feedback", "matter")

#: The counter table, as SQLite writes it.
COUNTER_DDL_SQLITE = (
    'CREATE TABLE IF NOT EXISTS "number_counter" ('
    '"organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE, '
    '"kind" VARCHAR(255) NOT NULL, "scope" VARCHAR(255) NOT NULL, '
    '"last_value" INTEGER NOT NULL, PRIMARY KEY ("organization_id", "kind", "scope"))'
)

#: The same table for PostgreSQL (identical types; kept apart so either can change alone).
COUNTER_DDL_POSTGRESQL = (
    'CREATE TABLE IF NOT EXISTS "number_counter" ('
    '"organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE, '
    '"kind" VARCHAR(255) NOT NULL, "scope" VARCHAR(255) NOT NULL, '
    '"last_value" INTEGER NOT NULL, PRIMARY KEY ("organization_id", "kind", "scope"))'
)

#: Step 7 in the PostgreSQL dialect (ADD COLUMN IF NOT EXISTS makes it safe to re-run).
V7_POSTGRESQL: tuple[str, ...] = (
    *(
        f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "version" INTEGER NOT NULL DEFAULT 1'
        for table in _VERSIONED_TABLES
    ),
    COUNTER_DDL_POSTGRESQL,
)


def _sqlite_columns(db: pw.Database, table: str) -> set[str]:
    return {row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()}


def v7_sqlite(db: pw.Database) -> None:
    """Step 7 on SQLite: ``version`` columns (added only where missing) and the counters."""
    for table in _VERSIONED_TABLES:
        if "version" not in _sqlite_columns(db, table):
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1')
    db.execute_sql(COUNTER_DDL_SQLITE)


def v7_postgresql(db: pw.Database) -> None:
    """Step 7 on PostgreSQL."""
    for statement in V7_POSTGRESQL:
        db.execute_sql(statement)


def v7_versions(db: pw.Database) -> None:
    """Record versions and number counters, in the database's own dialect."""
    if isinstance(db, pw.PostgresqlDatabase):
        v7_postgresql(db)
    else:
        v7_sqlite(db)
