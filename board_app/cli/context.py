"""What a command handler gets: the opened services and a way to talk to the user."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from board_app.services.context import Services
    from board_app.storage.repository import Repository

CLI_LOCK_WAIT = 3.0


def lock_wait() -> float:
    """Seconds the command line waits for another program's lock (BOARD_APP_LOCK_WAIT)."""
    import os

    try:
        return max(0.0, float(os.environ.get("BOARD_APP_LOCK_WAIT", CLI_LOCK_WAIT)))
    except ValueError:
        return CLI_LOCK_WAIT


@dataclass
class CliContext:
    """Lazily opens the database the first time a handler asks for it."""

    db_path: Path | str  # a file, or a postgresql:// URL of a database on a server
    operator: str | None = None
    create: bool = False  # only commands that may make a new database set this (import)
    _services: Services | None = field(default=None, repr=False)

    @property
    def services(self) -> Services:
        """The service facade over the database (opened on first use, waiting briefly)."""
        if self._services is None:
            from board_app.services.context import open_services

            self._services = open_services(
                self.db_path, wait=lock_wait(), operator=self.operator, create=self.create
            )
        return self._services

    @property
    def repo(self) -> Repository:
        """The repository of the opened database."""
        return self.services.repo

    @property
    def location(self) -> str:
        """The database as shown in messages (a server URL without its password)."""
        if self._services is not None:
            return self._services.location
        from board_app.paths import is_server_url

        if is_server_url(self.db_path):
            from board_app.services.context import server_display

            return server_display(str(self.db_path))
        return str(self.db_path)

    def discard_new_database(self) -> None:
        """Close and delete the database this command created (with its working files)."""
        if self._services is None or not self._services.database.created:
            return
        path = self._services.path
        self._services.close()
        self._services = None
        for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()

    def echo(self, message: str = "") -> None:
        """Print a line for the user."""
        print(message, flush=True)

    def warn(self, message: str) -> None:
        """Print a warning line on standard error."""
        print(message, file=sys.stderr, flush=True)

    def close(self) -> None:
        """Close the database if it was opened (saying so when this command created it)."""
        if self._services is not None:
            created, path = self._services.database.created, self._services.path
            self._services.close()
            self._services = None
            if created and path.exists():
                from board_app.i18n import _

                self.warn(_("Created a new database: {path}").format(path=path))


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters, bidi overrides and other invisible
    format characters (which could reorder or hide what is shown) written as ``\\uXXXX``."""
    if text.isprintable():
        return text  # the common case, checked in C
    import unicodedata

    out = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)
