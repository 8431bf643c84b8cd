"""Helpers shared by tests (importable as ``support``)."""

from __future__ import annotations

from datetime import date


def category_id(services, org, name: str) -> int:
    """Id of the category called ``name`` in the organization's catalogue."""
    return next(c.id for c in services.orgs.categories(org.id) if c.name == name)


def publish_item(services, item, on: date):
    """Save, submit, approve and publish an item on ``on``.

    An item without a 责任人 or body gets placeholders: submission needs both.
    """
    item.responsible = item.responsible or "村委会"
    item.body = item.body if item.body.strip() else "（正文）"
    item = services.items.save(item)
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="村务监督委员会", on=on, opinion="同意")
    return services.items.publish(item.id, on=on)
