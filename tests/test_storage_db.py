"""Opening, refusing, migrating and closing the database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from board_app.errors import DatabaseUnusableError
from board_app.storage import backup, migrations
from board_app.storage.db import open_database


def test_new_database_has_schema_and_pragmas(db_path: Path):
    with open_database(db_path) as handle:
        db = handle.db
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert migrations.read_version(db) == migrations.schema_version()


def test_close_checkpoints_the_wal(services, party_org, db_path: Path):
    services.close()
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # The main file alone is a whole database.
    copy = db_path.with_name("alone.sqlite3")
    copy.write_bytes(db_path.read_bytes())
    con = sqlite3.connect(copy)
    assert con.execute("SELECT name FROM organization").fetchone()[0] == "东风村党支部"
    con.close()


def test_not_a_database_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes("这不是数据库".encode() * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseUnusableError) as info:
        open_database(path)
    assert str(path) in str(info.value) and "不是" in str(info.value)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path: Path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseUnusableError):
        open_database(path)


def test_damaged_database_names_file_and_newest_backup(services, party_org, db_path: Path):
    services.close()
    saved = backup.backup_to(
        db_path, backup.backups_dir(db_path) / "office-20261101-080000.sqlite3"
    )
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 6)):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(DatabaseUnusableError) as info:
        open_database(db_path)
    message = str(info.value)
    assert str(db_path) in message and saved.name in message
    assert db_path.read_bytes() == before


def test_newer_database_is_refused(db_path: Path):
    with open_database(db_path) as handle:
        handle.db.execute_sql("UPDATE meta SET value='999' WHERE key='schema_version'")
    with pytest.raises(DatabaseUnusableError) as info:
        open_database(db_path)
    assert "999" in str(info.value)
    assert info.value.exit_code == 3


def test_migration_makes_a_backup_first(db_path: Path, monkeypatch):
    with open_database(db_path) as handle:
        handle.db.execute_sql("INSERT INTO meta(key, value) VALUES ('probe', 'before')")
    ran = []

    def step(db):
        ran.append(True)
        db.execute_sql("CREATE TABLE probe_v99 (x)")

    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + [(99, step)])
    with open_database(db_path) as handle:
        assert ran and migrations.read_version(handle.db) == 99
        assert handle.backups_made and handle.backups_made[0].exists()
        old = sqlite3.connect(handle.backups_made[0])
        assert (
            old.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] != "99"
        )
        old.close()


def test_second_writer_is_told_who_holds_the_file(services, db_path: Path):
    import getpass
    import socket

    with pytest.raises(DatabaseUnusableError) as info:
        open_database(db_path, wait=0.1)
    assert socket.gethostname() in str(info.value)
    assert getpass.getuser() in str(info.value)


def test_two_databases_open_in_one_process(tmp_path: Path):
    from board_app.domain.items import Organization
    from board_app.services.context import open_services

    a = open_services(tmp_path / "a.sqlite3")
    b = open_services(tmp_path / "b.sqlite3")
    try:
        a.orgs.create(Organization(name="甲村"))
        b.orgs.create(Organization(name="乙村"))
        assert [o.name for o in a.orgs.all()] == ["甲村"]
        assert [o.name for o in b.orgs.all()] == ["乙村"]
    finally:
        a.close()
        b.close()


def test_restore_keeps_the_lock_and_the_services_usable(
    services, party_org, db_path: Path, tmp_path: Path
):
    from board_app.domain.items import Organization

    saved = backup.backup_to(db_path, tmp_path / "saved.sqlite3")
    services.orgs.create(Organization(name="后来的村"))
    safety = services.restore_from(saved)
    assert safety is not None and safety.exists()
    with pytest.raises(DatabaseUnusableError):  # nobody else got in meanwhile
        open_database(db_path, wait=0)
    assert [o.name for o in services.orgs.all()] == ["东风村党支部"]
    services.orgs.create(Organization(name="恢复后新建"))
    assert len(services.orgs.all()) == 2


def test_worker_threads_share_the_one_connection(services, party_org):
    import threading

    seen = []

    def work():
        seen.append(services.database.db.connection())
        services.orgs.all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen[0] is services.database.db.connection()


def test_money_is_stored_as_exact_text(services, party_org, db_path: Path):
    from datetime import date
    from decimal import Decimal

    from board_app.domain.items import Item, LedgerRow, PublicationType

    big = Decimal("9999999999999.99")
    item = services.items.save(
        Item(
            title="大额",
            publication_type=PublicationType.LONG_TERM,
            organization_id=party_org.id,
            opening_balance=Decimal("-0.10"),
            ledger=[LedgerRow(date=date(2026, 1, 1), income=big)],
        )
    )
    raw = services.database.db.execute_sql(
        "SELECT typeof(income), income FROM ledger_row"
    ).fetchone()
    assert raw == ("text", "9999999999999.99")
    back = services.items.get(item.id)
    assert back.ledger[0].income == big and back.opening_balance == Decimal("-0.10")
