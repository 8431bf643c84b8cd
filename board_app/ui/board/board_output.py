"""The board page's output: export the previewed PDF, export for a print shop, print."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from board_app.i18n import _
from board_app.services.boards import render_poster_bytes
from board_app.ui import save_dialogs
from board_app.ui.board import print_support
from board_app.ui.board.preview_data import Snapshot
from board_app.ui.error_text import user_message


class BoardOutputMixin:
    """Export and print actions of ``BoardView`` (they use the rendered preview)."""

    def _default_name(self, suffix: str = "") -> str:
        """东风村党支部公开栏-2026-12-03.pdf (the board's organization and date)."""
        org = self.organization()
        return save_dialogs.board_file_name(org.name if org else "", self.board_date(), suffix)

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
        """The save dialog: last folder used for boards (else Documents), Chinese name."""
        return save_dialogs.ask_save_path(
            self,
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
            save_dialogs.offer_open(self, written, _("Export PDF"))
        return written

    def export_pdf(self, path: Path | None = None) -> Path | None:
        """Write the previewed bytes (full size, or the tiles when tiling is chosen)."""
        if self.current is None or self.is_rendering():
            return None
        if not self._confirm_missing():
            return None
        if path is not None:
            return self._write(path, self.current.data)
        path = self._ask_path(_("Export PDF"))
        if path is None:
            return None
        return self._write_and_offer(path, self.current.data)

    def _write(self, path: Path, data: bytes) -> Path | None:
        from board_app.errors import BoardAppError
        from board_app.files import write_bytes_atomic

        try:
            write_bytes_atomic(path, data)  # refuses the program's own files (output guard)
        except BoardAppError as exc:
            QMessageBox.warning(self, _("Export PDF"), user_message(exc))
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
        asked = path is None
        path = path or self._ask_path(_("Export for the print shop"), "-印刷原尺寸")
        if path is None:
            return None
        write = self._write_and_offer if asked else self._write
        if self.current.options.tile is None:
            return write(path, self.current.data)
        current = self.current
        options = replace(current.options, tile=None)
        snapshot = Snapshot(
            current.org, self.services.orgs.categories(current.org.id), current.items
        )
        self.runner.run(
            lambda _r: render_poster_bytes(snapshot, current.org.name, options)[0],
            on_success=lambda data: write(path, data),
            on_failure=lambda e: QMessageBox.warning(self, _("Export PDF"), user_message(e)),
            exclusive=False,
            parent=self,
            label=_("Rendering the full-size board…"),
        )
        return path

    def print_preview(self) -> None:
        """Qt's print preview of the board (when it can be printed)."""
        if self.current is not None and self.print_button.isEnabled():
            print_support.print_preview(self.document, self)

    def print_board(self) -> None:
        """Print the board with the print dialog."""
        printable = self.current is not None and self.print_button.isEnabled()
        if printable and print_support.print_with_dialog(self.document, self):
            self.status.setText(_("Sent to the printer."))
