"""Who may do what on a PostgreSQL server: the administrator's grant, revoke and lists.

The database enforces the roles (row-level security, schema step 9); this service checks the
administrator's input, names organizations instead of ids, and turns the server's refusals
into sentences. Everything here needs a PostgreSQL database: SQLite files have no logins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from board_app.domain.roles import ROLES, role_label
from board_app.errors import AccessDeniedError, BoardAppError, NotFoundError, UsageError
from board_app.i18n import _
from board_app.storage import pg_access, pg_refusals

if TYPE_CHECKING:
    from board_app.services.context import Services

T = TypeVar("T")


def refusal(exc: BaseException) -> AccessDeniedError | None:
    """A clear error when the database refused ``exc``'s step for lack of privilege."""
    return pg_refusals.access_denied(exc)


@dataclass(frozen=True)
class Scope:
    """What a grant is for: one organization, one township, or everything (admin)."""

    organization_id: int | None = None
    organization: str | None = None
    township: str | None = None


class ServerAccessService:
    """Grant, revoke and list the roles of logins on the PostgreSQL server."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.db = services.database.db
        if not pg_access.is_postgresql(self.db):
            raise UsageError(
                _(
                    "Roles exist only on a PostgreSQL server; {path} is a local database "
                    "file. Use --db postgresql://… (see docs/server-security.md)."
                ).format(path=services.path)
            )

    def login(self) -> str:
        """The login this connection uses."""
        return pg_access.current_login(self.db)

    def scope(self, role: str, organization: str | None, township: str | None) -> Scope:
        """Check that the role gets what it needs: an organization, a township or neither."""
        if role not in ROLES:
            raise UsageError(_("Unknown role “{role}”.").format(role=role))
        if role in ("clerk", "reviewer"):
            if not organization or township:
                raise UsageError(
                    _("A {role} acts for one organization: give --organization.").format(
                        role=role_label(role)
                    )
                )
            org = self.services.orgs.by_name(organization)
            return Scope(organization_id=org.id, organization=org.name)
        if role == "township":
            if not township or organization:
                raise UsageError(_("A township viewer reads one township: give --township."))
            known = self.townships()
            if township not in known:
                raise NotFoundError(
                    _("No organization belongs to the township “{name}”. Known: {known}").format(
                        name=township, known="、".join(known) or "-"
                    )
                )
            return Scope(township=township)
        if organization or township:
            raise UsageError(_("An administrator acts for every organization: no scope."))
        return Scope()

    def townships(self) -> list[str]:
        """Townships that organizations of this database belong to."""
        return pg_access.townships(self.db)

    def _run(self, step: Callable[[], T]) -> T:
        try:
            return step()
        except pg_access.AccessSetupError as exc:
            raise UsageError(self._setup_message(exc)) from None
        except BoardAppError:
            raise
        except Exception as exc:
            denied = refusal(exc)
            if denied is not None:
                raise denied from None
            raise

    @staticmethod
    def _setup_message(exc: pg_access.AccessSetupError) -> str:
        if exc.reason == "login":
            return _(
                "“{login}” cannot be a login name: use lower-case letters, digits, _ . or - "
                "(at most 63), starting with a letter or _."
            ).format(login=exc.login)
        if exc.reason == "reserved":
            return _("“{login}” is a name the server reserves.").format(login=exc.login)
        if exc.reason == "superuser":
            return _("“{login}” is a superuser of the server; roles do not limit it.").format(
                login=exc.login
            )
        return _("“{login}” is a role without login on the server, not a user.").format(
            login=exc.login
        )

    def grant(
        self,
        role: str,
        login: str,
        *,
        organization: str | None = None,
        township: str | None = None,
        password: str | None = None,
    ) -> bool:
        """Give ``login`` the role (creating the login); False if it already had it."""
        scope = self.scope(role, organization, township)
        return bool(
            self._run(
                lambda: pg_access.grant(
                    self.db,
                    role=role,
                    login=login,
                    organization_id=scope.organization_id,
                    township=scope.township,
                    password=password,
                )
            )
        )

    def revoke(
        self, role: str, login: str, *, organization: str | None = None, township: str | None = None
    ) -> int:
        """Take the role away (for one organization or township, or entirely)."""
        if role not in ROLES:
            raise UsageError(_("Unknown role “{role}”.").format(role=role))
        org_id = self.services.orgs.by_name(organization).id if organization else None
        removed = int(
            self._run(
                lambda: pg_access.revoke(
                    self.db, role=role, login=login, organization_id=org_id, township=township
                )
            )
        )
        if not removed:
            raise NotFoundError(
                _("{login} has no such grant as {role}.").format(login=login, role=role_label(role))
            )
        return removed

    def grants(self) -> list[pg_access.Grant]:
        """Every grant (an administrator sees all; another login only its own)."""
        return list(self._run(lambda: pg_access.grants(self.db)))

    def audit(
        self, *, organization: str | None = None, limit: int = 50
    ) -> list[pg_access.DatabaseAuditEntry]:
        """The newest audit entries with the database user that wrote each."""
        org_id = self.services.orgs.by_name(organization).id if organization else None
        return list(
            self._run(lambda: pg_access.audit_entries(self.db, organization_id=org_id, limit=limit))
        )
