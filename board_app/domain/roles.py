"""The roles of a township server's logins (schema step 9's group roles), as people name them."""

from __future__ import annotations

from board_app.i18n import _

ROLES = ("clerk", "reviewer", "township", "admin")


def role_label(role: str) -> str:
    """The role's name for people."""
    return {
        "clerk": _("clerk"),
        "reviewer": _("reviewer"),
        "township": _("township viewer"),
        "admin": _("administrator"),
    }[role]
