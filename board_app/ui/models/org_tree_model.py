"""The left-hand tree: organizations, their affairs domains and catalogue categories, with
counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from board_app.domain import labels
from board_app.domain.items import Domain
from board_app.domain.queries import ItemFilter
from board_app.i18n import _
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services

NodeRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Node:
    """What a tree row stands for; ``filter()`` gives the items it selects."""

    kind: str  # "all", "org", "domain", "category", "nocat" (category removed)
    org_id: int | None = None
    domain: str | None = None
    category_id: int | None = None

    def filter(self) -> ItemFilter:
        return ItemFilter(
            organization_id=self.org_id,
            domain=self.domain,
            category_id=self.category_id,
            without_category=self.kind == "nocat",
        )


def _label(name: str, count: int) -> str:
    return f"{name}  ({count})"


class OrgTreeModel(QStandardItemModel):
    """Organization → domain → category, each with its number of items."""

    def rebuild(self, services: Services) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([_("Organizations and catalogue")])
        root = self.invisibleRootItem()
        total = services.items.count(ItemFilter())
        everything = QStandardItem(_label(_("All organizations"), total))
        everything.setData(Node("all"), NodeRole)
        everything.setEditable(False)
        root.appendRow(everything)
        bold = QFont()
        bold.setBold(True)
        for org in services.orgs.all():
            org_count = services.items.count(ItemFilter(organization_id=org.id))
            org_row = QStandardItem(_label(org.name, org_count))
            org_row.setData(Node("org", org.id), NodeRole)
            org_row.setFont(bold)
            org_row.setToolTip(labels.org_kind(org.kind))
            org_row.setEditable(False)
            root.appendRow(org_row)
            by_domain: dict[Domain, list[Any]] = {}
            for cat in services.orgs.categories(stored_id(org)):
                by_domain.setdefault(cat.domain, []).append(cat)
            for domain in Domain:
                cats = by_domain.get(domain)
                if not cats:
                    continue
                counts = {
                    c.id: services.items.count(ItemFilter(organization_id=org.id, category_id=c.id))
                    for c in cats
                }
                # the domain lists its categories' items and its items without a category
                dom_total = services.items.count(
                    ItemFilter(organization_id=org.id, domain=domain.value)
                )
                dom_row = QStandardItem(_label(labels.domain(domain), dom_total))
                dom_row.setData(Node("domain", org.id, domain.value), NodeRole)
                dom_row.setEditable(False)
                org_row.appendRow(dom_row)
                for cat in cats:
                    cat_row = QStandardItem(_label(cat.name, counts[cat.id]))
                    cat_row.setData(Node("category", org.id, None, cat.id), NodeRole)
                    cat_row.setToolTip(
                        f"{labels.publication_type(cat.publication_type)} · "
                        f"{labels.cadence(cat.cadence)} · {labels.scope(cat.scope)}"
                    )
                    cat_row.setEditable(False)
                    dom_row.appendRow(cat_row)
            orphans = services.items.count(
                ItemFilter(organization_id=org.id, without_category=True)
            )
            if orphans:
                nocat = QStandardItem(_label(_("Without category"), orphans))
                nocat.setData(Node("nocat", org.id), NodeRole)
                nocat.setToolTip(
                    _(
                        "Items whose category was removed from the catalogue: open one and "
                        "choose a category."
                    )
                )
                nocat.setEditable(False)
                org_row.appendRow(nocat)

    def find(self, node: Node) -> QStandardItem | None:
        """The row standing for ``node`` (to keep the selection across a rebuild)."""

        def walk(parent: QStandardItem) -> QStandardItem | None:
            for r in range(parent.rowCount()):
                child = parent.child(r)
                if child.data(NodeRole) == node:
                    return child
                found = walk(child)
                if found is not None:
                    return found
            return None

        return walk(self.invisibleRootItem())
