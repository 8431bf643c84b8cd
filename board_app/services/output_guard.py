"""The one guard for files written where the user points: never over the program's own files.

Refused (exit 2, nothing written), compared by file identity — symlinks resolved, device and
inode (file ID on Windows) compared, so hard links and other spellings count — and by resolved
path for files that do not exist yet:

* the open database and its ``-wal``, ``-shm`` and ``-journal`` files, and its lock file;
* anything inside the database's ``backups`` folder (the program's own daily backups and
  safety copies are written there by the program itself, not through this guard);
* the per-machine settings file and anything in the log folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from board_app.errors import UsageError
from board_app.i18n import _

SIDECARS = ("-wal", "-shm", "-journal")


class ProtectedFileError(UsageError):
    """The output would overwrite one of the program's own files (exit code 2)."""


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


@dataclass(frozen=True)
class ProtectedFiles:
    """The program's own files for one open database."""

    files: dict[str, str] = field(default_factory=dict)  # path -> what it is (translated)
    folders: dict[str, str] = field(default_factory=dict)
    database: str = ""  # the open database, whose other names' sidecars are protected too

    @classmethod
    def for_database(cls, db_path: Path | str) -> ProtectedFiles:
        """The database, its sidecars, lock, backups folder, settings and logs."""
        from board_app.paths import log_dir
        from board_app.settings import settings_file
        from board_app.storage.backup import backups_dir
        from board_app.storage.lock import lock_path

        db = Path(db_path)
        files = {str(db): _("the open database")}
        for suffix in SIDECARS:
            files[str(db.with_name(db.name + suffix))] = _("a working file of the open database")
        files[str(lock_path(db))] = _("the lock file of the open database")
        files[str(settings_file())] = _("the program's settings file")
        folders = {
            str(backups_dir(db)): _("the database's backups folder"),
            str(log_dir()): _("the program's log folder"),
        }
        return cls(files, folders, str(db))

    @classmethod
    def for_server(cls) -> ProtectedFiles:
        """The settings and logs (a database on a server has no files here)."""
        from board_app.paths import log_dir
        from board_app.settings import settings_file

        files = {str(settings_file()): _("the program's settings file")}
        return cls(files, {str(log_dir()): _("the program's log folder")}, "")

    def what(self, target: Path | str) -> str | None:
        """What protected file ``target`` is (a translated phrase), or None if it is free."""
        target = Path(target)
        key = _key(target)
        ident = _identity(target)
        for path, label in self.files.items():
            if _key(Path(path)) == key:
                return label
            if ident is not None and _identity(Path(path)) == ident:
                return label
        sidecar = self._sidecar_of_database(target)
        if sidecar is not None:
            return sidecar
        for folder, label in self.folders.items():
            if _inside(target, Path(folder)):
                return _("inside {folder}").format(folder=label)
        return None

    def _sidecar_of_database(self, target: Path) -> str | None:
        """``X-wal``/``X-shm``/``X-journal``/``X.lock`` where X is the open database under
        another name (a hard link, a symlink or the symlink's target)."""
        if not self.database:
            return None
        db_id = _identity(Path(self.database))
        if db_id is None:
            return None
        for suffix, label in (
            *((s, _("a working file of the open database")) for s in SIDECARS),
            (".lock", _("the lock file of the open database")),
        ):
            for path in {target, Path(os.path.realpath(target))}:
                if path.name.endswith(suffix) and len(path.name) > len(suffix):
                    base = path.with_name(path.name[: -len(suffix)])
                    if _identity(base) == db_id:
                        return label
        return None

    def check(self, target: Path | str) -> None:
        """Raise ProtectedFileError if writing ``target`` would overwrite a program file."""
        label = self.what(target)
        if label is not None:
            raise ProtectedFileError(
                _(
                    "{path} is {what}; the output was not written. Choose another file name "
                    "or folder."
                ).format(path=target, what=label)
            )


def _inside(target: Path, folder: Path) -> bool:
    """Whether ``target`` is ``folder`` or lies inside it (by resolved path and by identity)."""
    folder_key = _key(folder)
    key = _key(target)
    if key == folder_key or key.startswith(folder_key.rstrip(os.sep) + os.sep):
        return True
    folder_id = _identity(folder)
    if folder_id is None:
        return False
    parent = Path(os.path.realpath(target))
    return any(_identity(candidate) == folder_id for candidate in (parent, *parent.parents))
