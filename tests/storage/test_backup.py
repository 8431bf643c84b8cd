"""Backups: online copies of WAL databases, daily rolling backups, disk guard, restore."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from board_app.storage import backup
from board_app.storage.backup import (
    BackupError,
    backup_to,
    backups_dir,
    is_sqlite_file,
    list_backups,
    newest_backup,
    quick_check,
    restore,
    rolling_backup,
)

T0 = datetime(2024, 3, 1, 9, 30, 0)


def make_db(path: Path, rows: int = 10, tag: str = "a") -> sqlite3.Connection:
    """A WAL database whose rows stay in the -wal file (no checkpoint); returns the connection."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, tag TEXT)")
    # Marked as a board-app database: restore refuses anything else.
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [("app", "board-app"), ("schema_version", "1")],
    )
    conn.executemany("INSERT INTO item (tag) VALUES (?)", [(tag,)] * rows)
    conn.commit()
    return conn


def tags(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT tag FROM item ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    db = tmp_path / "data" / "board.sqlite3"
    db.parent.mkdir()
    conn = make_db(db)
    yield db, conn
    conn.close()


def test_backup_contains_uncheckpointed_wal(live: tuple[Path, sqlite3.Connection]) -> None:
    db, conn = live
    wal = db.with_name(db.name + "-wal")
    assert wal.stat().st_size > 0  # the rows are only in the WAL
    conn.execute("INSERT INTO item (tag) VALUES ('late')")
    conn.commit()

    dest = db.parent / "elsewhere" / "nested" / "copy.sqlite3"
    assert backup_to(db, dest) == dest
    assert tags(dest) == ["a"] * 10 + ["late"]
    assert quick_check(dest) == []
    # The copy is one self-contained file (rollback journal), no temp files left.
    assert dest.read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.sqlite3"]
    # The live database is unaffected and still writable.
    conn.execute("INSERT INTO item (tag) VALUES ('after')")
    conn.commit()
    assert tags(dest)[-1] == "late"


def test_backup_replaces_existing_dest(
    live: tuple[Path, sqlite3.Connection], tmp_path: Path
) -> None:
    db, _conn = live
    dest = tmp_path / "copy.sqlite3"
    dest.write_bytes(b"old junk")
    backup_to(db, dest)
    assert tags(dest) == ["a"] * 10


def test_backup_of_missing_db(tmp_path: Path) -> None:
    with pytest.raises(BackupError):
        backup_to(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "missing.sqlite3").exists()
    assert list(tmp_path.iterdir()) == []


def test_rolling_once_a_day_keeps_14(live: tuple[Path, sqlite3.Connection]) -> None:
    db, conn = live
    assert backups_dir(db) == db.parent / "backups"
    first = rolling_backup(db, T0)
    assert first == db.parent / "backups" / "board-20240301-093000.sqlite3"
    assert first.exists()
    # Same calendar day: skipped.
    assert rolling_backup(db, T0 + timedelta(hours=10)) is None
    made = [first]
    for day in range(1, 20):
        conn.execute("INSERT INTO item (tag) VALUES (?)", (f"d{day}",))
        conn.commit()
        now = T0 + timedelta(days=day, minutes=day)
        made.append(rolling_backup(db, now))
        assert rolling_backup(db, now + timedelta(hours=1)) is None
    backups = list_backups(db)
    assert len(backups) == 14
    assert backups == list(reversed(made[-14:]))  # newest first, oldest deleted
    assert newest_backup(db) == made[-1]
    assert tags(made[-1])[-1] == "d19"
    assert not made[0].exists()


def test_rolling_keep_argument(live: tuple[Path, sqlite3.Connection]) -> None:
    db, _conn = live
    for day in range(5):
        rolling_backup(db, T0 + timedelta(days=day), keep=3)
    assert [backup.backup_time(p) for p in list_backups(db)] == [
        T0 + timedelta(days=d) for d in (4, 3, 2)
    ]


def test_rolling_without_database(tmp_path: Path) -> None:
    assert rolling_backup(tmp_path / "board.sqlite3", T0) is None
    assert not (tmp_path / "backups").exists()
    assert list_backups(tmp_path / "board.sqlite3") == []
    assert newest_backup(tmp_path / "board.sqlite3") is None


def test_disk_full_guard(
    live: tuple[Path, sqlite3.Connection],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    db, _conn = live
    size = db.stat().st_size + db.with_name(db.name + "-wal").stat().st_size
    needed = 2 * size + 50 * 1024 * 1024
    real = shutil.disk_usage

    def usage(free: int) -> Any:
        def fake(path: Any) -> Any:
            total, used, _free = real(path)
            return type(real(path))(total, used, free)

        return fake

    monkeypatch.setattr(shutil, "disk_usage", usage(needed - 1))
    with caplog.at_level("WARNING", logger="board_app.storage.backup"):
        assert rolling_backup(db, T0) is None
    assert "skipped" in caplog.text
    assert list_backups(db) == []

    monkeypatch.setattr(shutil, "disk_usage", usage(needed))
    assert rolling_backup(db, T0) is not None


def test_list_ignores_other_files(live: tuple[Path, sqlite3.Connection]) -> None:
    db, _conn = live
    folder = backups_dir(db)
    folder.mkdir()
    for name in (
        "other-20240305-000000.sqlite3",  # another database
        "board-x-20240305-000000.sqlite3",
        "board-2024-03-05.sqlite3",
        "notes.txt",
        ".board-20240305-000000.sqlite3.abc.tmp",
    ):
        (folder / name).write_bytes(b"x")
    rolled = rolling_backup(db, T0)
    safety = folder / "board-before-restore-20240302-080000.sqlite3"
    migration = folder / "board-before-v3-20240301-120000.sqlite3"
    for path in (safety, migration):
        path.write_bytes(b"x")
    assert list_backups(db) == [safety, migration, rolled]
    # Safety copies neither count as the day's backup nor get pruned.
    for day in range(1, 4):
        rolling_backup(db, T0 + timedelta(days=day), keep=2)
    assert safety.exists() and migration.exists()
    assert len(list_backups(db)) == 4


def test_restore_saves_copy_and_replaces(
    live: tuple[Path, sqlite3.Connection], tmp_path: Path
) -> None:
    db, conn = live
    src = tmp_path / "source.sqlite3"
    make_db(src, rows=3, tag="restored").close()
    conn.close()  # restore requires the database to be closed
    # Leave a stale WAL behind that must not be replayed onto the restored file.
    keep_wal = make_db(db, rows=2, tag="stale")
    stale_wal = db.with_name(db.name + "-wal").read_bytes()
    keep_wal.close()
    db.with_name(db.name + "-wal").write_bytes(stale_wal)

    safety = restore(db, src)
    assert safety is not None
    assert safety.parent == backups_dir(db)
    assert safety.name.startswith("board-before-restore-") and safety.suffix == ".sqlite3"
    assert tags(safety) == ["a"] * 10 + ["stale"] * 2
    assert tags(db) == ["restored"] * 3
    assert quick_check(db) == []
    assert tags(src) == ["restored"] * 3  # source untouched
    assert list_backups(db) == [safety]
    assert not any(p.name.endswith(".tmp") for p in db.parent.iterdir())


def test_restore_without_current_database(tmp_path: Path) -> None:
    src = tmp_path / "source.sqlite3"
    make_db(src, rows=1, tag="new").close()
    db = tmp_path / "fresh" / "board.sqlite3"
    assert restore(db, src) is None
    assert tags(db) == ["new"]


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 5000],
)
def test_restore_refuses_garbage(
    live: tuple[Path, sqlite3.Connection], tmp_path: Path, content: bytes
) -> None:
    db, conn = live
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db.read_bytes()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(content)
    with pytest.raises(BackupError) as info:
        restore(db, garbage)
    assert str(garbage) in str(info.value)
    assert db.read_bytes() == before
    assert tags(db) == ["a"] * 10
    assert not backups_dir(db).exists()


def test_restore_refuses_missing_and_self(
    live: tuple[Path, sqlite3.Connection], tmp_path: Path
) -> None:
    db, _conn = live
    with pytest.raises(BackupError):
        restore(db, tmp_path / "nope.sqlite3")
    with pytest.raises(BackupError):
        restore(db, db)
    assert tags(db) == ["a"] * 10


def test_quick_check_and_header(live: tuple[Path, sqlite3.Connection], tmp_path: Path) -> None:
    db, _conn = live
    assert is_sqlite_file(db)
    assert quick_check(db) == []
    text = tmp_path / "text.txt"
    text.write_text("hello")
    assert not is_sqlite_file(text)
    assert not is_sqlite_file(tmp_path / "missing")
    assert quick_check(text) and quick_check(tmp_path / "missing")
    # quick_check never creates a file.
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("kind", ["foreign", "other app", "newer"])
def test_restore_refuses_what_this_program_cannot_open(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "board.sqlite3"
    make_db(db, rows=2, tag="current").close()
    src = tmp_path / "source.sqlite3"
    conn = make_db(src, rows=1, tag="other")
    if kind == "foreign":
        conn.execute("DROP TABLE meta")
    elif kind == "other app":
        conn.execute("UPDATE meta SET value = 'something-else' WHERE key = 'app'")
    else:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError) as info:
        restore(db, src)
    assert str(src) in str(info.value)
    assert tags(db) == ["current"] * 2
    assert list_backups(db) == []
