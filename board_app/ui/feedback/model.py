"""Qt table model over feedback records (service results, never SQL)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from board_app.domain.feedback import FeedbackRecord, is_overdue, label
from board_app.i18n import _
from board_app.ui.colors import alert_color

COL_NUMBER, COL_RECEIVED, COL_CHANNEL, COL_KIND, COL_CONTENT, COL_DUE, COL_STATUS, COL_ITEM = range(
    8
)
OVERDUE = alert_color()
SortRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class FeedbackTableModel(QAbstractTableModel):
    """One row per record; overdue rows in red."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.records: list[FeedbackRecord] = []
        self.on = date.today()

    def set_records(self, records: list[FeedbackRecord], on: date) -> None:
        self.beginResetModel()
        self.records, self.on = records, on
        self.endResetModel()

    def record(self, row: int) -> FeedbackRecord | None:
        return self.records[row] if 0 <= row < len(self.records) else None

    def row_of(self, record_id: int) -> int:
        return next((i for i, r in enumerate(self.records) if r.id == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [
                _("Number"),
                _("Received"),
                _("Channel"),
                _("Kind"),
                _("Content"),
                _("Due"),
                _("Status"),
                _("Disclosure no."),
            ][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.record(index.row())
        if r is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_STATUS and is_overdue(r, self.on):
                return _("{status} (overdue)").format(status=label(r.status))
            return self._text(r, col)
        if role == Qt.ItemDataRole.ForegroundRole and is_overdue(r, self.on):
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_CONTENT:
            return r.content
        return None

    @staticmethod
    def _text(r: FeedbackRecord, col: int) -> str:
        if col == COL_NUMBER:
            return r.number
        if col == COL_RECEIVED:
            return r.received.isoformat()
        if col == COL_CHANNEL:
            return label(r.channel)
        if col == COL_KIND:
            return label(r.kind)
        if col == COL_CONTENT:
            return " ".join(r.content.split())[:60]
        if col == COL_DUE:
            return r.due.isoformat() if r.due else ""
        if col == COL_STATUS:
            return label(r.status)
        return r.item_number
