"""The 四议两公开 page of the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton

from board_app.i18n import _
from board_app.ui.matters.matters_page import MattersPage
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.ui.main_window import MainWindow


def install_matters_page(window: MainWindow) -> tuple[MattersPage, QPushButton]:
    """Add the page after the item page; its item links open the window's item editor."""
    page = MattersPage(window.services)
    window.pages.insertTab(
        window.pages.indexOf(window.items_page) + 1, page, _("Four deliberations")
    )
    page.open_item.connect(window.board_pages.open_item)
    page.message.connect(lambda text: window.statusBar().showMessage(text, 5000))

    # matters list their disclosure items (and the items' state)
    window.stale_pages.add(
        page, lambda: page.refresh(), lambda c: c.matters or c.organizations or c.items
    )

    def open_matter(matter_id: int) -> None:
        window.pages.setCurrentWidget(page)
        page.show_matter(matter_id)

    window.board_pages.calendar.open_matter.connect(open_matter)
    window.runner.busy_changed.connect(lambda busy: page.setEnabled(not busy))
    return page, _install_item_link(window, open_matter)


def _install_item_link(window: MainWindow, open_matter: Any) -> QPushButton:
    """A status-bar link from a 决议公开 / 实施结果公开 item (selected in the table) to its
    matter."""
    link = QPushButton()
    link.setFlat(True)
    link.setStyleSheet("color: #1d4ed8; text-decoration: underline;")
    link.hide()
    window.statusBar().addPermanentWidget(link)
    shown: dict[str, int] = {}

    def row_changed(current: Any, _previous: Any = None) -> None:
        item_id = window.items_page.model.item_id(current.row())
        matter = window.services.matters.for_item(item_id) if item_id is not None else None
        if matter is None:
            link.hide()
            return
        shown["matter"] = stored_id(matter)
        link.setText(_("四议两公开: {title} ›").format(title=matter.title))
        link.setToolTip(_("Open the matter this item discloses"))
        link.show()

    link.clicked.connect(lambda: open_matter(shown["matter"]) if "matter" in shown else None)
    window.items_page.table.selectionModel().currentRowChanged.connect(row_changed)
    return link
