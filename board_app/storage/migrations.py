"""Numbered schema migrations, each run in its own transaction.

:func:`schema_version` is the version this program writes (the highest step). A database with a
higher version was written by a newer program and is refused. Before migrating an existing
database, db.py saves a backup copy. Each step runs frozen SQL (``schema_frozen``), never the
live models, so changing a model cannot break the upgrade of an old database. Add a step by
appending ``(n, function)`` to ``MIGRATIONS``; the function runs its DDL with
``dialect.run_frozen(db, sqlite=..., postgresql=...)`` (one frozen text per engine).
tests/data/schema-v<N>.sqlite3 keeps a database of every released version, and tests check
each migrates to what a new database has.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw

from board_app.storage import (
    migrations_matters,
    migrations_roles,
    migrations_search,
    models,
    schema_frozen,
    schema_frozen_pg,
)
from board_app.storage.dialect import run_frozen, sql, upsert
from board_app.storage.migrations_recycle import v3_recycle_bin
from board_app.storage.migrations_versions import v7_versions
from board_app.version import app_version

APP_ID = "board-app"
#: Meta key of the program version that last migrated the schema (the version a file needs).
APP_VERSION_KEY = "app_version"


def _v1_initial(db: pw.Database) -> None:
    """Tables for organizations, catalogue, items, ledger rows, images and the audit log."""
    run_frozen(db, sqlite=schema_frozen.V1_TABLES, postgresql=schema_frozen_pg.V1_TABLES)


def _v2_archive(db: pw.Database) -> None:
    """Archive 件号 per item and the recorded box batches."""
    run_frozen(db, sqlite=schema_frozen.V2_ARCHIVE, postgresql=schema_frozen_pg.V2_ARCHIVE)


def _v4_board_options(db: pw.Database) -> None:
    """The organization's board options (board language, 落款)."""
    from board_app.storage.migrations_board import add_board_options

    add_board_options(db)


def _v5_feedback(db: pw.Database) -> None:
    """Feedback register, box openings and holiday entries (frozen DDL)."""
    from board_app.storage import migrations_feedback

    migrations_feedback.v5_feedback(db)


def _v8_township(db: pw.Database) -> None:
    """The township an organization belongs to (frozen DDL per dialect)."""
    from board_app.storage.migrations_township import add_township

    add_township(db)


MIGRATIONS: list[tuple[int, Callable[[pw.Database], None]]] = [
    (1, _v1_initial),
    (2, _v2_archive),
    (3, v3_recycle_bin),
    (4, _v4_board_options),
    (5, _v5_feedback),
    (6, migrations_matters.matters_tables),
    (7, v7_versions),
    (8, _v8_township),
    (9, migrations_roles.v9_access_control),
    (10, migrations_search.v10_short_term_index),
]


def schema_version() -> int:
    """The schema version this program writes."""
    return max(v for v, _ in MIGRATIONS)


def read_version(db: pw.Database) -> int | None:
    """Version stored in the database; 0 for an empty database; None if it is not ours."""
    tables = set(db.get_tables())
    if not tables:
        return 0
    if "meta" not in tables:
        return None
    rows = dict(db.execute_sql("SELECT key, value FROM meta").fetchall())
    if rows.get("app") != APP_ID:
        return None
    return int(rows.get("schema_version", "0"))


def written_by(db: pw.Database) -> str | None:
    """The program version that wrote the database's schema (None for older files)."""
    if "meta" not in set(db.get_tables()):
        return None
    row = db.execute_sql(
        sql(db, "SELECT value FROM meta WHERE key = ?"), (APP_VERSION_KEY,)
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def migrate(db: pw.Database, current: int) -> list[int]:
    """Run every step above ``current``; returns the versions applied."""
    applied = []
    for version, step in MIGRATIONS:
        if version <= current:
            continue
        with db.atomic():
            step(db)
            upsert(models.Meta, {"key": "app", "value": APP_ID}, ["key"])
            upsert(models.Meta, {"key": "schema_version", "value": str(version)}, ["key"])
            # Which program wrote this schema: an older one names it when refusing the file.
            upsert(models.Meta, {"key": APP_VERSION_KEY, "value": app_version()}, ["key"])
        applied.append(version)
    return applied
