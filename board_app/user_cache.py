"""The per-user cache folder shared by the translation and font caches: where entries live,
how one is written, and how entries that can no longer be used are removed.

Several processes (the desktop app, command lines, a township clerk's second window) may read
and write the same folder at once. An entry is written to a temporary file beside it and
renamed into place, so a reader sees either the old file or the new one, never half of one.
After a write, the folder's entries of the same family that the caller calls stale (written
for catalogues or fonts that have changed, moved or gone) and temporaries left by writers that
crashed are removed. Removing is best effort: a file another process has just removed, or
holds open on Windows, is left to the next write. Readers must treat a missing or unreadable
entry as a miss.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

#: A temporary older than this was left by a writer that crashed (writing takes a second).
STALE_TEMPORARY_SECONDS = 3600


def cache_folder(env: str, name: str) -> Path | None:
    """The cache folder ``name`` in the user cache, another folder named by the environment
    variable ``env``, or None when ``env`` is ``off``."""
    override = os.environ.get(env)
    if override == "off":
        return None
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("board-app", appauthor=False)) / name


def write_entry(
    entry: Path, data: bytes, *, family: str, stale: Callable[[Path], bool] | None = None
) -> list[Path]:
    """Write ``data`` to ``entry`` atomically, then remove the other entries of ``family`` (a
    glob pattern such as ``zh_CN-*.marshal``) for which ``stale`` holds (all of them when it is
    None) and the family's temporaries left by crashed writers. Returns what was removed.

    Raises OSError when the entry cannot be written (the caller parses next time instead)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, entry)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return prune(entry.parent, family, keep=entry, stale=stale)


def prune(
    folder: Path,
    family: str,
    *,
    keep: Path,
    stale: Callable[[Path], bool] | None = None,
    temporaries: bool = True,
) -> list[Path]:
    """Remove the entries of ``family`` in ``folder`` but ``keep`` that are ``stale``, and
    (``temporaries``) the family's temporaries older than an hour. Never raises for a file
    that is gone, in use or not removable."""
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.glob(family) if p.name != keep.name]
        old = time.time() - STALE_TEMPORARY_SECONDS
        leftovers = [
            p for p in folder.glob(f"{family}.*.tmp") if temporaries and _modified(p) < old
        ]
    except OSError:
        return removed
    for path in candidates:
        try:
            if stale is None or stale(path):
                path.unlink(missing_ok=True)
                removed.append(path)
        except OSError:
            continue  # another process removed or holds it: the next write tries again
    for path in leftovers:
        try:
            path.unlink(missing_ok=True)
            removed.append(path)
        except OSError:
            continue
    return removed


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")  # gone already: nothing to remove
