"""四议两公开 rows of the disclosure calendar: resolutions and results not yet disclosed."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeWidgetItem

from board_app.i18n import _
from board_app.ui.colors import alert_color

OVERDUE = alert_color()
DUE = QColor("#b45309")


def add_matter_rows(view: Any, top: QTreeWidgetItem | None, org: Any, owed: list) -> None:
    """Add a "四议两公开" group under an organization of the calendar (only when something is
    owed): each row opens the drafted disclosure item, or the matter when none is drafted."""
    if top is None or not owed:
        return
    group = view._group(
        top,
        _("Four deliberations: disclosures owed ({count})").format(count=len(owed)),
        f"matters:{org.id}",
    )
    for entry in owed:
        state = _("Overdue") if entry.overdue else _("Due, not yet disclosed")
        if entry.item is not None:
            state += " · " + _("drafted")
        row = QTreeWidgetItem(
            group, [entry.matter.title, entry.label, entry.due.isoformat(), state]
        )
        colour = OVERDUE if entry.overdue else DUE
        row.setForeground(3, QBrush(colour))
        if entry.overdue:
            for col in range(view.COLUMNS):
                row.setForeground(col, QBrush(colour))
            font = QFont(view.tree.font())
            font.setBold(True)
            row.setFont(3, font)
        tip = _("Since {since}; due within the organization's working days by {due}.").format(
            since=entry.since.isoformat(), due=entry.due.isoformat()
        )
        if entry.item is not None:
            view._link(row, ("open", entry.item.id), tip + "\n" + _("Click to open the item"))
        else:
            view._link(row, ("matter", entry.matter.id), tip + "\n" + _("Click to open the matter"))
    group.setExpanded(True)
