"""The main window: the item page (tree, filters, table, editor), the other pages, menus.

Pages: the central QTabWidget holds the item page (``items_page``: ``ItemsPage``);
``add_page(widget, title)`` adds the others (board preview, calendar, feedback, matters). The
actions are ``commands`` (``WindowActions``), file and database work is ``files``
(``DatabaseFiles``). After an operation ``apply_changes`` refreshes what it changed.

The window only calls services. While a worker task owns the database (import, export,
check, restore) every action that reads or writes it is disabled (``_set_busy``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.changes import Changes
from board_app.services.context import Services
from board_app.settings import MachineSettings
from board_app.ui.dialogs.catalogue_dialog import CatalogueDialog
from board_app.ui.dialogs.organization_dialog import OrganizationDialog
from board_app.ui.items_page import ItemsPage
from board_app.ui.models.org_tree_model import Node
from board_app.ui.page_refresh import StalePages
from board_app.ui.tasks import TaskRunner
from board_app.ui.window_database import DatabaseFiles
from board_app.ui.window_menus import WindowActions, build_menus, keep_help_last

log = logging.getLogger(__name__)
DEFAULT_SIZE = (1480, 900)
FRAME_ALLOWANCE = (16, 48)


def fitted_size(available_width: int, available_height: int) -> tuple[int, int, bool]:
    """(width, height, maximize) of the window on a screen with this available area.

    A 1366×768 office screen is smaller than the default size: the window then takes the
    available area (and is shown maximized) instead of running off the screen.
    """
    width = min(DEFAULT_SIZE[0], available_width - FRAME_ALLOWANCE[0])
    height = min(DEFAULT_SIZE[1], available_height - FRAME_ALLOWANCE[1])
    maximize = width < DEFAULT_SIZE[0] or height < DEFAULT_SIZE[1]
    return max(width, 640), max(height, 480), maximize


class MainWindow(QMainWindow):
    """The item page and the other pages in tabs, menus, toolbar and status bar."""

    def __init__(self, services: Services, settings: MachineSettings | None = None) -> None:
        super().__init__()
        self.services = services
        self.settings = settings or MachineSettings()
        self.runner = TaskRunner(self)
        self.runner.busy_changed.connect(self._set_busy)
        self._closed = False
        self.maximize_on_show = False
        self.fit_to_screen()
        self.files = DatabaseFiles(self)

        self.items_page = ItemsPage(services, self)
        self.items_page.changed.connect(self.apply_changes)
        self.items_page.count_changed.connect(self._show_count)

        # ----- pages (board preview and calendar are added with add_page) -------------------
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.items_page, _("Disclosure items"))
        # the login's role on a server, above the pages (``ui/role_controls``)
        self.role_notice = QLabel()
        self.role_notice.setObjectName("role-notice")
        self.role_notice.setWordWrap(True)
        self.role_notice.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.role_notice)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # the other pages refresh when shown, and only after changes that concern them
        self.stale_pages = StalePages(
            self.pages, today=lambda: self.services.ctx.today(), busy=self.runner.is_busy
        )
        self.pages.currentChanged.connect(lambda _index: self.apply_changes())

        self.count_label = QLabel()
        self.path_label = QLabel()
        self.path_label.setStyleSheet("color: #555;")
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.path_label)

        self.commands = WindowActions(self)
        build_menus(self, self.commands)
        self.reload_all()

        from board_app.ui.board.pages import BoardPages  # calendar (home) and board pages

        self.board_pages = BoardPages(self)
        from board_app.ui.feedback.hook import FeedbackPages  # the 意见 page and its menu

        self.feedback_pages = FeedbackPages(self)
        from board_app.ui.matters import install_matters_page  # 四议两公开

        self.matters_page, self.matter_link = install_matters_page(self)
        from board_app.ui.township import install_township_page  # 乡镇: views across villages

        self.township_page = install_township_page(self)
        from board_app.ui.sync import install_sync  # push, pull, the server from Settings

        self.township = install_sync(self)
        keep_help_last(self.menuBar())  # pages add their menus after Help was built
        from board_app.ui.role_controls import install_role_gate  # what the login may do

        self.role_gate = install_role_gate(self)

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

    # ----- state ---------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        """Disable everything that uses the database while a worker owns it."""
        for action in self.commands.db_actions:
            action.setEnabled(not busy)
        self.items_page.set_busy(busy)
        if busy:
            self.statusBar().showMessage(_("Working…"))
        else:
            self.statusBar().clearMessage()

    def _show_count(self, total: int) -> None:
        self.count_label.setText(
            _("{count} item(s)").format(count=total) if total != 1 else _("1 item")
        )

    def install_services(self, services: Services) -> None:
        """Use ``services`` (another database, or the same one restored): everything reloads."""
        self.services = services
        self.items_page.set_services(services)
        if hasattr(self, "board_pages"):
            self.board_pages.set_services(services)
        if hasattr(self, "feedback_pages"):
            self.feedback_pages.set_services(services)
        if hasattr(self, "matters_page"):
            self.matters_page.set_services(services)
        if hasattr(self, "role_gate"):
            from board_app.ui.role_controls import bind_item_editor

            bind_item_editor(self.role_gate, self)  # the item page made a new editor
        self.reload_all()

    # ----- refreshing ----------------------------------------------------------------------
    def apply_changes(self, extra: Changes | None = None) -> Changes:
        """After an operation: refresh what shows the changes it made (``take_changes``).

        Organizations or catalogue: the tree is rebuilt and the table follows; items only:
        the table and the tree's counts. Other pages refresh now when shown and concerned,
        later (when shown) otherwise.
        """
        changes = self.services.take_changes()
        if extra is not None:
            changes = changes | extra
        page = self.items_page
        if changes.organizations or changes.catalogue:
            page.reload_tree()
            page.apply_filter()
        elif changes.items:
            page.refresh_items()
        self.stale_pages.changed(changes)
        return changes

    def reload_all(self) -> None:
        """Rebuild the tree, the table and the status bar; every page refreshes when shown."""
        self.services.take_changes()
        self.items_page.reload_tree()
        self.items_page.apply_filter()
        self.path_label.setText(_("Database: {path}").format(path=self.services.location))
        # Qt adds the application name ("— 公开栏管理") to every window title itself
        self.setWindowTitle(
            self.services.location if self.services.is_server else Path(self.services.path).name
        )
        self.stale_pages.mark_all_stale()
        if hasattr(self, "role_gate"):  # grants may have changed on the server
            from board_app.ui.role_controls import refresh_role_gate

            refresh_role_gate(self, self.role_gate)

    # ----- organizations -------------------------------------------------------------------
    def new_organization(self) -> None:
        dialog = OrganizationDialog(self.services, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.apply_changes()
            tree = self.items_page.tree
            row = self.items_page.tree_model.find(Node("org", dialog.saved.id))
            if row is not None:
                tree.setCurrentIndex(row.index())
                tree.expand(row.index())

    def _org_or_ask(self, title: str) -> int | None:
        org_id = self.items_page.current_org_id()
        if org_id is None:
            QMessageBox.information(self, title, _("Select an organization in the tree first."))
        return org_id

    def edit_organization(self) -> None:
        org_id = self._org_or_ask(_("Edit organization"))
        if org_id is None:
            return
        dialog = OrganizationDialog(self.services, self.services.orgs.get(org_id), self)
        from board_app.ui.role_controls import bind_organization_dialog

        bind_organization_dialog(self.role_gate, dialog)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_changes()

    def edit_catalogue(self) -> None:
        org_id = self._org_or_ask(_("Disclosure catalogue"))
        if org_id is None:
            return
        dialog = CatalogueDialog(self.services, org_id, self)
        dialog.exec()
        self.apply_changes()

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
        if not self.items_page.editor.maybe_close():
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def is_shut_down(self) -> bool:
        return self._closed

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
