"""Dialogs of the 意见 page: reply, close, post on the 回音壁, box openings, settings, holidays.

Each dialog calls one service method on OK and stays open with the message when the input is
refused (nothing was written), so the user can correct it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.feedback import (
    BoxOpening,
    FeedbackRecord,
    ReplyMethod,
    Satisfaction,
    label,
)
from board_app.domain.items import Retention
from board_app.domain.workdays import DayKind
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.ui.buttons import ok_cancel_buttons
from board_app.ui.dialogs.common import EnumCombo, show_error
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services


def date_edit(value: date, parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(value.year, value.month, value.day))
    return edit


def date_of(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class _ServiceDialog(QDialog):
    """A form with OK/Cancel; OK runs ``apply()`` and closes only when it succeeded."""

    def __init__(self, services: Services, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.result_record: Any = None
        self.buttons = ok_cancel_buttons(self, on_ok=self._ok, parent=self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def apply(self) -> Any:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def _ok(self) -> None:
        try:
            self.result_record = self.apply()
        except BoardAppError as exc:
            show_error(self, exc, self.windowTitle())
            return
        self.accept()


class ReplyDialog(_ServiceDialog):
    """答复: text, date, by whom, how the submitter was told, optional posting on the 回音壁."""

    def __init__(
        self, services: Services, record: FeedbackRecord, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, _("Reply to {number}").format(number=record.number), parent)
        self.record = record
        question = QLabel(record.content)
        question.setWordWrap(True)
        question.setStyleSheet("color: #374151;")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(_("The reply"))
        self.on = date_edit(today)
        self.by = QLineEdit(record.handler)
        self.method = EnumCombo(list(ReplyMethod), label)
        self.post = QCheckBox(_("Post the reply on the board (回音壁)"))
        self.summary = QLineEdit(record.public_summary)
        self.summary.setPlaceholderText(_("The question in a few words, without names or numbers"))
        self.form.addRow(_("Content"), question)
        self.form.addRow(_("Reply"), self.text)
        self.form.addRow(_("Reply date"), self.on)
        self.form.addRow(_("Replied by"), self.by)
        self.form.addRow(_("How told"), self.method)
        self.form.addRow("", self.post)
        self.form.addRow(_("Public summary"), self.summary)

    def apply(self) -> FeedbackRecord:
        on = date_of(self.on)
        return self.services.feedback.reply(
            stored_id(self.record),
            text=self.text.toPlainText(),
            on=on,
            by=self.by.text(),
            method=self.method.value(),
            public_summary=self.summary.text(),
            post_from=on if self.post.isChecked() else None,
        )


class CloseDialog(_ServiceDialog):
    """办结: the closing date and the submitter's response."""

    def __init__(
        self, services: Services, record: FeedbackRecord, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, _("Close {number}").format(number=record.number), parent)
        self.record = record
        self.on = date_edit(today)
        self.response = EnumCombo(
            [None, *Satisfaction], lambda v: label(v) if v else _("Not known")
        )
        self.form.addRow(_("Closing date"), self.on)
        self.form.addRow(_("Response"), self.response)

    def apply(self) -> FeedbackRecord:
        return self.services.feedback.close(
            stored_id(self.record), on=date_of(self.on), response=self.response.value()
        )


class PostDialog(_ServiceDialog):
    """Put a reply on the 回音壁 (or take it off)."""

    def __init__(
        self, services: Services, record: FeedbackRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            services, _("Post on the board: {number}").format(number=record.number), parent
        )
        self.record = record
        self.post = QCheckBox(_("On the board"))
        self.post.setChecked(record.post_from is not None)
        start = record.post_from or record.reply_date or date.today()
        self.on = date_edit(start)
        self.summary = QLineEdit(record.public_summary)
        self.summary.setPlaceholderText(_("The question in a few words, without names or numbers"))
        note = QLabel(_("The submitter's name and contact are never printed; numbers are masked."))
        note.setWordWrap(True)
        self.form.addRow("", self.post)
        self.form.addRow(_("On the board from"), self.on)
        self.form.addRow(_("Public summary"), self.summary)
        self.form.addRow("", note)

    def apply(self) -> FeedbackRecord:
        return self.services.feedback.post(
            stored_id(self.record),
            summary=self.summary.text(),
            on=date_of(self.on) if self.post.isChecked() else None,
        )


class OpeningsDialog(QDialog):
    """意见箱开箱: the openings of an organization and a form to record one."""

    def __init__(
        self, services: Services, org_id: int, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.org_id = services, org_id
        self.setWindowTitle(_("Box openings"))
        self.resize(620, 460)
        self.list = QListWidget()
        self.due = QLabel()
        self.on = date_edit(today)
        self.one, self.two = QLineEdit(), QLineEdit()
        self.letters = QSpinBox()
        self.letters.setRange(0, 9999)
        self.note = QLineEdit()
        self.add_button = QPushButton(_("Record the opening"))
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow(_("Opening date"), self.on)
        openers = QHBoxLayout()
        openers.addWidget(self.one)
        openers.addWidget(self.two)
        form.addRow(_("Openers"), openers)
        form.addRow(_("Letters"), self.letters)
        form.addRow(_("Note"), self.note)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.due)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.add_button)
        layout.addWidget(close)
        self.today = today
        self.refresh()

    def refresh(self) -> None:
        fb = self.services.feedback
        self.list.clear()
        for o in fb.openings(self.org_id):
            self.list.addItem(
                _("{date}  {one}、{two}  {registered}/{letters} letters registered  {note}").format(
                    date=o.opened,
                    one=o.opener_one,
                    two=o.opener_two,
                    registered=fb.letters_registered(stored_id(o)),
                    letters=o.letters,
                    note=o.note,
                )
            )
        due = fb.next_opening_due(self.org_id, self.today)
        self.due.setText(
            _("Next opening due: {date}").format(date=due) if due else _("No opening schedule.")
        )

    def add(self) -> BoxOpening | None:
        try:
            opening = self.services.feedback.add_opening(
                BoxOpening(
                    organization_id=self.org_id,
                    opened=date_of(self.on),
                    opener_one=self.one.text(),
                    opener_two=self.two.text(),
                    letters=self.letters.value(),
                    note=self.note.text(),
                )
            )
        except BoardAppError as exc:
            show_error(self, exc, self.windowTitle())
            return None
        self.one.clear()
        self.two.clear()
        self.note.clear()
        self.letters.setValue(0)
        self.refresh()
        return opening


class SettingsDialog(_ServiceDialog):
    """Per-organization settings: working days to reply, box schedule, 回音壁, retention."""

    def __init__(self, services: Services, org_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, _("Feedback settings"), parent)
        self.settings = services.feedback.settings(org_id)
        self.days = QSpinBox()
        self.days.setRange(1, 60)
        self.days.setValue(self.settings.due_working_days)
        self.days.setToolTip(
            _(
                "Default 7 working days, after the rule that opinions are answered within a "
                "week (see docs/feedback.md)."
            )
        )
        self.box = QSpinBox()
        self.box.setRange(0, 366)
        self.box.setValue(self.settings.box_interval_days)
        self.box.setSpecialValueText(_("No schedule"))
        self.board = QCheckBox(_("Show posted replies on the board (回音壁)"))
        self.board.setChecked(self.settings.board_enabled)
        self.retention = EnumCombo([r.value for r in Retention], str)
        self.retention.set_value(self.settings.retention)
        self.form.addRow(_("Working days to reply"), self.days)
        self.form.addRow(_("Days between box openings"), self.box)
        self.form.addRow("", self.board)
        self.form.addRow(_("Retention of the register"), self.retention)

    def apply(self) -> None:
        self.settings.due_working_days = self.days.value()
        self.settings.box_interval_days = self.box.value()
        self.settings.board_enabled = self.board.isChecked()
        self.settings.retention = self.retention.value()
        self.services.feedback.save_settings(self.settings)


class HolidaysDialog(QDialog):
    """Holidays and make-up working days of years chinesecalendar does not know."""

    def __init__(self, services: Services, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("Holidays and make-up working days"))
        self.resize(520, 440)
        from board_app.domain.workdays import package_knows

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.known = QLabel()
        self.known.setWordWrap(True)
        self._package_knows = package_knows
        self.list = QListWidget()
        self.day = date_edit(date(year, 1, 1))
        self.kind = EnumCombo(list(DayKind), _day_kind)
        add = QPushButton(_("Add"))
        add.clicked.connect(self.add)
        remove = QPushButton(_("Remove selected"))
        remove.clicked.connect(self.remove)
        row = QHBoxLayout()
        for w in (self.day, self.kind, add, remove):
            row.addWidget(w)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.known)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.entries: list[tuple[date, DayKind]] = []
        self.refresh()

    def refresh(self) -> None:
        year = self.year.value()
        self.entries = self.services.feedback.holiday_entries(year)
        self.list.clear()
        for day, kind in self.entries:
            self.list.addItem(f"{day.isoformat()}  {_day_kind(kind)}")
        if self._package_knows(year):
            text = _("The statutory holidays of {year} are built in; entries here override them.")
        elif self.entries:
            text = _("Holidays of {year} as entered here.")
        else:
            text = _(
                "The holidays of {year} are not known yet: working days are counted as Monday "
                "to Friday. Enter the State Council's arrangement for {year} here."
            )
        self.known.setText(text.format(year=year))

    def add(self) -> None:
        try:
            self.services.feedback.set_holiday(date_of(self.day), self.kind.value())
        except BoardAppError as exc:
            show_error(self, exc, self.windowTitle())
        self.refresh()

    def remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.entries):
            self.services.feedback.set_holiday(self.entries[row][0], None)
            self.refresh()


def _day_kind(kind: DayKind) -> str:
    return _("Holiday") if kind is DayKind.HOLIDAY else _("Make-up working day")
