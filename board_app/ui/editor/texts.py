"""Names of item fields and audit actions as the editor shows them."""

from __future__ import annotations

from board_app.domain import labels
from board_app.i18n import N_, _

_ACTIONS = {
    "item.create": N_("Created"),
    "item.update": N_("Edited"),
    "item.submit": N_("Submitted for review"),
    "item.approve": N_("Approved"),
    "item.send_back": N_("Sent back"),
    "item.publish": N_("Published"),
    "item.withdraw": N_("Withdrawn"),
    "item.revise": N_("Revision started"),
    "item.delete": N_("Deleted"),
    "item.restore": N_("Restored from the recycle bin"),
}


def field_label(name: str) -> str:
    """The label of an item field (the name itself when unknown)."""
    return labels.item_field(name)


def action_label(action: str) -> str:
    """The label of an audit action such as "item.publish"."""
    return _(_ACTIONS[action]) if action in _ACTIONS else action
