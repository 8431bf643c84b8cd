"""First start without a database: open the demo, create a new database, or open one."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from board_app.i18n import _

DEMO, NEW, OPEN = "demo", "new", "open"


class FirstStartDialog(QDialog):
    """Three big choices; ``choice`` is DEMO, NEW, OPEN or None (closed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(_("Welcome to the disclosure board manager"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("No database has been opened on this computer yet. How would you like to start?")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for key, title, detail in (
            (DEMO, _("Open the demo"), _("Two sample organizations with about 35 items to try")),
            (NEW, _("Create a new database"), _("Start empty in a file you choose")),
            (OPEN, _("Open an existing database"), _("A board database copied from elsewhere")),
        ):
            button = QPushButton(f"{title}\n{detail}")
            button.setMinimumHeight(56)
            button.setStyleSheet("text-align: left; padding: 6px 12px;")
            button.clicked.connect(lambda _c=False, k=key: self._choose(k))
            setattr(self, f"{key}_button", button)
            layout.addWidget(button)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()
