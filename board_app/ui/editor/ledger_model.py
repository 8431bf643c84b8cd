"""The ledger (收支明细) model: text cells checked one by one, undo, and reading pasted rows.

Cells keep what the user typed, so an invalid amount stays visible (highlighted, with the reason
in its tooltip) until it is corrected. Totals and the running balance use the valid cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from board_app.domain.items import LedgerRow
from board_app.domain.money import MoneyError, format_money, parse_money, running_balances
from board_app.i18n import _

DATE, VOUCHER, SUMMARY, INCOME, EXPENSE, BALANCE = range(6)
_ZERO = Decimal("0.00")
INVALID_BACKGROUND = QColor("#ffd6d6")
_Index = QModelIndex | QPersistentModelIndex

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date_text(text: str) -> date | None:
    """Read 2026-07-05, 2026/7/5, 2026.7.5, 2026年7月5日 or 20260705; empty gives None.

    Raises ValueError for anything else.
    """
    text = text.strip()
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise ValueError(text)


def normalise_amount_text(text: str) -> str:
    """Drop what spreadsheets add to amounts: thousands separators, spaces, ¥ and 元."""
    text = text.strip().replace(",", "").replace("，", "").replace(" ", "").replace("\u00a0", "")
    text = text.lstrip("¥￥").removesuffix("元")
    return text


def parse_amount_text(text: str) -> Decimal:
    """An amount cell: empty is zero; "1,200.00" is 1200.00; raises MoneyError otherwise."""
    cleaned = normalise_amount_text(text)
    if not cleaned:
        return _ZERO
    return parse_money(cleaned)


@dataclass
class _Row:
    """One row as typed: the text of every editable cell."""

    cells: list[str] = field(default_factory=lambda: ["", "", "", "", ""])


def _row_from_ledger(row: LedgerRow) -> _Row:
    return _Row(
        [
            row.date.isoformat() if row.date else "",
            row.voucher,
            row.summary,
            format_money(row.income) if row.income else "",
            format_money(row.expense) if row.expense else "",
        ]
    )


class LedgerModel(QAbstractTableModel):
    """Rows of date, voucher, summary, income, expense and the running balance."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._opening: Decimal | None = None
        self._read_only = False
        self._undo: list[list[list[str]]] = []
        self._redo: list[list[list[str]]] = []
        self._grouping = 0

    # ----- data in and out ------------------------------------------------------------------
    def set_ledger(self, rows: list[LedgerRow]) -> None:
        self.beginResetModel()
        self._rows = [_row_from_ledger(r) for r in rows]
        self.endResetModel()
        self._undo.clear()
        self._redo.clear()
        self.changed.emit()

    # ----- undo -------------------------------------------------------------------------------
    def _cells(self) -> list[list[str]]:
        return [list(r.cells) for r in self._rows]

    def remember(self) -> None:
        """Record the rows before a change (one step per group, see ``group``)."""
        if self._grouping > 1:
            return
        self._undo.append(self._cells())
        del self._undo[:-200]
        self._redo.clear()

    def begin_group(self) -> None:
        """Start a change made of several edits (paste, clearing cells): one undo step."""
        self._grouping += 1
        if self._grouping == 1:
            self.remember()
        self._grouping += 1

    def end_group(self) -> None:
        self._grouping = max(0, self._grouping - 2)

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> bool:
        """Go back one change of the rows (cells, inserted or deleted rows, a paste)."""
        if not self._undo:
            return False
        self._redo.append(self._cells())
        self._restore(self._undo.pop())
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._cells())
        self._restore(self._redo.pop())
        return True

    def _restore(self, cells: list[list[str]]) -> None:
        self.beginResetModel()
        self._rows = [_Row(list(c)) for c in cells]
        self.endResetModel()
        self.changed.emit()

    def set_opening_balance(self, opening: Decimal | None) -> None:
        self._opening = opening
        if self._rows:
            self.dataChanged.emit(self.index(0, BALANCE), self.index(len(self._rows) - 1, BALANCE))
        self.changed.emit()

    def opening_balance(self) -> Decimal | None:
        return self._opening

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def ledger(self) -> list[LedgerRow]:
        """The rows as LedgerRows; invalid cells count as empty (see ``errors``)."""
        out = []
        for row in self._rows:
            income, expense = (self._amount(row, c) for c in (INCOME, EXPENSE))
            out.append(
                LedgerRow(
                    date=self._date(row),
                    voucher=row.cells[VOUCHER].strip(),
                    summary=row.cells[SUMMARY].strip(),
                    income=income,
                    expense=expense,
                )
            )
        return out

    def raw_cells(self) -> list[tuple[str, ...]]:
        """The text of every cell as typed (for change tracking)."""
        return [tuple(r.cells) for r in self._rows]

    def cell_error(self, row: int, column: int) -> str | None:
        """Why a cell is invalid, or None."""
        cells = self._rows[row].cells
        text = cells[column] if column < BALANCE else ""
        if column == DATE:
            try:
                parse_date_text(text)
            except ValueError:
                return _("“{value}” is not a date (use 2026-07-05).").format(value=text)
        elif column in (INCOME, EXPENSE):
            try:
                value = parse_amount_text(text)
            except MoneyError:
                return _(
                    "“{value}” is not an amount (digits with at most two decimals, no minus sign)."
                ).format(value=text)
            other = EXPENSE if column == INCOME else INCOME
            if value > 0 and self._amount(self._rows[row], other) > 0:
                return _("A row has either an income or an expense, not both.")
        return None

    def errors(self) -> list[str]:
        """Every invalid cell, as "row N, column: reason"."""
        out = []
        for r in range(len(self._rows)):
            for c in (DATE, INCOME, EXPENSE):
                message = self.cell_error(r, c)
                if message:
                    out.append(
                        _("Ledger row {n}, {column}: {message}").format(
                            n=r + 1, column=self.column_title(c), message=message
                        )
                    )
        return out

    def _amount(self, row: _Row, column: int) -> Decimal:
        try:
            return parse_amount_text(row.cells[column])
        except MoneyError:
            return _ZERO

    def _date(self, row: _Row) -> date | None:
        try:
            return parse_date_text(row.cells[DATE])
        except ValueError:
            return None

    # ----- editing ----------------------------------------------------------------------------
    def insert_rows_at(self, position: int, rows: list[_Row] | None = None, count: int = 1) -> None:
        rows = rows if rows is not None else [_Row() for _ in range(count)]
        if not rows:
            return
        position = max(0, min(position, len(self._rows)))
        self.remember()
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self._rows[position:position] = rows
        self.endInsertRows()
        self._balances_changed(position)
        self.changed.emit()

    def remove_rows_at(self, rows: list[int]) -> None:
        if any(0 <= r < len(self._rows) for r in rows):
            self.remember()
        for r in sorted(set(rows), reverse=True):
            if 0 <= r < len(self._rows):
                self.beginRemoveRows(QModelIndex(), r, r)
                del self._rows[r]
                self.endRemoveRows()
        if rows:
            self._balances_changed(min(rows))
            self.changed.emit()

    def _balances_changed(self, first: int) -> None:
        if self._rows and first < len(self._rows):
            self.dataChanged.emit(
                self.index(max(first, 0), BALANCE), self.index(len(self._rows) - 1, BALANCE)
            )

    # ----- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    @staticmethod
    def column_title(column: int) -> str:
        return [_("Date"), _("Voucher"), _("Summary"), _("Income"), _("Expense"), _("Balance")][
            column
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.column_title(section)
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != BALANCE and not self._read_only:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        cells = self._rows[row].cells
        if role == Qt.ItemDataRole.EditRole and col != BALANCE:
            return cells[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == BALANCE:
                return format_money(running_balances(self.ledger()[: row + 1], self._opening)[-1])
            if col in (INCOME, EXPENSE) and not self.cell_error(row, col):
                value = parse_amount_text(cells[col])
                return format_money(value) if value else ""
            if col == DATE and not self.cell_error(row, col):
                parsed = parse_date_text(cells[col])
                return parsed.isoformat() if parsed else ""
            return cells[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (INCOME, EXPENSE, BALANCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            message = self.cell_error(row, col) if col in (DATE, INCOME, EXPENSE) else None
            if message:
                return (
                    QBrush(INVALID_BACKGROUND)
                    if role == Qt.ItemDataRole.BackgroundRole
                    else message
                )
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == BALANCE:
            return False
        text = "" if value is None else str(value)
        row, col = index.row(), index.column()
        if col in (INCOME, EXPENSE):
            try:
                amount = parse_amount_text(text)
                text = format_money(amount) if amount else ""
            except MoneyError:
                text = text.strip()
        elif col == DATE:
            try:
                parsed = parse_date_text(text)
                text = parsed.isoformat() if parsed else ""
            except ValueError:
                text = text.strip()
        if self._rows[row].cells[col] == text:
            return False
        self.remember()
        self._rows[row].cells[col] = text
        self.dataChanged.emit(self.index(row, 0), self.index(row, EXPENSE))
        self._balances_changed(row)
        self.changed.emit()
        return True

    # ----- paste ------------------------------------------------------------------------------
    def rows_from_text(self, text: str) -> tuple[list[_Row], list[str]]:
        """Rows read from tab-separated lines "date, voucher, summary, income, expense".

        Returns the readable rows and a message for every line that could not be read.
        A header line (日期 … or Date …) is skipped.
        """
        rows: list[_Row] = []
        failures: list[str] = []
        lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            parts = [p.strip().strip('"') for p in line.split("\t")]
            while len(parts) > 5 and not parts[-1]:
                parts.pop()
            if number == 1 and _looks_like_header(parts):
                continue
            if len(parts) < 4 or len(parts) > 5:
                failures.append(
                    _("Line {n}: expected 5 columns separated by tabs, found {count}.").format(
                        n=number, count=len(parts)
                    )
                )
                continue
            parts += [""] * (5 - len(parts))
            problems = []
            try:
                day = parse_date_text(parts[DATE])
            except ValueError:
                day = None
                problems.append(_("“{value}” is not a date").format(value=parts[DATE]))
            amounts = []
            for col in (INCOME, EXPENSE):
                try:
                    amounts.append(parse_amount_text(parts[col]))
                except MoneyError:
                    amounts.append(_ZERO)
                    problems.append(_("“{value}” is not an amount").format(value=parts[col]))
            if not problems and amounts[0] > 0 and amounts[1] > 0:
                problems.append(_("both an income and an expense"))
            if problems:
                failures.append(
                    _("Line {n}: {problems}.").format(n=number, problems="; ".join(problems))
                )
                continue
            rows.append(
                _Row(
                    [
                        day.isoformat() if day else "",
                        parts[VOUCHER],
                        parts[SUMMARY],
                        format_money(amounts[0]) if amounts[0] else "",
                        format_money(amounts[1]) if amounts[1] else "",
                    ]
                )
            )
        return rows, failures


def _looks_like_header(parts: list[str]) -> bool:
    first = parts[0].lower() if parts else ""
    return first in ("日期", "date", "时间") or (
        len(parts) >= 4 and any(p in ("收入", "支出", "income", "expense") for p in parts)
    )
