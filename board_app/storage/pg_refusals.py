"""The server's refusals for lack of privilege, in words (schema step 9's roles).

Kept apart from :mod:`pg_access` (logins and grants): every repository transaction passes
through :func:`refusals_explained`, including on SQLite, where nothing is ever refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from board_app.errors import AccessDeniedError
from board_app.i18n import _

#: SQLSTATE of "insufficient privilege" (permission denied, row-level security violations).
INSUFFICIENT_PRIVILEGE = "42501"
#: SQLSTATE of a write on a read-only server or session (a standby, a read-only login).
READ_ONLY_TRANSACTION = "25006"


def refusal_detail(exc: BaseException) -> str | None:
    """The database's own words when it refused a step for lack of privilege, else None.

    "read-only" when the server (a standby) or the login's session writes nothing at all.
    Walks peewee's wrapper and the exception chain to the driver's error and its SQLSTATE.
    """
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if getattr(current, "sqlstate", None) == READ_ONLY_TRANSACTION:
            return "read-only"
        if getattr(current, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            diag = getattr(current, "diag", None)
            text = getattr(diag, "message_primary", None) or str(current).splitlines()[0]
            return str(text).removeprefix("board-app: ")
        stack += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        stack += [e for e in (current.__cause__, current.__context__) if e is not None]
    return None


def _table_label(table: str) -> str:
    """A table's contents in words (the server names tables)."""
    labels = {
        "item": _("disclosure items"),
        "ledger_row": _("ledger rows"),
        "image": _("pictures"),
        "category": _("the catalogue"),
        "organization": _("organizations"),
        "audit": _("the audit log"),
        "feedback": _("the feedback register"),
        "box_opening": _("box openings"),
        "feedback_settings": _("feedback settings"),
        "feedback_archive": _("the feedback archive"),
        "matter": _("matters"),
        "matter_step": _("matter meetings"),
        "matter_spending": _("matter spending"),
        "matter_settings": _("matter settings"),
        "archive_number": _("archive numbers"),
        "box_batch": _("archive boxes"),
        "deleted_item": _("the recycle bin"),
        "number_counter": _("number counters"),
        "calendar_day": _("holidays"),
        "meta": _("database settings"),
        "access_grant": _("grants"),
    }
    return labels.get(table, table)


def _reason(detail: str) -> str:
    """The server's refusal (its own English words, or our triggers') as a translated phrase."""
    table = re.search(r'(?:table|relation) "?([\w.]+)"?', detail)
    name = _table_label(table.group(1)) if table else ""
    if detail.startswith("a reviewer records reviews"):
        return _("a reviewer records reviews but does not change an item's content")
    if detail.startswith("an item under review"):
        return _("an item under review goes back to draft when its content changes")
    if detail.startswith("an item links only"):
        return _("an item refers only to its own organization's catalogue and items")
    if detail.startswith("only a reviewer approves"):
        return _("only a reviewer of the organization approves its items")
    if detail.startswith("an item cannot go from"):
        return _("this change of status is not a step of the workflow")
    if detail.startswith("only an administrator renames"):
        return _("only an administrator renames an organization or moves it to a township")
    if detail == "read-only":
        return _("this connection is read-only, e.g. a read replica of the township's server")
    if detail.startswith("permission denied to"):
        return _("only an administrator creates logins and grants roles")
    if detail.startswith("new row violates row-level security"):
        return _(
            "the row would belong to an organization your login does not work for ({table})"
        ).format(table=name)
    if detail.startswith("permission denied") and name:
        return _("your role may not change {table}").format(table=name)
    return detail


def access_denied(exc: BaseException) -> AccessDeniedError | None:
    """A clear error when the server refused ``exc``'s step for lack of privilege, else None."""
    if isinstance(exc, AccessDeniedError):
        return exc
    detail = refusal_detail(exc)
    if detail is None:
        return None
    return AccessDeniedError(
        _(
            "The server refused this step: your login may not do it ({detail}). Nothing was "
            "changed. Ask the administrator if you need this right."
        ).format(detail=_reason(detail))
    )


@contextmanager
def refusals_explained() -> Iterator[None]:
    """Turn the server's privilege refusals inside the block into AccessDeniedError."""
    try:
        yield
    except Exception as exc:
        denied = access_denied(exc)
        if denied is None or denied is exc:
            raise
        raise denied from exc
