"""The ledger (收支明细) table editor: the grid with its buttons, totals and a large window.

The cells live in ``ledger_model.LedgerModel``; the grid is ``ledger_view.LedgerView``.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import LedgerRow
from board_app.domain.money import format_money, ledger_totals, to_chinese_capital
from board_app.i18n import _
from board_app.ui.editor.ledger_model import (
    BALANCE,
    DATE,
    EXPENSE,
    INCOME,
    INVALID_BACKGROUND,
    SUMMARY,
    VOUCHER,
    LedgerModel,
    normalise_amount_text,
    parse_amount_text,
    parse_date_text,
)
from board_app.ui.editor.ledger_view import LedgerView

__all__ = [
    "BALANCE",
    "DATE",
    "EXPENSE",
    "INCOME",
    "INVALID_BACKGROUND",
    "SUMMARY",
    "VOUCHER",
    "LedgerEditor",
    "LedgerModel",
    "LedgerWindow",
    "normalise_amount_text",
    "parse_amount_text",
    "parse_date_text",
]


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
        self._large_window: LedgerWindow | None = None

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
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()

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
        opening = self.model.opening_balance()
        if opening is not None:
            self.balance_label.setText(
                _("Balance: {amount} (opening {opening})").format(
                    amount=format_money(balance), opening=format_money(opening)
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
