"""Small dialogs of the 四议两公开 page: a new matter, marking a matter implemented."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from board_app.domain.items import LedgerRow
from board_app.domain.matters import Matter
from board_app.domain.money import MoneyError, parse_money
from board_app.i18n import _
from board_app.ui.buttons import CheckedOkCancel
from board_app.ui.editor.dialogs import from_qdate, to_qdate
from board_app.ui.editor.fields import ERROR_COLOR


class NewMatterDialog(QDialog):
    """Title, kind (from the scope list), proposer, budget and description of a new matter."""

    def __init__(self, scope: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New matter"))
        self.resize(520, 320)
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(["", *scope])
        self.proposer = QLineEdit()
        self.budget = QLineEdit()
        self.description = QPlainTextEdit()
        self.checked = CheckedOkCancel(
            self, self._check, catch=(ValueError,), error_style=f"color: {ERROR_COLOR};"
        )
        self.error = self.checked.error
        self.error.setWordWrap(False)
        form.addRow(_("Title"), self.title)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Proposer"), self.proposer)
        form.addRow(_("Budget (yuan)"), self.budget)
        form.addRow(_("Description"), self.description)
        form.addRow("", self.error)
        form.addRow(self.checked.buttons)

    def _accept(self) -> bool:
        """OK: close when the form is complete; False (the error shown) otherwise."""
        return self.checked.ok()

    def _check(self) -> None:
        if not self.title.text().strip():
            raise ValueError(_("The matter has no title."))
        text = self.budget.text().strip()
        if text:
            try:
                parse_money(text)
            except MoneyError:
                raise ValueError(_("Enter an amount like 1200.50.")) from None

    def matter(self) -> Matter:
        text = self.budget.text().strip()
        return Matter(
            title=self.title.text().strip(),
            kind=self.kind.currentText(),
            proposer=self.proposer.text().strip(),
            budget=parse_money(text) if text else None,
            description=self.description.toPlainText().strip(),
        )


class ImplementedDialog(QDialog):
    """The day the matter was carried out, what came of it, and the money spent."""

    def __init__(self, matter: Matter, today: date, parent: QWidget | None = None) -> None:
        from board_app.ui.editor.ledger_editor import LedgerEditor

        super().__init__(parent)
        self.setWindowTitle(_("Mark implemented"))
        self.resize(760, 560)
        form = QFormLayout(self)
        self.on = QDateEdit()
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setDate(to_qdate(matter.implemented_on or today))
        self.summary = QPlainTextEdit(matter.result_summary)
        self.summary.setFixedHeight(80)
        self.spending = LedgerEditor()
        self.spending.set_ledger(list(matter.spending))
        self.checked = CheckedOkCancel(
            self, self._check, catch=(ValueError,), error_style=f"color: {ERROR_COLOR};"
        )
        self.error = self.checked.error
        form.addRow(_("Implemented on"), self.on)
        form.addRow(_("Result"), self.summary)
        form.addRow(_("Money spent"), self.spending)
        note = QLabel(_("The ledger is copied into the result disclosure item."))
        note.setWordWrap(True)
        form.addRow("", note)
        form.addRow("", self.error)
        form.addRow(self.checked.buttons)

    def _accept(self) -> bool:
        """OK: close when the money spent is readable; False (the errors shown) otherwise."""
        return self.checked.ok()

    def _check(self) -> None:
        errors = self.spending.errors()
        if errors:
            raise ValueError("\n".join(errors))

    def values(self) -> tuple[date, str, list[LedgerRow]]:
        return (
            from_qdate(self.on.date()),
            self.summary.toPlainText().strip(),
            self.spending.ledger(),
        )
