"""Printing a rendered board PDF through the system print dialog, with a print preview.

Each PDF page is rendered with ``QPdfDocument.render`` at the printer's resolution (capped so an
A3 page stays a reasonable image) and drawn centred on the printable area, aspect ratio kept.
The printer's paper and orientation are set from the PDF page, so an A3 board prints on A3.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from board_app.i18n import _

MAX_PRINT_DPI = 300
MM_PER_PT = 25.4 / 72.0


def page_size_for(points: QSizeF) -> tuple[QPageSize, QPageLayout.Orientation]:
    """The paper (A4, A3 … or a custom size) and orientation of a PDF page size in points."""
    w, h = points.width(), points.height()
    portrait = QSizeF(min(w, h), max(w, h))
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
    return size, orientation


def configure_printer(printer: QPrinter, document: QPdfDocument) -> None:
    """Paper and orientation from the first page; no margins (the board has its own)."""
    if document.pageCount() < 1:
        return
    size, orientation = page_size_for(document.pagePointSize(0))
    printer.setPageSize(size)
    printer.setPageOrientation(orientation)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setFullPage(True)
    printer.setFromTo(1, document.pageCount())
    printer.setDocName(document.metaData(QPdfDocument.MetaDataField.Title) or "board")


def page_numbers(printer: QPrinter, count: int) -> list[int]:
    """Zero-based pages to print: the printer's from/to range, else all."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        first, last = 1, count
    return [p - 1 for p in range(max(1, first), min(count, last) + 1)]


def render_page(document: QPdfDocument, page: int, dpi: float) -> QImage:
    """One page as an image at ``dpi`` (white background)."""
    pts = document.pagePointSize(page)
    size = QSize(max(1, round(pts.width() * dpi / 72)), max(1, round(pts.height() * dpi / 72)))
    return document.render(page, size)


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw the pages onto ``printer``; returns the number of pages printed."""
    pages = page_numbers(printer, document.pageCount())
    if not pages:
        return 0
    dpi = min(float(printer.resolution()), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for n, page in enumerate(pages):
            if n:
                # Each page may have its own orientation (a tiled overview page, for example).
                _size, orientation = page_size_for(document.pagePointSize(page))
                printer.setPageOrientation(orientation)
                printer.newPage()
            image = render_page(document, page, dpi)
            target = QRectF(painter.viewport())
            scaled = QSizeF(image.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            rect = QRectF(
                target.x() + (target.width() - scaled.width()) / 2,
                target.y() + (target.height() - scaled.height()) / 2,
                scaled.width(),
                scaled.height(),
            )
            painter.drawImage(rect, image)
    finally:
        painter.end()
    return len(pages)


def print_with_dialog(document: QPdfDocument, parent: QWidget | None = None) -> bool:
    """The system print dialog; True when something was printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure_printer(printer, document)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print board"))
    dialog.setMinMax(1, max(1, document.pageCount()))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return print_document(document, printer) > 0


def make_preview_dialog(
    document: QPdfDocument, parent: QWidget | None = None
) -> QPrintPreviewDialog:
    """A print preview of the document; its Print button goes to the system print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure_printer(printer, document)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_("Print preview"))
    dialog.paintRequested.connect(lambda p: print_document(document, p))
    dialog.resize(1000, 800)
    dialog._printer = printer  # type: ignore[attr-defined]  # keep it alive
    return dialog


def print_preview(document: QPdfDocument, parent: QWidget | None = None) -> bool:
    """Show the print preview first; printing goes on from its toolbar."""
    return make_preview_dialog(document, parent).exec() == QDialog.DialogCode.Accepted
