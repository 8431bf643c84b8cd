"""The feedback rows of the disclosure calendar: replies due within 3 days, overdue replies
(red) and the next box opening. Rows link with the action ("feedback", record id)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeWidgetItem

from board_app.domain.feedback import label
from board_app.i18n import _
from board_app.ui.colors import alert_color

RED = alert_color()
AMBER = QColor("#b45309")


def add_feedback_rows(view: Any, top: QTreeWidgetItem, org: Any, cal: Any, on: date) -> None:
    """Add the organization's feedback group under ``top`` (nothing when there is nothing)."""
    if cal is None or cal.empty:
        return
    count = len(cal.overdue) + len(cal.due_soon)
    group = view._group(
        top,
        _("Feedback replies and box openings ({count})").format(count=count),
        f"feedback:{org.id}",
    )
    for record in cal.overdue:
        _record_row(
            view,
            group,
            record,
            _("Overdue {days} day(s)").format(days=(on - record.due).days),
            RED,
            bold=True,
        )
    for record in cal.due_soon:
        left = (record.due - on).days
        state = _("Reply due today") if left == 0 else _("{days} days left").format(days=left)
        _record_row(view, group, record, state, AMBER, bold=False)
    if cal.opening_due is not None:
        missed = cal.opening_missed(on)
        row = QTreeWidgetItem(
            group,
            [
                _("Open the suggestion box"),
                "",
                cal.opening_due.isoformat(),
                _("Opening missed") if missed else _("Opening due"),
            ],
        )
        colour = RED if missed else (AMBER if cal.opening_due == on else QColor("#4b5563"))
        for col in range(view.COLUMNS):
            row.setForeground(col, QBrush(colour))
        view._link(row, ("openings", org.id), _("Click to record the opening"))
    group.setExpanded(True)


def _record_row(
    view: Any, group: QTreeWidgetItem, record: Any, state: str, colour: QColor, *, bold: bool
) -> None:
    summary = " ".join(record.content.split())[:40]
    row = QTreeWidgetItem(
        group,
        [
            f"{record.number} {label(record.channel)}·{label(record.kind)}：{summary}",
            "",  # the period column stays for periods
            record.due.isoformat(),
            state,
        ],
    )
    for col in range(view.COLUMNS):
        row.setForeground(col, QBrush(colour))
    if bold:
        font = QFont(view.tree.font())
        font.setBold(True)
        row.setFont(3, font)
    view._link(row, ("feedback", record.id), _("Click to open the feedback record"))
