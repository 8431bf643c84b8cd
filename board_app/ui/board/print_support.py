"""Printing a rendered PDF (board, tiles, archive) through the system print dialog, with a preview.

Every PDF page goes on paper at 100 %: the printer's paper size and orientation are set from
that page before it is drawn (a tiled board's landscape overview page is followed by portrait
tiles), there are no margins, and the page image is drawn at its exact size in the printer's
device pixels, never scaled to fit. Each page is rendered with ``QPdfDocument.render`` at the
printer's resolution (capped at ``MAX_PRINT_DPI`` so an A3 page stays a reasonable image).
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from board_app.i18n import _

MAX_PRINT_DPI = 300
MM_PER_PT = 25.4 / 72.0
PREVIEW_SIZE = QSize(1000, 800)  # wanted; shrunk to the screen's free area
SCREEN_MARGIN = 40  # pixels left around the preview for the window frame


def page_size_for(points: QSizeF) -> tuple[QPageSize, QPageLayout.Orientation]:
    """The paper (A4, A3 … or a custom size) and orientation of a PDF page size in points."""
    w, h = points.width(), points.height()
    portrait = QSizeF(min(w, h), max(w, h))
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
    return size, orientation


def page_layout_for(points: QSizeF) -> QPageLayout:
    """A margin-free page layout of exactly the PDF page's paper and orientation."""
    size, orientation = page_size_for(points)
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def configure_printer(printer: QPrinter, document: QPdfDocument) -> None:
    """Paper and orientation from the first page; no margins (the board has its own)."""
    if document.pageCount() < 1:
        return
    printer.setFullPage(True)
    printer.setPageLayout(page_layout_for(document.pagePointSize(0)))
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


def page_target(printer: QPrinter, points: QSizeF) -> QRectF:
    """Where a page of ``points`` goes on the printer's current sheet, in device pixels.

    Its size is the page's own at the printer's resolution (100 %, never fitted), centred on
    the sheet: on paper of the page's size (what ``print_document`` sets) it covers the sheet
    exactly; on other paper chosen in the print dialog it stays at 100 %.
    """
    resolution = printer.resolution()
    width = points.width() * resolution / 72.0
    height = points.height() * resolution / 72.0
    paper = printer.pageLayout().fullRectPixels(resolution)
    origin = QPointF(0.0, 0.0)
    if not printer.fullPage():
        paint = printer.pageLayout().paintRectPixels(resolution)
        origin = QPointF(-paint.x(), -paint.y())
    return QRectF(
        origin.x() + (paper.width() - width) / 2,
        origin.y() + (paper.height() - height) / 2,
        width,
        height,
    )


def can_change_paper_between_pages(printer: QPrinter) -> bool:
    """PDF output and CUPS take a new paper size per page; Windows printers and the preview
    keep the first page's (Qt refuses ``setPageLayout`` while they print)."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Pdf


def _is_landscape(points: QSizeF) -> bool:
    return points.width() > points.height()


def _first_layout(document: QPdfDocument, pages: list[int]) -> QPageLayout:
    """The first sheet's layout: the first page's paper in the orientation most pages have
    (if the printer cannot change paper per page, only the odd pages are turned)."""
    points = document.pagePointSize(pages[0])
    landscape = sum(_is_landscape(document.pagePointSize(p)) for p in pages) * 2 > len(pages)
    size, _orientation = page_size_for(points)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def draw_page(painter: QPainter, printer: QPrinter, points: QSizeF, image: QImage) -> None:
    """Draw one page at 100 %, turned a quarter when the sheet has the other orientation."""
    sheet = printer.pageLayout().fullRectPoints()
    turned = _is_landscape(points) != (sheet.width() > sheet.height())
    if not turned:
        painter.drawImage(page_target(printer, points), image)
        return
    target = page_target(printer, QSizeF(points.height(), points.width()))
    painter.save()
    painter.translate(target.center())
    painter.rotate(90)
    painter.drawImage(
        QRectF(-target.height() / 2, -target.width() / 2, target.height(), target.width()), image
    )
    painter.restore()


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw the pages onto ``printer`` at 100 %; returns the number of pages printed."""
    pages = page_numbers(printer, document.pageCount())
    if not pages:
        return 0
    printer.setFullPage(True)
    per_page = can_change_paper_between_pages(printer)
    if per_page:
        printer.setPageLayout(page_layout_for(document.pagePointSize(pages[0])))
    else:  # one orientation for the whole job: the one most pages have
        printer.setPageLayout(_first_layout(document, pages))
    dpi = min(float(printer.resolution()), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for n, page in enumerate(pages):
            points = document.pagePointSize(page)
            if n:
                if per_page:
                    # Each page has its own paper and orientation (the overview page of tiles).
                    printer.setPageLayout(page_layout_for(points))
                printer.newPage()
            draw_page(painter, printer, points, render_page(document, page, dpi))
    finally:
        painter.end()
    return len(pages)


def print_with_dialog(
    document: QPdfDocument, parent: QWidget | None = None, title: str | None = None
) -> bool:
    """The system print dialog; True when something was printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure_printer(printer, document)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title or _("Print board"))
    dialog.setMinMax(1, max(1, document.pageCount()))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return print_document(document, printer) > 0


def preview_size(parent: QWidget | None) -> QSize:
    """The preview window's size: 1000×800 or less, so it fits the screen (1366×768 too)."""
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(PREVIEW_SIZE)
    free = screen.availableGeometry()
    return QSize(
        min(PREVIEW_SIZE.width(), free.width() - SCREEN_MARGIN),
        min(PREVIEW_SIZE.height(), free.height() - SCREEN_MARGIN),
    )


def make_preview_dialog(
    document: QPdfDocument, parent: QWidget | None = None, title: str | None = None
) -> QPrintPreviewDialog:
    """A print preview of the document; its Print button goes to the system print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure_printer(printer, document)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title or _("Print preview"))
    dialog.paintRequested.connect(lambda p: print_document(document, p))
    size = preview_size(parent)
    dialog.setMinimumSize(min(480, size.width()), min(360, size.height()))
    dialog.resize(size)
    # the printer must live as long as the dialog: kept on the dialog object itself
    dialog._printer = printer  # type: ignore[attr-defined]
    return dialog


def print_preview(
    document: QPdfDocument, parent: QWidget | None = None, title: str | None = None
) -> bool:
    """Show the print preview first; printing goes on from its toolbar."""
    return make_preview_dialog(document, parent, title).exec() == QDialog.DialogCode.Accepted


def load_document(path: str, parent: QWidget | None = None) -> QPdfDocument | None:
    """A PDF file opened for printing (None when it cannot be read)."""
    # Qt accepts no parent; PySide6's stubs do not say so
    document = QPdfDocument(parent)  # type: ignore[arg-type]
    if document.load(path) != QPdfDocument.Error.None_ or document.pageCount() < 1:
        document.deleteLater()
        return None
    return document


def print_files(documents: list[QPdfDocument], printer: QPrinter) -> int:
    """Print several PDFs (archive boxes and their labels) one after another at 100 %."""
    printed = 0
    for document in documents:
        printer.setFromTo(0, 0)
        printed += print_document(document, printer)
    return printed


def print_files_with_dialog(
    documents: list[QPdfDocument], parent: QWidget | None = None, title: str | None = None
) -> int:
    """One print dialog for several PDFs; the pages printed (0 when cancelled)."""
    if not documents:
        return 0
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure_printer(printer, documents[0])
    printer.setFromTo(0, 0)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title or _("Print"))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    return print_files(documents, printer)
