"""The ledger grid's view: Tab past the last cell adds a row; columns fit without scrolling.

``LedgerView`` moves with Tab from 支出 to the next row's 日期 (余额 is computed, never typed)
and, on the last row, asks for a new row, as a spreadsheet does. ``fit_columns`` sizes the
date, voucher and amount columns to their content and gives the rest to 摘要, so at the
editor's usual width the grid needs no sideways scroll bar and 余额 is never clipped (very
large amounts in a narrow editor may still need one; the large window has room).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

DATE, VOUCHER, SUMMARY, INCOME, EXPENSE, BALANCE = range(6)
_SAMPLES = {
    DATE: "2026-12-31",
    VOUCHER: "记-0000",
    INCOME: "9,999,999.99",
    EXPENSE: "9,999,999.99",
    BALANCE: "-99,999,999.99",
}


class LedgerView(QTableView):
    """A table view for ``LedgerModel`` with spreadsheet-like Tab behaviour."""

    row_wanted = Signal()  # Tab on the last editable cell of the last row
    narrow_changed = Signal(bool)  # the voucher column was hidden (True) or shown again
    SUMMARY_MIN = 90  # pixels 摘要 keeps before the narrow layout kicks in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def fit_columns(self) -> None:
        """Date, voucher and amounts as wide as their text (at least the usual sizes); 摘要
        takes the rest. Called whenever the rows change."""
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        head_metrics = header.fontMetrics()
        model = self.model()
        if model is None:
            return
        for column, sample in _SAMPLES.items():
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            texts = [sample if column in (DATE,) else "0,000.00" if column != VOUCHER else "记-00"]
            texts += [str(model.index(row, column).data() or "") for row in range(model.rowCount())]
            width = max(
                max(metrics.horizontalAdvance(t) for t in texts),
                head_metrics.horizontalAdvance(title) + 6,
            )
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width + 14)
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(30)
        self._apply_narrow()

    def is_narrow(self) -> bool:
        """True when the voucher column and row numbers are hidden for lack of width."""
        return self.isColumnHidden(VOUCHER)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_narrow()

    def _apply_narrow(self) -> None:
        """Too narrow for every column: hide 凭证号 and the row numbers (never clip 余额)."""
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        needed = (
            sum(self.columnWidth(c) for c in _SAMPLES)
            + self.verticalHeader().sizeHint().width()
            + self.SUMMARY_MIN
            + frame
        )
        narrow = self.width() < needed
        if narrow != self.isColumnHidden(VOUCHER):
            self.setColumnHidden(VOUCHER, narrow)
            self.verticalHeader().setVisible(not narrow)
            self.narrow_changed.emit(narrow)

    def fixed_columns_width(self) -> int:
        """Width the grid needs besides 摘要."""
        return sum(self.columnWidth(c) for c in _SAMPLES) + self.verticalHeader().width() + 4

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = self.currentIndex()
        model = self.model()
        if (
            model is not None
            and current.isValid()
            and action == QAbstractItemView.CursorAction.MoveNext
            and current.column() >= EXPENSE
        ):
            row = current.row() + 1
            if row >= model.rowCount():
                if self.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers:
                    return current
                self.row_wanted.emit()
                if row >= model.rowCount():
                    return current
            return model.index(row, DATE)
        if (
            model is not None
            and current.isValid()
            and action == QAbstractItemView.CursorAction.MovePrevious
            and current.column() == DATE
            and current.row() > 0
        ):
            return model.index(current.row() - 1, EXPENSE)
        return super().moveCursor(action, modifiers)

    def is_editable(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return bool(self.model().flags(index) & Qt.ItemFlag.ItemIsEditable)
