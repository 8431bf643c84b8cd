"""The main window's item browsing: organization tree, filter bar and item table wiring.

``build_org_tree`` and ``build_item_table`` create the views; ``ItemBrowserMixin`` gives
``MainWindow`` the selection helpers (``current_org_id``…) and the refresh/filter/select logic.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

from board_app.domain import labels
from board_app.domain.items import PublicationType, Status
from board_app.domain.queries import ItemFilter
from board_app.i18n import _
from board_app.ui.models.item_table_model import (
    COL_CATEGORY,
    COL_EXPIRE,
    COL_NUMBER,
    COL_ORG,
    COL_PERIOD,
    COL_PUBLISH,
    COL_STATUS,
    COL_TITLE,
    COL_TYPE,
    ItemTableModel,
    period_text,
)
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


class ItemTableView(QTableView):
    """The item table: the title column gets the room, other columns keep their natural width.

    Titles are elided in the middle (the tooltip has the whole title), so "2026年第三季度…"
    rows stay distinguishable. The organization column is shown in the all-organizations view,
    the type column when no type tab is chosen, the category column unless one category is
    selected in the tree. When the table is narrow (1366×768 with the
    editor open) the least needed columns are hidden, in ``DROP_ORDER``, until the title has
    at least ``TITLE_SHARE`` of the width.
    """

    DROP_ORDER = (COL_EXPIRE, COL_TYPE, COL_PUBLISH, COL_CATEGORY)
    TITLE_SHARE = 0.36
    TITLE_MIN_CHARS = 12

    def __init__(self, model: ItemTableModel) -> None:
        super().__init__()
        self.setModel(model)
        self.item_model = model
        self.show_org = False
        self.show_type = True
        self.show_category = True
        self.dropped: set[int] = set()

    def set_context(self, *, show_org: bool, show_type: bool, show_category: bool = True) -> None:
        """Which optional columns the view wants (all organizations / no type tab / not one
        category)."""
        self.show_org, self.show_type, self.show_category = show_org, show_type, show_category
        self.fit_columns()

    def natural_widths(self) -> dict[int, int]:
        """Width of every column but the title, from sample values in the language shown."""
        fm = self.fontMetrics()
        types = [labels.publication_type(t) for t in PublicationType]
        statuses = [labels.status(s) for s in Status]
        statuses.append(labels.status_on(Status.PUBLISHED, date(2026, 12, 28), date(2026, 1, 1)))
        org_names = [n for n in self.item_model.org_names.values() if n] or ["东风村党支部"]
        samples: dict[int, list[str]] = {
            COL_NUMBER: ["2026-000"],
            COL_ORG: org_names,
            COL_TYPE: types,
            COL_CATEGORY: ["财务收支明细"],
            COL_PERIOD: [period_text("2026-Q3"), period_text("2026-12")],
            COL_STATUS: statuses,
            COL_PUBLISH: ["2026-00-00"],
            COL_EXPIRE: ["2026-00-00"],
        }
        caps = {COL_ORG: fm.horizontalAdvance("汉") * 8}
        out: dict[int, int] = {}
        for col, values in samples.items():
            title = str(self.item_model.headerData(col, Qt.Orientation.Horizontal))
            width = max(
                max(fm.horizontalAdvance(x) for x in values), fm.horizontalAdvance(title) + 14
            )
            out[col] = min(width, caps.get(col, width)) + 12
        return out

    def fit_columns(self) -> None:
        """Show, hide and size the columns for the current width."""
        header = self.horizontalHeader()
        widths = self.natural_widths()
        optional = {
            COL_ORG: self.show_org,
            COL_TYPE: self.show_type,
            COL_CATEGORY: self.show_category,
        }
        wanted = [c for c in widths if optional.get(c, True)]
        available = self.viewport().width() or self.width()
        title_min = max(
            self.fontMetrics().horizontalAdvance("汉") * self.TITLE_MIN_CHARS,
            int(available * self.TITLE_SHARE),
        )
        self.dropped = set()
        for col in self.DROP_ORDER:
            if sum(widths[c] for c in wanted) + title_min <= available:
                break
            if col in wanted:
                wanted.remove(col)
                self.dropped.add(col)
        for col in range(self.item_model.columnCount()):
            if col == COL_TITLE:
                self.setColumnHidden(col, False)
                continue
            self.setColumnHidden(col, col not in wanted)
            if col in wanted:
                header.resizeSection(col, widths[col])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


def build_item_table(model: ItemTableModel) -> ItemTableView:
    """The sortable, single-row-selection table of items, its columns sized for the labels."""
    table = ItemTableView(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    header.setSortIndicatorShown(True)
    header.setHighlightSections(False)
    header.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setSortingEnabled(True)
    size_item_columns(table, model)
    return table


def size_item_columns(table: ItemTableView, model: ItemTableModel) -> None:
    """The title column stretches; the others are sized (and shown) by ``fit_columns``."""
    header = table.horizontalHeader()
    fm = table.fontMetrics()
    for col in range(model.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if col == COL_TITLE
            else (QHeaderView.ResizeMode.Interactive)
        )
        header.setSectionResizeMode(col, mode)
    header.setMinimumSectionSize(fm.horizontalAdvance("0000") + 12)
    table.fit_columns()


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
        orgs = self.services.orgs.all()
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
            without_category=node.kind == "nocat",
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
        flt = self.current_filter()
        self.model.set_filter(flt)
        self.table.set_context(
            show_org=flt.organization_id is None and len(self.model.org_names) > 1,
            show_type=flt.publication_type is None,
            show_category=flt.category_id is None,
        )
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

    def show_node(self, node: Node) -> bool:
        """Select ``node`` in the tree (the table follows); False when it is not in the tree."""
        row = self.tree_model.find(node)
        if row is None:
            return False
        self.tree.setCurrentIndex(row.index())
        self.tree.scrollTo(row.index())
        return True

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
        self.apply_changes()
