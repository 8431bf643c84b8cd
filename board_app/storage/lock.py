"""One writer per database file: an OS lock on a sidecar ``<db>.lock`` file.

The lock is taken with ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows) on a file that
stays open while the lock is held, so the operating system releases it when the holder exits
or crashes: no stale lock can be left behind. After locking, the holder writes who it is (user,
host, pid, start time, as JSON) into the lock file, so that a process that fails to get the lock
can say who has the database open.

On Windows ``msvcrt`` locks are mandatory byte-range locks, so the lock is put on a single byte
far past the end of the holder information (``LOCK_OFFSET``); the information itself stays
readable by everyone. The lock file is never deleted (deleting it would let two processes lock
two different files under the same name); releasing the lock empties it.

The lock belongs to the file, not to its name: besides ``<db>.lock`` the database file itself is
locked (``flock`` on POSIX — SQLite's own locks are ``fcntl`` record locks and do not interact;
on Windows one byte at ``IDENTITY_OFFSET``, outside SQLite's lock bytes). Two programs that
reach one file through different names (hard links, symlinks, other spellings) therefore
exclude each other too.

Two ``DatabaseLock`` objects exclude each other even within one process. Note that a child
made with ``os.fork`` shares its parent's open lock file and therefore its lock.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from board_app.i18n import _

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

#: Byte offset locked on Windows (far past the holder information, which stays readable).
LOCK_OFFSET = 1 << 30
#: Byte offset locked in the database file itself on Windows (SQLite uses 0x40000000-0x400001FF).
IDENTITY_OFFSET = 0x50000000
#: Pause between attempts while waiting for the lock (seconds).
RETRY_INTERVAL = 0.05
_MAX_INFO = 64 * 1024


@dataclass
class LockHolder:
    """Who holds a database lock."""

    user: str
    host: str
    pid: int
    since: str  # ISO 8601 time (UTC) the lock was taken

    @classmethod
    def current(cls) -> LockHolder:
        """Information about this process."""
        return cls(
            user=_current_user(),
            host=socket.gethostname() or "?",
            pid=os.getpid(),
            since=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )


class DatabaseLockedError(Exception):
    """The database is locked by another process (``holder`` is None when unknown)."""

    def __init__(self, path: Path, holder: LockHolder | None = None) -> None:
        self.path = Path(path)
        self.holder = holder
        if holder is None:
            message = _("The database {path} is in use by another program.").format(path=self.path)
        else:
            message = _(
                "The database {path} is in use by {user} on {host} (process {pid}) since {since}."
            ).format(
                path=self.path,
                user=holder.user,
                host=holder.host,
                pid=holder.pid,
                since=_local_time(holder.since),
            )
        super().__init__(message)


def lock_path(db_path: Path) -> Path:
    """The sidecar lock file of a database: ``<db>.lock``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def read_holder(db_path: Path) -> LockHolder | None:
    """Who holds (or last held) the lock of a database; None if unknown or not held.

    The information can be stale if the holder crashed; only a failed ``acquire`` proves the
    lock is held.
    """
    path = lock_path(db_path)
    for attempt in range(3):
        try:
            with open(path, "rb") as fh:
                data = fh.read(_MAX_INFO)
        except OSError:
            return None
        if not data.strip():
            return None
        holder = _parse_holder(data)
        if holder is not None:
            return holder
        # Possibly caught the holder between truncating and writing: look again.
        time.sleep(0.01 * (attempt + 1))
    return None


class DatabaseLock:
    """Exclusive lock of a database file, held by keeping ``<db>.lock`` open and locked.

    Usage::

        with DatabaseLock(db_path):       # raises DatabaseLockedError if taken
            ...
        lock = DatabaseLock(db_path)
        lock.acquire(wait=5.0)            # retry for up to 5 seconds
        lock.release()
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._fd: int | None = None
        self._id_fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, retrying for up to ``wait`` seconds.

        Raises DatabaseLockedError (with the holder, when readable) if it stays taken. Does
        nothing if this object already holds the lock.
        """
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            fd = _open_lock_file(self.path)
            try:
                locked = _try_lock(fd)
            except BaseException:
                os.close(fd)
                raise
            if locked:
                break
            os.close(fd)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseLockedError(self.db_path, read_holder(self.db_path))
            time.sleep(min(RETRY_INTERVAL, remaining))
        self._fd = fd
        try:
            self._lock_identity(deadline)
        except BaseException:
            self._fd = None
            _unlock(fd)
            os.close(fd)
            raise
        # The lock is what matters; the information is only for messages.
        with contextlib.suppress(OSError):
            self._write_info(LockHolder.current())

    def _lock_identity(self, deadline: float) -> None:
        """Lock the database file itself (created empty if missing), waiting until deadline."""
        while True:
            flags = os.O_RDONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
            fd = os.open(self.db_path, flags, 0o666)
            try:
                locked = _try_lock(fd, IDENTITY_OFFSET)
            except BaseException:
                os.close(fd)
                raise
            if locked:
                self._id_fd = fd
                return
            os.close(fd)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseLockedError(self.db_path, None)
            time.sleep(min(RETRY_INTERVAL, remaining))

    def release_identity(self) -> None:
        """Let go of the database file itself (the lock on the name is kept)."""
        old, self._id_fd = self._id_fd, None
        if old is not None:
            try:
                _unlock(old, IDENTITY_OFFSET)
            finally:
                os.close(old)

    def relock_identity(self) -> None:
        """Lock the file now at the database's name (after a restore replaced it)."""
        if self._fd is None:
            return
        self.release_identity()
        self._lock_identity(time.monotonic())

    def release(self) -> None:
        """Give the lock up (does nothing if not held)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        self.release_identity()
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> DatabaseLock:  # noqa: PYI034 - Self needs Python 3.11
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __del__(self) -> None:
        # Closing the file releases the OS lock anyway; do it explicitly if forgotten.
        if getattr(self, "_fd", None) is not None:
            with contextlib.suppress(OSError):
                self.release()

    def __repr__(self) -> str:
        return f"DatabaseLock({str(self.db_path)!r}, held={self.held})"

    def _write_info(self, holder: LockHolder) -> None:
        assert self._fd is not None
        data = json.dumps(asdict(holder), ensure_ascii=False).encode("utf-8")
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, data)


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no USER/LOGNAME and no passwd entry
        return "?"


def _local_time(iso: str) -> str:
    """An ISO time as local "YYYY-MM-DD HH:MM" for messages (unchanged if unparsable)."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


def _parse_holder(data: bytes) -> LockHolder | None:
    try:
        info = json.loads(data.decode("utf-8"))
        return LockHolder(
            user=str(info["user"]),
            host=str(info["host"]),
            pid=int(info["pid"]),
            since=str(info["since"]),
        )
    except (ValueError, TypeError, KeyError):
        return None


def _open_lock_file(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o644)


if sys.platform == "win32":

    def _try_lock(fd: int, offset: int = LOCK_OFFSET) -> bool:
        os.lseek(fd, offset, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int, offset: int = LOCK_OFFSET) -> None:
        os.lseek(fd, offset, os.SEEK_SET)
        with contextlib.suppress(OSError):  # closing the file releases it too
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:

    def _try_lock(fd: int, offset: int = 0) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        return True

    def _unlock(fd: int, offset: int = 0) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
