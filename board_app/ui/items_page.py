"""The item page of the main window: organization tree | filters and item table | item editor.

``ItemsPage`` owns the tree, the filter bar, the table and the editor, and the selection logic
between them. It talks to the window through signals: ``changed`` after an operation that
changed records (the window then applies the change notices) and ``count_changed`` with the
number of items listed.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QSplitter, QVBoxLayout, QWidget

from board_app.domain.queries import ItemFilter
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.context import Services
from board_app.ui.dialogs.common import show_error
from board_app.ui.editor import ItemEditor
from board_app.ui.filter_bar import FilterBar
from board_app.ui.models.item_table_model import ItemTableModel
from board_app.ui.models.org_tree_model import Node, NodeRole, OrgTreeModel
from board_app.ui.window_items import build_item_table, build_org_tree

# the editor's one-column layout needs ~370 px (ledger and image buttons) plus a scroll bar
EDITOR_MIN_WIDTH = 420


class ItemsPage(QSplitter):
    """Tree | filters + table | editor (the splitter is the page)."""

    changed = Signal()  # records changed here (saved, deleted, copied)
    count_changed = Signal(int)  # items listed for the tree selection and the filters

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.services = services
        self._current_item: int | None = None
        # ----- left: organizations and catalogue -------------------------------------------
        self.tree_model = OrgTreeModel(self)
        self.tree = build_org_tree(self.tree_model)
        # ----- centre: filters and the item table -------------------------------------------
        self.filters = FilterBar(self, today=services.ctx.today())
        self.filters.changed.connect(self.apply_filter)
        self.model = ItemTableModel(services, self)
        self.table = build_item_table(self.model)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(4, 4, 4, 4)
        centre_layout.addWidget(self.filters)
        centre_layout.addWidget(self.table, 1)
        # ----- right: the item editor ------------------------------------------------------
        self.addWidget(self.tree)
        self.addWidget(centre)
        self.editor = self._new_editor()
        self.addWidget(self.editor)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 3)
        self.setStretchFactor(2, 2)
        self.setSizes([250, 850, 450])
        self.setCollapsible(1, False)
        self.tree.selectionModel().currentChanged.connect(lambda *_a: self.apply_filter())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

    # ----- the editor ----------------------------------------------------------------------
    def _new_editor(self) -> ItemEditor:
        """An item editor over the current services (an error here is not hidden: it reaches
        the caller, and in the app the exception hook logs it and shows a message)."""
        editor = ItemEditor(self.services, self)
        editor.saved.connect(self._item_saved)
        editor.closed.connect(self._editor_closed)  # 关闭: the row can be opened again
        # wide enough for its narrowest (one-column) layout and a scroll bar: no sideways
        # scrolling in the editor when the window is small (1366×768)
        editor.setMinimumWidth(EDITOR_MIN_WIDTH)
        return editor

    def set_services(self, services: Services) -> None:
        """Another database was opened: a fresh editor, the filters reset (reload after)."""
        self.services = services
        self._current_item = None
        self.model.set_services(services)
        old = self.editor
        editor = self._new_editor()
        old.detacher.attach()  # back from its own window before it is replaced
        self.replaceWidget(self.indexOf(old), editor)
        old.deleteLater()
        self.editor = editor
        self.filters.reset()

    def set_busy(self, busy: bool) -> None:
        """Nothing that reads the database while a worker owns it."""
        self.model.blocked = busy
        for widget in (self.tree, self.filters, self.table, self.editor):
            widget.setEnabled(not busy)

    def _editor_closed(self) -> None:
        self._current_item = None
        self.table.selectionModel().clearCurrentIndex()
        self.table.clearSelection()

    # ----- selection -----------------------------------------------------------------------
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
            **self.filters.values(),
        )

    # ----- refreshing ----------------------------------------------------------------------
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
        self.count_changed.emit(self.model.total)

    def refresh_items(self, select_id: int | None = None) -> None:
        """After a change: counts in the tree, the table (keeping loaded rows), selection."""
        self.reload_tree()
        self.table.selectionModel().blockSignals(True)
        self.model.reload(keep_loaded=True)
        self.table.selectionModel().blockSignals(False)
        self.count_changed.emit(self.model.total)
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
        self.changed.emit()

    # ----- items ---------------------------------------------------------------------------
    def show_item(self, item_id: int) -> None:
        """Show the item in the editor and select its row when it is listed (the caller asked
        ``maybe_close`` first)."""
        self._current_item = item_id
        self.editor.load_item(item_id)
        self.select_item(item_id)

    def start_item(self, org_id: int, category_id: int | None, period: str | None) -> None:
        """Start a new item in the editor (the caller asked ``maybe_close`` first)."""
        self._current_item = None
        self.editor.new_item(org_id, category_id, period)

    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def new_item(self) -> None:
        """A new draft of the organization selected, in the category and period chosen."""
        org_id = self.current_org_id()
        if org_id is None:
            if not self.services.orgs.all():
                QMessageBox.information(
                    self, _("New item"), _("Create an organization first (Organization menu).")
                )
            else:
                QMessageBox.information(
                    self, _("New item"), _("Select an organization in the tree first.")
                )
            return
        if self.editor.has_unsaved_changes() and not self.editor.maybe_close():
            return
        self.start_item(org_id, self.current_node().category_id, self.filters.values()["period"])

    def delete_draft(self) -> None:
        """Move the draft of the current row to the recycle bin (after asking)."""
        item_id = self.current_item_id()
        if item_id is None:
            return
        summary = self.model.summary(self.table.currentIndex().row())
        title = summary.title if summary is not None else ""
        answer = QMessageBox.question(
            self, _("Delete draft"), _("Delete “{title}”?").format(title=title)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.items.delete_draft(item_id)
        except BoardAppError as exc:
            show_error(self, exc)
            return
        self._current_item = None
        self.editor.item_deleted(item_id)
        self.changed.emit()

    def copy_to_next_period(self) -> None:
        """复制为下一期 of the current row; the new draft opens in the editor."""
        item_id = self.current_item_id()
        if item_id is None:
            return
        from board_app.ui.editor.item_workflow import copy_to_next_period_asking

        try:
            new = copy_to_next_period_asking(self, self.services, item_id)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, details logged
            show_error(self, exc)
            return
        if new is None or new.id is None:
            return
        self._current_item = new.id
        self.changed.emit()
        self.editor.load_item(new.id)
