"""What a user reads when a step fails: a sentence, never a raw database or Python message.

Expected errors (``BoardAppError``) already carry a sentence for the user. Anything else (a
database error, a programming error) is written to the log with its traceback and replaced by
a sentence that says what kind of thing failed and that the details are in the log.
"""

from __future__ import annotations

import logging

from board_app.errors import BoardAppError, ValidationError
from board_app.i18n import _

log = logging.getLogger(__name__)

_DATABASE_MODULES = ("peewee", "sqlite3", "apsw", "psycopg")


def is_database_error(exc: BaseException) -> bool:
    """True for errors raised by the database driver or the ORM (their text holds SQL)."""
    for cls in type(exc).__mro__:
        module = getattr(cls, "__module__", "") or ""
        if module.split(".")[0] in _DATABASE_MODULES:
            return True
    return False


def user_message(exc: BaseException) -> str:
    """A sentence for the user about ``exc``; unexpected details go to the log."""
    if isinstance(exc, ValidationError) and exc.problems and not str(exc):
        return "\n".join(exc.problems)
    if isinstance(exc, BoardAppError):
        return str(exc) or _("The step was refused.")
    from board_app.services.server_access import refusal

    denied = refusal(exc)  # the server's roles refused the step (PostgreSQL)
    if denied is not None:
        return str(denied)

    from board_app.services.conflicts import EditConflictError
    from board_app.services.faults import as_user_error

    conflict = as_user_error(exc)
    if isinstance(conflict, EditConflictError):  # a save raced another one: nothing written
        return str(conflict)
    log.error("step failed", exc_info=(type(exc), exc, exc.__traceback__))
    from board_app.services.faults import as_user_error

    fault = as_user_error(exc)  # a full disk, a read-only file, a lost server connection
    if fault is not None:
        return str(fault)
    if is_database_error(exc):
        return _(
            "The database could not complete this step; nothing was changed. Try again; if it "
            "keeps happening, restart the program (details are in the log)."
        )
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return _("A file could not be read or written{where}: {reason}.").format(
            where=where, reason=exc.strerror or _("unknown reason")
        )
    return _("Something went wrong in this step (details are in the log).")
