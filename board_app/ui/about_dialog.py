"""帮助 → 关于: the program's version, where it runs from and where its data lives.

Kept out of the main window: ``MainWindow.about`` calls :func:`show_about`.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from board_app.i18n import _
from board_app.paths import data_dir, is_frozen, resource_path, resources_base
from board_app.ui.dialogs.help_dialog import HelpDialog, user_guide_path
from board_app.version import app_version

ICON_FILE = "board-app.png"


def app_icon() -> QIcon:
    """The application icon (an empty icon if the file is missing)."""
    path = resource_path("icons", ICON_FILE)
    return QIcon(str(path)) if path.is_file() else QIcon()


def program_folder() -> Path:
    """Where the program is installed: the executable's folder when frozen, else the source."""
    return Path(sys.executable).parent if is_frozen() else resources_base().parent


def about_facts(database: Path | str | None = None) -> list[tuple[str, str]]:
    """(label, value) lines shown in 关于 and copied for a support call."""
    facts = [
        (_("Version"), app_version()),
        (
            _("Installed as"),
            _("self-contained package") if is_frozen() else _("Python installation"),
        ),
        (_("Program files"), str(program_folder())),
        (_("User data"), str(data_dir())),
    ]
    if database is not None:
        facts.append((_("Database"), str(database)))
    components = (
        f"Python {platform.python_version()}, Qt {qVersion()}, "
        f"PySide6 {PySide6.__version__}, {platform.system()} {platform.machine()}"
    )
    facts.append((_("Components"), components))
    return facts


def facts_text(facts: list[tuple[str, str]]) -> str:
    """The facts as plain text lines ("label: value")."""
    return "\n".join(f"{label}: {value}" for label, value in facts)


class AboutDialog(QDialog):
    """Name, version and facts; buttons for the user guide and copying the facts."""

    def __init__(self, parent: QWidget | None = None, database: Path | str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About"))
        self.setWindowIcon(app_icon())
        self.facts = about_facts(database)
        title = QLabel(
            "<h2>{name} {version}</h2><p>{blurb}</p>".format(
                name=_("Disclosure board manager"),
                version=app_version(),
                blurb=_(
                    "Party, village and finance disclosure items, board posters and archive "
                    "PDFs for grassroots offices. Works offline; nothing is downloaded."
                ),
            ),
            self,
        )
        title.setWordWrap(True)
        self.details = QLabel(
            "<br>".join(f"<b>{label}</b>：{value}" for label, value in self.facts), self
        )
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(_("Copy version details"), self)
        self.copy_button.clicked.connect(self.copy_facts)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.guide = user_guide_path()
        self.guide_button = QPushButton(_("User guide"), self)
        self.guide_button.setEnabled(self.guide is not None)
        self.guide_button.clicked.connect(self.open_guide)
        buttons.addButton(self.guide_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.details)
        layout.addWidget(buttons)

    def copy_facts(self) -> None:
        """Put the version details on the clipboard (for a support call)."""
        QGuiApplication.clipboard().setText(facts_text(self.facts))

    def open_guide(self) -> HelpDialog | None:
        """Show the user guide (the Help → User guide window); None without a guide."""
        if self.guide is None:
            return None
        dialog = HelpDialog(self, self.guide)
        dialog.show()
        return dialog


def show_about(parent: QWidget | None = None, database: Path | str | None = None) -> None:
    """Show 关于 modally."""
    AboutDialog(parent, database).exec()
