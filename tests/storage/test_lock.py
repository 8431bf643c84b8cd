"""The database lock: exclusion across processes, holder information, crash safety, waiting."""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from board_app.storage.lock import (
    DatabaseLock,
    DatabaseLockedError,
    LockHolder,
    lock_path,
    read_holder,
)

REPO = Path(__file__).resolve().parents[2]

# Child: take the lock, say so, then hold it for argv[2] seconds (or until killed).
CHILD = """
import sys, time
from pathlib import Path
from board_app.storage.lock import DatabaseLock
lock = DatabaseLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
print("released", flush=True)
time.sleep(30)
"""


def start_holder(db: Path, hold: float = 30.0) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(hold)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != "locked":
        proc.kill()
        proc.wait()
        pytest.fail(f"child did not take the lock: {line!r}")
    return proc


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
    if proc.stdout is not None:
        proc.stdout.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "board.sqlite3"


def test_locked_by_other_process_reports_holder_until_killed(db: Path) -> None:
    child = start_holder(db)
    try:
        lock = DatabaseLock(db)
        with pytest.raises(DatabaseLockedError) as info:
            lock.acquire()
        err = info.value
        assert not lock.held
        assert err.path == db
        assert isinstance(err.holder, LockHolder)
        assert err.holder.pid == child.pid
        assert err.holder.user == getpass.getuser()
        assert err.holder.host == socket.gethostname()
        assert err.holder.since  # ISO time
        assert str(child.pid) in str(err)
        assert read_holder(db) == err.holder

        # SIGKILL: no chance to clean up, yet the OS drops the lock.
        child.kill()
        child.wait(timeout=10)
        start = time.monotonic()
        lock.acquire()
        assert time.monotonic() - start < 0.5
        assert lock.held
        holder = read_holder(db)
        assert holder is not None and holder.pid == os.getpid()
        lock.release()
    finally:
        stop(child)


def test_wait_times_out(db: Path) -> None:
    child = start_holder(db)
    try:
        start = time.monotonic()
        with pytest.raises(DatabaseLockedError) as info:
            DatabaseLock(db).acquire(wait=0.3)
        elapsed = time.monotonic() - start
        assert 0.3 <= elapsed < 2.0
        assert info.value.holder is not None and info.value.holder.pid == child.pid
    finally:
        stop(child)


def test_wait_succeeds_when_released(db: Path) -> None:
    child = start_holder(db, hold=0.3)
    try:
        lock = DatabaseLock(db)
        start = time.monotonic()
        lock.acquire(wait=5.0)
        assert lock.held
        assert time.monotonic() - start < 4.0
        lock.release()
    finally:
        stop(child)


def test_no_wait_fails_at_once(db: Path) -> None:
    with DatabaseLock(db):
        start = time.monotonic()
        with pytest.raises(DatabaseLockedError):
            DatabaseLock(db).acquire()
        assert time.monotonic() - start < 0.2


def test_two_locks_in_one_process_exclude_each_other(db: Path) -> None:
    first, second = DatabaseLock(db), DatabaseLock(db)
    first.acquire()
    with pytest.raises(DatabaseLockedError) as info:
        second.acquire()
    assert info.value.holder is not None and info.value.holder.pid == os.getpid()
    first.release()
    second.acquire()
    assert second.held and not first.held
    second.release()


def test_context_manager_release_and_lock_file(db: Path) -> None:
    lock = DatabaseLock(db)
    assert not lock.held
    with lock as entered:
        assert entered is lock and lock.held
        assert lock.path == lock_path(db) == db.with_name("board.sqlite3.lock")
        assert lock.path.exists()
        lock.acquire()  # already held: no-op
    assert not lock.held
    lock.release()  # releasing twice is harmless
    # The lock file stays (deleting it would be racy) but no longer names a holder.
    assert lock.path.exists()
    assert read_holder(db) is None


def test_read_holder_without_lock_file(db: Path) -> None:
    assert read_holder(db) is None


def test_unknown_holder_message(db: Path) -> None:
    err = DatabaseLockedError(db, None)
    assert err.holder is None and err.path == db
    assert str(db) in str(err)


def test_garbage_lock_file_is_ignored(db: Path) -> None:
    lock_path(db).write_bytes(b"{not json")
    assert read_holder(db) is None
    with DatabaseLock(db) as lock:
        assert lock.held
