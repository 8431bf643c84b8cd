"""Schema step 3: the recycle bin of deleted drafts (frozen DDL, independent of live models)."""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import run_frozen

RECYCLE_BIN_DDL = (
    """
    CREATE TABLE IF NOT EXISTS "deleted_item" (
        "id" INTEGER NOT NULL PRIMARY KEY,
        "organization_id" INTEGER NOT NULL
            REFERENCES "organization" ("id") ON DELETE CASCADE,
        "item_id" INTEGER NOT NULL,
        "title" TEXT NOT NULL,
        "status" VARCHAR(255) NOT NULL,
        "deleted_at" DATETIME NOT NULL,
        "operator" VARCHAR(255) NOT NULL DEFAULT '',
        "payload" TEXT NOT NULL
    )
    """,
    (
        'CREATE INDEX IF NOT EXISTS "deleted_item_organization_id" '
        'ON "deleted_item" ("organization_id")'
    ),
    'CREATE INDEX IF NOT EXISTS "deleted_item_deleted_at" ON "deleted_item" ("deleted_at")',
)


RECYCLE_BIN_DDL_PG = (
    """
    CREATE TABLE IF NOT EXISTS "deleted_item" (
        "id" SERIAL PRIMARY KEY,
        "organization_id" INTEGER NOT NULL
            REFERENCES "organization" ("id") ON DELETE CASCADE,
        "item_id" INTEGER NOT NULL,
        "title" TEXT NOT NULL,
        "status" TEXT NOT NULL,
        "deleted_at" TIMESTAMP NOT NULL,
        "operator" TEXT NOT NULL DEFAULT '',
        "payload" TEXT NOT NULL
    )
    """,
    RECYCLE_BIN_DDL[1],
    RECYCLE_BIN_DDL[2],
)


def v3_recycle_bin(db: pw.Database) -> None:
    """The ``deleted_item`` table: a full copy of each deleted draft, kept for 30 days."""
    run_frozen(db, sqlite=RECYCLE_BIN_DDL, postgresql=RECYCLE_BIN_DDL_PG)
