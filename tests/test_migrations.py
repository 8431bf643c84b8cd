"""Every released schema version migrates to exactly what a new database has."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from board_app.storage import migrations
from board_app.storage.db import open_database

DATA = Path(__file__).resolve().parent / "data"
FIXTURES = sorted(DATA.glob("schema-v*.sqlite3"))


def _schema(path: Path) -> set[tuple[str, str, str]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
    finally:
        con.close()
    return {(t, n, " ".join((s or "").split())) for t, n, s in rows}


def _count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_a_fixture_for_every_released_version() -> None:
    versions = {int(p.stem.split("-v")[1]) for p in FIXTURES}
    assert {1, 2} <= versions  # released so far; new ones are added when released


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_old_database_migrates_to_the_current_schema(fixture: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    shutil.copy(fixture, old)
    items = _count(old, "item")
    database = open_database(old)
    try:
        assert migrations.read_version(database.db) == migrations.schema_version()
    finally:
        database.close()
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).close()
    assert _schema(old) == _schema(fresh)
    assert _count(old, "item") == items > 0
    con = sqlite3.connect(old)
    try:
        hits = con.execute(
            "SELECT COUNT(*) FROM item_fts WHERE item_fts MATCH '党费收缴'"
        ).fetchone()
    finally:
        con.close()
    assert hits[0] >= 1  # the search index came along


def test_steps_run_frozen_sql_not_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """A step must not depend on today's models: creating tables through them is forbidden."""
    import peewee as pw

    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("a migration step used create_tables()")

    monkeypatch.setattr(pw.Database, "create_tables", refuse)
    db = pw.SqliteDatabase(":memory:")
    db.connect()
    from board_app.storage import models

    models.database_proxy.initialize(db)
    try:
        migrations.migrate(db, 0)
    finally:
        models.database_proxy.initialize(None)
    assert migrations.read_version(db) == migrations.schema_version()
