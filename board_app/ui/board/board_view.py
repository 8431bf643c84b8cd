"""The board page: choose organization, template, date and audience; preview the exact PDF.

The preview is rendered off the UI thread (a task on the window's :class:`TaskRunner`, or the
view's own) 300 ms after the last change, with ``render_poster_bytes``; ``QPdfDocument`` loads
those bytes from a ``QBuffer`` and Export writes the very same bytes. The database is read on
the UI thread (a quick snapshot) so the worker never touches the shared connection.

The controls are built in ``board_controls``, the preview pane (pages and zoom) in
``preview_pane``; export and printing live in ``board_output``.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDialog, QSplitter, QVBoxLayout, QWidget

from board_app.domain.items import Organization
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.boards import (
    BoardTemplate,
    PosterOptions,
    render_poster_bytes,
    resolve_template,
)
from board_app.ui.board.board_controls import (
    A3_LONG_SIDE_MM,
    CUSTOM,
    build_controls,
    is_larger_than_a3,
    update_controls,
)
from board_app.ui.board.board_output import BoardOutputMixin
from board_app.ui.board.board_texts_dialog import BoardTextsDialog
from board_app.ui.board.preview_data import Rendered, Snapshot
from board_app.ui.board.preview_pane import (
    FIT_PAGE,
    FIT_WIDTH,
    ZOOM_STEPS,
    PreviewPagesMixin,
    build_preview_pane,
)
from board_app.ui.board.warnings_panel import WarningsPanel
from board_app.ui.error_text import user_message
from board_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


class BoardView(PreviewPagesMixin, BoardOutputMixin, QWidget):
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
        row1, row2 = build_controls(self, today)
        preview = build_preview_pane(self)

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
        for org in self.services.orgs.all():
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
        update_controls(self)
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
            org,
            self.services.orgs.categories(org.id),
            self.services.items.all_for(org.id),
            self.services.feedback.posted_for_board(org, options.on),
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
        self._show_error(user_message(exc))  # unexpected errors: a sentence, details logged

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
    # ----- page shown ------------------------------------------------------------------------
    def refresh(self) -> None:
        """The data may have changed (page shown again, item saved): re-render."""
        self.reload_organizations()


__all__ = [
    "A3_LONG_SIDE_MM",
    "CUSTOM",
    "FIT_PAGE",
    "FIT_WIDTH",
    "ZOOM_STEPS",
    "BoardView",
    "Rendered",
    "Snapshot",
    "is_larger_than_a3",
]
