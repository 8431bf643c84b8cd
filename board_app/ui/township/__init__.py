"""The township page (乡镇) of the main window."""

from __future__ import annotations

from typing import Any

from board_app.i18n import _
from board_app.ui.township.page import TownshipPage


def install_township_page(window: Any) -> TownshipPage:
    """Add the page as the last tab; it follows the window's database when shown."""
    page = TownshipPage(window.services)
    window.add_page(page, _("Township"))
    page.message.connect(lambda text: window.statusBar().showMessage(text, 5000))

    def changed(_index: int) -> None:
        if window.pages.currentWidget() is not page or window.runner.is_busy():
            return
        if page.services is not window.services:
            page.set_services(window.services)  # another database was opened
        else:
            page.reload_townships()

    window.pages.currentChanged.connect(changed)
    window.runner.busy_changed.connect(lambda busy: page.setEnabled(not busy))
    return page
