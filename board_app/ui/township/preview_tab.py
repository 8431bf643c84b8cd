"""Read-only board preview of any village of the township.

The board is made by the same pipeline as the board page and ``board-app poster``
(``services.boards.render_poster_bytes``) with the organization's own template, and shown as
page images: there is nothing to edit here, only pages to look at.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import Organization
from board_app.i18n import _
from board_app.ui.colors import ALERT_STYLE
from board_app.ui.error_text import user_message

#: Longest side of the shown page in pixels.
PAGE_PIXELS = 1100


class BoardPreviewTab(QWidget):
    """A village chooser and its board as it would print today (public audience)."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        self.village = QComboBox()
        self.village.setMinimumWidth(220)
        self.prev_button = QToolButton()
        self.prev_button.setText(_("◀ Previous"))
        self.next_button = QToolButton()
        self.next_button.setText(_("Next ▶"))
        self.page_label = QLabel()
        self.note = QLabel(
            _("Read-only: the township office views the board; it cannot change it.")
        )
        self.note.setStyleSheet("color: #4b5563;")
        self.problem = QLabel()
        self.problem.setStyleSheet(ALERT_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Organization:")))
        bar.addWidget(self.village)
        bar.addSpacing(12)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(self.note, 1)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet("QScrollArea { background: #6b7280; }")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.problem)
        layout.addWidget(self.scroll_area, 1)

        self.document = QPdfDocument(self)
        self._bytes = QByteArray()
        self._buffer: QBuffer | None = None
        self.shown_page = 0
        self.result: Any = None
        self.village.currentIndexChanged.connect(lambda _i: self.show_board())
        self.prev_button.clicked.connect(lambda _c=False: self.show_page(self.shown_page - 1))
        self.next_button.clicked.connect(lambda _c=False: self.show_page(self.shown_page + 1))
        self._update_buttons()

    def set_villages(self, orgs: list[Organization]) -> None:
        """The organizations to choose from (keeps the choice when it is still there)."""
        keep = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        for org in sorted(orgs, key=lambda o: o.name):
            self.village.addItem(org.name, org.id)
        index = self.village.findData(keep)
        self.village.setCurrentIndex(max(index, 0) if orgs else -1)
        self.village.blockSignals(False)
        if self.isVisible():
            self.show_board()
        else:
            self._clear()

    def show_village(self, org_id: int) -> None:
        """Show the board of one organization."""
        index = self.village.findData(org_id)
        if index >= 0 and index != self.village.currentIndex():
            self.village.setCurrentIndex(index)  # shows the board
        else:
            self.show_board()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.village.currentIndex() >= 0 and self.document.pageCount() == 0:
            self.show_board()

    def _clear(self) -> None:
        self.document.close()
        self.image.clear()
        self.result = None
        self.shown_page = 0
        self._update_buttons()

    def show_board(self) -> None:
        """Make the chosen village's board for the page's date and show its first page."""
        from board_app.services.boards import PosterOptions, render_poster_bytes

        self.problem.hide()
        org_id = self.village.currentData()
        if org_id is None:
            self._clear()
            return
        services = self.page.services
        try:
            org = services.township.village(self.page.current_township(), org_id)
            options = PosterOptions(on=self.page.on(), allow_missing_glyphs=True)
            data, self.result = render_poster_bytes(services.repo, org.name, options)
        except Exception as exc:  # noqa: BLE001 - shown on the page, never a crash
            self._clear()
            self.problem.setText(user_message(exc))
            self.problem.show()
            return
        self.document.close()
        old = self._buffer
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        self.show_page(0)

    def page_count(self) -> int:
        return self.document.pageCount()

    def show_page(self, number: int) -> None:
        """Draw page ``number`` (from 0) scaled to fit ``PAGE_PIXELS``."""
        count = self.page_count()
        if count == 0:
            return
        number = min(max(number, 0), count - 1)
        size = self.document.pagePointSize(number)
        scale = PAGE_PIXELS / max(size.width(), size.height(), 1)
        target = QSize(round(size.width() * scale), round(size.height() * scale))
        self.image.setPixmap(QPixmap.fromImage(self.document.render(number, target)))
        self.shown_page = number
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = self.page_count()
        self.page_label.setText(
            _("Page {n} of {count}").format(n=self.shown_page + 1, count=count) if count else ""
        )
        self.prev_button.setEnabled(count > 0 and self.shown_page > 0)
        self.next_button.setEnabled(count > 0 and self.shown_page < count - 1)
