"""First start: who works on this computer (the name every change is recorded under)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from board_app.i18n import _
from board_app.ui.buttons import ok_cancel_buttons

MAX_NAME_LENGTH = 40


class OperatorDialog(QDialog):
    """Asks for the operator's name; ``name()`` is the trimmed text."""

    def __init__(self, parent: QWidget | None = None, current: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Your name"))
        self.setMinimumWidth(420)
        intro = QLabel(
            _(
                "Please enter your name. Every change you make is recorded under it in the "
                "change log (you can change it later in Settings)."
            )
        )
        intro.setWordWrap(True)
        self.edit = QLineEdit(current)
        self.edit.setMaxLength(MAX_NAME_LENGTH)
        self.edit.setPlaceholderText(_("e.g. 张会计"))
        buttons = ok_cancel_buttons(self, on_ok=self._ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def name(self) -> str:
        return " ".join(self.edit.text().split())

    def _ok(self) -> None:
        if not self.name():
            QMessageBox.warning(self, self.windowTitle(), _("Please enter your name."))
            return
        self.accept()
