"""The main window: organization tree, item table with filters, the item editor, menus.

Pages: the central QTabWidget holds the item page first; ``add_page(widget, title)`` is where
the board preview and the disclosure calendar (issue part 2) are added later.

The window only calls services. While a worker task owns the database (import, export,
check, restore) every action that reads or writes it is disabled (``_set_busy``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.items import PublicationType, Status
from board_app.domain.queries import ItemFilter
from board_app.errors import BoardAppError, DatabaseUnusableError
from board_app.i18n import _
from board_app.services import backups_service
from board_app.services.context import open_services
from board_app.settings import MachineSettings, remember_database, save_settings
from board_app.ui.dialogs.catalogue_dialog import CatalogueDialog
from board_app.ui.dialogs.common import show_error
from board_app.ui.dialogs.import_dialog import ExportDialog, ImportFlow, run_export
from board_app.ui.dialogs.organization_dialog import OrganizationDialog
from board_app.ui.dialogs.settings_dialog import DB_FILTER, SettingsDialog
from board_app.ui.filter_bar import FilterBar
from board_app.ui.models.item_table_model import COL_TITLE, ItemTableModel, period_text
from board_app.ui.models.org_tree_model import Node, NodeRole, OrgTreeModel
from board_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
APP_VERSION = "0.1.0"
DEFAULT_SIZE = (1480, 900)
FRAME_ALLOWANCE = (16, 48)
# the editor's one-column layout needs ~370 px (ledger and image buttons) plus a scroll bar
EDITOR_MIN_WIDTH = 420  # window frame and title bar outside the client area


def fitted_size(available_width: int, available_height: int) -> tuple[int, int, bool]:
    """(width, height, maximize) of the window on a screen with this available area.

    A 1366×768 office screen is smaller than the default size: the window then takes the
    available area (and is shown maximized) instead of running off the screen.
    """
    width = min(DEFAULT_SIZE[0], available_width - FRAME_ALLOWANCE[0])
    height = min(DEFAULT_SIZE[1], available_height - FRAME_ALLOWANCE[1])
    maximize = width < DEFAULT_SIZE[0] or height < DEFAULT_SIZE[1]
    return max(width, 640), max(height, 480), maximize


def _load_editor_class() -> Any:
    """The colleague's ItemEditor, or None while it is missing or broken."""
    try:
        from board_app.ui.editor import ItemEditor
    except Exception:
        log.warning("item editor not available", exc_info=True)
        return None
    return ItemEditor


class EditorPlaceholder(QLabel):
    """Shown in the editor pane when the item editor cannot be loaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Select an item in the table to edit it."), parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("color: #6b7280;")

    def has_unsaved_changes(self) -> bool:
        return False

    def maybe_close(self) -> bool:
        return True

    def load_item(self, item_id: int) -> None:
        pass

    def new_item(self, org_id: int, category_id: int | None = None, period: str | None = None):
        pass


class MainWindow(QMainWindow):
    """Tree | filters + table | editor, inside page tabs."""

    def __init__(self, services: Any, settings: MachineSettings | None = None) -> None:
        super().__init__()
        self.services = services
        self.settings = settings or MachineSettings()
        self.runner = TaskRunner(self)
        self.runner.busy_changed.connect(self._set_busy)
        self._closed = False
        self._current_item: int | None = None
        self.maximize_on_show = False
        self.fit_to_screen()

        # ----- left: organizations and catalogue ---------------------------------------------
        self.tree_model = OrgTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setMinimumWidth(220)
        self.tree.setIndentation(16)

        # ----- centre: filters and the item table -------------------------------------------
        self.filters = FilterBar(self, today=services.ctx.today())
        self.filters.changed.connect(self.apply_filter)
        self.model = ItemTableModel(services, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10
        )
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        self.table.setSortingEnabled(True)
        self._size_columns()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(4, 4, 4, 4)
        centre_layout.addWidget(self.filters)
        centre_layout.addWidget(self.table, 1)

        # ----- right: the item editor ------------------------------------------------------
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(centre)
        self.editor: Any = None
        self._make_editor()
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([250, 850, 450])
        self.splitter.setCollapsible(1, False)

        # ----- pages (board preview and calendar are added with add_page) -------------------
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.splitter, _("Disclosure items"))
        self.setCentralWidget(self.pages)

        self.count_label = QLabel()
        self.path_label = QLabel()
        self.path_label.setStyleSheet("color: #555;")
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.path_label)

        self._build_actions()
        self._build_menus()
        self.tree.selectionModel().currentChanged.connect(lambda *_a: self.apply_filter())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.reload_all()

        from board_app.ui.board.pages import BoardPages  # calendar (home) and board pages

        self.board_pages = BoardPages(self)

    def fit_to_screen(self) -> None:
        """The default size, or the screen's available area when the screen is smaller."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(*DEFAULT_SIZE)
            return
        area = screen.availableGeometry()
        width, height, self.maximize_on_show = fitted_size(area.width(), area.height())
        self.resize(width, height)

    def show_fitted(self) -> None:
        """Show the window, maximized on screens smaller than its default size."""
        if self.maximize_on_show:
            self.showMaximized()
        else:
            self.show()

    # ----- pages ---------------------------------------------------------------------------
    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page (board preview, disclosure calendar ...) beside the item page."""
        return self.pages.addTab(widget, title)

    # ----- building ------------------------------------------------------------------------
    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        # samples in the language shown: English labels are longer than Chinese ones
        types = [labels.publication_type(t) for t in PublicationType]
        statuses = [labels.status(s) for s in Status]
        widths: list[list[str]] = [["2026-000"], [""], types, ["财务收支明细"],
                                   [period_text("2026-Q3"), period_text("2026-12")], statuses,
                                   ["2026-00-00"], ["2026-00-00"]]
        for col, samples in enumerate(widths):
            if col == COL_TITLE:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                title = str(self.model.headerData(col, Qt.Orientation.Horizontal))
                width = max(max(fm.horizontalAdvance(x) for x in samples),
                            fm.horizontalAdvance(title) + 14)
                header.resizeSection(col, width + 12)
        header.setMinimumSectionSize(fm.horizontalAdvance("0000") + 12)

    def _action(
        self, text: str, slot: Any, shortcut: Any = None, *, db: bool = True, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        if db:
            self._db_actions.append(action)
        return action

    def _build_actions(self) -> None:
        self._db_actions: list[QAction] = []
        a = self._action
        self.act_new_db = a(_("New database…"), self.new_database)
        self.act_open_db = a(_("Open database…"), self.open_database, QKeySequence.StandardKey.Open)
        self.act_import = a(_("Import…"), self.import_items, "Ctrl+I")
        self.act_export = a(_("Export…"), self.export_items, "Ctrl+E")
        self.act_quit = a(_("Quit"), self.close, QKeySequence.StandardKey.Quit, db=False)
        self.act_new_item = a(_("New item"), self.new_item, "Ctrl+N")
        self.act_copy_next = a(_("Copy to next period"), self.copy_to_next_period)
        self.act_delete = a(_("Delete draft…"), self.delete_draft)
        self.act_find = a(_("Find"), self.focus_search, "Ctrl+F", db=False)
        self.act_refresh = a(_("Refresh"), self.reload_all, QKeySequence.StandardKey.Refresh)
        self.act_new_org = a(_("New organization…"), self.new_organization)
        self.act_edit_org = a(_("Edit organization…"), self.edit_organization)
        self.act_catalogue = a(_("Disclosure catalogue…"), self.edit_catalogue)
        self.act_settings = a(_("Settings…"), self.open_settings)
        self.act_check = a(_("Check database"), self.check_database)
        self.act_backup = a(_("Back up now"), self.backup_now)
        self.act_about = a(_("About"), self.about, db=False)
        for act in (self.act_find, self.act_new_item, self.act_quit):
            self.addAction(act)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        for act in (self.act_new_db, self.act_open_db, None, self.act_import, self.act_export,
                    None, self.act_quit):
            file_menu.addSeparator() if act is None else file_menu.addAction(act)
        edit_menu = bar.addMenu(_("&Edit"))
        for act in (self.act_new_item, self.act_copy_next, self.act_delete, None, self.act_find,
                    self.act_refresh):
            edit_menu.addSeparator() if act is None else edit_menu.addAction(act)
        org_menu = bar.addMenu(_("&Organization"))
        for act in (self.act_new_org, self.act_edit_org, self.act_catalogue):
            org_menu.addAction(act)
        tools = bar.addMenu(_("&Tools"))
        for act in (self.act_settings, None, self.act_check, self.act_backup):
            tools.addSeparator() if act is None else tools.addAction(act)
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(self.act_about)
        toolbar = self.addToolBar(_("Main"))
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.act_new_item, None, self.act_new_org, self.act_catalogue, None,
                    self.act_import, self.act_export, None, self.act_settings):
            toolbar.addSeparator() if act is None else toolbar.addAction(act)

    def _make_editor(self) -> None:
        old = self.editor
        cls = _load_editor_class()
        editor: Any
        if cls is not None:
            try:
                editor = cls(self.services, self)
            except Exception:
                log.exception("item editor failed to start")
                editor = EditorPlaceholder(self)
        else:
            editor = EditorPlaceholder(self)
        if hasattr(editor, "saved"):
            editor.saved.connect(self._item_saved)
        # wide enough for its narrowest (one-column) layout and a scroll bar: no sideways
        # scrolling in the editor when the window is small (1366×768)
        editor.setMinimumWidth(EDITOR_MIN_WIDTH)
        if old is not None:
            index = self.splitter.indexOf(old)
            self.splitter.replaceWidget(index, editor)
            old.deleteLater()
        else:
            self.splitter.addWidget(editor)
        self.editor = editor

    # ----- state ---------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        """Disable everything that uses the database while a worker owns it."""
        self.model.blocked = busy
        for action in self._db_actions:
            action.setEnabled(not busy)
        for widget in (self.tree, self.filters, self.table, self.editor):
            widget.setEnabled(not busy)
        if busy:
            self.statusBar().showMessage(_("Working…"))
        else:
            self.statusBar().clearMessage()

    def current_node(self) -> Node:
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
        return self.model.item_id(self.table.currentIndex().row())

    def current_filter(self) -> ItemFilter:
        node = self.current_node()
        return ItemFilter(
            organization_id=node.org_id,
            domain=node.domain,
            category_id=node.category_id,
            **self.filters.values(),  # type: ignore[arg-type]
        )

    # ----- refreshing ----------------------------------------------------------------------
    def reload_all(self) -> None:
        """Rebuild the tree, the table and the status bar."""
        self.reload_tree()
        self.apply_filter()
        self.path_label.setText(_("Database: {path}").format(path=self.services.path))
        # Qt adds the application name ("— 公开栏管理") to every window title itself
        self.setWindowTitle(Path(self.services.path).name)

    def reload_tree(self) -> None:
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

    # ----- items ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def new_item(self) -> None:
        org_id = self.current_org_id()
        if org_id is None:
            if not self.services.orgs.list():
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
        self._current_item = None
        period = self.filters.values()["period"]
        self.editor.new_item(org_id, self.current_node().category_id, period)

    def delete_draft(self) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            return
        summary = self.model.summary(self.table.currentIndex().row())
        answer = QMessageBox.question(
            self, _("Delete draft"), _("Delete “{title}”?").format(title=summary.title)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.items.delete_draft(item_id)
        except BoardAppError as exc:
            show_error(self, exc)
            return
        self._current_item = None
        self.refresh_items()

    def copy_to_next_period(self) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            return
        try:
            new = self.services.items.copy_to_next_period(item_id)
        except BoardAppError as exc:
            show_error(self, exc)
            return
        self.refresh_items(new.id)
        self._current_item = new.id
        self.editor.load_item(new.id)

    # ----- organizations -------------------------------------------------------------------
    def new_organization(self) -> None:
        dialog = OrganizationDialog(self.services, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.reload_tree()
            row = self.tree_model.find(Node("org", dialog.saved.id))
            if row is not None:
                self.tree.setCurrentIndex(row.index())
                self.tree.expand(row.index())

    def _org_or_ask(self, title: str) -> int | None:
        org_id = self.current_org_id()
        if org_id is None:
            QMessageBox.information(self, title, _("Select an organization in the tree first."))
        return org_id

    def edit_organization(self) -> None:
        org_id = self._org_or_ask(_("Edit organization"))
        if org_id is None:
            return
        dialog = OrganizationDialog(self.services, self.services.orgs.get(org_id), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload_tree()

    def edit_catalogue(self) -> None:
        org_id = self._org_or_ask(_("Disclosure catalogue"))
        if org_id is None:
            return
        dialog = CatalogueDialog(self.services, org_id, self)
        dialog.exec()
        if dialog.changed:
            self.reload_all()

    # ----- import / export -----------------------------------------------------------------
    def import_items(self, path: Path | None = None) -> ImportFlow:
        flow = ImportFlow(self, self.services, self.runner)
        flow.finished.connect(lambda _report: self.reload_all())
        flow.start(path)
        return flow

    def export_items(self) -> None:
        if not self.services.orgs.list():
            QMessageBox.information(self, _("Export items"), _("There is nothing to export."))
            return
        dialog = ExportDialog(self.services, self.current_org_id(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, year, out = dialog.values()
        run_export(self, self.services, self.runner, name, year, out)

    # ----- database ------------------------------------------------------------------------
    def new_database(self) -> None:
        path, _sel = QFileDialog.getSaveFileName(
            self, _("New database"), str(Path(self.services.path).parent / "board.sqlite3"),
            _(DB_FILTER),
        )
        if path:
            self.switch_database(Path(path), create=True)

    def open_database(self) -> None:
        path, _sel = QFileDialog.getOpenFileName(
            self, _("Open database"), str(Path(self.services.path).parent), _(DB_FILTER)
        )
        if path:
            self.switch_database(Path(path), create=False)

    def switch_database(self, path: Path, *, create: bool) -> bool:
        """Close the open database and open ``path`` (a new file when ``create``)."""
        path = Path(path)
        if create and path.exists():
            QMessageBox.warning(
                self, _("New database"),
                _("{path} exists already. Use Open database to open it.").format(path=path),
            )
            return False
        if not create and not path.is_file():
            QMessageBox.warning(
                self, _("Open database"), _("{path} does not exist.").format(path=path)
            )
            return False
        if self.runner.is_busy() or not self.editor.maybe_close():
            return False
        try:
            services = open_services(path, wait=0, operator=self.settings.operator or None)
        except DatabaseUnusableError as exc:
            QMessageBox.warning(self, _("Open database"), str(exc))
            return False
        old = self.services
        self._install_services(services)
        old.close()
        remember_database(services.path)
        return True

    def _install_services(self, services: Any) -> None:
        self.services = services
        self._current_item = None
        self.model.set_services(services)
        self._make_editor()
        if hasattr(self, "board_pages"):
            self.board_pages.set_services(services)
        self.filters.reset()
        self.reload_all()

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.services, self.settings, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        save_settings(self.settings)
        self.services.ctx.operator = self.settings.operator or self.services.ctx.operator
        if dialog.requested_database is not None:
            path, create = dialog.requested_database
            self.switch_database(path, create=create)
        elif dialog.requested_restore is not None:
            self.restore_backup(dialog.requested_restore)

    def restore_backup(self, source: Path) -> None:
        """Close the database, put the backup in its place (off the UI thread), reopen."""
        if not self.editor.maybe_close():
            return
        db_path = Path(self.services.path)
        self.services.close()

        def reopen(message: str | None, failed: BaseException | None = None) -> None:
            try:
                services = open_services(db_path, wait=0, operator=self.settings.operator or None)
            except DatabaseUnusableError as exc:
                QMessageBox.critical(self, _("Restore from backup"), str(exc))
                self.close()
                return
            self._install_services(services)
            if failed is not None:
                show_error(self, failed, _("Restore from backup"))
            elif message:
                QMessageBox.information(self, _("Restore from backup"), message)

        def done(safety: Path | None) -> None:
            reopen(
                _("The backup was restored. The previous database was saved as {path}.").format(
                    path=safety or "-"
                )
            )

        self.runner.run(
            lambda r: backups_service.restore(db_path, source),
            on_success=done,
            on_failure=lambda exc: reopen(None, exc),
            parent=self,
            label=_("Restoring {file}…").format(file=source.name),
            cancellable=False,
        )

    def check_database(self) -> None:
        from board_app.services.maintenance import check_database

        def done(report: Any) -> None:
            text = "\n".join(report.lines)
            if report.problems:
                text += "\n\n" + _("Problems:") + "\n" + "\n".join(report.problems[:50])
                QMessageBox.warning(self, _("Check database"), text)
            else:
                QMessageBox.information(self, _("Check database"), text)

        self.runner.run(
            lambda r: check_database(self.services),
            on_success=done,
            on_failure=lambda exc: show_error(self, exc, _("Check database")),
            parent=self,
            label=_("Checking the database…"),
            cancellable=False,
        )

    def backup_now(self) -> None:
        db_path = Path(self.services.path)
        extra = self.settings.backup_dir or None
        self.runner.run(
            lambda r: backups_service.backup_now(db_path, extra),
            on_success=lambda path: QMessageBox.information(
                self, _("Back up now"), _("Backup saved as {path}.").format(path=path)
            ),
            on_failure=lambda exc: show_error(self, exc, _("Back up now")),
            parent=self,
            label=_("Backing up…"),
            exclusive=False,
            cancellable=False,
        )

    def start_daily_backup(self) -> None:
        """The daily rolling backup, quietly off the UI thread (own SQLite connection)."""
        if self._closed:
            return
        services = self.services
        extra = self.settings.backup_dir or None

        def done(path: Path | None) -> None:
            if path is not None:
                self.statusBar().showMessage(
                    _("Daily backup saved as {path}.").format(path=path), 8000
                )

        self.runner.run(
            lambda r: backups_service.daily_backup(services, extra),
            on_success=done,
            on_failure=lambda exc: log.warning("daily backup failed: %s", exc),
            exclusive=False,
            show_progress=False,
        )

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("About"),
            _("Disclosure board manager {version}\n\nParty, village and finance disclosure "
              "items, board posters and archive PDFs for grassroots offices.").format(
                version=APP_VERSION
            ),
        )

    # ----- closing -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.is_busy():
            QMessageBox.information(
                self, _("Please wait"), _("Wait until the running task has finished.")
            )
            event.ignore()
            return
        if not self.editor.maybe_close():
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Wait for background work and close the database (once)."""
        if self._closed:
            return
        self._closed = True
        self.runner.wait_idle(30000)
        try:
            self.services.close()
        except BoardAppError:
            log.warning("closing the database failed", exc_info=True)
