"""Opening an office database on a PostgreSQL server (psycopg 3 through peewee).

The location is a libpq URL: ``postgresql://user@host:5432/boards``,
``postgresql:///boards?host=/run/postgresql`` (Unix socket) or ``postgresql:///?service=boards``
(a libpq service file names host, database and user; the password comes from the password file,
never from our settings). The same models and migrations as SQLite run on it; what is SQLite's
own (the writer lock, WAL, file checks, file backups) does not apply: several clerks write at
once and the server keeps its own backups (pg_dump, base backups; see docs/server.md).
"""

from __future__ import annotations

import contextlib
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import peewee as pw

from board_app.errors import DatabaseUnusableError, UsageError
from board_app.i18n import _
from board_app.storage import migrations, models

#: Seconds to wait for the server before saying it cannot be reached.
CONNECT_TIMEOUT = 10
#: Session advisory lock held while one program migrates the schema (others wait for it).
MIGRATION_LOCK = zlib.crc32(b"board-app schema migration")
#: SQLSTATE codes of a refused login and of a missing database.
AUTH_FAILED = {"28P01", "28000"}
NO_DATABASE = "3D000"
#: libpq's and the server's words for a refused login (no SQLSTATE reaches the client then).
LOGIN_REFUSED = (
    "password authentication failed",
    "no password supplied",
    "authentication failed",  # peer, ident, scram ...
    "no pg_hba.conf entry",
)


def display_url(url: str) -> str:
    """``url`` without its password, for messages, window titles and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    netloc = parts.netloc
    if "@" in netloc:
        user_info, host = netloc.rsplit("@", 1)
        user = user_info.split(":", 1)[0]
        netloc = f"{user}@{host}"
    query = "&".join(p for p in parts.query.split("&") if not p.lower().startswith("password="))
    text = f"{parts.scheme}://{netloc}{parts.path}"  # urlunsplit drops // without a host
    return text + (f"?{query}" if query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _conninfo(url: str) -> dict[str, str]:
    """The connection parameters of ``url``; UsageError (exit 2) when it is malformed."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        from board_app.storage import enable_psycopg

        enable_psycopg()
    except ImportError as exc:  # an installation without the server driver
        raise DatabaseUnusableError(
            _(
                "PostgreSQL support is not installed (the psycopg package is missing): "
                'install it with pip install "psycopg[binary]".'
            )
        ) from exc

    text = url.strip()
    if text.lower().startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    try:
        params = {k: str(v) for k, v in conninfo_to_dict(text).items() if v is not None}
    except Exception as exc:  # psycopg raises ProgrammingError subclasses
        raise UsageError(
            _("{url} is not a valid PostgreSQL address: {detail}").format(
                url=display_url(url), detail=str(exc).strip()
            )
        ) from exc
    params.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
    params.setdefault("application_name", "board-app")
    return params


class _ReconnectingDatabase(pw.PostgresqlDatabase):
    """A server connection that, outside a transaction, replaces a connection the server or
    the network dropped: after "connection lost" the next action works again (the action that
    met the loss failed, with nothing half-written, and said so)."""

    def cursor(self, named_cursor: object = None) -> Any:
        if not self.is_closed() and not self.in_transaction():
            conn = self.connection()
            if getattr(conn, "closed", False) or getattr(conn, "broken", False):
                with contextlib.suppress(Exception):  # forgets the connection even if it fails
                    self.close()
                self.connect(reuse_if_open=True)
        return super().cursor(named_cursor)


@dataclass
class ServerDatabase:
    """An open office database on a PostgreSQL server (same interface as db.Database)."""

    url: str
    db: pw.PostgresqlDatabase
    migrated_from: int | None = None
    created: bool = False  # a server database is created by its administrator, never by us
    backups_made: list[Path] = field(default_factory=list)
    is_server: bool = True

    @property
    def location(self) -> str:
        """The URL without its password."""
        return display_url(self.url)

    @property
    def path(self) -> Path:
        """A server database has no file: UsageError saying what to use instead."""
        raise UsageError(self.no_file_message())

    def no_file_message(self) -> str:
        """Why file operations (backup, restore, file checks) do not apply here."""
        return _(
            "{location} is a database on a PostgreSQL server, not a file: back it up with "
            'the server\'s tools, e.g. pg_dump -Fc -f boards.dump "{location}", and restore '
            "with pg_restore (see docs/server.md)."
        ).format(location=self.location)

    def close(self) -> None:
        """Close the connection."""
        if not self.db.is_closed():
            self.db.close()
        if models.database_proxy.obj is self.db:
            models.database_proxy.initialize(None)

    def replace_with(self, source: Path) -> Path | None:
        """Restoring a file backup over a server database is refused (BackupError)."""
        from board_app.storage.backup import BackupError

        raise BackupError(self.no_file_message())

    def bound(self) -> contextlib.AbstractContextManager[Any]:
        """Context in which every model class uses this database (several may be open)."""
        return self.db.bind_ctx(models.all_model_classes(), bind_refs=False, bind_backrefs=False)

    def __enter__(self) -> ServerDatabase:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: SQLSTATEs of a server that is out of disk, read-only or failing to read/write its disk.
DISK_STATES = {"53100": "full", "25006": "readonly", "58030": "io"}
#: Words of a lost connection (psycopg raises these without a SQLSTATE).
CONNECTION_LOST = (
    "the connection is closed",
    "server closed the connection",
    "terminating connection",
    "connection to server",
    "consuming input failed",
)


def classify_server_error(exc: BaseException) -> str | None:
    """ "full", "readonly", "io" or "connection" for one PostgreSQL error, else None."""
    state = getattr(exc, "sqlstate", None)
    if state in DISK_STATES:
        return DISK_STATES[state]
    if isinstance(state, str) and (state.startswith("08") or state in {"57P01", "57P02"}):
        return "connection"
    module = type(exc).__module__
    if module.startswith(("psycopg", "peewee")) and "OperationalError" in type(exc).__name__:
        text = str(exc).lower()
        if any(sign in text for sign in CONNECTION_LOST):
            return "connection"
    return None


def _driver_error(exc: BaseException) -> BaseException:
    """The psycopg error behind a peewee error (peewee keeps it as its cause or first arg)."""
    seen = exc
    while isinstance(seen, pw.PeeweeException):
        inner = seen.__cause__ or (seen.args[0] if seen.args else None)
        if not isinstance(inner, BaseException):
            break
        seen = inner
    return seen


def _connect_error(exc: BaseException, params: dict[str, str], location: str) -> Exception:
    """A clear DatabaseUnusableError for a failed connection (no SQL, no traceback)."""
    cause = _driver_error(exc)
    state = getattr(cause, "sqlstate", None)
    detail = " ".join(str(cause).split()) or type(cause).__name__
    detail = detail.removeprefix("connection failed: ")
    text = detail.lower()
    unknown_role = 'role "' in text and "does not exist" in text
    if state in AUTH_FAILED or unknown_role or any(sign in text for sign in LOGIN_REFUSED):
        return DatabaseUnusableError(
            _(
                "The server refused the login to {location} ({detail}). Check the user name "
                "and the password in the password file (~/.pgpass) or the service file."
            ).format(location=location, detail=detail)
        )
    if state == NO_DATABASE or ('database "' in text and "does not exist" in text):
        return DatabaseUnusableError(
            _(
                "There is no database {name} on the server of {location}. The server's "
                "administrator creates it (see docs/server.md)."
            ).format(name=params.get("dbname", ""), location=location)
        )
    return DatabaseUnusableError(
        _(
            "The database server of {location} cannot be reached ({detail}). Check that the "
            "server is running and that the address is right."
        ).format(location=location, detail=detail)
    )


def _refuse_unsuitable(db: pw.PostgresqlDatabase, location: str) -> None:
    """Refuse a database whose encoding cannot hold Chinese text."""
    encoding = db.execute_sql("SHOW server_encoding").fetchone()[0]
    if str(encoding).upper() != "UTF8":
        raise DatabaseUnusableError(
            _(
                "{location} uses the encoding {encoding}; board-app needs a UTF8 database "
                "(CREATE DATABASE ... ENCODING 'UTF8', see docs/server.md)."
            ).format(location=location, encoding=encoding)
        )


def _dbname_from_libpq(params: dict[str, str]) -> str:
    """The database a URL without one means (``postgresql:///?service=township``: the service
    file names it). peewee needs the name, so libpq is asked once; when that connection fails,
    the real one fails the same way and says why."""
    import getpass
    import os

    import psycopg
    from psycopg.conninfo import make_conninfo

    try:
        with psycopg.connect(make_conninfo("", **params)) as conn:
            return str(conn.info.dbname)
    except Exception:  # noqa: BLE001 - reported by the connection that follows
        return os.environ.get("PGDATABASE") or params.get("user") or getpass.getuser()


def open_server(url: str, *, migrate: bool = True) -> ServerDatabase:
    """Connect to the server database at ``url``, check it is ours and migrate it.

    Raises UsageError for a malformed URL and DatabaseUnusableError when the server cannot be
    reached, refuses the login, has no such database, holds another program's tables, or was
    migrated by a newer program."""
    location = display_url(url)
    params = _conninfo(url)
    name = params.pop("dbname", "") or _dbname_from_libpq(params)
    # No server-side prepared statements: after five runs psycopg would prepare a query and
    # PostgreSQL may then plan it once for any village and any search text (a generic plan
    # that scans every village); planned per run it uses the village's index.
    options: dict[str, Any] = {**params, "prepare_threshold": None}
    db = _ReconnectingDatabase(name, thread_safe=False, **options)
    try:
        db.connect()
    except pw.PeeweeException as exc:
        raise _connect_error(exc, params | {"dbname": db.database}, location) from exc
    except Exception as exc:  # psycopg errors that peewee did not wrap
        raise _connect_error(exc, params | {"dbname": db.database}, location) from exc
    handle = ServerDatabase(url=url, db=db)
    try:
        _refuse_unsuitable(db, location)
        db.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            _check_and_migrate(handle, location, migrate)
        finally:
            with contextlib.suppress(pw.PeeweeException):
                db.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    except BaseException:
        handle.close()
        raise
    return handle


def _check_and_migrate(handle: ServerDatabase, location: str, migrate: bool) -> None:
    db = handle.db
    current = migrations.read_version(db)
    if current is None:
        raise DatabaseUnusableError(
            _(
                "{location} is not a board-app database: it already holds other tables. Use "
                "an empty database (see docs/server.md)."
            ).format(location=location)
        )
    target = migrations.schema_version()
    if current > target:
        from board_app.storage.db import newer_schema_message

        raise DatabaseUnusableError(
            newer_schema_message(location, current, target, migrations.written_by(db))
        )
    models.database_proxy.initialize(db)
    if current < target and migrate:
        try:
            migrations.migrate(db, current)
        except pw.PeeweeException as exc:
            raise DatabaseUnusableError(
                _(
                    "{location} could not be prepared for board-app: {detail}. The first "
                    "connection creates the tables: make it as the database's owner (see "
                    "docs/server.md)."
                ).format(
                    location=location,
                    detail=str(_driver_error(exc)).strip().splitlines()[0].rstrip("."),
                )
            ) from exc
        db.execute_sql("ANALYZE")
        handle.migrated_from = current
