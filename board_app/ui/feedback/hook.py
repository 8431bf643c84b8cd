"""Puts the 意见 page into the main window with a Feedback menu, and links it to the item page
(feedback about the selected item, open the item of a record) and to the calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from board_app.i18n import _
from board_app.ui.feedback.page import FeedbackPage

if TYPE_CHECKING:
    from board_app.services.context import Services
    from board_app.ui.main_window import MainWindow


class FeedbackPages(QObject):
    """The 意见 page of a :class:`MainWindow` and its menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.page = FeedbackPage(window.services)
        window.add_page(self.page, _("Feedback"))
        board_pages = getattr(window, "board_pages", None)
        if board_pages is not None:
            self.page.open_item.connect(board_pages.open_item)
            calendar = board_pages.calendar
            calendar.open_feedback.connect(self.show_record)
            calendar.open_openings.connect(self.openings_of)
        window.stale_pages.add(
            self.page, lambda: self.page.reload_orgs(), lambda c: c.feedback or c.organizations
        )
        window.runner.busy_changed.connect(lambda busy: self.page.setEnabled(not busy))

        menu = window.menuBar().addMenu(_("Feedbac&k"))
        self.act_register = QAction(_("Feedback register"), window)
        self.act_register.triggered.connect(lambda: window.pages.setCurrentWidget(self.page))
        self.act_for_item = QAction(_("Feedback on the selected item"), window)
        self.act_for_item.triggered.connect(self.for_selected_item)
        self.act_openings = QAction(_("Box openings…"), window)
        self.act_openings.triggered.connect(self._openings)
        self.act_holidays = QAction(_("Holidays…"), window)
        self.act_holidays.triggered.connect(self.page.holidays)
        for act in (
            self.act_register,
            self.act_for_item,
            None,
            self.act_openings,
            self.act_holidays,
        ):
            menu.addSeparator() if act is None else menu.addAction(act)

    def set_services(self, services: Services) -> None:
        """Another database was opened."""
        self.page.set_services(services)

    def _openings(self) -> None:
        self.window.pages.setCurrentWidget(self.page)
        self.page.openings()

    def openings_of(self, org_id: int) -> None:
        """The box openings of an organization (from the calendar)."""
        self.window.pages.setCurrentWidget(self.page)
        self.page.reload_orgs(select=org_id)
        self.page.openings()

    def show_record(self, record_id: int) -> None:
        """Show one record on the 意见 page (from the calendar)."""
        self.window.pages.setCurrentWidget(self.page)
        self.page.show_record(record_id)

    def for_selected_item(self) -> bool:
        """Show the records about the item selected on the item page."""
        item_id = self.window.items_page.current_item_id()
        if item_id is None:
            self.window.statusBar().showMessage(_("Select a published item first."), 5000)
            return False
        item = self.window.services.items.get(item_id)
        if not item.number or item.organization_id is None:
            self.window.statusBar().showMessage(
                _("“{title}” has no disclosure number yet.").format(title=item.title), 5000
            )
            return False
        self.window.pages.setCurrentWidget(self.page)
        self.page.show_for_item(item.organization_id, item.number)
        return True
