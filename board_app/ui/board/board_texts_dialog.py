"""Edit an organization's board texts and colours: title, subtitle, footer lines, theme."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import Organization
from board_app.errors import BoardAppError
from board_app.i18n import N_, _
from board_app.ui.buttons import CheckedOkCancel
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services

THEMES = (("red", N_("Red")), ("blue", N_("Blue")))
BOARD_LANGUAGES = (("zh_CN", N_("Chinese")), ("en", N_("English")))


class BoardTextsDialog(QDialog):
    """Board title, subtitle, footer lines and colour theme, saved with ``orgs.update``."""

    def __init__(
        self, services: Services, org: Organization, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.org = org
        self.saved: Organization | None = None
        self.setWindowTitle(_("Board texts – {org}").format(org=org.name))
        self.setMinimumWidth(560)

        self.title = QLineEdit(org.board_title)
        self.title.setPlaceholderText(_("Generated from the organization name"))
        self.subtitle = QLineEdit(org.board_subtitle)
        self.subtitle.setPlaceholderText(_("Disclosure date"))
        self.footer = QPlainTextEdit("\n".join(org.footer_lines))
        self.footer.setPlaceholderText(_("One line per footer line"))
        self.footer.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.theme = QComboBox()
        for key, label in THEMES:
            self.theme.addItem(_(label), key)
        index = self.theme.findData(org.board_theme or "red")
        self.theme.setCurrentIndex(max(0, index))

        self.signoff = QCheckBox(_("End each immediate notice with the issuer and date"))
        self.signoff.setChecked(org.board_signoff)
        self.signoff_text = QLineEdit(org.board_signoff_text)
        self.signoff_text.setPlaceholderText(org.name)
        self.signoff_text.setEnabled(org.board_signoff)
        self.signoff.toggled.connect(self.signoff_text.setEnabled)
        self.language = QComboBox()
        for key, label in BOARD_LANGUAGES:
            self.language.addItem(_(label), key)
        self.language.setCurrentIndex(max(0, self.language.findData(org.board_language)))

        form = QFormLayout()
        form.addRow(_("Board title"), self.title)
        form.addRow(_("Subtitle"), self.subtitle)
        form.addRow(_("Footer lines"), self.footer)
        form.addRow(_("Colour theme"), self.theme)
        form.addRow(_("Sign-off"), self.signoff)
        form.addRow(_("Sign-off wording"), self.signoff_text)
        form.addRow(_("Board language"), self.language)
        self.checked = CheckedOkCancel(self, self._save, ok_text=_("Save"), catch=(BoardAppError,))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.checked.error)
        layout.addWidget(self.checked.buttons)

    def values(self) -> dict[str, object]:
        lines = [line.strip() for line in self.footer.toPlainText().splitlines()]
        return {
            "board_title": self.title.text().strip(),
            "board_subtitle": self.subtitle.text().strip(),
            "footer_lines": [line for line in lines if line],
            "board_theme": self.theme.currentData() or "red",
            "board_signoff": self.signoff.isChecked(),
            "board_signoff_text": self.signoff_text.text().strip(),
            "board_language": self.language.currentData() or "zh_CN",
        }

    def save(self) -> bool:
        """Save to the organization and close; False (the error shown) when refused."""
        return self.checked.ok()

    def _save(self) -> None:
        """Save to the organization (the latest version from the database)."""
        org = self.services.orgs.get(stored_id(self.org))
        for key, value in self.values().items():
            setattr(org, key, value)
        self.saved = self.services.orgs.update(org)
