"""The board page's output: export the previewed PDF, export for a print shop, print."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from board_app.i18n import _
from board_app.services.boards import render_poster_bytes
from board_app.ui import save_dialogs
from board_app.ui.board import print_support
from board_app.ui.board.preview_data import Snapshot
from board_app.ui.error_text import user_message

if TYPE_CHECKING:
    from board_app.ui.board.board_view import BoardView


class BoardOutput:
    """Export and print actions of a ``BoardView`` (its ``output``; they use the rendered
    preview and report through the view's status line and ``message`` signal)."""

    def __init__(self, view: BoardView) -> None:
        self.view = view

    def _default_name(self, suffix: str = "") -> str:
        """东风村党支部公开栏-2026-12-03.pdf (the board's organization and date)."""
        org = self.view.organization()
        return save_dialogs.board_file_name(org.name if org else "", self.view.board_date(), suffix)

    def _confirm_missing(self) -> bool:
        """Missing characters: export only when the user agrees."""
        current = self.view.current
        if not current or not current.result.missing_glyphs:
            return True
        chars = "".join(dict.fromkeys(ch for _o, ch in current.result.missing_glyphs))
        answer = QMessageBox.question(
            self.view,
            _("Characters cannot be printed"),
            _(
                "No installed font can print these characters: {chars}\nThey will be missing "
                "from the board. Export anyway?"
            ).format(chars=chars),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_path(self, title: str, suffix: str = "") -> Path | None:
        """The save dialog: last folder used for boards (else Documents), Chinese name."""
        return save_dialogs.ask_save_path(
            self.view,
            save_dialogs.KIND_BOARD_PDF,
            title,
            self._default_name(suffix),
            _("PDF files (*.pdf)"),
            ".pdf",
        )

    def _write_and_offer(self, path: Path, data: bytes) -> Path | None:
        """Write, then offer 打开文件 / 打开所在文件夹 (for paths the user chose)."""
        written = self._write(path, data)
        if written is not None:
            save_dialogs.offer_open(self.view, written, _("Export PDF"))
        return written

    def export_pdf(self, path: Path | None = None) -> Path | None:
        """Write the previewed bytes (full size, or the tiles when tiling is chosen)."""
        current = self.view.current
        if current is None or self.view.is_rendering():
            return None
        if not self._confirm_missing():
            return None
        if path is not None:
            return self._write(path, current.data)
        path = self._ask_path(_("Export PDF"))
        if path is None:
            return None
        return self._write_and_offer(path, current.data)

    def _write(self, path: Path, data: bytes) -> Path | None:
        from board_app.errors import BoardAppError
        from board_app.files import write_bytes_atomic

        try:
            write_bytes_atomic(path, data)  # refuses the program's own files (output guard)
        except BoardAppError as exc:
            QMessageBox.warning(self.view, _("Export PDF"), user_message(exc))
            return None
        text = _("Saved {path}").format(path=path)
        self.view.preview.status.setText(text)
        self.view.message.emit(text)
        return path

    def export_print_shop(self, path: Path | None = None) -> Path | None:
        """The full-size PDF for a print shop (the preview's bytes unless tiles are shown)."""
        view = self.view
        current = view.current
        if current is None or view.is_rendering():
            return None
        if not self._confirm_missing():
            return None
        asked = path is None
        chosen = path or self._ask_path(_("Export for the print shop"), "-印刷原尺寸")
        if chosen is None:
            return None
        write = self._write_and_offer if asked else self._write
        if current.options.tile is None:
            return write(chosen, current.data)
        options = replace(current.options, tile=None)
        org_id = current.org.id
        assert org_id is not None  # a stored organization
        snapshot = Snapshot(
            current.org,
            view.services.orgs.categories(org_id),
            current.items,
            view.services.feedback.posted_for_board(current.org, options.on),
        )
        view.runner.run(
            lambda _r: render_poster_bytes(snapshot, current.org.name, options)[0],
            on_success=lambda data: write(chosen, data),
            on_failure=lambda e: QMessageBox.warning(view, _("Export PDF"), user_message(e)),
            exclusive=False,
            parent=view,
            label=_("Rendering the full-size board…"),
        )
        return chosen

    def print_preview(self) -> None:
        """Qt's print preview of the board (when it can be printed)."""
        view = self.view
        if view.current is not None and view.controls.print_button.isEnabled():
            print_support.print_preview(view.preview.document, view)

    def print_board(self) -> None:
        """Print the board with the print dialog."""
        view = self.view
        printable = view.current is not None and view.controls.print_button.isEnabled()
        if printable and print_support.print_with_dialog(view.preview.document, view):
            view.preview.status.setText(_("Sent to the printer."))
