"""从 Excel 导入… in the item editor: pick a spreadsheet, preview the rows as they will be
stored with every problem by cell, and fill the editor's ledger (saved with the item)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import Item
from board_app.domain.money import format_money, running_balances
from board_app.errors import BoardAppError
from board_app.i18n import N_, _
from board_app.services.office_ledger import LedgerPreview
from board_app.services.office_sheets import read_sheets
from board_app.ui.buttons import ok_cancel_buttons

if TYPE_CHECKING:
    from board_app.services.context import Services
    from board_app.ui.editor.item_editor import ItemEditor

SPREADSHEET_FILTER = N_("Spreadsheets (*.xlsx *.xls *.ods *.csv);;All files (*)")
ERROR_COLOR = "#b00020"
WARNING_COLOR = "#8a5a00"
MAX_SHOWN = 5000


class LedgerImportDialog(QDialog):
    """The preview of a ledger spreadsheet; Import is enabled only when nothing is wrong."""

    COLUMNS = 7

    def __init__(
        self, services: Services, item: Item, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.item = item
        self.path = Path(path)
        self.preview: LedgerPreview | None = None
        self.setWindowTitle(_("Import ledger from Excel"))
        self.resize(900, 620)
        self.file_label = QLabel(_("File: {file}").format(file=self.path.name))
        self.sheet_combo = QComboBox()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                _("Row"),
                _("Date"),
                _("Voucher"),
                _("Summary"),
                _("Income"),
                _("Expense"),
                _("Balance"),
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(170)
        self.buttons = ok_cancel_buttons(self, on_ok=self.accept, ok_text=_("Import"))
        self.import_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(_("Sheet:")))
        top.addWidget(self.sheet_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.sheet_combo.addItem(_("(first sheet with a ledger)"), None)
        for sheet in read_sheets(self.path):
            self.sheet_combo.addItem(sheet.name, sheet.name)
        self.sheet_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.load()

    def load(self) -> None:
        """Read the chosen sheet and show what would be stored."""
        sheet = self.sheet_combo.currentData()
        self.problems.clear()
        try:
            self.preview = self.services.office.preview_ledger(self.item, self.path, sheet=sheet)
        except BoardAppError as exc:
            self.preview = None
            self.table.setRowCount(0)
            self.summary.setText("")
            self._add(str(exc), ERROR_COLOR)
            self.import_button.setEnabled(False)
            return
        self._show(self.preview)

    def _show(self, preview: LedgerPreview) -> None:
        opening = preview.opening_balance
        if opening is None:
            opening = self.item.opening_balance
        income, expense = preview.totals()
        lines = [
            _(
                "Sheet {sheet}, header in row {row}: {count} row(s), income {income}, "
                "expense {expense}."
            ).format(
                sheet=preview.sheet,
                row=preview.header_row,
                count=len(preview.rows),
                income=format_money(income),
                expense=format_money(expense),
            )
        ]
        if preview.opening_balance is not None:
            lines.append(
                _("Opening balance {amount} from {where}.").format(
                    amount=format_money(preview.opening_balance), where=preview.opening_ref
                )
            )
        if preview.checked_totals:
            lines.append(
                _("Total rows checked: {rows}").format(rows="、".join(preview.checked_totals))
            )
        if self.item.ledger:
            lines.append(
                _("The {count} row(s) now in the editor are replaced.").format(
                    count=len(self.item.ledger)
                )
            )
        self.summary.setText("\n".join(lines))
        rows = preview.rows[:MAX_SHOWN]
        balances = running_balances([p.row for p in rows], opening)
        self.table.setRowCount(len(rows))
        for r, (p, balance) in enumerate(zip(rows, balances, strict=True)):
            values = (
                str(p.source_row),
                p.row.date.isoformat() if p.row.date else "",
                p.row.voucher,
                p.row.summary,
                _money(p.row.income),
                _money(p.row.expense),
                format_money(balance),
            )
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if c in (0, 4, 5, 6):
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if preview.problems:
            self._add(
                _("{count} problem(s); nothing can be imported until they are corrected:").format(
                    count=len(preview.problems)
                ),
                ERROR_COLOR,
            )
        for text in preview.problems:
            self._add(text, ERROR_COLOR)
        for text in preview.warnings:
            self._add(_("Warning: {message}").format(message=text), WARNING_COLOR)
        for text in preview.skipped:
            self._add(text, "#555555")
        self.import_button.setEnabled(preview.ok)

    def _add(self, text: str, color: str) -> None:
        entry = QListWidgetItem(text)
        entry.setForeground(QBrush(QColor(color)))
        self.problems.addItem(entry)

    def problem_texts(self) -> list[str]:
        """Every line of the problem list (for tests and screen readers)."""
        return [self.problems.item(i).text() for i in range(self.problems.count())]


def _money(value: Decimal) -> str:
    return format_money(value) if value else ""


def ledger_import_button(editor: ItemEditor) -> QPushButton:
    """The editor's 从 Excel 导入… button (a hook in the item form)."""
    button = QPushButton(_("Import from Excel…"), editor)
    button.setToolTip(
        _(
            "Replace the rows with a spreadsheet's (.xlsx .xls .ods .csv); a "
            "preview lists every problem by cell first."
        )
    )
    button.clicked.connect(lambda _c=False: import_ledger_into_editor(editor))
    return button


def import_ledger_into_editor(
    editor: ItemEditor, path: Path | None = None
) -> LedgerImportDialog | None:
    """Choose a file, preview it, and on Import fill the editor's ledger (not yet saved)."""
    if editor.item() is None:
        return None
    if editor.is_read_only():
        QMessageBox.warning(
            editor,
            _("Import ledger from Excel"),
            _("A published item cannot be changed; make a revision first."),
        )
        return None
    if path is None:
        chosen, _sel = QFileDialog.getOpenFileName(
            editor, _("Import ledger from Excel"), "", _(SPREADSHEET_FILTER)
        )
        if not chosen:
            return None
        path = Path(chosen)
    item = editor.current_item()
    try:
        dialog = LedgerImportDialog(editor.services, item, path, editor)
    except BoardAppError as exc:
        QMessageBox.warning(editor, _("Import ledger from Excel"), str(exc))
        return None
    dialog.accepted.connect(lambda: _apply(editor, dialog))
    dialog.open()
    return dialog


def _apply(editor: ItemEditor, dialog: LedgerImportDialog) -> None:
    preview = dialog.preview
    if preview is None or not preview.ok:
        return
    if preview.opening_balance is not None:
        editor.form.opening_edit.setText(format_money(preview.opening_balance))
    editor.form.ledger_editor.set_ledger(preview.ledger())
