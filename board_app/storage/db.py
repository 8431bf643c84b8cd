"""Opening, checking and closing the office database (SQLite through peewee).

A ``postgresql://`` URL instead of a path opens a database on a server (storage/server.py);
everything below about files, locks and WAL is SQLite's. One file holds everything. Opening
takes the writer lock, refuses files that are not ours, damaged or written by a newer program,
backs up before migrating, and sets the pragmas (WAL, foreign keys, busy timeout). Closing
checkpoints the WAL so the file alone is whole.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import peewee as pw

from board_app import files
from board_app.errors import DatabaseUnusableError
from board_app.i18n import _
from board_app.paths import is_server_url
from board_app.storage import backup, migrations, models
from board_app.storage.lock import DatabaseLock, DatabaseLockedError, lock_path
from board_app.storage.server import ServerDatabase
from board_app.version import app_version

log = logging.getLogger(__name__)

#: Files up to this size get a full quick_check when opened; larger ones a structural check.
FULL_CHECK_BYTES = 32 * 1024 * 1024

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "full",
}


@dataclass
class Database:
    """An open office database: the peewee handle, its path and the writer lock."""

    path: Path
    db: pw.SqliteDatabase
    lock: DatabaseLock
    migrated_from: int | None = None
    created: bool = False
    backups_made: list[Path] = field(default_factory=list)
    is_server: bool = False

    @property
    def location(self) -> str:
        """The database file, as shown to the user."""
        return str(self.path)

    def close(self) -> None:
        """Checkpoint the WAL into the main file, close, and release the lock."""
        if not self.db.is_closed():
            try:
                self.db.execute_sql("PRAGMA optimize")
                self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except pw.OperationalError as exc:  # another reader may hold the WAL
                log.warning("checkpoint failed: %s", exc)
            self.db.close()
        if models.database_proxy.obj is self.db:
            models.database_proxy.initialize(None)
        self.lock.release()

    def replace_with(self, source: Path) -> Path | None:
        """Restore the backup ``source`` over this database, keeping the writer lock.

        Returns the safety copy of what was replaced (None if there was none). A restored
        file from an older version is migrated. Raises backup.BackupError, with nothing
        changed, when ``source`` is not an intact, restorable board-app database.
        """
        self.db.close()
        # Windows cannot replace a file that is held open: let go of the file (the lock on the
        # name stays), and lock whatever file is at the name afterwards.
        self.lock.release_identity()
        try:
            safety = backup.restore(self.path, source)
        finally:
            self.lock.relock_identity()
            self.db.connect(reuse_if_open=True)
        current = migrations.read_version(self.db)
        if current is not None and current < migrations.schema_version():
            models.database_proxy.initialize(self.db)
            with self.bound():
                migrations.migrate(self.db, current)
            self.migrated_from = current
        return safety

    def bound(self) -> contextlib.AbstractContextManager[Any]:
        """Context in which every model class uses this database (several may be open)."""
        return self.db.bind_ctx(models.all_model_classes(), bind_refs=False, bind_backrefs=False)

    def __enter__(self) -> Database:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: An open office database of either engine: a SQLite file or a database on a server.
OpenDatabase = Database | ServerDatabase

#: The database file or one of its sidecars (WAL, lock ...): never written over.
is_part_of_database = backup.is_part_of_database


def _newest_backup_text(path: Path) -> str:
    newest = backup.newest_backup(path)
    if newest is None:
        return _("No backup was found beside it.")
    return _("The newest backup is {backup}.").format(backup=newest)


def _refuse(path: Path, reason: str) -> DatabaseUnusableError:
    return DatabaseUnusableError(f"{path}: {reason} {_newest_backup_text(path)}")


def newer_schema_message(location: str, found: int, known: int, needed: str | None) -> str:
    """Why a database migrated by a newer program is refused, naming the version it needs."""
    if needed:
        return _(
            "{path} was written by board-app {needed} (schema {found}); this is board-app "
            "{version}, which knows schema {known}. Install board-app {needed} or newer to "
            "open it."
        ).format(path=location, needed=needed, found=found, version=app_version(), known=known)
    return _(
        "{path} was written by a newer version of this program (schema {found}, "
        "this program knows {known}). Please update the program."
    ).format(path=location, found=found, known=known)


def _newer_message(path: Path, found: int, known: int, needed: str | None) -> str:
    """Why a file written by a newer program is refused, naming the version it needs."""
    return newer_schema_message(str(path), found, known, needed) + " " + _newest_backup_text(path)


def inspect_file(path: Path) -> None:
    """Refuse a file that is not a board-app database or that fails quick_check.

    Raises DatabaseUnusableError naming the file and the newest backup; never changes the file.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    if not backup.is_sqlite_file(path):
        raise _refuse(path, _("This file is not a board-app database."))
    try:
        # A full quick_check reads every page: fine for an office's file, too slow to run on
        # every command over a very large one (the `check` command still runs it).
        problems = (
            backup.quick_check(path)
            if path.stat().st_size <= FULL_CHECK_BYTES
            else backup.structure_check(path)
        )
    except sqlite3.DatabaseError as exc:
        raise _refuse(path, _("The database is damaged ({detail}).").format(detail=exc)) from exc
    if problems:
        detail = "; ".join(problems[:3])
        raise _refuse(path, _("The database is damaged ({detail}).").format(detail=detail))


def _writable(path: Path) -> bool:
    """Whether a file (or, for a folder, a new file in it) can be written."""
    return os.access(path, os.W_OK)


def _check_usable(path: Path, create: bool) -> None:
    """Refuse folders, devices, missing files (unless ``create``) and read-only databases."""
    if path.is_dir():
        raise _refuse(path, _("This is a folder, not a database file."))
    if path.exists():
        if not path.is_file():
            raise DatabaseUnusableError(
                _("{path} is not a database file (it is a device or a special file).").format(
                    path=path
                )
            )
        if not _writable(path) or not _writable(path.parent):
            raise DatabaseUnusableError(
                _(
                    "The database is read-only: {path} (the file or its folder cannot be "
                    "written). Copy it to a writable folder, or fix its permissions."
                ).format(path=path)
            )
        return
    if not create:
        raise DatabaseUnusableError(
            _(
                "There is no database at {path}. Check the path, or import a file to create "
                "a new database."
            ).format(path=path)
        )
    folder = next((p for p in (path.parent, *path.parents) if p.exists()), None)
    if folder is None or not folder.is_dir() or not _writable(folder):
        raise DatabaseUnusableError(
            _("The database is read-only: {path} cannot be created there.").format(path=path)
        )


def open_database(
    path: Path | str, *, wait: float = 0.0, migrate: bool = True, create: bool = True
) -> Database | ServerDatabase:
    """Open the database at ``path`` for writing (creating it only when ``create``).

    ``path`` is a file, or a ``postgresql://`` URL of a database on a server (which must exist:
    ``create`` and ``wait`` concern files only). ``wait`` is how long to wait for another
    program's lock. Raises DatabaseUnusableError when the file is missing (and not to be
    created), read-only, locked, not ours, damaged, or newer than this program (for a server:
    unreachable, login refused, not ours, newer), UsageError for a malformed URL. ``created`` on
    the result tells whether a new file was made.
    """
    if is_server_url(path):
        from board_app.storage.server import open_server

        return open_server(str(path), migrate=migrate)
    path = Path(path).expanduser().resolve()
    _check_usable(path, create)
    existed = path.exists()
    lock_existed = lock_path(path).exists()
    lock = DatabaseLock(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(wait=wait)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise DatabaseUnusableError(
                _(
                    "The database is read-only: {path} (the file or its folder cannot be "
                    "written). Copy it to a writable folder, or fix its permissions."
                ).format(path=path)
            ) from exc
        raise DatabaseUnusableError(
            _("{path} cannot be opened or created: {error}").format(path=path, error=exc)
        ) from exc
    except DatabaseLockedError as exc:
        holder = exc.holder
        who = (
            _("{user} on {host} (process {pid})").format(
                user=holder.user, host=holder.host, pid=holder.pid
            )
            if holder
            else _("another program")
        )
        raise DatabaseUnusableError(
            _("{path} is in use by {who}. Close it there and try again.").format(path=path, who=who)
        ) from exc
    try:
        inspect_file(path)
        # One connection shared by the UI thread and the worker that runs an exclusive task
        # (thread_safe=False): peewee would otherwise open a hidden connection per thread,
        # which close() cannot reach and which would keep the old file open after a restore.
        db = pw.SqliteDatabase(
            str(path), pragmas=PRAGMAS, check_same_thread=False, thread_safe=False
        )
        try:
            db.connect()
        except (pw.OperationalError, pw.DatabaseError) as exc:
            raise _refuse(
                path, _("The database cannot be opened ({detail}).").format(detail=exc)
            ) from exc
        current = migrations.read_version(db)
        if current is None:
            db.close()
            raise _refuse(path, _("This file is not a board-app database."))
        target = migrations.schema_version()
        if current > target:
            needed = migrations.written_by(db)
            db.close()
            raise DatabaseUnusableError(_newer_message(path, current, target, needed))
        handle = Database(path=path, db=db, lock=lock, created=not existed)
        models.database_proxy.initialize(db)
        files.clean_stale_temporaries(path.parent, backup.backups_dir(path))
        if current < target and migrate:
            if current > 0:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # local, like other backups
                dest = backup.backups_dir(path) / f"{path.stem}-before-v{target}-{stamp}.sqlite3"
                backup.backup_to(path, dest)
                handle.backups_made.append(dest)
            migrations.migrate(db, current)
            db.execute_sql("ANALYZE")
            handle.migrated_from = current
        return handle
    except BaseException as exc:
        lock.release()
        if not lock_existed and isinstance(exc, DatabaseUnusableError):
            # a file that is not ours (or cannot be used) gets no lock file beside it
            with contextlib.suppress(OSError):
                lock_path(path).unlink()
        if not existed:
            with contextlib.suppress(OSError):
                if path.stat().st_size == 0:
                    path.unlink()
        raise


def integrity_problems(database: Database | ServerDatabase, *, full: bool = False) -> list[str]:
    """Problems found by quick_check (or integrity_check) and the foreign key check.

    On a server (which checks its pages and keys itself) the tables and columns are compared
    with the models."""
    if database.is_server:
        from board_app.storage.dialect import schema_problems

        return schema_problems(database.db)
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in database.db.execute_sql(f"PRAGMA {pragma}").fetchall()]
    problems = [r for r in rows if r != "ok"]
    for table, rowid, parent, _fk in database.db.execute_sql("PRAGMA foreign_key_check"):
        problems.append(f"foreign key: {table} row {rowid} -> {parent}")
    return problems


def classify_error(exc: BaseException) -> str | None:
    """ "full", "readonly" or "io" for a database error caused by the disk, "connection" when
    the connection to a database server was lost, else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).lower()
        code = getattr(current, "sqlite_errorcode", None)
        if code is not None:
            code &= 0xFF  # primary result code
        from board_app.storage.server import classify_server_error

        server_kind = classify_server_error(current)
        if server_kind is not None:
            return server_kind
        if code == 13 or "database or disk is full" in text:
            return "full"
        if code == 8 or "readonly database" in text or "read-only" in text:
            return "readonly"
        if code == 10 or "disk i/o error" in text:
            return "io"
        if isinstance(current, OSError) and current.errno in (
            errno.ENOSPC,
            getattr(errno, "EDQUOT", errno.ENOSPC),
        ):
            return "full"
        if isinstance(current, OSError) and current.errno == errno.EROFS:
            return "readonly"
        wrapped = current.args[0] if current.args else None  # peewee keeps the driver's error
        current = (
            current.__cause__
            or current.__context__
            or (wrapped if isinstance(wrapped, BaseException) else None)
        )
    return None
