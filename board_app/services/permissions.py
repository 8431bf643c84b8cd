"""What the current login may do, so the window offers only that (the server still decides).

On a PostgreSQL server (schema step 9) the login's roles and the organizations it may write
or review come from the server itself (:mod:`storage.pg_rights`); ``refusal`` says, in words,
why a step is not the login's to take. A SQLite file has no logins: everything is allowed.

The steps follow docs/server-security.md and the triggers of step 9:

- ``WRITE``: an organization's records (items and their drafts, submitting, publishing,
  withdrawing, ledgers, pictures, catalogue, feedback, matters, archive numbers, board texts):
  a clerk of the organization, or an administrator;
- ``REVIEW``: 审核通过 and 退回 of an organization's items: its reviewer, or an administrator;
- ``ADMIN``: creating organizations, renaming them, moving them to a township.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from board_app.i18n import _

if TYPE_CHECKING:
    from board_app.services.context import Services


class Need(Enum):
    """What a step needs of the login."""

    WRITE = "write"
    REVIEW = "review"
    ADMIN = "admin"


ROLE_ORDER = ("admin", "clerk", "reviewer", "township")


@dataclass(frozen=True)
class Permissions:
    """The login's roles and rights; ``on_server`` False means a local file (all allowed)."""

    on_server: bool = False
    login: str = ""
    roles: frozenset[str] = frozenset()
    admin: bool = True
    write: frozenset[int] = frozenset()
    review: frozenset[int] = frozenset()
    townships: tuple[str, ...] = ()

    @classmethod
    def local(cls) -> Permissions:
        """A database file: no logins, every step allowed."""
        return cls()

    @property
    def read_only(self) -> bool:
        """Whether the login may change nothing at all (a township viewer, or no grant)."""
        return self.on_server and not self.admin and not self.write and not self.review

    def may(self, need: Need, org_id: int | None = None) -> bool:
        """Whether the login may take a step needing ``need`` for ``org_id`` (None: any)."""
        return self.refusal(need, org_id) is None

    def refusal(self, need: Need, org_id: int | None = None) -> str | None:
        """Why the login may not take a step needing ``need`` for ``org_id`` (None: it may).

        ``org_id`` None asks about any organization (e.g. New item before one is chosen)."""
        if self.admin:
            return None
        if self.read_only:
            return self.read_only_reason()
        if need is Need.ADMIN:
            return _("Only an administrator of the server may do this.")
        rights = self.write if need is Need.WRITE else self.review
        if rights and (org_id is None or org_id in rights):
            return None
        if need is Need.REVIEW:
            return _("Only a reviewer of the organization approves or sends back its items.")
        if self.review and (org_id is None or org_id in self.review):
            return _("A reviewer records reviews; the organization's clerk changes its records.")
        return _("Your login may not change this organization's records (read only).")

    def read_only_reason(self) -> str:
        """The sentence for a login that may change nothing."""
        if "township" in self.roles:
            return _("Read only: township viewer login {login}.").format(login=self.login)
        return _("Read only: the login {login} has no role that may change records.").format(
            login=self.login
        )

    def role_names(self) -> list[str]:
        """The login's roles for people, administrator first."""
        from board_app.services.server_access import role_label

        return [role_label(r) for r in ROLE_ORDER if r in self.roles]

    def notice(self) -> str:
        """The line the window shows about the login ("" on a local file)."""
        if not self.on_server:
            return ""
        if self.read_only:
            return _("{reason} Records can be viewed, printed and exported, not changed.").format(
                reason=self.read_only_reason()
            )
        roles = _(", ").join(self.role_names())
        if self.admin:
            return _("Login {login}: {roles}.").format(login=self.login, roles=roles)
        limits = []
        if not self.review:
            limits.append(_("approving and sending back items is the reviewer's step"))
        if not self.write:
            limits.append(_("item contents are changed by the clerk"))
        text = _("Login {login}: {roles}.").format(login=self.login, roles=roles)
        if limits:
            text = _("{login_line} Not for this login: {limits}.").format(
                login_line=text, limits=_("; ").join(limits)
            )
        return text


def permissions_of(services: Services) -> Permissions:
    """What the login of ``services`` may do: from the server, or everything on a file."""
    if not services.is_server:
        return Permissions.local()
    from board_app.storage.pg_rights import login_rights

    rights = login_rights(services.database.db)
    return Permissions(
        on_server=True,
        login=rights.login,
        roles=rights.roles,
        admin=rights.admin,
        write=rights.write,
        review=rights.review,
        townships=rights.townships,
    )
