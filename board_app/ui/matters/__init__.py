"""The 四议两公开 page of the main window."""

from __future__ import annotations

from typing import Any

from board_app.i18n import _
from board_app.ui.matters.matters_page import MattersPage


def install_matters_page(window: Any) -> MattersPage:
    """Add the page after the item page; its item links open the window's item editor."""
    page = MattersPage(window.services)
    window.pages.insertTab(window.pages.indexOf(window.splitter) + 1, page, _("Four deliberations"))
    page.open_item.connect(window.board_pages.open_item)
    page.message.connect(lambda text: window.statusBar().showMessage(text, 5000))

    def changed(_index: int) -> None:
        if window.pages.currentWidget() is page and not window.runner.is_busy():
            page.refresh()

    window.pages.currentChanged.connect(changed)

    def open_matter(matter_id: int) -> None:
        window.pages.setCurrentWidget(page)
        page.show_matter(matter_id)

    window.board_pages.calendar.open_matter.connect(open_matter)
    window.runner.busy_changed.connect(lambda busy: page.setEnabled(not busy))
    return page
