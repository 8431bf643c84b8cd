"""Printing puts every PDF page on paper at 100 %: same page sizes and text where exported.

Each test prints through QPrinter into a PDF file (offscreen) and compares it with the PDF that
was printed: page sizes and orientation page by page, and the ink inside every text box of the
exported PDF (found with QPdfDocument's text selection) at the same place on the printed page.
"""

from __future__ import annotations

import io
import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.pdfgen.canvas import Canvas

DPI = 50


def sample_pdf() -> bytes:
    """A landscape overview page followed by portrait A4 and A3 pages with text at the edges."""
    buf = io.BytesIO()
    canvas = Canvas(buf)
    for size in (landscape(A4), A4, A3):
        canvas.setPageSize(size)
        w, h = size
        canvas.setFont("Helvetica-Bold", 28)
        canvas.drawString(40, h - 60, f"TOP LEFT {int(w)}x{int(h)}")
        canvas.drawRightString(w - 40, 40, "BOTTOM RIGHT")
        canvas.rect(20, 20, w - 40, h - 40)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def load(path: Path):
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    return doc


def print_to_pdf(source: Path, out: Path, printer_mode=None, resolution: int = 0) -> int:
    from PySide6.QtPrintSupport import QPrinter

    from board_app.ui.board import print_support

    doc = load(source)
    printer = QPrinter(printer_mode or QPrinter.PrinterMode.ScreenResolution)  # fast
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    if resolution:
        printer.setResolution(resolution)
    print_support.configure_printer(printer, doc)
    return print_support.print_document(doc, printer)


def ink(image, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, int]:
    """Share of dark pixels in a box of an image, their centre (pixels) and their number."""
    dark = total = 0
    sx = sy = 0.0
    for y in range(max(0, int(y0)), min(image.height(), int(y1) + 1)):
        for x in range(max(0, int(x0)), min(image.width(), int(x1) + 1)):
            total += 1
            if (image.pixel(x, y) & 0xFF) < 160:
                dark += 1
                sx, sy = sx + x, sy + y
    return dark / max(total, 1), sx / max(dark, 1), sy / max(dark, 1), dark


def assert_same_on_paper(exported: Path, printed: Path, sample: int | None = None) -> None:
    """Same page count, sizes and orientation; the exported text boxes are inked when printed."""
    from PySide6.QtCore import QSize

    a, b = load(exported), load(printed)
    assert a.pageCount() == b.pageCount()
    for page in range(a.pageCount()):
        sa, sb = a.pagePointSize(page), b.pagePointSize(page)
        assert abs(sa.width() - sb.width()) < 1.5 and abs(sa.height() - sb.height()) < 1.5, page
    count = a.pageCount()
    pages = range(count) if sample is None else sorted({0, 1, count // 2, count - 1})
    for page in pages:
        sa = a.pagePointSize(page)
        size = QSize(round(sa.width() * DPI / 72), round(sa.height() * DPI / 72))
        img_a, img_b = a.render(page, size), b.render(page, size)
        boxes = [poly.boundingRect() for poly in a.getAllText(page).bounds()]
        inked = 0
        for box in boxes:  # a tile's text boxes include text clipped off that sheet
            k = DPI / 72
            rect = (box.left() * k, box.top() * k, box.right() * k, box.bottom() * k)
            (expected, ax, ay, dark), (got, bx, by, _n) = ink(img_a, *rect), ink(img_b, *rect)
            if expected > 0.05:
                inked += 1
                assert got > 0.5 * expected, (page, box, expected, got)
                if dark >= 30:  # the centre of a few pixels is noise
                    assert abs(ax - bx) < 4 and abs(ay - by) < 4, (page, box, (ax, ay), (bx, by))
            else:
                assert got < 0.05 + expected, (page, box, expected, got)
        assert inked, f"page {page + 1} shows text"


def test_mixed_orientation_pages_print_at_full_size(qtbot, tmp_path: Path):
    from PySide6.QtPrintSupport import QPrinter

    exported = tmp_path / "sample.pdf"
    exported.write_bytes(sample_pdf())
    assert (
        print_to_pdf(exported, tmp_path / "printed.pdf", QPrinter.PrinterMode.HighResolution, 150)
        == 3
    )
    assert_same_on_paper(exported, tmp_path / "printed.pdf")


def test_tiled_board_prints_every_tile_at_full_size(qtbot, ui_services, tmp_path: Path):
    from board_app.demo import VILLAGE, build_demo
    from board_app.services.boards import PosterOptions, make_poster

    on = date(2026, 11, 20)
    ui_services.ctx.clock = lambda: datetime(2026, 11, 20, 2, tzinfo=timezone.utc)
    build_demo(ui_services, on)
    exported = tmp_path / "tiles.pdf"
    options = PosterOptions(on=on, template="a2-portrait", tile="A4", allow_missing_glyphs=True)
    make_poster(ui_services.repo, VILLAGE, options, exported)
    printed = tmp_path / "printed.pdf"
    pages = print_to_pdf(exported, printed)
    assert pages == load(exported).pageCount() >= 9
    assert_same_on_paper(exported, printed, sample=4)


def test_preview_fits_a_768_pixel_screen(qtbot, tmp_path: Path):
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from board_app.ui.board import print_support

    exported = tmp_path / "sample.pdf"
    exported.write_bytes(sample_pdf())
    parent = QWidget()
    qtbot.addWidget(parent)

    class Screen:
        def availableGeometry(self) -> QRect:
            return QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel task bar

    parent.screen = lambda: Screen()  # type: ignore[method-assign]
    dialog = print_support.make_preview_dialog(load(exported), parent)
    qtbot.addWidget(dialog)
    assert dialog.height() <= 728 - print_support.SCREEN_MARGIN
    assert dialog.minimumHeight() <= dialog.height()


@pytest.fixture
def arc_services(ui_services):
    from board_app.demo import build_demo

    ui_services.ctx.clock = lambda: datetime(2026, 11, 20, 2, tzinfo=timezone.utc)
    build_demo(ui_services, date(2026, 11, 20))
    return ui_services


def test_archive_dialog_prints_the_box_files_at_full_size(qtbot, arc_services, tmp_path: Path):
    from PySide6.QtPrintSupport import QPrinter

    from board_app.demo import PARTY
    from board_app.ui.archive_dialog import ArchiveDialog

    party = arc_services.orgs.by_name(PARTY)
    dialog = ArchiveDialog(arc_services, party.id, folder=tmp_path / "archive")
    qtbot.addWidget(dialog)
    from board_app.domain.items import Retention

    dialog.year.setValue(2026)
    dialog.retention.setCurrentIndex(dialog.retention.findData(Retention.PERMANENT.value))
    assert not dialog.print_button.isEnabled()
    with qtbot.waitSignal(dialog.finished_run, timeout=30000):
        dialog.start_archive()
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=5000)
    files = dialog.printable_files()
    assert len(files) == 1
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_last(printer) == load(files[0]).pageCount()
    assert_same_on_paper(files[0], tmp_path / "printed.pdf", sample=4)
    dialog.runner.wait_idle(20000)


def test_printers_that_keep_one_paper_get_the_odd_page_turned(qtbot, tmp_path, monkeypatch):
    """Windows printers and the preview cannot change paper mid-job: the landscape overview
    page is turned a quarter onto the portrait sheet, still at 100 %."""
    from PySide6.QtGui import QTransform

    from board_app.ui.board import print_support

    buf = io.BytesIO()
    canvas = Canvas(buf)
    for size in (landscape(A4), A4, A4):
        canvas.setPageSize(size)
        canvas.setFont("Helvetica-Bold", 28)
        canvas.drawString(40, size[1] - 60, "TOP LEFT")
        canvas.drawRightString(size[0] - 40, 40, "BOTTOM RIGHT")
        canvas.showPage()
    canvas.save()
    exported = tmp_path / "tiles.pdf"
    exported.write_bytes(buf.getvalue())
    monkeypatch.setattr(print_support, "can_change_paper_between_pages", lambda _p: False)
    printed = tmp_path / "printed.pdf"
    assert print_to_pdf(exported, printed) == 3
    a, b = load(exported), load(printed)
    for page in range(3):
        size = b.pagePointSize(page)
        assert size.width() < size.height() and abs(size.height() - A4[1]) < 1.5
    # the turned page, turned back, has its text where the exported page has it
    from PySide6.QtCore import QSize

    sa = a.pagePointSize(0)
    img_a = a.render(0, QSize(round(sa.width() * DPI / 72), round(sa.height() * DPI / 72)))
    sb = b.pagePointSize(0)
    img_b = b.render(0, QSize(round(sb.width() * DPI / 72), round(sb.height() * DPI / 72)))
    img_b = img_b.transformed(QTransform().rotate(-90))
    for box in (poly.boundingRect() for poly in a.getAllText(0).bounds()):
        k = DPI / 72
        rect = (box.left() * k, box.top() * k, box.right() * k, box.bottom() * k)
        (expected, ax, ay, _d), (got, bx, by, _n) = ink(img_a, *rect), ink(img_b, *rect)
        assert expected > 0.05 and got > 0.5 * expected
        assert abs(ax - bx) < 3 and abs(ay - by) < 3
