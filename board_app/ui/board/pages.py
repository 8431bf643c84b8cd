"""Puts the disclosure calendar (first page, the home screen) and the board page into the
main window, and connects their item links to the window's item editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from board_app.i18n import _
from board_app.ui.archive_dialog import ArchiveDialog
from board_app.ui.board.board_view import BoardView
from board_app.ui.calendar_view import CalendarView
from board_app.ui.models.org_tree_model import Node

if TYPE_CHECKING:
    from board_app.services.context import Services
    from board_app.ui.main_window import MainWindow


class BoardPages(QObject):
    """The calendar and board pages of a :class:`MainWindow`, and a Board menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.calendar = CalendarView(window.services)
        self.board = BoardView(window.services, runner=window.runner)
        window.pages.insertTab(0, self.calendar, _("Disclosure calendar"))
        window.add_page(self.board, _("Disclosure board"))
        window.pages.setCurrentIndex(0)
        self.calendar.open_item.connect(self.open_item)
        self.calendar.create_item.connect(self.create_item)
        self.board.open_item.connect(self.open_item)
        self.board.message.connect(lambda text: window.statusBar().showMessage(text, 5000))
        # the calendar shows every kind of record; the board items, texts and posted feedback
        window.stale_pages.add(self.calendar, lambda: self.calendar.refresh(), bool, fresh=True)
        window.stale_pages.add(
            self.board,
            lambda: self.board.refresh(),
            lambda c: c.items or c.organizations or c.catalogue or c.feedback,
        )
        window.runner.busy_changed.connect(self._set_busy)

        menu = window.menuBar().addMenu(_("&Board"))
        self.act_calendar = QAction(_("Disclosure calendar"), window)
        self.act_calendar.triggered.connect(lambda: window.pages.setCurrentWidget(self.calendar))
        self.act_board = QAction(_("Board preview and printing"), window)
        self.act_board.triggered.connect(lambda: window.pages.setCurrentWidget(self.board))
        self.act_print = QAction(_("Print board…"), window)
        self.act_print.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.act_print.setStatusTip(_("Print the board of the organization selected (Ctrl+P)"))
        self.act_print.triggered.connect(lambda _checked=False: self.print_current_board())
        window.addAction(self.act_print)
        self.act_archive = QAction(_("Archive export…"), window)
        self.act_archive.triggered.connect(self.archive)
        for act in (self.act_calendar, self.act_board, self.act_print, None, self.act_archive):
            menu.addSeparator() if act is None else menu.addAction(act)
        self.archive_actions = [self.act_archive, self.act_print]
        self._print_when_rendered = False
        self.board.rendered.connect(self._print_pending)

    def set_services(self, services: Services) -> None:
        """Another database was opened."""
        self.calendar.set_services(services)
        self.board.set_services(services)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.calendar, self.board):
            widget.setEnabled(not busy)
        for act in self.archive_actions:
            act.setEnabled(not busy)

    def _to_items_page(self) -> bool:
        editor = self.window.items_page.editor
        if editor.has_unsaved_changes() and not editor.maybe_close():
            return False
        self.window.pages.setCurrentWidget(self.window.items_page)
        return True

    def open_item(self, item_id: int) -> None:
        """Show the item in the editor (and select it in the table when it is listed)."""
        if not self._to_items_page():
            return
        self.window.items_page.show_item(item_id)

    def create_item(self, org_id: int, category_id: int, period: str) -> None:
        """Start a new item of the entry's organization, category and period.

        The tree shows that organization's category, so the list, ``current_org_id`` and the
        item saved all belong to the entry's organization (not the one selected before).
        """
        if not self._to_items_page():
            return
        items = self.window.items_page
        items.show_node(Node("category", org_id, None, category_id)) or (
            items.show_node(Node("org", org_id))
        )
        items.start_item(org_id, category_id, period)

    def print_current_board(self) -> None:
        """Ctrl+P: show the board of the organization selected and print it (once the
        preview is ready; the print dialog comes up then)."""
        window = self.window
        if window.pages.currentWidget() is not self.board:
            org_id = window.items_page.current_org_id()
            window.pages.setCurrentWidget(self.board)
            if org_id is not None:
                self.board.select_organization(org_id)
        if self.board.current is not None and not self.board.is_rendering():
            self._print_now()
        else:
            self._print_when_rendered = True
            if not self.board.is_rendering():
                self.board.render_now()

    def _print_pending(self) -> None:
        if not self._print_when_rendered or self.board.is_rendering():
            return
        self._print_when_rendered = False
        if self.board.current is not None:
            self._print_now()

    def _print_now(self) -> None:
        """Print, or say why the board cannot be printed as it is (too large: tile it)."""
        if self.board.controls.print_button.isEnabled():
            self.board.print_board()
        else:
            QMessageBox.information(
                self.window,
                _("Print board…").rstrip("…"),
                self.board.controls.print_button.toolTip() or self.board.preview.status.text(),
            )

    def archive(self) -> ArchiveDialog:
        dialog = ArchiveDialog(
            self.window.services,
            self.window.items_page.current_org_id(),
            self.window,
            runner=self.window.runner,
        )
        dialog.open()
        return dialog
