"""The item page's views: the organization tree and the item table (``ItemTableView``).

``build_org_tree`` and ``build_item_table`` create them; ``items_page.ItemsPage`` owns them and
the selection logic between them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

from board_app.domain import labels
from board_app.domain.items import PublicationType, Status
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
from board_app.ui.models.org_tree_model import OrgTreeModel


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
    editor open, or the window at its smallest) the least needed columns are hidden, in
    ``DROP_ORDER``, until the title has at least ``TITLE_SHARE`` of the width: the
    organization (the tree names it) and the period (titles usually say it) go last.
    """

    DROP_ORDER = (COL_EXPIRE, COL_TYPE, COL_PUBLISH, COL_CATEGORY, COL_ORG, COL_PERIOD)
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
