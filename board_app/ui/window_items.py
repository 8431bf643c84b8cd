"""The main window's item browsing: organization tree, filter bar and item table wiring.

``build_org_tree`` and ``build_item_table`` create the views; ``ItemBrowserMixin`` gives
``MainWindow`` the selection helpers (``current_org_id``…) and the refresh/filter/select logic.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

from board_app.domain import labels
from board_app.domain.items import PublicationType, Status
from board_app.domain.queries import ItemFilter
from board_app.i18n import _
from board_app.ui.models.item_table_model import COL_TITLE, ItemTableModel, period_text
from board_app.ui.models.org_tree_model import Node, NodeRole, OrgTreeModel


def build_org_tree(model: OrgTreeModel) -> QTreeView:
    """The tree of organizations, domains and catalogue categories."""
    tree = QTreeView()
    tree.setModel(model)
    tree.setHeaderHidden(True)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.setMinimumWidth(220)
    tree.setIndentation(16)
    return tree


def build_item_table(model: ItemTableModel) -> QTableView:
    """The sortable, single-row-selection table of items, its columns sized for the labels."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    header.setSortIndicatorShown(True)
    header.setHighlightSections(False)
    table.setSortingEnabled(True)
    size_item_columns(table, model)
    return table


def size_item_columns(table: QTableView, model: ItemTableModel) -> None:
    """Column widths from sample values in the language shown; the title column stretches."""
    header = table.horizontalHeader()
    fm = table.fontMetrics()
    # samples in the language shown: English labels are longer than Chinese ones
    types = [labels.publication_type(t) for t in PublicationType]
    statuses = [labels.status(s) for s in Status]
    widths: list[list[str]] = [
        ["2026-000"],
        [""],
        types,
        ["财务收支明细"],
        [period_text("2026-Q3"), period_text("2026-12")],
        statuses,
        ["2026-00-00"],
        ["2026-00-00"],
    ]
    for col, samples in enumerate(widths):
        if col == COL_TITLE:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            title = str(model.headerData(col, Qt.Orientation.Horizontal))
            width = max(
                max(fm.horizontalAdvance(x) for x in samples), fm.horizontalAdvance(title) + 14
            )
            header.resizeSection(col, width + 12)
    header.setMinimumSectionSize(fm.horizontalAdvance("0000") + 12)


class ItemBrowserMixin:
    """Tree selection, filtering, refreshing and row selection of ``MainWindow``."""

    def current_node(self) -> Node:
        """The tree node selected (all items when none)."""
        index = self.tree.currentIndex()
        node = index.data(NodeRole) if index.isValid() else None
        return node if isinstance(node, Node) else Node("all")

    def current_org_id(self) -> int | None:
        """The organization selected in the tree, or of the current item, or the only one."""
        node = self.current_node()
        if node.org_id is not None:
            return node.org_id
        row = self.table.currentIndex().row()
        summary = self.model.summary(row)
        if summary is not None:
            return summary.organization_id
        orgs = self.services.orgs.list()
        return orgs[0].id if len(orgs) == 1 else None

    def current_item_id(self) -> int | None:
        """The id of the item in the table's current row."""
        return self.model.item_id(self.table.currentIndex().row())

    def current_filter(self) -> ItemFilter:
        """The item query for the tree selection and the filter bar."""
        node = self.current_node()
        return ItemFilter(
            organization_id=node.org_id,
            domain=node.domain,
            category_id=node.category_id,
            **self.filters.values(),  # type: ignore[arg-type]
        )

    def reload_tree(self) -> None:
        """Rebuild the tree, keeping the expanded nodes and the selection."""
        node = self.current_node()
        expanded = self._expanded_nodes()
        self.tree.selectionModel().blockSignals(True)
        self.tree_model.rebuild(self.services)
        for n in expanded:
            row = self.tree_model.find(n)
            if row is not None:
                self.tree.expand(row.index())
        row = self.tree_model.find(node) or self.tree_model.item(0)
        if not expanded:
            self.tree.expandAll()
        if row is not None:
            self.tree.setCurrentIndex(row.index())
        self.tree.selectionModel().blockSignals(False)

    def _expanded_nodes(self) -> list[Node]:
        out: list[Node] = []

        def walk(parent: QModelIndex) -> None:
            for r in range(self.tree_model.rowCount(parent)):
                index = self.tree_model.index(r, 0, parent)
                if self.tree.isExpanded(index):
                    out.append(index.data(NodeRole))
                    walk(index)

        walk(QModelIndex())
        return out

    def apply_filter(self) -> None:
        """Query the items for the tree selection and the filters."""
        if self.model.blocked:
            return
        self.model.set_filter(self.current_filter())
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(
            _("{count} item(s)").format(count=self.model.total)
            if self.model.total != 1
            else _("1 item")
        )

    def refresh_items(self, select_id: int | None = None) -> None:
        """After a change: counts in the tree, the table (keeping loaded rows), selection."""
        self.reload_tree()
        self.table.selectionModel().blockSignals(True)
        self.model.reload(keep_loaded=True)
        self.table.selectionModel().blockSignals(False)
        self._update_count()
        self.select_item(select_id or self._current_item)

    def select_item(self, item_id: int | None) -> None:
        """Select the item's row (when loaded) without reloading the editor."""
        if item_id is None:
            return
        row = self.model.row_of(item_id)
        if row < 0:
            return
        sm = self.table.selectionModel()
        sm.blockSignals(True)
        sm.setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        sm.blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        item_id = self.model.item_id(current.row())
        if item_id is None or item_id == self._current_item:
            return
        if self.editor.has_unsaved_changes() and not self.editor.maybe_close():
            QTimer.singleShot(0, lambda: self.select_item(self._current_item))
            return
        self._current_item = item_id
        self.editor.load_item(item_id)

    def _item_saved(self, item_id: int) -> None:
        self._current_item = item_id
        self.refresh_items(item_id)
