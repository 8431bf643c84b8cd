"""The ledger (收支明细) table editor: a model of text cells checked one by one, and its view.

Cells keep what the user typed, so an invalid amount stays visible (highlighted, with the reason
in its tooltip) until it is corrected. Totals and the running balance use the valid cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import LedgerRow
from board_app.domain.money import (
    MoneyError,
    format_money,
    ledger_totals,
    parse_money,
    running_balances,
    to_chinese_capital,
)
from board_app.i18n import _
from board_app.ui.editor.ledger_view import LedgerView

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


class LedgerEditor(QWidget):
    """The ledger table with add/insert/delete/paste buttons and the totals below it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, model: LedgerModel | None = None) -> None:
        super().__init__(parent)
        self.model = model or LedgerModel(self)
        self.view = LedgerView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.fit_columns()
        self.view.setMinimumHeight(26 * 8 + 30)  # eight rows before the grid scrolls
        self.view.row_wanted.connect(lambda: self.model.insert_rows_at(self.model.rowCount()))
        self.narrow_note = QLabel(
            _("Narrow window: the voucher column is hidden; use “Large window…” to see it."),
            self,
        )
        self.narrow_note.setWordWrap(True)
        self.narrow_note.setStyleSheet("color: #555;")
        self.narrow_note.hide()
        self.view.narrow_changed.connect(self._narrow_changed)

        self.add_button = QPushButton(_("Add row"), self)
        self.insert_button = QPushButton(_("Insert row"), self)
        self.delete_button = QPushButton(_("Delete rows"), self)
        self.paste_button = QPushButton(_("Paste from spreadsheet"), self)
        self.window_button = QPushButton(_("Large window…"), self)
        self.window_button.setToolTip(_("Edit the ledger in a large window of its own"))
        self.window_button.clicked.connect(lambda: self.open_large_window())
        self.paste_button.setToolTip(
            _("Paste rows copied from a spreadsheet: date, voucher, summary, income, expense.")
        )
        self.add_button.clicked.connect(self.add_row)
        self.insert_button.clicked.connect(self.insert_row)
        self.delete_button.clicked.connect(self.delete_selected_rows)
        self.paste_button.clicked.connect(self.paste_from_clipboard)

        self.paste_action = QAction(_("Paste rows"), self.view)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.paste_action.triggered.connect(self.paste_from_clipboard)
        self.view.addAction(self.paste_action)
        self.delete_action = QAction(_("Clear cells"), self.view)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.clear_selected_cells)
        self.view.addAction(self.delete_action)
        self.undo_action = QAction(_("Undo"), self.view)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.undo_action.triggered.connect(self.model.undo)
        self.view.addAction(self.undo_action)
        self.redo_action = QAction(_("Redo"), self.view)
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # the same key twice would be ambiguous
            redo_keys.append(QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.redo_action.triggered.connect(self.model.redo)
        self.view.addAction(self.redo_action)
        self._large_window: QDialog | None = None

        self.income_label = QLabel(self)
        self.expense_label = QLabel(self)
        self.balance_label = QLabel(self)
        self.capital_label = QLabel(self)
        self.balance_label.setWordWrap(True)
        self.capital_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        self.message_label.hide()

        buttons = QGridLayout()  # two short rows: the editor beside the item list is narrow
        buttons.setHorizontalSpacing(6)
        for col, button in enumerate((self.add_button, self.insert_button, self.delete_button)):
            buttons.addWidget(button, 0, col)
        buttons.addWidget(self.paste_button, 1, 0, 1, 2)
        buttons.addWidget(self.window_button, 1, 2)
        buttons.setColumnStretch(3, 1)
        totals = QGridLayout()
        totals.setHorizontalSpacing(18)
        totals.addWidget(self.income_label, 0, 0)
        totals.addWidget(self.expense_label, 0, 1)
        totals.setColumnStretch(2, 1)
        totals.addWidget(self.balance_label, 1, 0, 1, 3)
        totals.addWidget(self.capital_label, 2, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.narrow_note)
        layout.addWidget(self.view)
        layout.addLayout(totals)
        layout.addWidget(self.message_label)

        self.model.changed.connect(self._on_model_changed)
        self._update_totals()

    def minimum_grid_width(self) -> int:
        """Width at which every column but 摘要 shows in full (摘要 keeps 120 pixels)."""
        return self.view.fixed_columns_width() + 120

    # ----- API ----------------------------------------------------------------------------------
    def set_ledger(self, rows: list[LedgerRow]) -> None:
        self.message_label.hide()
        self.model.set_ledger(rows)

    def ledger(self) -> list[LedgerRow]:
        return self.model.ledger()

    def errors(self) -> list[str]:
        return self.model.errors()

    def set_opening_balance(self, opening: Decimal | None) -> None:
        self.model.set_opening_balance(opening)

    def set_read_only(self, read_only: bool) -> None:
        self.model.set_read_only(read_only)
        for button in (self.add_button, self.insert_button, self.delete_button, self.paste_button):
            button.setEnabled(not read_only)
        for action in (self.paste_action, self.delete_action, self.undo_action, self.redo_action):
            action.setEnabled(not read_only)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        if self._large_window is not None:
            self._large_window.editor.set_read_only(read_only)

    def open_large_window(self) -> QDialog:
        """The same ledger (same rows, same undo) in a large window of its own."""
        if self._large_window is None:
            self._large_window = LedgerWindow(self.model, self.window(), self._read_only())
        self._large_window.show()
        self._large_window.raise_()
        return self._large_window

    def _read_only(self) -> bool:
        return not self.add_button.isEnabled()

    def add_row(self) -> None:
        """Append an empty row and start editing its date."""
        self.model.insert_rows_at(self.model.rowCount())
        self._edit(self.model.rowCount() - 1)

    def insert_row(self) -> None:
        """Insert an empty row above the current one."""
        current = self.view.currentIndex()
        position = current.row() if current.isValid() else 0
        self.model.insert_rows_at(position)
        self._edit(position)

    def delete_selected_rows(self) -> None:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        self.model.remove_rows_at(sorted(rows))

    def clear_selected_cells(self) -> None:
        """Empty the selected cells (the Delete key, as in a spreadsheet): one undo step."""
        self.model.begin_group()
        try:
            for index in self.view.selectionModel().selectedIndexes():
                self.model.setData(index, "")
        finally:
            self.model.end_group()

    def paste_from_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> tuple[int, list[str]]:
        """Insert rows read from tab-separated text after the current row (or at the end).

        Returns how many rows were added and the messages for lines that could not be read;
        those are also shown below the table.
        """
        if "\t" not in text and "\n" not in text.strip():
            current = self.view.currentIndex()
            if current.isValid() and current.column() != BALANCE and text:
                self.model.setData(current, text.strip())
                return 0, []
        rows, failures = self.model.rows_from_text(text)
        current = self.view.currentIndex()
        position = current.row() + 1 if current.isValid() else self.model.rowCount()
        self.model.insert_rows_at(position, rows)
        if failures:
            self.message_label.setText(
                _("{added} rows pasted; {failed} lines could not be read:").format(
                    added=len(rows), failed=len(failures)
                )
                + "\n"
                + "\n".join(failures)
            )
            self.message_label.show()
        else:
            self.message_label.setText(_("{added} rows pasted.").format(added=len(rows)))
            self.message_label.setVisible(False)
        return len(rows), failures

    def totals_text(self) -> tuple[str, str, str, str]:
        """The texts of 收入合计, 支出合计, 结余 and 大写 as shown."""
        return (
            self.income_label.text(),
            self.expense_label.text(),
            self.balance_label.text(),
            self.capital_label.text(),
        )

    # ----- internals ------------------------------------------------------------------------------
    def _edit(self, row: int) -> None:
        index = self.model.index(row, DATE)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        if self.view.isVisible():
            self.view.edit(index)

    def _narrow_changed(self, narrow: bool) -> None:
        """Show the note about the hidden voucher column (laid out again at once)."""
        self.narrow_note.setVisible(narrow)
        QTimer.singleShot(0, self._relayout)

    def _relayout(self) -> None:
        self.narrow_note.updateGeometry()
        self.layout().invalidate()
        self.layout().activate()

    def _on_model_changed(self) -> None:
        self.view.fit_columns()
        self._update_totals()
        self.changed.emit()

    def _update_totals(self) -> None:
        income, expense, balance = ledger_totals(self.model.ledger(), self.model.opening_balance())
        self.income_label.setText(_("Total income: {amount}").format(amount=format_money(income)))
        self.expense_label.setText(
            _("Total expense: {amount}").format(amount=format_money(expense))
        )
        if self.model.opening_balance() is not None:
            self.balance_label.setText(
                _("Balance: {amount} (opening {opening})").format(
                    amount=format_money(balance),
                    opening=format_money(self.model.opening_balance()),  # type: ignore[arg-type]
                )
            )
        else:
            self.balance_label.setText(_("Balance: {amount}").format(amount=format_money(balance)))
        self.capital_label.setText(
            _("In words: {capital}").format(capital=to_chinese_capital(balance))
        )


class LedgerWindow(QDialog):
    """A large, non-modal window over the editor's ledger model (edits show in both places)."""

    def __init__(self, model: LedgerModel, parent: QWidget | None, read_only: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Receipts and payments"))
        self.editor = LedgerEditor(self, model=model)
        self.editor.window_button.hide()
        self.editor.set_read_only(read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        screen = self.screen().availableGeometry() if self.screen() else None
        width = min(1100, screen.width() - 60) if screen else 1000
        height = min(700, screen.height() - 80) if screen else 650
        self.resize(width, height)
