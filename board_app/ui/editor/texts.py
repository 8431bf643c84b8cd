"""Names of item fields and audit actions as the editor shows them."""

from __future__ import annotations

from board_app.i18n import N_, _

_FIELDS = {
    "title": N_("Title"),
    "category_id": N_("Category"),
    "publication_type": N_("Publication type"),
    "domain": N_("Domain"),
    "scope": N_("Scope"),
    "period": N_("Period"),
    "publish_date": N_("Publish date"),
    "expire_date": N_("End date"),
    "responsible": N_("Responsible"),
    "reviewer": N_("Reviewer"),
    "review_date": N_("Review date"),
    "review_opinion": N_("Review opinion"),
    "retention": N_("Retention"),
    "status": N_("Status"),
    "number": N_("Disclosure number"),
    "withdrawn_date": N_("Withdrawal date"),
    "withdrawn_reason": N_("Withdrawal reason"),
    "replaces_id": N_("Replaces"),
    "replaces": N_("Replaces"),
    "opening_balance": N_("Opening balance"),
    "ledger": N_("Ledger"),
    "images": N_("Images"),
    "body": N_("Body"),
    "organization_id": N_("Organization"),
}

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
    return _(_FIELDS[name]) if name in _FIELDS else name


def action_label(action: str) -> str:
    """The label of an audit action such as "item.publish"."""
    return _(_ACTIONS[action]) if action in _ACTIONS else action
