"""Writing files safely: atomic replacement, recognisable temporary files, clear I/O errors.

Every file the program writes where a user points (posters, labels, archives and manifests,
exports and their pictures, backups) goes through :func:`atomic_output`: the content is written
to ``.board-app-tmp-<pid>-<random><suffix>`` beside the destination, flushed to disk and renamed
into place. On any failure the temporary file is removed, so no partial or empty output is ever
left. While a temporary file exists it is listed in a small registry in the user's data folder;
after a crash (SIGKILL, power loss) the next program that takes a database's writer lock removes
the leftovers (:func:`clean_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from board_app.errors import BoardAppError, UsageError
from board_app.i18n import _

log = logging.getLogger(__name__)

TEMP_PREFIX = ".board-app-tmp-"
_REGISTRY_ENV = "BOARD_APP_TEMP_REGISTRY"


class DiskFullError(BoardAppError):
    """The disk (or the user's quota) is full; nothing was written (exit code 3)."""

    exit_code = 3


class OutputNotWritableError(UsageError):
    """The output cannot be written there: read-only, no permission, bad name (exit code 2)."""


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}
_BAD_NAME = {errno.ENAMETOOLONG, errno.EINVAL, errno.ENOTDIR, errno.EISDIR, errno.ENOENT}


def io_error(exc: OSError, path: Path | str) -> BoardAppError:
    """The user-facing error for an OSError while writing ``path``."""
    if exc.errno in _FULL:
        return DiskFullError(
            _("Not enough disk space to write {path}; nothing was written.").format(path=path)
        )
    if exc.errno in _NOT_WRITABLE:
        return OutputNotWritableError(
            _("{path} cannot be written (read-only or no permission).").format(path=path)
        )
    if exc.errno in _BAD_NAME:
        return OutputNotWritableError(
            _("{path} is not a usable file name: {error}").format(
                path=path, error=exc.strerror or exc
            )
        )
    return OutputNotWritableError(
        _("Could not write {path}: {error}").format(path=path, error=exc.strerror or exc)
    )


_guards: list[Callable[[Path], None]] = []


def add_output_guard(guard: Callable[[Path], None]) -> None:
    """Register a check every user-chosen output must pass (raises to refuse a path)."""
    _guards.append(guard)


def remove_output_guard(guard: Callable[[Path], None]) -> None:
    """Unregister a check added with :func:`add_output_guard`."""
    with contextlib.suppress(ValueError):
        _guards.remove(guard)


def check_output(dest: Path | str) -> None:
    """Run every registered guard on ``dest`` (see services.output_guard)."""
    for guard in _guards:
        guard(Path(dest))


def registry_dir() -> Path:
    """Folder listing the temporary files in use (one small file per temporary file)."""
    override = os.environ.get(_REGISTRY_ENV)
    if override:
        return Path(override)
    from board_app.paths import data_dir

    return data_dir() / "temporary-files"


def _register(tmp: Path) -> Path | None:
    try:
        folder = registry_dir()
        folder.mkdir(parents=True, exist_ok=True)
        entry = folder / f"{os.getpid()}-{os.urandom(16).hex()}"
        entry.write_text(str(tmp), encoding="utf-8")
        return entry
    except OSError:  # the registry is a convenience: never fail a write because of it
        return None


def forget(entry: Path | None) -> None:
    """Drop a registry entry (the temporary file was renamed into place or removed)."""
    _unregister(entry)


def _unregister(entry: Path | None) -> None:
    if entry is not None:
        with contextlib.suppress(OSError):
            entry.unlink()


def new_temporary(dest: Path, suffix: str = ".tmp") -> tuple[Path, Path | None]:
    """Create an empty temporary file beside ``dest`` (ordinary permissions: 0666 - umask).

    Returns the file and its registry entry."""
    folder = Path(dest).parent
    while True:
        tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{suffix}"
        entry = _register(tmp)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            _unregister(entry)
            continue
        except OSError:
            _unregister(entry)
            raise
        os.close(fd)
        return tmp, entry


def discard_temporary(tmp: Path, entry: Path | None) -> None:
    """Remove a temporary file and its registry entry (quietly)."""
    with contextlib.suppress(OSError):
        tmp.unlink()
    _unregister(entry)


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError), open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; not possible or needed on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(
    dest: Path | str, *, suffix: str = ".tmp", internal: bool = False
) -> Iterator[Path]:
    """Write ``dest`` all or nothing: yields a temporary path to write; renames it into place.

    The output guards run first (``internal`` skips them: only for the program's own files,
    such as its daily backups). The destination folder is created if needed. OSErrors become
    clear errors (disk full: exit 3; read-only, no permission, bad name: exit 2); on any
    failure nothing is left behind."""
    dest = Path(dest)
    if not internal:
        check_output(dest)
    if dest.is_dir():
        raise OutputNotWritableError(_("{path} is a folder; give a file name.").format(path=dest))
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp, entry = new_temporary(dest, suffix)
    except OSError as exc:
        raise io_error(exc, dest) from exc
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, dest)
        sync_folder(dest.parent)
    except OSError as exc:
        discard_temporary(tmp, entry)
        raise io_error(exc, dest) from exc
    except BaseException:
        discard_temporary(tmp, entry)
        raise
    _unregister(entry)


@contextlib.contextmanager
def atomic_folder(dest: Path | str) -> Iterator[Path]:
    """Fill a folder all or nothing: yields a temporary folder that replaces ``dest`` at the
    end (an existing ``dest`` is replaced only then). Guards and errors as atomic_output."""
    import shutil

    dest = Path(dest)
    check_output(dest)
    if dest.exists() and not dest.is_dir():
        raise OutputNotWritableError(_("{path} exists and is not a folder.").format(path=dest))
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp, entry = new_temporary(dest, ".d")
        tmp.unlink()
        tmp.mkdir()
    except OSError as exc:
        raise io_error(exc, dest) from exc
    old: Path | None = None
    try:
        yield tmp
        if dest.exists():
            old = dest.with_name(f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.old")
            os.replace(dest, old)
        os.replace(tmp, dest)
    except OSError as exc:
        if old is not None and not dest.exists():
            with contextlib.suppress(OSError):
                os.replace(old, dest)
        shutil.rmtree(tmp, ignore_errors=True)
        _unregister(entry)
        raise io_error(exc, dest) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _unregister(entry)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    _unregister(entry)


def write_bytes_atomic(dest: Path | str, data: bytes, *, internal: bool = False) -> Path:
    """Write ``data`` to ``dest`` through :func:`atomic_output`."""
    with atomic_output(dest, internal=internal) as tmp:
        tmp.write_bytes(data)
    return Path(dest)


def write_text_atomic(dest: Path | str, text: str, *, internal: bool = False) -> Path:
    """Write UTF-8 ``text`` to ``dest`` through :func:`atomic_output`."""
    return write_bytes_atomic(dest, text.encode("utf-8"), internal=internal)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        # ctypes.windll exists on Windows only; mypy checks this file as on Linux.
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temporaries(*folders: Path) -> list[Path]:
    """Remove our temporary files left by programs that no longer run.

    Looks at the registry (any folder) and at ``folders`` (e.g. the database's folder and its
    backups). Only files named ``.board-app-tmp-<pid>-…`` whose process is gone are removed.
    Returns what was removed."""
    removed: list[Path] = []
    candidates: dict[Path, Path | None] = {}
    with contextlib.suppress(OSError):
        for entry in registry_dir().iterdir():
            with contextlib.suppress(OSError, ValueError):
                pid = int(entry.name.split("-", 1)[0])
                if _pid_alive(pid):
                    continue
                target = Path(entry.read_text(encoding="utf-8").strip())
                candidates[target] = entry
    for folder in folders:
        with contextlib.suppress(OSError):
            for found in Path(folder).glob(f"{TEMP_PREFIX}*"):
                candidates.setdefault(found, None)
    for path, registered in candidates.items():
        if not path.name.startswith(TEMP_PREFIX):
            _unregister(registered)
            continue
        try:
            pid = int(path.name[len(TEMP_PREFIX) :].split("-", 1)[0])
        except ValueError:
            continue
        if _pid_alive(pid):
            continue
        with contextlib.suppress(FileNotFoundError):
            try:
                if path.is_dir() and not path.is_symlink():
                    import shutil

                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
                log.info("Removed a temporary file left by an earlier run: %s", path)
            except OSError as exc:
                log.warning("Could not remove %s: %s", path, exc)
                continue
        _unregister(registered)
    return removed


def write_crash_log(text: str) -> Path | None:
    """Write a crash report to a new, uniquely named file in the log folder; its path, or None
    if even that failed. Two crashes in the same second never overwrite each other."""
    from datetime import datetime

    from board_app.paths import log_dir

    try:
        folder = log_dir()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(1, 1000):
            path = folder / f"error-{stamp}-{os.getpid()}-{n}.log"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return path
    except OSError:
        return None
    return None
