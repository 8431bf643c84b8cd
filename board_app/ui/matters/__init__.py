"""The 四议两公开 page of the main window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

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
    window.matter_link = _install_item_link(window, open_matter)
    return page


def _install_item_link(window: Any, open_matter: Any) -> QPushButton:
    """A status-bar link from a 决议公开 / 实施结果公开 item (selected in the table) to its
    matter."""
    link = QPushButton()
    link.setFlat(True)
    link.setStyleSheet("color: #1d4ed8; text-decoration: underline;")
    link.hide()
    window.statusBar().addPermanentWidget(link)
    shown: dict[str, int] = {}

    def row_changed(current: Any, _previous: Any = None) -> None:
        item_id = window.model.item_id(current.row())
        matter = window.services.matters.for_item(item_id) if item_id is not None else None
        if matter is None:
            link.hide()
            return
        shown["matter"] = matter.id
        link.setText(_("四议两公开: {title} ›").format(title=matter.title))
        link.setToolTip(_("Open the matter this item discloses"))
        link.show()

    link.clicked.connect(lambda: open_matter(shown["matter"]) if "matter" in shown else None)
    window.table.selectionModel().currentRowChanged.connect(row_changed)
    return link
