"""The board page's preview pane: page navigation, zoom and the PDF view.

QPdfView stays blank with its FitInView/FitToWidth zoom modes, so the view always uses
``ZoomMode.Custom`` with a factor computed from the viewport and the page size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from board_app.i18n import _

if TYPE_CHECKING:
    from board_app.ui.board.board_view import BoardView

ZOOM_STEPS = (0.25, 0.35, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
FIT_PAGE, FIT_WIDTH = "page", "width"


def build_preview_pane(view: BoardView) -> QWidget:
    """The toolbar (pages, zoom, status) over the PDF view, created as attributes of ``view``."""
    view.prev_button = QToolButton()
    view.prev_button.setText(_("◀ Previous"))
    view.next_button = QToolButton()
    view.next_button.setText(_("Next ▶"))
    view.page_label = QLabel()
    view.page_label.setMinimumWidth(90)
    view.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    view.zoom_out = QToolButton()
    view.zoom_out.setText("−")
    view.zoom_in = QToolButton()
    view.zoom_in.setText("+")
    view.zoom_combo = QComboBox()
    view.zoom_combo.addItem(_("Whole page"), FIT_PAGE)
    view.zoom_combo.addItem(_("Page width"), FIT_WIDTH)
    for step in ZOOM_STEPS:
        view.zoom_combo.addItem(f"{round(step * 100)}%", step)
    view.status = QLabel()
    view.status.setStyleSheet("color: #4b5563;")
    bar = QHBoxLayout()
    bar.addWidget(view.prev_button)
    bar.addWidget(view.page_label)
    bar.addWidget(view.next_button)
    bar.addSpacing(12)
    bar.addWidget(view.zoom_out)
    bar.addWidget(view.zoom_combo)
    bar.addWidget(view.zoom_in)
    bar.addSpacing(12)
    bar.addWidget(view.status, 1)

    view.document = QPdfDocument(view)
    view.pdf_view = QPdfView()
    view.pdf_view.setDocument(view.document)
    view.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
    view.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
    view.pdf_view.setStyleSheet("QPdfView { background: #6b7280; }")
    view.pdf_view.pageNavigator().currentPageChanged.connect(view._update_pages)

    preview = QWidget()
    pv = QVBoxLayout(preview)
    pv.setContentsMargins(0, 0, 0, 0)
    pv.addLayout(bar)
    pv.addWidget(view.pdf_view, 1)
    return preview


class PreviewPagesMixin:
    """Page navigation and zoom of ``BoardView``'s PDF preview."""

    def page_count(self) -> int:
        """Pages of the shown preview (0 without one)."""
        return self.document.pageCount() if self.current else 0

    def current_page(self) -> int:
        """The page shown, from 0."""
        return max(0, self.pdf_view.pageNavigator().currentPage())

    def go_to_page(self, page: int) -> None:
        """Show ``page`` (clamped to the preview's pages)."""
        count = self.page_count()
        if count <= 0:
            self._update_pages()
            return
        page = max(0, min(count - 1, page))
        self.pdf_view.pageNavigator().jump(page, QPointF(0, 0), self.pdf_view.zoomFactor())
        self.apply_zoom()
        self._update_pages()

    def _update_pages(self, *_a: object) -> None:
        count = self.page_count()
        page = self.current_page()
        self.page_label.setText(
            _("Page {page} / {count}").format(page=page + 1, count=count) if count else ""
        )
        self.prev_button.setEnabled(count > 0 and page > 0)
        self.next_button.setEnabled(count > 0 and page < count - 1)

    def fit_factor(self, mode: str) -> float:
        """The zoom factor that fits the current page to the viewport (width or whole page)."""
        if not self.page_count():
            return 1.0
        size = self.document.pagePointSize(self.current_page())
        scale = self.pdf_view.logicalDpiX() / 72.0
        m = self.pdf_view.documentMargins()
        vp = self.pdf_view.viewport().size()
        width = max(50, vp.width() - m.left() - m.right() - 4)
        height = max(50, vp.height() - m.top() - m.bottom() - 4)
        by_width = width / (size.width() * scale)
        if mode == FIT_WIDTH:
            return max(0.05, by_width)
        return max(0.05, min(by_width, height / (size.height() * scale)))

    def set_zoom(self, zoom: str | float | None) -> None:
        """Fit the whole page, fit the width, or a fixed factor."""
        if zoom is None:
            return
        self._zoom = zoom
        index = self.zoom_combo.findData(zoom)
        if index >= 0 and index != self.zoom_combo.currentIndex():
            self.zoom_combo.blockSignals(True)
            self.zoom_combo.setCurrentIndex(index)
            self.zoom_combo.blockSignals(False)
        self.apply_zoom()

    def zoom_factor(self) -> float:
        """The PDF view's zoom factor."""
        return self.pdf_view.zoomFactor()

    def apply_zoom(self) -> None:
        """Apply the chosen zoom (a fit mode is recomputed for the viewport)."""
        zoom = self._zoom
        factor = self.fit_factor(zoom) if isinstance(zoom, str) else float(zoom)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.pdf_view.setZoomFactor(factor)

    def step_zoom(self, direction: int) -> None:
        """The next larger (``direction`` > 0) or smaller zoom step."""
        factor = self.pdf_view.zoomFactor()
        if direction > 0:
            bigger = [s for s in ZOOM_STEPS if s > factor + 1e-3]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [s for s in ZOOM_STEPS if s < factor - 1e-3]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])
