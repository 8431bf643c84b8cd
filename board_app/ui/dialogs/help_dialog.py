"""Help → User guide: the bundled user guide (docs/user-guide.md), rendered offline."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from board_app.i18n import _
from board_app.paths import resource_path

GUIDE_NAME = "user-guide.md"
_CHECKOUT_DOCS = Path(__file__).resolve().parents[3] / "docs"


def user_guide_path() -> Path | None:
    """The bundled guide: ``resources/docs`` of an install (pyproject data-files), else the
    ``docs`` folder of a checkout; None when neither exists."""
    for candidate in (resource_path("docs", GUIDE_NAME), _CHECKOUT_DOCS / GUIDE_NAME):
        if candidate.is_file():
            return candidate
    return None


def referenced_images(markdown: str) -> list[str]:
    """Relative image paths the guide shows (``![alt](images/x.png)``)."""
    return re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", markdown)


class HelpDialog(QDialog):
    """A read-only browser over the user guide; links to other files open in the browser too."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("User guide"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        path = path or user_guide_path()
        if path is None:
            self.browser.setPlainText(
                _(
                    "The user guide was not found. It belongs in the program's resources/docs "
                    "folder; reinstall the program to restore it."
                )
            )
        else:
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self.path = path
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """About 900×700, never taller or wider than the screen's available area."""
        screen = self.screen()
        width, height = 900, 700
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(max(width, 480), max(height, 360))
