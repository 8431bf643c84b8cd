"""Create or edit an organization (单位): every field, stored in its database."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.items import Organization, OrgKind
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.ui.buttons import CheckedOkCancel
from board_app.ui.dialogs.common import EnumCombo
from board_app.ui.editor.dialogs import from_qdate

if TYPE_CHECKING:
    from board_app.services.context import Services


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class OrganizationDialog(QDialog):
    """All organization fields; Save calls ``services.orgs.create`` or ``update``."""

    def __init__(
        self, services: Services, org: Organization | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.org = copy.deepcopy(org) if org is not None else None
        self.saved: Organization | None = None
        self.setWindowTitle(_("Edit organization") if org else _("New organization"))
        self.setMinimumWidth(560)

        self.name = QLineEdit()
        self.kind = EnumCombo(list(OrgKind), labels.org_kind)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("e.g. 0571-12345678"))
        self.address = QLineEdit()
        self.township = QLineEdit()
        self.township.setPlaceholderText(_("e.g. 东风镇 (the township office that oversees it)"))
        self.township.setCompleter(QCompleter(services.township.townships(), self.township))
        self.fonds_code = QLineEdit()
        self.fonds_name = QLineEdit()
        self.display_days = QSpinBox()
        self.display_days.setRange(1, 3650)
        self.display_days.setSuffix(_(" days"))
        self.board_title = QLineEdit()
        self.board_subtitle = QLineEdit()
        self.footer_lines = QPlainTextEdit()
        self.footer_lines.setPlaceholderText(_("One line each"))
        self.footer_lines.setFixedHeight(64)
        self.public_numbers = QPlainTextEdit()
        self.public_numbers.setPlaceholderText(
            _("Phone numbers printed in full on the board, one line each")
        )
        self.public_numbers.setFixedHeight(64)
        self.has_tracking = QCheckBox(_("Track due items from"))
        self.tracking_start = QDateEdit()
        self.tracking_start.setCalendarPopup(True)
        self.tracking_start.setDisplayFormat("yyyy-MM-dd")
        self.tracking_start.setDate(QDate.currentDate())
        self.has_tracking.toggled.connect(self.tracking_start.setEnabled)

        basic = QGroupBox(_("Organization"))
        form = QFormLayout(basic)
        form.addRow(_("Name:"), self.name)
        form.addRow(_("Kind:"), self.kind)
        form.addRow(_("Supervision phone:"), self.phone)
        form.addRow(_("Address:"), self.address)
        form.addRow(_("Township:"), self.township)
        archive = QGroupBox(_("Archive"))
        aform = QFormLayout(archive)
        aform.addRow(_("Fonds code:"), self.fonds_code)
        aform.addRow(_("Fonds name:"), self.fonds_name)
        board = QGroupBox(_("Disclosure board"))
        bform = QFormLayout(board)
        bform.addRow(_("Board title:"), self.board_title)
        bform.addRow(_("Subtitle:"), self.board_subtitle)
        bform.addRow(_("Footer lines:"), self.footer_lines)
        bform.addRow(_("Numbers shown unmasked:"), self.public_numbers)
        bform.addRow(_("Display days:"), self.display_days)
        track = QHBoxLayout()
        track.addWidget(self.has_tracking)
        track.addWidget(self.tracking_start)
        track.addStretch(1)
        tracking = QWidget()
        tracking.setLayout(track)
        track.setContentsMargins(0, 0, 0, 0)
        bform.addRow(_("Due tracking:"), tracking)

        self.checked = CheckedOkCancel(
            self, self._save, ok_text=_("Save"), catch=(BoardAppError,), hidden_until_error=True
        )
        self.problems = self.checked.error

        layout = QVBoxLayout(self)
        layout.addWidget(basic)
        layout.addWidget(archive)
        layout.addWidget(board)
        layout.addWidget(self.problems)
        layout.addWidget(self.checked.buttons)
        self._fill()

    def _fill(self) -> None:
        org = self.org
        if org is None:
            self.display_days.setValue(self.services.orgs.default_display_days())
            self.tracking_start.setEnabled(False)
            return
        self.name.setText(org.name)
        self.kind.set_value(org.kind)
        self.phone.setText(org.phone)
        self.address.setText(org.address)
        self.township.setText(org.township)
        self.fonds_code.setText(org.fonds_code)
        self.fonds_name.setText(org.fonds_name)
        self.display_days.setValue(org.display_days)
        self.board_title.setText(org.board_title)
        self.board_subtitle.setText(org.board_subtitle)
        self.footer_lines.setPlainText("\n".join(org.footer_lines))
        self.public_numbers.setPlainText("\n".join(org.public_numbers))
        self.has_tracking.setChecked(org.tracking_start is not None)
        self.tracking_start.setEnabled(org.tracking_start is not None)
        if org.tracking_start:
            d = org.tracking_start
            self.tracking_start.setDate(QDate(d.year, d.month, d.day))

    def to_organization(self) -> Organization:
        """The organization as the form shows it."""
        org = self.org or Organization(name="")
        org.name = self.name.text().strip()
        org.kind = self.kind.value()
        org.phone = self.phone.text().strip()
        org.address = self.address.text().strip()
        org.township = self.township.text().strip()
        org.fonds_code = self.fonds_code.text().strip()
        org.fonds_name = self.fonds_name.text().strip()
        org.display_days = self.display_days.value()
        org.board_title = self.board_title.text().strip()
        org.board_subtitle = self.board_subtitle.text().strip()
        org.footer_lines = _lines(self.footer_lines)
        org.public_numbers = _lines(self.public_numbers)
        org.tracking_start = (
            from_qdate(self.tracking_start.date()) if self.has_tracking.isChecked() else None
        )
        return org

    def save(self) -> bool:
        """Create or update the organization and close; False (the problems shown) when
        refused."""
        return self.checked.ok()

    def _save(self) -> None:
        org = self.to_organization()
        if org.id is None:
            self.saved = self.services.orgs.create(org)
        else:
            self.saved = self.services.orgs.update(org)
