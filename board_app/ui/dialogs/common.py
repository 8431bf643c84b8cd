"""Small pieces shared by the dialogs: error messages and the problem report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import BoardAppError, ValidationError
from board_app.i18n import _


class EnumCombo(QComboBox):
    """A combo box over Python values (enums keep their type; itemData would turn str enums
    into plain strings)."""

    def __init__(
        self, values: Iterable[Any], label: Callable[[Any], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.values = list(values)
        for value in self.values:
            self.addItem(label(value))

    def value(self) -> Any:
        index = self.currentIndex()
        return self.values[index] if 0 <= index < len(self.values) else None

    def set_value(self, value: Any) -> None:
        if value in self.values:
            self.setCurrentIndex(self.values.index(value))


class ProblemReportDialog(QDialog):
    """Lists every problem found (e.g. in a refused import file), one per row."""

    def __init__(
        self, title: str, headline: str, problems: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        head = QLabel(headline)
        head.setWordWrap(True)
        layout.addWidget(head)
        count = QLabel(_("{count} problem(s) found:").format(count=len(problems)))
        layout.addWidget(count)
        self.list = QListWidget()
        self.list.addItems(problems)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """A clear message for an expected error; a problem list when there are several."""
    title = title or _("Error")
    if isinstance(exc, ValidationError) and len(exc.problems) > 1:
        head = str(exc).splitlines()[0] if str(exc) else _("The input was refused.")
        ProblemReportDialog(title, head, list(exc.problems), parent).exec()
        return
    if isinstance(exc, BoardAppError):
        QMessageBox.warning(parent, title, str(exc))
        return
    from board_app.ui.error_text import user_message

    QMessageBox.critical(parent, title, user_message(exc))
