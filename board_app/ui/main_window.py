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

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.settings import MachineSettings
from board_app.ui.dialogs.catalogue_dialog import CatalogueDialog
from board_app.ui.dialogs.common import show_error
from board_app.ui.dialogs.organization_dialog import OrganizationDialog
from board_app.ui.filter_bar import FilterBar
from board_app.ui.models.item_table_model import ItemTableModel
from board_app.ui.models.org_tree_model import Node, OrgTreeModel
from board_app.ui.tasks import TaskRunner
from board_app.ui.window_database import DatabaseFilesMixin
from board_app.ui.window_items import ItemBrowserMixin, build_item_table, build_org_tree
from board_app.ui.window_menus import build_actions, build_menus

log = logging.getLogger(__name__)
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


class MainWindow(ItemBrowserMixin, DatabaseFilesMixin, QMainWindow):
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

        build_actions(self)
        build_menus(self)
        self.tree.selectionModel().currentChanged.connect(lambda *_a: self.apply_filter())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.reload_all()

        from board_app.ui.board.pages import BoardPages  # calendar (home) and board pages

        self.board_pages = BoardPages(self)
        from board_app.ui.feedback.hook import FeedbackPages  # the 意见 page and its menu

        self.feedback_pages = FeedbackPages(self)
        from board_app.ui.matters import install_matters_page  # 四议两公开

        self.matters_page = install_matters_page(self)
        from board_app.ui.township import install_township_page  # 乡镇: views across villages

        self.township_page = install_township_page(self)

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
        if hasattr(editor, "closed"):  # 关闭: the row can be opened again by clicking it
            editor.closed.connect(self._editor_closed)
        # wide enough for its narrowest (one-column) layout and a scroll bar: no sideways
        # scrolling in the editor when the window is small (1366×768)
        editor.setMinimumWidth(EDITOR_MIN_WIDTH)
        if old is not None:
            if getattr(old, "detacher", None) is not None:
                old.detacher.attach()  # back from its own window before it is replaced
            index = self.splitter.indexOf(old)
            self.splitter.replaceWidget(index, editor)
            old.deleteLater()
        else:
            self.splitter.addWidget(editor)
        self.editor = editor

    def _editor_closed(self) -> None:
        self._current_item = None
        self.table.selectionModel().clearCurrentIndex()
        self.table.clearSelection()

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

    # ----- refreshing ----------------------------------------------------------------------
    def reload_all(self) -> None:
        """Rebuild the tree, the table and the status bar."""
        self.reload_tree()
        self.apply_filter()
        self.path_label.setText(_("Database: {path}").format(path=self.services.location))
        # Qt adds the application name ("— 公开栏管理") to every window title itself
        self.setWindowTitle(
            self.services.location if self.services.is_server else Path(self.services.path).name
        )

    # ----- items ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def new_item(self) -> None:
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
        self.editor.item_deleted(item_id)
        self.refresh_items()

    def copy_to_next_period(self) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            return
        from board_app.ui.editor.item_workflow import copy_to_next_period_asking

        try:
            new = copy_to_next_period_asking(self, self.services, item_id)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, details logged
            show_error(self, exc)
            return
        if new is None:
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

    def show_user_guide(self) -> QDialog:
        """Help → User guide: the bundled guide in a window (not modal)."""
        from board_app.ui.dialogs.help_dialog import HelpDialog

        dialog = HelpDialog(self)
        dialog.show()
        self._help_dialog = dialog
        return dialog

    def about(self) -> None:
        from board_app.ui.about_dialog import show_about

        show_about(self, self.services.location)

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
