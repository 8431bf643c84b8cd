"""The board page: choose organization, template, date and audience; preview the exact PDF.

The preview is rendered off the UI thread (a task on the window's :class:`TaskRunner`, or the
view's own) 300 ms after the last change, with ``render_poster_bytes``; ``QPdfDocument`` loads
those bytes from a ``QBuffer`` and Export writes the very same bytes. The database is read on
the UI thread (a quick snapshot) so the worker never touches the shared connection.

QPdfView stays blank with its FitInView/FitToWidth zoom modes, so the view always uses
``ZoomMode.Custom`` with a factor computed from the viewport and the page size.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import Category, Item, Organization
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.layout.templates import (
    BoardTemplate,
    list_templates,
    load_template,
    resolve_template,
)
from board_app.layout.tiling import DEFAULT_OVERLAP_MM
from board_app.services.boards import PosterOptions, PosterResult, render_poster_bytes
from board_app.ui.board import print_support
from board_app.ui.board.board_texts_dialog import BoardTextsDialog
from board_app.ui.board.warnings_panel import WarningsPanel
from board_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
A3_LONG_SIDE_MM = 420.0
CUSTOM = "__custom__"
ZOOM_STEPS = (0.25, 0.35, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
FIT_PAGE, FIT_WIDTH = "page", "width"


class Snapshot:
    """One organization's data read on the UI thread; quacks like the repository for
    ``render_poster_bytes`` so the worker thread never uses the database connection."""

    def __init__(self, org: Organization, categories: list[Category], items: list[Item]) -> None:
        self.org, self.categories, self.items = org, categories, items

    def get_organization_by_name(self, name: str) -> Organization | None:
        return self.org if name == self.org.name else None

    def list_categories(self, _org_id: int) -> list[Category]:
        return list(self.categories)

    def list_items(self, _org_id: int, **_kw: object) -> list[Item]:
        return list(self.items)

    def load_details(self, items: list[Item]) -> list[Item]:
        """The snapshot's items were read with their details already."""
        return items


@dataclass
class Rendered:
    """A finished preview: the PDF bytes and what the board service reported."""

    data: bytes
    result: PosterResult
    options: PosterOptions
    org: Organization
    items: list[Item]
    seconds: float


def is_larger_than_a3(template: BoardTemplate) -> bool:
    """Boards larger than A3 print in a print shop or tiled onto office paper."""
    return max(template.width_mm, template.height_mm) > A3_LONG_SIDE_MM + 1.0


class BoardView(QWidget):
    """Controls, a live PDF preview with page navigation and zoom, and the warnings panel."""

    open_item = Signal(int)
    rendered = Signal()  # a preview (or an error) arrived; for tests and the status bar
    message = Signal(str)

    def __init__(
        self,
        services: Any,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner or TaskRunner(self)
        self.current: Rendered | None = None
        self.error: str = ""
        self._generation = 0
        self._zoom: str | float = FIT_PAGE
        self._buffer: QBuffer | None = None
        self._bytes = QByteArray()
        self._busy_render = False
        self._dirty = False

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)

        self._build(today or services.ctx.today())
        self.reload_organizations()

    # ----- building ------------------------------------------------------------------------
    def _build(self, today: date) -> None:
        self.org_combo = QComboBox()
        self.org_combo.setMinimumContentsLength(12)
        self.template_combo = QComboBox()
        for name in list_templates():
            self.template_combo.addItem(load_template(name).display_name(), name)
        self.template_combo.addItem(_("Custom size…"), CUSTOM)
        self.size_edit = QLineEdit()
        self.size_edit.setPlaceholderText(_("e.g. 2000x1200"))
        self.size_edit.setMinimumWidth(self.size_edit.fontMetrics().horizontalAdvance("0000x0000") + 16)
        self.size_edit.setMaximumWidth(140)
        self.size_edit.setVisible(False)
        self.landscape = QCheckBox(_("Landscape"))
        self.landscape.setVisible(False)
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.audience = QComboBox()
        self.audience.addItem(_("Public"), "public")
        self.audience.addItem(_("Party members"), "party")
        self.tile_combo = QComboBox()
        self.tile_combo.addItem(_("Full size"), None)
        self.tile_combo.addItem(_("Tile onto A4 sheets"), "A4")
        self.tile_combo.addItem(_("Tile onto A3 sheets"), "A3")
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0, 50)
        self.overlap.setDecimals(0)
        self.overlap.setValue(DEFAULT_OVERLAP_MM)
        self.overlap.setSuffix(" mm")
        self.overlap_label = QLabel(_("overlap"))

        self.texts_button = QPushButton(_("Board texts…"))
        self.export_button = QPushButton(_("Export PDF…"))
        self.preview_button = QPushButton(_("Print preview…"))
        self.print_button = QPushButton(_("Print…"))
        self.shop_button = QPushButton(_("Export for the print shop…"))
        self.shop_button.setToolTip(
            _("Full-size PDF for large-format printing (喷绘) at a print shop")
        )

        row1 = QHBoxLayout()
        for label, widget in (
            (_("Organization"), self.org_combo),
            (_("Board"), self.template_combo),
        ):
            row1.addWidget(QLabel(label))
            row1.addWidget(widget)
        row1.addWidget(self.size_edit)
        row1.addWidget(self.landscape)
        row1.addSpacing(8)
        row1.addWidget(QLabel(_("Date")))
        row1.addWidget(self.date_edit)
        row1.addWidget(QLabel(_("Audience")))
        row1.addWidget(self.audience)
        row1.addSpacing(8)
        row1.addWidget(self.tile_combo)
        row1.addWidget(self.overlap_label)
        row1.addWidget(self.overlap)
        row1.addStretch(1)
        # the output buttons on a row of their own: with the custom size and tiling controls
        # shown, one row was wider than a 1366×768 screen
        row2 = QHBoxLayout()
        row2.addWidget(self.texts_button)
        row2.addStretch(1)
        for button in (
            self.export_button,
            self.shop_button,
            self.preview_button,
            self.print_button,
        ):
            row2.addWidget(button)

        # preview toolbar
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
        self.pdf_view.pageNavigator().currentPageChanged.connect(self._update_pages)

        preview = QWidget()
        pv = QVBoxLayout(preview)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addLayout(bar)
        pv.addWidget(self.pdf_view, 1)

        self.warnings = WarningsPanel()
        self.warnings.open_item.connect(self.open_item)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(preview)
        self.splitter.addWidget(self.warnings)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.splitter, 1)

        # signals
        self.org_combo.currentIndexChanged.connect(self._org_changed)
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.size_edit.textChanged.connect(self.schedule)
        self.landscape.toggled.connect(self.schedule)
        self.date_edit.dateChanged.connect(self.schedule)
        self.audience.currentIndexChanged.connect(self.schedule)
        self.tile_combo.currentIndexChanged.connect(self.schedule)
        self.overlap.valueChanged.connect(self.schedule)
        self.texts_button.clicked.connect(self.edit_texts)
        self.export_button.clicked.connect(lambda: self.export_pdf())
        self.shop_button.clicked.connect(lambda: self.export_print_shop())
        self.preview_button.clicked.connect(self.print_preview)
        self.print_button.clicked.connect(self.print_board)
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_in.clicked.connect(lambda: self.step_zoom(+1))
        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_combo.currentIndexChanged.connect(
            lambda _i: self.set_zoom(self.zoom_combo.currentData())
        )
        self._update_controls()

    # ----- services and organizations ------------------------------------------------------
    def set_services(self, services: Any) -> None:
        """Another database was opened."""
        self.services = services
        self.current = None
        self.reload_organizations()

    def reload_organizations(self) -> None:
        """Refill the organization list, keeping the chosen one."""
        keep = self.org_combo.currentData()
        self.org_combo.blockSignals(True)
        self.org_combo.clear()
        for org in self.services.orgs.list():
            self.org_combo.addItem(org.name, org.id)
        index = self.org_combo.findData(keep) if keep is not None else -1
        self.org_combo.setCurrentIndex(max(index, 0))
        self.org_combo.blockSignals(False)
        self._org_changed(reset_template=keep is None or index < 0)

    def select_organization(self, org_id: int) -> None:
        index = self.org_combo.findData(org_id)
        if index >= 0:
            self.org_combo.setCurrentIndex(index)

    def organization(self) -> Organization | None:
        org_id = self.org_combo.currentData()
        return self.services.orgs.get(org_id) if org_id is not None else None

    def _org_changed(self, *_a: object, reset_template: bool = True) -> None:
        org = self.organization()
        if org is not None and reset_template:
            index = self.template_combo.findData(org.board_template or "a3-portrait")
            self.template_combo.blockSignals(True)
            self.template_combo.setCurrentIndex(max(0, index))
            self.template_combo.blockSignals(False)
            self._template_changed()
        self.schedule()

    def _template_changed(self, *_a: object) -> None:
        custom = self.template_combo.currentData() == CUSTOM
        self.size_edit.setVisible(custom)
        self.landscape.setVisible(custom)
        self.schedule()

    # ----- options ---------------------------------------------------------------------------
    def board_date(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def template(self) -> BoardTemplate:
        """The board size chosen; raises BoardAppError on a bad custom size."""
        name = self.template_combo.currentData()
        if name == CUSTOM:
            size = self.size_edit.text().strip() or "A3"
            return resolve_template(None, size, self.landscape.isChecked())
        return resolve_template(name, None, False)

    def options(self, *, tile: bool = True) -> PosterOptions:
        """The options of the preview (missing characters allowed: they are listed instead)."""
        name = self.template_combo.currentData()
        custom = name == CUSTOM
        template = self.template()
        tile_to = self.tile_combo.currentData() if tile and is_larger_than_a3(template) else None
        return PosterOptions(
            on=self.board_date(),
            template=None if custom else name,
            size=(self.size_edit.text().strip() or "A3") if custom else None,
            landscape=self.landscape.isChecked() if custom else False,
            audience=self.audience.currentData(),
            tile=tile_to,
            overlap_mm=float(self.overlap.value()),
            allow_missing_glyphs=True,
        )

    def _update_controls(self) -> None:
        try:
            large = is_larger_than_a3(self.template())
        except BoardAppError:
            large = False
        tiled = large and self.tile_combo.currentData() is not None
        for widget in (self.tile_combo, self.overlap, self.overlap_label):
            widget.setVisible(large)
        self.overlap.setEnabled(tiled)
        self.shop_button.setVisible(large)
        has_pdf = self.current is not None
        printable = has_pdf and (not large or tiled)
        self.export_button.setEnabled(has_pdf)
        self.shop_button.setEnabled(has_pdf)
        self.print_button.setEnabled(printable)
        self.preview_button.setEnabled(printable)
        tip = (
            ""
            if printable or not has_pdf
            else _("Boards larger than A3 print tiled onto A4 or A3 sheets: choose a tiling first.")
        )
        self.print_button.setToolTip(tip)
        self.preview_button.setToolTip(tip)
        self.texts_button.setEnabled(self.org_combo.currentData() is not None)
        self._update_pages()

    # ----- rendering -------------------------------------------------------------------------
    def schedule(self, *_a: object) -> None:
        """Render again 300 ms after the last change."""
        self._update_controls()
        self.timer.start()

    def is_rendering(self) -> bool:
        return self._busy_render or self.timer.isActive()

    def render_now(self) -> None:
        """Read a snapshot here, lay out and draw on a worker thread."""
        self.timer.stop()
        if not self.isVisible():  # render when the page is shown
            self._dirty = True
            return
        self._dirty = False
        org = self.organization()
        if org is None:
            self._show_error(_("Create an organization first."))
            return
        if self.runner.is_busy():  # another task owns the database: try again shortly
            self.timer.start()
            return
        try:
            options = self.options()
        except BoardAppError as exc:
            self._show_error(str(exc))
            return
        snapshot = Snapshot(
            org, self.services.orgs.categories(org.id), self.services.items.all_for(org.id)
        )
        self._generation += 1
        generation = self._generation
        self._busy_render = True
        self.status.setText(_("Rendering the preview…"))

        def work(_reporter: object) -> Rendered:
            start = time.perf_counter()
            data, result = render_poster_bytes(snapshot, org.name, options)
            return Rendered(data, result, options, org, snapshot.items, time.perf_counter() - start)

        self.runner.run(
            work,
            on_success=lambda r: self._rendered(generation, r),
            on_failure=lambda e: self._failed(generation, e),
            exclusive=False,
            show_progress=False,
        )

    def _rendered(self, generation: int, rendered: Rendered) -> None:
        if generation != self._generation:
            return  # a newer render is on its way
        self._busy_render = False
        page = self.current_page()
        self.current = rendered
        self.error = ""
        self._load_bytes(rendered.data)
        self.warnings.show_result(rendered.result, rendered.items)
        self.go_to_page(min(page, self.document.pageCount() - 1))
        self.apply_zoom()
        result = rendered.result
        text = _("{board} · {pages} pages · {seconds:.1f} s").format(
            board=self.template().display_name(),
            pages=self.document.pageCount(),
            seconds=rendered.seconds,
        )
        if result.tiles:
            text += " · " + _("{count} tiles").format(count=result.tiles)
        self.status.setText(text)
        self._update_controls()
        self.rendered.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        if not isinstance(exc, BoardAppError):
            log.error("preview failed", exc_info=exc)
        self._show_error(str(exc))

    def _show_error(self, message: str) -> None:
        self._busy_render = False
        self.error = message
        self.current = None
        self.document.close()
        self.warnings.show_error(message)
        self.status.setText(message)
        self._update_controls()
        self.rendered.emit()

    def _load_bytes(self, data: bytes) -> None:
        """Load the PDF from memory: QPdfDocument reads a QBuffer we keep alive."""
        self.document.close()
        old = self._buffer
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()

    def pdf_bytes(self) -> bytes:
        """The bytes shown in the preview (and written by Export)."""
        return self.current.data if self.current else b""

    # ----- pages and zoom ------------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount() if self.current else 0

    def current_page(self) -> int:
        return max(0, self.pdf_view.pageNavigator().currentPage())

    def go_to_page(self, page: int) -> None:
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
        return self.pdf_view.zoomFactor()

    def apply_zoom(self) -> None:
        zoom = self._zoom
        factor = self.fit_factor(zoom) if isinstance(zoom, str) else float(zoom)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.pdf_view.setZoomFactor(factor)

    def step_zoom(self, direction: int) -> None:
        factor = self.pdf_view.zoomFactor()
        if direction > 0:
            bigger = [s for s in ZOOM_STEPS if s > factor + 1e-3]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [s for s in ZOOM_STEPS if s < factor - 1e-3]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if isinstance(self._zoom, str):
            QTimer.singleShot(0, self.apply_zoom)

    # ----- board texts -----------------------------------------------------------------------
    def edit_texts(self) -> BoardTextsDialog | None:
        org = self.organization()
        if org is None:
            return None
        dialog = BoardTextsDialog(self.services, org, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.schedule()
        return dialog

    # ----- output --------------------------------------------------------------------------
    def _default_name(self, suffix: str = "") -> str:
        org = self.organization()
        name = org.name if org else "board"
        return f"{name}-{self.board_date().isoformat()}{suffix}.pdf"

    def _confirm_missing(self) -> bool:
        """Missing characters: export only when the user agrees."""
        if not self.current or not self.current.result.missing_glyphs:
            return True
        chars = "".join(dict.fromkeys(ch for _o, ch in self.current.result.missing_glyphs))
        answer = QMessageBox.question(
            self,
            _("Characters cannot be printed"),
            _(
                "No installed font can print these characters: {chars}\nThey will be missing "
                "from the board. Export anyway?"
            ).format(chars=chars),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_path(self, title: str, suffix: str = "") -> Path | None:
        path, _sel = QFileDialog.getSaveFileName(
            self, title, self._default_name(suffix), _("PDF files (*.pdf)")
        )
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    def export_pdf(self, path: Path | None = None) -> Path | None:
        """Write the previewed bytes (full size, or the tiles when tiling is chosen)."""
        if self.current is None or self.is_rendering():
            return None
        if not self._confirm_missing():
            return None
        path = path or self._ask_path(_("Export PDF"))
        if path is None:
            return None
        return self._write(path, self.current.data)

    def _write(self, path: Path, data: bytes) -> Path | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name("." + path.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            QMessageBox.warning(self, _("Export PDF"), str(exc))
            return None
        text = _("Saved {path}").format(path=path)
        self.status.setText(text)
        self.message.emit(text)
        return path

    def export_print_shop(self, path: Path | None = None) -> Path | None:
        """The full-size PDF for a print shop (the preview's bytes unless tiles are shown)."""
        if self.current is None or self.is_rendering():
            return None
        if not self._confirm_missing():
            return None
        path = path or self._ask_path(_("Export for the print shop"), "-full-size")
        if path is None:
            return None
        if self.current.options.tile is None:
            return self._write(path, self.current.data)
        current = self.current
        options = replace(current.options, tile=None)
        snapshot = Snapshot(
            current.org, self.services.orgs.categories(current.org.id), current.items
        )
        self.runner.run(
            lambda _r: render_poster_bytes(snapshot, current.org.name, options)[0],
            on_success=lambda data: self._write(path, data),
            on_failure=lambda e: QMessageBox.warning(self, _("Export PDF"), str(e)),
            exclusive=False,
            parent=self,
            label=_("Rendering the full-size board…"),
        )
        return path

    def print_preview(self) -> None:
        if self.current is not None and self.print_button.isEnabled():
            print_support.print_preview(self.document, self)

    def print_board(self) -> None:
        printable = self.current is not None and self.print_button.isEnabled()
        if printable and print_support.print_with_dialog(self.document, self):
            self.status.setText(_("Sent to the printer."))

    # ----- page shown ------------------------------------------------------------------------
    def refresh(self) -> None:
        """The data may have changed (page shown again, item saved): re-render."""
        self.reload_organizations()
