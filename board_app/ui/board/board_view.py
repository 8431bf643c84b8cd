"""The board page: choose organization, template, date and audience; preview the exact PDF.

The preview is rendered off the UI thread (a task on the window's :class:`TaskRunner`, or the
view's own) 300 ms after the last change, with ``render_poster_bytes``; ``QPdfDocument`` loads
those bytes from a ``QBuffer`` and Export writes the very same bytes. The database is read on
the UI thread (a quick snapshot) so the worker never touches the shared connection.

The controls are the child widget ``controls`` (``board_controls.BoardControls``), the preview
(pages and zoom) is ``preview`` (``preview_pane.PreviewPane``); export and printing are
``output`` (``board_output.BoardOutput``).
"""

from __future__ import annotations

import logging
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QSplitter, QVBoxLayout, QWidget

from board_app.domain.items import Organization
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.boards import BoardTemplate, PosterOptions, render_poster_bytes
from board_app.services.context import Services
from board_app.ui.board.board_controls import (
    A3_LONG_SIDE_MM,
    CUSTOM,
    BoardControls,
    is_larger_than_a3,
)
from board_app.ui.board.board_output import BoardOutput
from board_app.ui.board.board_texts_dialog import BoardTextsDialog
from board_app.ui.board.preview_data import Rendered, Snapshot
from board_app.ui.board.preview_pane import FIT_PAGE, FIT_WIDTH, ZOOM_STEPS, PreviewPane
from board_app.ui.board.warnings_panel import WarningsPanel
from board_app.ui.error_text import user_message
from board_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


class BoardView(QWidget):
    """Controls, a live PDF preview with page navigation and zoom, and the warnings panel."""

    open_item = Signal(int)
    rendered = Signal()  # a preview (or an error) arrived; for tests and the status bar
    message = Signal(str)

    def __init__(
        self,
        services: Services,
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
        self.controls = BoardControls(today)
        self.preview = PreviewPane()
        self.output = BoardOutput(self)

        self.warnings = WarningsPanel()
        self.warnings.open_item.connect(self.open_item)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.preview)
        self.splitter.addWidget(self.warnings)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.controls)
        layout.addWidget(self.splitter, 1)

        # signals
        controls = self.controls
        controls.organization_changed.connect(self._org_changed)
        controls.template_changed.connect(self.schedule)
        controls.options_changed.connect(self.schedule)
        controls.texts_button.clicked.connect(self.edit_texts)
        controls.export_button.clicked.connect(lambda: self.export_pdf())
        controls.shop_button.clicked.connect(lambda: self.export_print_shop())
        controls.preview_button.clicked.connect(self.print_preview)
        controls.print_button.clicked.connect(self.print_board)
        self._update_controls()

    # ----- services and organizations ------------------------------------------------------
    def set_services(self, services: Services) -> None:
        """Another database was opened."""
        self.services = services
        self.current = None
        self.preview.clear()
        self.reload_organizations()

    def reload_organizations(self) -> None:
        """Refill the organization list, keeping the chosen one."""
        kept = self.controls.set_organizations(
            [(org.id, org.name) for org in self.services.orgs.all() if org.id is not None]
        )
        self._org_changed(reset_template=not kept)

    def select_organization(self, org_id: int) -> None:
        self.controls.select_organization(org_id)

    def organization(self) -> Organization | None:
        org_id = self.controls.organization_id()
        return self.services.orgs.get(org_id) if org_id is not None else None

    def _org_changed(self, *_a: object, reset_template: bool = True) -> None:
        org = self.organization()
        if org is not None and reset_template:
            self.controls.choose_template(org.board_template or "a3-portrait")
        self.schedule()

    # ----- options ---------------------------------------------------------------------------
    def board_date(self) -> date:
        return self.controls.board_date()

    def template(self) -> BoardTemplate:
        """The board size chosen; raises BoardAppError on a bad custom size."""
        return self.controls.template()

    def options(self, *, tile: bool = True) -> PosterOptions:
        """The options of the preview (missing characters allowed: they are listed instead)."""
        return self.controls.options(tile=tile)

    def _update_controls(self) -> None:
        self.controls.update_state(has_pdf=self.current is not None)
        self.preview.update_pages()

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
        assert org.id is not None  # a stored organization
        snapshot = Snapshot(
            org,
            self.services.orgs.categories(org.id),
            self.services.items.all_for(org.id),
            self.services.feedback.posted_for_board(org, options.on),
        )
        self._generation += 1
        generation = self._generation
        self._busy_render = True
        self.preview.status.setText(_("Rendering the preview…"))

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
        preview = self.preview
        page = preview.current_page()
        self.current = rendered
        self.error = ""
        preview.show_pdf(rendered.data)
        self.warnings.show_result(rendered.result, rendered.items)
        preview.go_to_page(min(page, preview.document.pageCount() - 1))
        preview.apply_zoom()
        result = rendered.result
        text = _("{board} · {pages} pages · {seconds:.1f} s").format(
            board=self.template().display_name(),
            pages=preview.document.pageCount(),
            seconds=rendered.seconds,
        )
        if result.tiles:
            text += " · " + _("{count} tiles").format(count=result.tiles)
        preview.status.setText(text)
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
        self.preview.clear()
        self.warnings.show_error(message)
        self.preview.status.setText(message)
        self._update_controls()
        self.rendered.emit()

    def pdf_bytes(self) -> bytes:
        """The bytes shown in the preview (and written by Export)."""
        return self.current.data if self.current else b""

    def showEvent(self, event: QShowEvent) -> None:
        """A render asked for while the page was hidden runs when it is shown."""
        super().showEvent(event)
        if self._dirty:
            self.schedule()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if isinstance(self.preview.zoom_mode(), str):
            QTimer.singleShot(0, self.preview.apply_zoom)

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
    def export_pdf(self, path: Path | None = None) -> Path | None:
        """Write the previewed bytes (full size, or the tiles when tiling is chosen)."""
        return self.output.export_pdf(path)

    def export_print_shop(self, path: Path | None = None) -> Path | None:
        """The full-size PDF for a print shop (the preview's bytes unless tiles are shown)."""
        return self.output.export_print_shop(path)

    def print_preview(self) -> None:
        """Qt's print preview of the board (when it can be printed)."""
        self.output.print_preview()

    def print_board(self) -> None:
        """Print the board with the print dialog."""
        self.output.print_board()

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
