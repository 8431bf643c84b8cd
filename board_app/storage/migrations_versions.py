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

#: The same table for PostgreSQL (TEXT for CharField, as in steps 1-6 on this engine).
COUNTER_DDL_POSTGRESQL = (
    'CREATE TABLE IF NOT EXISTS "number_counter" ('
    '"organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE, '
    '"kind" TEXT NOT NULL, "scope" TEXT NOT NULL, '
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


def v7_versions(db: pw.Database) -> None:
    """Record versions and number counters, in the database's own dialect (a ``version``
    column is added only where it is missing)."""
    from board_app.storage.dialect import columns, run_frozen

    missing = [t for t in _VERSIONED_TABLES if "version" not in columns(db, t)]
    add_version = 'ALTER TABLE "{table}" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1'
    run_frozen(
        db,
        sqlite=[*(add_version.format(table=t) for t in missing), COUNTER_DDL_SQLITE],
        postgresql=V7_POSTGRESQL,
    )
