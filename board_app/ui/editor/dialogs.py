"""Workflow dialogs of the item editor: review (审核通过), send back (退回), publish, withdraw."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from board_app.i18n import _
from board_app.ui.buttons import ok_cancel_buttons


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(parent: QWidget, value: date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(to_qdate(value))
    return edit


class _FormDialog(QDialog):
    """A dialog with an explanation, a form, and OK/Cancel; OK waits for required text."""

    def __init__(self, parent: QWidget | None, title: str, explanation: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.explanation = QLabel(explanation, self)
        self.explanation.setWordWrap(True)
        self.form = QFormLayout()
        self.buttons = ok_cancel_buttons(self, on_ok=self.accept, ok_text=ok_text, parent=self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)


class ReviewDialog(_FormDialog):
    """审核通过: who reviewed (村务监督委员会 or the branch committee), when, and the opinion."""

    def __init__(self, parent: QWidget | None, *, reviewer: str, today: date) -> None:
        super().__init__(
            parent,
            _("Approve"),
            _("Record the review as the supervisory committee signs it."),
            _("Approve"),
        )
        self.reviewer = QLineEdit(reviewer, self)
        self.reviewer.setPlaceholderText(
            _("e.g. the chair of the village affairs supervisory committee")
        )
        self.review_date = _date_edit(self, today)
        self.opinion = QPlainTextEdit(self)
        self.opinion.setPlaceholderText(_("Approved for publication."))
        self.opinion.setFixedHeight(80)
        self.form.addRow(_("Reviewer"), self.reviewer)
        self.form.addRow(_("Review date"), self.review_date)
        self.form.addRow(_("Opinion"), self.opinion)
        self.reviewer.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reviewer.text().strip()))

    def values(self) -> tuple[str, date, str]:
        return (
            self.reviewer.text().strip(),
            from_qdate(self.review_date.date()),
            self.opinion.toPlainText().strip(),
        )


class SendBackDialog(_FormDialog):
    """退回: back to draft with the reason."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(
            parent,
            _("Send back"),
            _("The item goes back to draft; the reason is kept with it."),
            _("Send back"),
        )
        self.reason = QPlainTextEdit(self)
        self.reason.setFixedHeight(90)
        self.form.addRow(_("Reason"), self.reason)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def values(self) -> str:
        return self.reason.toPlainText().strip()


class PublishDialog(_FormDialog):
    """发布: the publish date (a preset date on the item is kept); the number is given then."""

    def __init__(self, parent: QWidget | None, *, preset: date | None, today: date) -> None:
        super().__init__(
            parent,
            _("Publish"),
            _(
                "Publishing gives the item its disclosure number; it can then only be withdrawn "
                "or revised."
            ),
            _("Publish"),
        )
        self.publish_date = _date_edit(self, preset or today)
        self.publish_date.setEnabled(preset is None)
        self.form.addRow(_("Publish date"), self.publish_date)

    def values(self) -> date:
        return from_qdate(self.publish_date.date())


class WithdrawDialog(_FormDialog):
    """撤下: the date and reason; the button confirms."""

    def __init__(self, parent: QWidget | None, *, title: str, number: str, today: date) -> None:
        super().__init__(
            parent,
            _("Withdraw"),
            _(
                "Withdraw “{title}” ({number}) from the board? It stays in the archive with the "
                "reason."
            ).format(title=title, number=number),
            _("Withdraw"),
        )
        self.withdraw_date = _date_edit(self, today)
        self.reason = QPlainTextEdit(self)
        self.reason.setFixedHeight(90)
        self.form.addRow(_("Withdrawal date"), self.withdraw_date)
        self.form.addRow(_("Reason"), self.reason)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def values(self) -> tuple[date, str]:
        return from_qdate(self.withdraw_date.date()), self.reason.toPlainText().strip()


def ask_save_discard_cancel(parent: QWidget, title: str) -> str:
    """Ask whether to save the unsaved changes of the item ``title``: "save", "discard" or
    "cancel" (also when the box is closed)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("“{title}” has unsaved changes.").format(title=title))
    box.setInformativeText(_("Save them before closing?"))
    save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"
