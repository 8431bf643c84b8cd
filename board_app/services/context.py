"""The service facade: one open database, the operator, the clock, and the use cases on top."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from board_app.domain.items import AuditEntry
from board_app.errors import UsageError
from board_app.services.changes import Changes
from board_app.storage.db import OpenDatabase, open_database
from board_app.storage.repository import Repository
from board_app.storage.server import ServerDatabase

if TYPE_CHECKING:
    from board_app.services.calendar import CalendarService
    from board_app.services.feedback import FeedbackService
    from board_app.services.interchange import InterchangeService
    from board_app.services.matters import MatterService
    from board_app.services.office import OfficeService
    from board_app.services.recycle_bin import RecycleBinService
    from board_app.services.township import TownshipService


def default_operator() -> str:
    """The OS user name, used in the audit log when no operator is set."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises various errors without a login
        return os.environ.get("USERNAME", "unknown")


@dataclass
class Context:
    """What every service needs: the repository, who is working, and what time it is."""

    repo: Repository
    operator: str = field(default_factory=default_operator)
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    #: what the audited operations changed since ``Services.take_changes`` was last called
    changes: Changes = field(default_factory=Changes)

    def now(self) -> datetime:
        """Current time, UTC."""
        return self.clock()

    def today(self) -> date:
        """Today's local calendar date."""
        return self.clock().astimezone().date()

    def audit_entry(
        self,
        action: str,
        *,
        item_id: int | None = None,
        organization_id: int | None = None,
        changes: dict[str, tuple[object, object]] | None = None,
    ) -> AuditEntry:
        """An audit entry stamped now by the operator (not yet written); its action is noted
        in ``changes``."""
        self.changes = self.changes | Changes.of_action(action)
        return AuditEntry(
            at=self.now(),
            operator=self.operator or default_operator(),
            action=action,
            item_id=item_id,
            organization_id=organization_id,
            changes=changes or {},
        )

    def audit(
        self,
        action: str,
        *,
        item_id: int | None = None,
        organization_id: int | None = None,
        changes: dict[str, tuple[object, object]] | None = None,
    ) -> None:
        """Record one change in the audit log (inside the caller's transaction)."""
        self.repo.add_audit(
            self.audit_entry(
                action, item_id=item_id, organization_id=organization_id, changes=changes
            )
        )


class Services:
    """Facade over the use cases; the only API the UI and the command line call."""

    def __init__(self, database: OpenDatabase, *, operator: str | None = None) -> None:
        from board_app import files
        from board_app.services.items import ItemService
        from board_app.services.organizations import OrganizationService
        from board_app.services.output_guard import ProtectedFiles

        self.database = database
        self.protected = (
            ProtectedFiles.for_server()
            if database.is_server
            else ProtectedFiles.for_database(database.path)
        )
        files.add_output_guard(self.protected.check)
        self.repo = Repository(database)
        self.ctx = Context(self.repo, operator=operator or default_operator())
        self.orgs = OrganizationService(self.ctx)
        self.items = ItemService(self.ctx)

    # The other use cases are built on first use: a command imports only what it runs.

    @cached_property
    def interchange(self) -> InterchangeService:
        """Import and export of items files."""
        from board_app.services.interchange import InterchangeService

        return InterchangeService(self.ctx, self.orgs, self.items)

    @cached_property
    def calendar(self) -> CalendarService:
        """What is due, overdue and expiring."""
        from board_app.services.calendar import CalendarService

        return CalendarService(self.ctx)

    @cached_property
    def feedback(self) -> FeedbackService:
        """The 意见箱 register."""
        from board_app.services.feedback import FeedbackService

        return FeedbackService(self.ctx)

    @cached_property
    def recycle_bin(self) -> RecycleBinService:
        """Deleted items kept for restoring."""
        from board_app.services.recycle_bin import RecycleBinService

        return RecycleBinService(self.ctx)

    @cached_property
    def office(self) -> OfficeService:
        """Excel and Word files in and out."""
        from board_app.services.office import OfficeService

        return OfficeService(self)

    @cached_property
    def matters(self) -> MatterService:
        """四议两公开 matters."""
        from board_app.services.matters import MatterService

        return MatterService(self.ctx, self.items)

    @cached_property
    def township(self) -> TownshipService:
        """Views across the villages of a township (乡镇)."""
        from board_app.services.township import TownshipService

        return TownshipService(self.ctx)

    @property
    def path(self) -> Path:
        """The database file (UsageError for a database on a server, which has none)."""
        return self.database.path

    def take_changes(self) -> Changes:
        """What the operations changed since the last call (see ``services.changes``)."""
        changes, self.ctx.changes = self.ctx.changes, Changes()
        return changes

    @property
    def location(self) -> str:
        """Where the database is, for the user: its file, or its server URL without password."""
        return self.database.location

    @property
    def is_server(self) -> bool:
        """Whether the database is on a PostgreSQL server (no file, no writer lock)."""
        return self.database.is_server

    @property
    def folder(self) -> Path:
        """Where file dialogs start: the database's folder (the data folder for a server)."""
        if isinstance(self.database, ServerDatabase):
            from board_app.paths import data_dir

            return data_dir()
        return self.database.path.parent

    def server_backup_hint(self) -> str | None:
        """For a server database: how it is backed up (pg_dump); None for a file."""
        if isinstance(self.database, ServerDatabase):
            return self.database.no_file_message()
        return None

    def restore_from(self, source: Path) -> Path | None:
        """Replace the database with a backup while keeping the writer lock.

        Returns the safety copy of the replaced database; raises UsageError (nothing
        changed) when ``source`` cannot be restored.
        """
        from board_app.errors import UsageError
        from board_app.storage.backup import BackupError

        try:
            return self.database.replace_with(Path(source))
        except BackupError as exc:
            raise UsageError(str(exc)) from exc

    def check_output(self, target: Path | str) -> None:
        """Refuse (exit 2) an output path that is one of the program's own files."""
        from board_app import files

        files.check_output(Path(target))

    def backup_to(self, dest: Path | str) -> Path:
        """Copy the database to a file the user chose (never over the program's own files)."""
        from board_app import files
        from board_app.storage.backup import BackupError, backup_to

        self.check_output(dest)
        hint = self.server_backup_hint()
        if hint is not None:
            raise UsageError(hint)
        try:
            return backup_to(self.path, Path(dest))
        except BackupError as exc:
            if exc.__cause__ is not None and isinstance(exc.__cause__, OSError):
                raise files.io_error(exc.__cause__, dest) from exc
            raise UsageError(str(exc)) from exc

    def close(self) -> None:
        """Close the database (checkpointing the WAL) and release the lock."""
        from board_app import files

        files.remove_output_guard(self.protected.check)
        self.database.close()

    def __enter__(self) -> Services:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def server_display(url: str) -> str:
    """A server URL without its password (for messages before the database is open)."""
    from board_app.storage.server import display_url

    return display_url(url)


def open_services(
    path: Path | str, *, wait: float = 0.0, operator: str | None = None, create: bool = True
) -> Services:
    """Open the database at ``path`` (creating it only when ``create``) and build the services.

    ``path`` may be a ``postgresql://`` URL of a database on a server."""
    return Services(open_database(path, wait=wait, create=create), operator=operator)
