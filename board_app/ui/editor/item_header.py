"""The item editor's header: title, disclosure number, status chip, organization, own window."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from board_app.domain import labels
from board_app.domain.items import Item
from board_app.i18n import _
from board_app.ui.editor.fields import ElidedLabel
from board_app.ui.editor.item_form import STATUS_COLORS


class ItemHeader(QWidget):
    """Two rows: heading, number and status chip; organization and the own-window button.

    ``detach_requested`` is emitted when the own-window button is clicked.
    """

    detach_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = ElidedLabel(self)
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.org_label = ElidedLabel(self)
        self.org_label.setStyleSheet("color: #555;")
        self.detach_button = QPushButton(_("Own window"), self)
        self.detach_button.setToolTip(
            _("Edit in a large window of its own (room for the ledger); close it to come back")
        )
        self.detach_button.clicked.connect(self.detach_requested)
        self.status_chip = QLabel(self)
        self.number_label = QLabel(self)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.number_label)
        header.addWidget(self.status_chip)
        org_row = QHBoxLayout()
        org_row.addWidget(self.org_label, 1)
        org_row.addWidget(self.detach_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(org_row)

    def show_item(self, item: Item, org_name: str, today: date) -> None:
        """Heading, number, organization and status chip (a scheduled item: 待公开（12月8日）)."""
        if item.id is None:
            self.heading.setText(_("New item"))
        else:
            self.heading.setText(item.title or _("Untitled item"))
        self.org_label.setText(_("Organization: {name}").format(name=org_name) if org_name else "")
        color = STATUS_COLORS[item.status]
        self.status_chip.setText(labels.status_on(item.status, item.publish_date, today))
        self.status_chip.setStyleSheet(
            f"color: white; background: {color}; border-radius: 4px; padding: 2px 8px;"
        )
        self.number_label.setText(
            _("No. {number}").format(number=item.number) if item.number else ""
        )

    def clear(self) -> None:
        """No item: no status, number or organization (the heading is set by the editor)."""
        self.status_chip.clear()
        self.status_chip.setStyleSheet("")
        self.number_label.clear()
        self.org_label.clear()

    def set_detached(self, detached: bool) -> None:
        """The button's text while the editor is in its own window, or beside the list."""
        self.detach_button.setText(_("Back beside the list") if detached else _("Own window"))
