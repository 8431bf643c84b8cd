"""Turn faults of the machine (full disk, read-only files) into clear errors for the user."""

from __future__ import annotations

from board_app.errors import BoardAppError, DatabaseUnusableError
from board_app.files import DiskFullError
from board_app.i18n import _
from board_app.storage.db import classify_error


def as_user_error(exc: BaseException, where: object = "") -> BoardAppError | None:
    """The user-facing error for ``exc`` if the disk, the server's roles or a concurrent save
    refused it (nothing was written), or None."""
    from board_app.services.server_access import refusal

    denied = refusal(exc)
    if denied is not None:
        return denied

    from board_app.storage.versions import StaleVersionError

    if isinstance(exc, StaleVersionError):  # a save raced another one: refused, not written
        from board_app.services.conflicts import EditConflict, EditConflictError

        return EditConflictError(
            EditConflict(
                kind=exc.table if exc.table in ("feedback", "matter") else "item",
                title=f"{exc.table} {exc.record_id}",
                mine_version=exc.base,
                theirs_version=exc.stored,
            )
        )
    kind = classify_error(exc)
    if kind == "full":
        return DiskFullError(
            _(
                "Not enough disk space: {where} was not changed; nothing was written. Free some "
                "space and try again."
            ).format(where=where or _("the database"))
        )
    if kind == "readonly":
        return DatabaseUnusableError(
            _(
                "The database is read-only: {where} (the file or its folder cannot be "
                "written). Copy it to a writable folder, or fix its permissions."
            ).format(where=where or _("the database"))
        )
    if kind == "connection":
        return DatabaseUnusableError(
            _(
                "The connection to the database server was lost ({where}); the change in "
                "progress was not saved. Check the network and the server, then open the "
                "database again."
            ).format(where=where or _("the database"))
        )
    if kind == "io":
        return DatabaseUnusableError(
            _(
                "The disk reported an error while writing {where}; nothing was written. Run "
                "the check command, and restore a backup if it reports damage."
            ).format(where=where or _("the database"))
        )
    return None
