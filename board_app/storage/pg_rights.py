"""What the login of a PostgreSQL connection may do, read from the server (schema step 9).

The same functions the row-level security policies call decide it: ``board_is_admin`` and
``board_orgs(current_user, need)`` over the ``access_grant`` rows, together with the login's
membership of the group roles (``pg_has_role``), which carry the table privileges. A grant
without the membership (or the other way round) gives nothing, as on the server.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from board_app.storage.migrations_roles import GROUP_ROLES


@dataclass(frozen=True)
class LoginRights:
    """The login's roles and the organizations it may write and review on this database."""

    login: str
    roles: frozenset[str]  # of "clerk", "reviewer", "township", "admin"
    admin: bool  # a member of board_admin, the tables' owner or a superuser: everything
    write: frozenset[int]  # organizations whose records it may change (clerk)
    review: frozenset[int]  # organizations whose items it may approve or send back
    townships: tuple[str, ...]  # the townships it reads (township viewer)


def login_rights(db: pw.Database) -> LoginRights:
    """The rights of ``current_user`` on ``db`` (a PostgreSQL database at schema step 9)."""
    member_sql = ", ".join(
        f"pg_has_role(current_user, '{g}', 'MEMBER')" for g in GROUP_ROLES.values()
    )
    row = db.execute_sql(
        f"SELECT current_user, {member_sql}, "
        "has_function_privilege('board_orgs(name, text)', 'EXECUTE')"
    ).fetchone()
    login = str(row[0])
    member = {role: bool(flag) for role, flag in zip(GROUP_ROLES, row[1:-1], strict=True)}
    if not row[-1]:  # no group role and not the owner: the server lets it do nothing
        return LoginRights(login, frozenset(), False, frozenset(), frozenset(), ())
    admin_row = db.execute_sql(
        "SELECT board_is_admin(current_user), board_orgs(current_user, 'write'), "
        "board_orgs(current_user, 'review')"
    ).fetchone()
    admin = bool(admin_row[0])
    granted = db.execute_sql(
        "SELECT role, township FROM access_grant WHERE login = current_user"
    ).fetchall()
    roles = {role for role, _t in granted if member.get(role)}
    if admin:
        roles.add("admin")
    townships = sorted(
        {t for role, t in granted if role == "township" and t and "township" in roles}
    )
    write = frozenset(admin_row[1] or ()) if admin or "clerk" in roles else frozenset()
    review = frozenset(admin_row[2] or ()) if "reviewer" in roles else frozenset()
    return LoginRights(login, frozenset(roles), admin, write, review, tuple(townships))
