"""The board page's preview pane: page navigation, zoom and the PDF view.

QPdfView stays blank with its FitInView/FitToWidth zoom modes, so the view always uses
``ZoomMode.Custom`` with a factor computed from the viewport and the page size.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from board_app.i18n import _

ZOOM_STEPS = (0.25, 0.35, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
FIT_PAGE, FIT_WIDTH = "page", "width"


class PreviewPane(QWidget):
    """The toolbar (pages, zoom, status) over the PDF view; it owns the ``QPdfDocument``.

    ``show_pdf`` loads bytes from memory (a QBuffer kept alive), ``clear`` empties the view.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zoom: str | float = FIT_PAGE
        self._buffer: QBuffer | None = None
        self._bytes = QByteArray()
        self._loaded = False
        self.prev_button = QToolButton()
        self.prev_button.setText(_("◀ Previous"))
        self.next_button = QToolButton()
        self.next_button.setText(_("Next ▶"))
        self.page_label = QLabel()
        self.page_label.setMinimumWidth(90)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_out = QToolButton()
        self.zoom_out.setText("−")
        self.zoom_in = QToolButton()
        self.zoom_in.setText("+")
        self.zoom_combo = QComboBox()
        self.zoom_combo.addItem(_("Whole page"), FIT_PAGE)
        self.zoom_combo.addItem(_("Page width"), FIT_WIDTH)
        for step in ZOOM_STEPS:
            self.zoom_combo.addItem(f"{round(step * 100)}%", step)
        self.status = QLabel()
        self.status.setStyleSheet("color: #4b5563;")
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_combo)
        bar.addWidget(self.zoom_in)
        bar.addSpacing(12)
        bar.addWidget(self.status, 1)

        self.document = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.pdf_view.setStyleSheet("QPdfView { background: #6b7280; }")
        self.pdf_view.pageNavigator().currentPageChanged.connect(self.update_pages)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.pdf_view, 1)

        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_in.clicked.connect(lambda: self.step_zoom(+1))
        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_combo.currentIndexChanged.connect(
            lambda _i: self.set_zoom(self.zoom_combo.currentData())
        )

    def show_pdf(self, data: bytes) -> None:
        """Load the PDF from memory: QPdfDocument reads a QBuffer we keep alive."""
        self.document.close()
        old = self._buffer
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self._loaded = True
        if old is not None:
            old.close()
            old.deleteLater()

    def clear(self) -> None:
        """No preview (an error is shown instead)."""
        self._loaded = False
        self.document.close()

    def zoom_mode(self) -> str | float:
        """The zoom chosen: a fit mode (FIT_PAGE, FIT_WIDTH) or a factor."""
        return self._zoom

    def page_count(self) -> int:
        """Pages of the shown preview (0 without one)."""
        return self.document.pageCount() if self._loaded else 0

    def current_page(self) -> int:
        """The page shown, from 0."""
        return max(0, self.pdf_view.pageNavigator().currentPage())

    def go_to_page(self, page: int) -> None:
        """Show ``page`` (clamped to the preview's pages)."""
        count = self.page_count()
        if count <= 0:
            self.update_pages()
            return
        page = max(0, min(count - 1, page))
        self.pdf_view.pageNavigator().jump(page, QPointF(0, 0), self.pdf_view.zoomFactor())
        self.apply_zoom()
        self.update_pages()

    def update_pages(self, *_a: object) -> None:
        """The page label and the previous/next buttons."""
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
