"""The item editor in a window of its own (独立窗口编辑): room for the ledger and long texts.

``EditorDetacher`` takes the editor out of the main window's splitter, leaves a short note
with a "bring back" button in its place, and shows it in a large non-modal window. Closing
that window (or the button) puts the editor back where it was. The editor object stays the
same, so the main window keeps loading the selected item into it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from board_app.i18n import _

WINDOW_SIZE = (1180, 760)


class _Placeholder(QWidget):
    """Stands in the splitter while the editor is in its own window."""

    def __init__(self, on_back: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        note = QLabel(_("The item editor is open in its own window."), self)
        note.setWordWrap(True)
        self.back_button = QPushButton(_("Bring the editor back"), self)
        self.back_button.clicked.connect(on_back)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(note, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)


class EditorWindow(QDialog):
    """The large window holding a detached editor; closing it attaches the editor again."""

    closing = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Item editor"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(6, 6, 6, 6)
        screen = self.screen().availableGeometry() if self.screen() else None
        width = min(WINDOW_SIZE[0], screen.width() - 40) if screen else WINDOW_SIZE[0]
        height = min(WINDOW_SIZE[1], screen.height() - 60) if screen else WINDOW_SIZE[1]
        self.resize(width, height)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)

    def reject(self) -> None:
        self.closing.emit()
        super().reject()


class EditorDetacher:
    """Moves ``editor`` between its splitter slot and an ``EditorWindow``."""

    def __init__(self, editor: QWidget, on_change: Callable[[], object] | None = None) -> None:
        self.editor = editor
        self.on_change = on_change
        self.window: EditorWindow | None = None
        self.placeholder: _Placeholder | None = None
        self._splitter: QSplitter | None = None

    def is_detached(self) -> bool:
        return self.window is not None

    def can_detach(self) -> bool:
        return isinstance(self.editor.parentWidget(), QSplitter) and not self.is_detached()

    def detach(self) -> EditorWindow | None:
        """Show the editor in its own window (only from a splitter slot)."""
        splitter = self.editor.parentWidget()
        if not isinstance(splitter, QSplitter) or self.is_detached():
            return self.window
        index = splitter.indexOf(self.editor)
        sizes = splitter.sizes()
        self.placeholder = _Placeholder(self.attach)
        self.placeholder.setMinimumWidth(self.editor.minimumWidth())
        splitter.replaceWidget(index, self.placeholder)
        splitter.setSizes(sizes)
        self._splitter = splitter
        self.window = EditorWindow(splitter.window())
        self.window.layout_.addWidget(self.editor)
        self.editor.show()
        self.window.closing.connect(self.attach)
        self.window.show()
        self.window.raise_()
        if self.on_change:
            self.on_change()
        return self.window

    def attach(self) -> None:
        """Put the editor back in the splitter (the window closes)."""
        if self.window is None:
            return
        window, self.window = self.window, None
        splitter, placeholder = self._splitter, self.placeholder
        self.placeholder = None
        if splitter is not None and placeholder is not None:
            index = splitter.indexOf(placeholder)
            sizes = splitter.sizes()
            if index >= 0:
                splitter.replaceWidget(index, self.editor)
                splitter.setSizes(sizes)
            placeholder.deleteLater()
        self.editor.show()
        window.closing.disconnect(self.attach)
        window.hide()
        window.deleteLater()
        if self.on_change:
            self.on_change()
