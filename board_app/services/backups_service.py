"""Backups as the desktop app sees them: list, back up now, daily backup, restore.

Wraps ``board_app.storage.backup`` so the UI never imports storage. An optional extra backup
folder (a per-machine setting, e.g. a USB stick or a network share) receives a copy as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from board_app.services import maintenance
from board_app.storage import backup

BackupError = backup.BackupError


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where, when it was made, how big."""

    path: Path
    made: datetime | None
    size: int
    safety: bool  # a copy made before a restore or migration


if TYPE_CHECKING:
    from board_app.services.context import Services


def _info(path: Path) -> BackupInfo:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return BackupInfo(path, backup.backup_time(path), size, "-before-" in path.name)


def list_backups(db_path: Path, extra_dir: str | Path | None = None) -> list[BackupInfo]:
    """Backups of a database, newest first: the ``backups`` folder and the extra folder."""
    found = {p.resolve(): p for p in backup.list_backups(Path(db_path))}
    if extra_dir:
        folder = Path(extra_dir)
        stem = Path(db_path).stem
        if folder.is_dir():
            for path in folder.glob(f"{stem}-*{backup.BACKUP_SUFFIX}"):
                if backup.backup_time(path) is not None:
                    found.setdefault(path.resolve(), path)
    infos = [_info(p) for p in found.values()]
    infos.sort(key=lambda i: (i.made or datetime.min, i.path.name), reverse=True)
    return infos


def backup_now(db_path: Path, extra_dir: str | Path | None = None) -> Path:
    """Make a backup now (into the extra folder if given, else beside the database)."""
    db_path = Path(db_path)
    folder = Path(extra_dir) if extra_dir else backup.backups_dir(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{db_path.stem}-{stamp}{backup.BACKUP_SUFFIX}"
    n = 2
    while dest.exists():
        dest = folder / f"{db_path.stem}-{stamp}-{n}{backup.BACKUP_SUFFIX}"
        n += 1
    return backup.backup_to(db_path, dest)


def daily_backup(services: Services, extra_dir: str | Path | None = None) -> Path | None:
    """The rolling daily backup; a copy also goes to the extra folder once a day."""
    made = maintenance.daily_backup(services)
    if extra_dir and made is not None:
        folder = Path(extra_dir)
        today = datetime.now().date()
        stem = Path(services.path).stem
        existing = (
            [
                t
                for p in folder.glob(f"{stem}-*{backup.BACKUP_SUFFIX}")
                if (t := backup.backup_time(p)) is not None
            ]
            if folder.is_dir()
            else []
        )
        if not any(t.date() == today for t in existing):
            backup_now(services.path, folder)
    return made


def restore(services: Services, source: Path) -> Path | None:
    """Replace the open database with ``source`` while keeping its lock; returns the safety
    copy of the old one."""
    return services.restore_from(Path(source))
