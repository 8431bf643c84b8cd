"""PostgreSQL logins and what they may do: grant, revoke and list roles (schema step 9).

A login is a PostgreSQL role with LOGIN, member of one of the group roles of
:mod:`migrations_roles`; the organizations (or township) it acts for are rows of
``access_grant``, which the row-level security policies read through ``current_user``. Only an
administrator (a member of ``board_admin`` with CREATEROLE, or the owner of the tables) can run
these functions; the database refuses anyone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from board_app.storage.migrations_roles import GROUP_ROLES
from board_app.storage.rows import utc

#: Login names we create: lower-case letters, digits and _ . - (a PostgreSQL name is 63 bytes).
LOGIN_PATTERN = re.compile(r"[a-z_][a-z0-9_.\-]{0,62}")


class AccessSetupError(Exception):
    """A grant that cannot be done: ``reason`` is "login", "reserved", "superuser" or "nologin"."""

    def __init__(self, reason: str, login: str) -> None:
        super().__init__(f"{reason}: {login}")
        self.reason = reason
        self.login = login


@dataclass(frozen=True)
class Grant:
    """One row of ``access_grant`` with what PostgreSQL says about the login."""

    login: str
    role: str
    organization_id: int | None
    organization: str | None
    township: str | None
    granted_at: datetime  # aware, UTC
    granted_by: str
    can_login: bool
    member: bool  # the login is (still) a member of the role's group


@dataclass(frozen=True)
class DatabaseAuditEntry:
    """An audit entry with the database user that wrote it."""

    at: datetime  # aware, UTC
    db_user: str
    operator: str
    action: str
    organization_id: int | None
    item_id: int | None
    changes: str


def is_postgresql(db: pw.Database) -> bool:
    """Whether ``db`` is a PostgreSQL database (roles exist only there)."""
    return isinstance(db, pw.PostgresqlDatabase)


def quote_ident(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def check_login(login: str) -> str:
    """The login name if we may create or change it, else AccessSetupError."""
    if not LOGIN_PATTERN.fullmatch(login):
        raise AccessSetupError("login", login)
    if login in GROUP_ROLES.values() or login.startswith("pg_"):
        raise AccessSetupError("reserved", login)
    return login


def current_login(db: pw.Database) -> str:
    """The login of this connection (session_user)."""
    return str(db.execute_sql("SELECT session_user").fetchone()[0])


def _role_row(db: pw.Database, login: str) -> tuple[bool, bool] | None:
    """(can_login, is_superuser) of a role, or None when it does not exist."""
    row = db.execute_sql(
        "SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", (login,)
    ).fetchone()
    return (bool(row[0]), bool(row[1])) if row else None


def _verifier(db: pw.Database, login: str, password: str) -> str:
    """The SCRAM verifier of ``password``, computed here: the server never sees the password."""
    conn = db.connection()
    encrypted = conn.pgconn.encrypt_password(
        password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
    )
    return encrypted.decode("ascii")


def grant(
    db: pw.Database,
    *,
    role: str,
    login: str,
    organization_id: int | None = None,
    township: str | None = None,
    password: str | None = None,
) -> bool:
    """Give ``login`` a role for an organization (clerk, reviewer), a township or everything.

    Creates the login when it does not exist (with ``password`` if given, else without one:
    certificate or peer authentication, or a password set later). Returns False when the login
    already had exactly this grant. Runs in one transaction.
    """
    check_login(login)
    group = GROUP_ROLES[role]
    with db.atomic():
        existing = _role_row(db, login)
        if existing is not None and existing[1]:
            raise AccessSetupError("superuser", login)
        if existing is not None and not existing[0]:
            raise AccessSetupError("nologin", login)
        secret = ""
        if password is not None:
            secret = " PASSWORD '" + _verifier(db, login, password).replace("'", "''") + "'"
        if existing is None:
            db.execute_sql(f"CREATE ROLE {quote_ident(login)} LOGIN{secret}")
        elif secret:
            db.execute_sql(f"ALTER ROLE {quote_ident(login)}{secret}")
        db.execute_sql(f"GRANT {group} TO {quote_ident(login)}")
        if role == "admin":
            db.execute_sql(f"ALTER ROLE {quote_ident(login)} CREATEROLE")
        cursor = db.execute_sql(
            "INSERT INTO access_grant (login, role, organization_id, township) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (login, role, organization_id, township),
        )
        return bool(cursor.rowcount)


def revoke(
    db: pw.Database,
    *,
    role: str,
    login: str,
    organization_id: int | None = None,
    township: str | None = None,
) -> int:
    """Take a role away (for one organization or township, or all when neither is given).

    The login leaves the group role when no grant of that role is left; the login itself is
    kept (it may be used elsewhere on the server). Returns how many grants were removed.
    """
    group = GROUP_ROLES[role]
    conditions = ["login = %s", "role = %s"]
    params: list[object] = [login, role]
    if organization_id is not None:
        conditions.append("organization_id = %s")
        params.append(organization_id)
    if township is not None:
        conditions.append("township = %s")
        params.append(township)
    with db.atomic():
        removed = db.execute_sql(
            f"DELETE FROM access_grant WHERE {' AND '.join(conditions)}", params
        ).rowcount
        left = db.execute_sql(
            "SELECT count(*) FROM access_grant WHERE login = %s AND role = %s", (login, role)
        ).fetchone()[0]
        if not left and _role_row(db, login) is not None:
            db.execute_sql(f"REVOKE {group} FROM {quote_ident(login)}")
            if role == "admin":
                db.execute_sql(f"ALTER ROLE {quote_ident(login)} NOCREATEROLE")
        return int(removed)


def grants(db: pw.Database) -> list[Grant]:
    """Every grant of this database, by login (an administrator sees all, others their own)."""
    rows = db.execute_sql(
        "SELECT g.login, g.role, g.organization_id, o.name, g.township, g.granted_at, "
        "g.granted_by, COALESCE(r.rolcanlogin, false), "
        "COALESCE(pg_has_role(r.oid, CASE g.role WHEN 'clerk' THEN 'board_clerk' "
        "WHEN 'reviewer' THEN 'board_reviewer' WHEN 'township' THEN 'board_township' "
        "ELSE 'board_admin' END, 'MEMBER'), false) "
        "FROM access_grant g LEFT JOIN organization o ON o.id = g.organization_id "
        "LEFT JOIN pg_roles r ON r.rolname = g.login "
        "ORDER BY g.login, g.role, o.name, g.township"
    ).fetchall()
    return [
        Grant(
            login=row[0],
            role=row[1],
            organization_id=row[2],
            organization=row[3],
            township=row[4],
            granted_at=_aware(row[5]),
            granted_by=row[6],
            can_login=bool(row[7]),
            member=bool(row[8]),
        )
        for row in rows
    ]


def townships(db: pw.Database) -> list[str]:
    """Townships that the organizations this login can see belong to."""
    rows = db.execute_sql(
        "SELECT DISTINCT township FROM organization WHERE township <> '' ORDER BY 1"
    ).fetchall()
    return [str(r[0]) for r in rows]


def audit_entries(
    db: pw.Database, *, organization_id: int | None = None, limit: int = 50
) -> list[DatabaseAuditEntry]:
    """The newest audit entries (of one organization) with their database user, newest first."""
    where, params = "", [limit]
    if organization_id is not None:
        where, params = "WHERE organization = %s", [organization_id, limit]
    rows = db.execute_sql(
        f"SELECT at, db_user, operator, action, organization, item, changes FROM audit {where} "
        "ORDER BY at DESC, id DESC LIMIT %s",
        params,
    ).fetchall()
    return [
        DatabaseAuditEntry(
            at=_aware(row[0]),
            db_user=row[1],
            operator=row[2],
            action=row[3],
            organization_id=row[4],
            item_id=row[5],
            changes=row[6],
        )
        for row in rows
    ]


def _aware(stamp: datetime) -> datetime:
    """A stored (naive UTC) timestamp as an aware one."""
    aware = utc(stamp)
    assert aware is not None
    return aware
