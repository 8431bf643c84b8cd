"""Backups of the database with the SQLite online backup API.

* ``backup_to`` copies a live (WAL) database consistently, including what is still only in its
  ``-wal`` file, into a temporary file that then replaces the destination, so a destination is
  never left half written. Copies are switched to the rollback journal, so each is one
  self-contained file.
* ``rolling_backup`` keeps one copy a calendar day in ``backups/`` beside the database, the
  newest ``keep`` of them, and never fills the disk.
* ``restore`` checks a backup, saves the current database into ``backups/`` and puts the backup
  in its place. All connections to the database must be closed first (hold the
  ``DatabaseLock`` while doing it).

Backup names: ``<stem>-YYYYMMDD-HHMMSS.sqlite3`` (rolling) and safety copies
``<stem>-before-<what>-YYYYMMDD-HHMMSS.sqlite3`` (``before-restore`` made by ``restore``,
``before-v<N>`` made before a migration), with ``-2``, ``-3`` ... added if a name is taken.
Safety copies are listed but never pruned.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from board_app import files
from board_app.i18n import _

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_SUFFIX = ".sqlite3"
BACKUPS_FOLDER = "backups"
#: Free space kept beyond twice the database size (bytes).
DISK_MARGIN = 50 * 1024 * 1024
_STAMP = "%Y%m%d-%H%M%S"
_SIDECARS = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """A backup or restore could not be done (the message is translated)."""


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` starts with the SQLite 3 file header."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def quick_check(path: Path) -> list[str]:
    """Problems found by ``PRAGMA quick_check`` (an empty list when the database is sound)."""
    path = Path(path)
    if not path.is_file():
        return [_("The file {path} does not exist.").format(path=path)]
    if not is_sqlite_file(path):
        return [_("The file {path} is not a SQLite database.").format(path=path)]
    try:
        with contextlib.closing(_connect_ro(path)) as conn:
            rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.Error as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def structure_check(path: Path) -> list[str]:
    """A fast check of a large database: the header, the schema and the first page of every
    table and index can be read (a full quick_check reads every page)."""
    try:
        with contextlib.closing(_connect_ro(path)) as conn:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
                )
            ]
            for name in names:
                conn.execute(f'SELECT * FROM "{name}" LIMIT 1').fetchall()
    except sqlite3.Error as exc:
        return [str(exc)]
    return []


def is_part_of_database(db_path: Path, candidate: Path) -> bool:
    """Whether ``candidate`` is the database file or one of its sidecars (WAL, lock ...).

    Used to refuse writing an export or a backup over the database itself.
    """
    db_path = Path(db_path).expanduser().resolve()
    try:
        target = Path(candidate).expanduser().resolve()
    except OSError:
        return False
    names = {db_path.name} | {db_path.name + suffix for suffix in (*_SIDECARS, ".lock")}
    if target.parent == db_path.parent and target.name in names:
        return True
    try:
        return target.exists() and db_path.exists() and target.samefile(db_path)
    except OSError:
        return False


def backups_dir(db_path: Path) -> Path:
    """The folder ``backups`` beside the database."""
    return Path(db_path).parent / BACKUPS_FOLDER


def backup_to(db_path: Path, dest: Path) -> Path:
    """Copy the database (a consistent snapshot, WAL contents included) to ``dest``.

    The copy is written to a temporary file in ``dest``'s folder (created if needed), which
    then replaces ``dest``. Returns ``dest``; raises BackupError.
    """
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.is_file():
        raise BackupError(_("The database {path} does not exist.").format(path=db_path))
    if is_part_of_database(db_path, dest):
        raise BackupError(
            _("{path} is the database itself; choose another file for the backup.").format(
                path=dest
            )
        )
    if dest.is_dir():
        raise BackupError(
            _("{path} is a folder; give a file name for the backup.").format(path=dest)
        )
    tmp = _copy_to_temp(db_path, dest.parent, dest.name)
    try:
        os.replace(tmp, dest)
    except OSError as exc:
        _remove_quietly(tmp)
        raise BackupError(
            _("Could not write the backup {path}: {error}").format(path=dest, error=exc)
        ) from exc
    _sync_folder(dest.parent)
    return dest


def list_backups(db_path: Path) -> list[Path]:
    """The backups of a database in its backups folder (rolling and safety), newest first.

    Ordered by the time in their names.
    """
    return [path for _when, path in _scan(db_path, rolling_only=False)]


def newest_backup(db_path: Path) -> Path | None:
    """The most recent backup of a database, or None."""
    backups = list_backups(db_path)
    return backups[0] if backups else None


def backup_time(path: Path) -> datetime | None:
    """The time in a backup's name, or None if the name is not one of ours."""
    match = _NAME_RE.match(Path(path).name)
    return datetime.strptime(match["stamp"], _STAMP) if match else None


def rolling_backup(db_path: Path, now: datetime, keep: int = 14) -> Path | None:
    """Make the day's backup unless there is one already; keep the newest ``keep``.

    ``now`` decides the calendar day and the name (pass local time for local days). Returns
    the new backup, or None when skipped: no database, a backup dated today exists, or too
    little disk space (free < 2 x database size + 50 MB; a warning is logged).
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        return None
    folder = backups_dir(db_path)
    today = now.date()
    if any(when.date() == today for when, _path in _scan(db_path, rolling_only=True)):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    size = _database_size(db_path)
    free = shutil.disk_usage(folder).free
    needed = 2 * size + DISK_MARGIN
    if free < needed:
        log.warning(
            "Daily backup of %s skipped: %d bytes free in %s, %d needed",
            db_path,
            free,
            folder,
            needed,
        )
        return None
    dest = _free_name(folder, f"{db_path.stem}-{now.strftime(_STAMP)}")
    backup_to(db_path, dest)
    prune_backups(db_path, keep)
    return dest


def prune_backups(db_path: Path, keep: int = 14) -> list[Path]:
    """Delete all but the newest ``keep`` (at least 1) rolling backups; returns those deleted.

    Safety copies made by ``restore`` are left alone.
    """
    old = [path for _when, path in _scan(db_path, rolling_only=True)][max(keep, 1) :]
    deleted = []
    for path in old:
        try:
            path.unlink()
            deleted.append(path)
        except OSError as exc:
            log.warning("Could not delete old backup %s: %s", path, exc)
    return deleted


def restore(db_path: Path, source: Path) -> Path | None:
    """Replace the database with the backup ``source``.

    ``source`` must be a board-app database (not newer than this program) passing
    ``PRAGMA quick_check``; otherwise BackupError is raised and nothing changes. The current
    database (if any) is first saved as
    ``backups/<stem>-before-restore-YYYYMMDD-HHMMSS.sqlite3``; that path is returned (None if
    there was no database). All connections to the database must be closed.
    """
    db_path, source = Path(db_path), Path(source)
    problems = quick_check(source)
    if problems:
        raise BackupError(
            _(
                "{path} cannot be restored: it is not an intact SQLite database ({problems})."
            ).format(path=source, problems="; ".join(problems[:5]))
        )
    refusal = _not_restorable(source)
    if refusal:
        raise BackupError(
            _("{path} cannot be restored: {reason}").format(path=source, reason=refusal)
        )
    if db_path.exists() and _same_file(db_path, source):
        raise BackupError(
            _("{path} is the database itself and cannot be restored over it.").format(path=source)
        )

    # The new content goes to a temporary file beside the database first.
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _copy_to_temp(source, db_path.parent, db_path.name)
    try:
        safety = _save_current(db_path) if db_path.exists() else None
        # A left-over -wal (or -journal) would be replayed onto the restored file.
        for suffix in _SIDECARS:
            sidecar = db_path.with_name(db_path.name + suffix)
            try:
                sidecar.unlink(missing_ok=True)
            except OSError as exc:
                raise BackupError(
                    _("The database {path} is still in use; close it and try again.").format(
                        path=db_path
                    )
                ) from exc
        try:
            os.replace(tmp, db_path)
        except OSError as exc:
            raise BackupError(
                _("Could not replace the database {path}: {error}").format(path=db_path, error=exc)
            ) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    _sync_folder(db_path.parent)
    log.info("Restored %s from %s (previous copy: %s)", db_path, source, safety)
    return safety


# -- helpers --------------------------------------------------------------------------------


def _not_restorable(source: Path) -> str | None:
    """Why ``source`` is not a board-app database this program can open, or None."""
    from board_app.storage import migrations

    try:
        with contextlib.closing(_connect_ro(source)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "meta" not in tables:
                return _("it is not a board-app database.")
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error as exc:
        return str(exc)
    if meta.get("app") != migrations.APP_ID:
        return _("it is not a board-app database.")
    try:
        version = int(meta.get("schema_version", "0"))
    except ValueError:
        return _("it is not a board-app database.")
    if version > migrations.schema_version():
        needed = meta.get(migrations.APP_VERSION_KEY)
        if needed:
            return _(
                "it was written by board-app {needed} (schema {found}); install board-app "
                "{needed} or newer to open it."
            ).format(needed=needed, found=version)
        return _(
            "it was written by a newer version of this program (schema {found}, this program "
            "knows {known})."
        ).format(found=version, known=migrations.schema_version())
    return None


_NAME_RE = re.compile(
    r"^(?P<stem>.+?)-(?P<safety>before-[^.]*?-)?(?P<stamp>\d{8}-\d{6})(?:-\d+)?"
    + re.escape(BACKUP_SUFFIX)
    + "$"
)


def _scan(db_path: Path, rolling_only: bool) -> list[tuple[datetime, Path]]:
    """Backups of ``db_path`` with their times, newest first."""
    folder = backups_dir(db_path)
    stem = Path(db_path).stem
    found: list[tuple[datetime, Path]] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = _NAME_RE.match(path.name)
        if not match or match["stem"] != stem or not path.is_file():
            continue
        if rolling_only and match["safety"]:
            continue
        try:
            when = datetime.strptime(match["stamp"], _STAMP)
        except ValueError:
            continue
        found.append((when, path))
    found.sort(key=lambda item: (item[0], item[1].name), reverse=True)
    return found


def _free_name(folder: Path, base: str) -> Path:
    """``folder/base.sqlite3``, or ``base-2.sqlite3`` ... if taken."""
    dest = folder / f"{base}{BACKUP_SUFFIX}"
    n = 2
    while dest.exists():
        dest = folder / f"{base}-{n}{BACKUP_SUFFIX}"
        n += 1
    return dest


def _save_current(db_path: Path) -> Path:
    """Save the current database as a before-restore copy (raw files if it is damaged)."""
    stamp = datetime.now().strftime(_STAMP)
    dest = _free_name(backups_dir(db_path), f"{db_path.stem}-before-restore-{stamp}")
    try:
        return backup_to(db_path, dest)
    except BackupError as exc:
        # E.g. a damaged database (the reason to restore): keep its files as they are.
        log.warning("Backup API failed for %s (%s); copying the files instead", db_path, exc)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(db_path, dest)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, dest.with_name(dest.name + "-wal"))
    except OSError as exc:
        raise BackupError(
            _("Could not save a copy of the current database {path}: {error}").format(
                path=db_path, error=exc
            )
        ) from exc
    return dest


def _copy_to_temp(source: Path, folder: Path, name: str) -> Path:
    """Back ``source`` up into a new temporary file in ``folder``; returns its path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Ordinary permissions (0666 minus the umask), a name the next start can clean up.
        tmp, entry = files.new_temporary(folder / name, ".sqlite3")
    except OSError as exc:
        raise BackupError(
            _("Could not write the backup {path}: {error}").format(path=folder / name, error=exc)
        ) from exc
    try:
        with (
            contextlib.closing(_connect_ro(source)) as src,
            contextlib.closing(sqlite3.connect(tmp)) as dst,
        ):
            src.backup(dst)
            # One self-contained file: no -wal needed beside the copy.
            dst.execute("PRAGMA journal_mode=DELETE")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    except (sqlite3.Error, OSError) as exc:
        files.discard_temporary(tmp, entry)
        if _disk_full(exc):
            raise BackupError(
                _("Not enough disk space to write {path}; nothing was written.").format(
                    path=folder / name
                )
            ) from OSError(errno.ENOSPC, "disk full")
        raise BackupError(
            _("Could not copy the database {path}: {error}").format(path=source, error=exc)
        ) from exc
    except BaseException:
        files.discard_temporary(tmp, entry)
        raise
    # The copy is whole; from here the caller renames or removes it (a crash in between leaves
    # a recognisably named file that the next start removes from the folder).
    files.forget(entry)
    return tmp


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    return getattr(exc, "sqlite_errorcode", None) == 13 or "disk is full" in str(exc)


def _connect_ro(path: Path) -> sqlite3.Connection:
    """Open a database read-only (never creating it)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=10)


def _database_size(db_path: Path) -> int:
    size = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            size += db_path.with_name(db_path.name + suffix).stat().st_size
    return size


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; not possible or needed on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
