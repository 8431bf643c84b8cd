"""Small field widgets of the item editor: an optional date and a field with its message line."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from board_app.ui.editor.dialogs import from_qdate, to_qdate

ERROR_COLOR = "#b00020"
WARNING_COLOR = "#9a6700"


class OptionalDateEdit(QWidget):
    """A date that may be left empty: a check box turns the date edit on."""

    changed = Signal()

    def __init__(self, check_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(check_text, self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self._read_only = False

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None, *, default: date | None = None) -> None:
        blocked = (self.check.blockSignals(True), self.edit.blockSignals(True))
        self.check.setChecked(value is not None)
        shown = value or default
        if shown is not None:
            self.edit.setDate(to_qdate(shown))
        self.edit.setEnabled(value is not None and not self._read_only)
        self.check.blockSignals(blocked[0])
        self.edit.blockSignals(blocked[1])

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.check.setEnabled(not read_only)
        self.edit.setEnabled(self.check.isChecked() and not read_only)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on and not self._read_only)
        self.changed.emit()


class FieldBox(QWidget):
    """A field widget with a message line under it (red for errors, amber for warnings)."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = widget
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self.message)

    def set_problems(self, errors: list[str], warnings: list[str]) -> None:
        lines = [f"✖ {m}" for m in errors] + [f"⚠ {m}" for m in warnings]
        self.message.setText("\n".join(lines))
        self.message.setStyleSheet(f"color: {ERROR_COLOR if errors else WARNING_COLOR};")
        self.message.setVisible(bool(lines))


class ElidedLabel(QLabel):
    """A one-line label that elides a long text in the middle; the full text is its tooltip.

    Its height never changes with the text, so the buttons under it stay where they are.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(80)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        """The full text (not the elided one shown)."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(10, self.width() - 2)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width)
        super().setText(shown)
