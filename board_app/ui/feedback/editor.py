"""The record editor of the 意见 page: registration fields, the reply as given, the history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.feedback import (
    Channel,
    FeedbackKind,
    FeedbackRecord,
    FeedbackStatus,
    action_label,
    field_label,
    label,
)
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.conflicts import EditConflict, EditConflictError
from board_app.ui.dialogs.common import EnumCombo, show_error
from board_app.ui.dialogs.conflict_dialog import outcome_message, resolve_conflict
from board_app.ui.editor.fields import OptionalDateEdit
from board_app.ui.editor.history_view import who
from board_app.ui.feedback.dialogs import date_edit, date_of
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services


class RecordEditor(QScrollArea):
    """Edits one record; ``saved`` carries the record id after a save."""

    saved = Signal(int)
    open_item = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.record: FeedbackRecord | None = None
        self.org_id: int | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)

        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.received = date_edit(date.today())
        self.channel = EnumCombo(list(Channel), label)
        self.kind = EnumCombo(list(FeedbackKind), label)
        self.submitter = QLineEdit()
        self.submitter.setPlaceholderText(_("Leave empty for anonymous"))
        self.contact = QLineEdit()
        self.item_number = QLineEdit()
        self.item_number.setPlaceholderText(_("e.g. 2026-003"))
        self.open_item_button = QPushButton(_("Open item"))
        self.open_item_button.clicked.connect(self._open_item)
        self.handler = QLineEdit()
        self.due = OptionalDateEdit(_("Set by hand"))
        self.due.setToolTip(_("Left unset, the due date is counted in working days from receipt."))
        self.opening = QComboBox()
        self.content = QPlainTextEdit()
        self.content.setMinimumHeight(90)
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #9a6700;")

        form = QFormLayout()
        form.addRow(_("Received"), self.received)
        form.addRow(_("Channel"), self.channel)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Submitter"), self.submitter)
        form.addRow(_("Contact"), self.contact)
        item_row = QHBoxLayout()
        item_row.addWidget(self.item_number, 1)
        item_row.addWidget(self.open_item_button)
        form.addRow(_("Disclosure no."), item_row)
        form.addRow(_("Handler"), self.handler)
        form.addRow(_("Due"), self.due)
        form.addRow(_("Box opening"), self.opening)
        form.addRow(_("Content"), self.content)

        self.reply_box = QGroupBox(_("Reply"))
        self.reply_label = QLabel()
        self.reply_label.setWordWrap(True)
        QVBoxLayout(self.reply_box).addWidget(self.reply_label)
        self.history = QListWidget()
        self.history.setMaximumHeight(140)

        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addWidget(self.reply_box)
        layout.addWidget(QLabel(_("History")))
        layout.addWidget(self.history)
        layout.addStretch(1)
        self.new_record(None)

    # ----- loading ---------------------------------------------------------------------------
    def _fill_openings(self, org_id: int | None, selected: int | None) -> None:
        self.opening.clear()
        self.opening.addItem(_("None"), None)
        if org_id is None:
            return
        for o in self.services.feedback.openings(org_id):
            self.opening.addItem(
                _("{date} ({letters} letters)").format(date=o.opened, letters=o.letters), o.id
            )
            if o.id == selected:
                self.opening.setCurrentIndex(self.opening.count() - 1)

    def new_record(self, org_id: int | None, today: date | None = None) -> None:
        """Empty form for a new record of ``org_id``."""
        self.record, self.org_id = None, org_id
        self.heading.setText(_("New feedback record"))
        self.received.setDate(date_edit(today or self.services.ctx.today()).date())
        for w in (self.submitter, self.contact, self.item_number, self.handler):
            w.clear()
        self.content.clear()
        self.due.set_value(None)
        self._fill_openings(org_id, None)
        self.reply_box.hide()
        self.history.clear()
        self.message.clear()
        self._set_editable(org_id is not None)

    def load(self, record: FeedbackRecord) -> None:
        """Show an existing record."""
        self.record, self.org_id = record, record.organization_id
        self.heading.setText(
            _("{number} — {status}").format(number=record.number, status=label(record.status))
        )
        self.received.setDate(date_edit(record.received).date())
        self.channel.set_value(record.channel)
        self.kind.set_value(record.kind)
        self.submitter.setText(record.submitter)
        self.contact.setText(record.contact)
        self.item_number.setText(record.item_number)
        self.handler.setText(record.handler)
        self.due.set_value(record.due)
        self.content.setPlainText(record.content)
        self._fill_openings(record.organization_id, record.opening_id)
        self.message.clear()
        if record.reply_date is not None:
            parts = [
                _("{date}, {by}, {method}").format(
                    date=record.reply_date,
                    by=record.reply_by,
                    method=label(record.reply_method) if record.reply_method else "",
                ),
                record.reply_text,
            ]
            if record.post_from:
                parts.append(
                    _("On the board from {date}: {summary}").format(
                        date=record.post_from, summary=record.public_summary
                    )
                )
            if record.status is FeedbackStatus.CLOSED:
                parts.append(
                    _("Closed {date}; response: {response}").format(
                        date=record.closed_date,
                        response=label(record.response) if record.response else _("Not known"),
                    )
                )
            self.reply_label.setText("\n".join(parts))
            self.reply_box.show()
        else:
            self.reply_box.hide()
        self.history.clear()
        for entry in self.services.feedback.history(record):
            self.history.addItem(history_line(entry))
        self._set_editable(record.status is not FeedbackStatus.CLOSED)

    def _set_editable(self, editable: bool) -> None:
        for w in (
            self.received,
            self.channel,
            self.kind,
            self.submitter,
            self.contact,
            self.item_number,
            self.handler,
            self.due,
            self.opening,
            self.content,
            self.save_button,
        ):
            w.setEnabled(editable)

    # ----- saving ----------------------------------------------------------------------------
    def values(self) -> FeedbackRecord:
        """The form as a record (a copy of the loaded one with the edits)."""
        edits = {
            "received": date_of(self.received),
            "channel": self.channel.value(),
            "kind": self.kind.value(),
            "content": self.content.toPlainText(),
            "submitter": self.submitter.text().strip(),
            "contact": self.contact.text().strip(),
            "item_number": self.item_number.text().strip(),
            "handler": self.handler.text().strip(),
            "due": self.due.value(),
            "opening_id": self.opening.currentData(),
        }
        if self.record is not None:
            return replace(self.record, **edits)
        # ``edits`` holds a value of the right type for each field, read from its widget
        return FeedbackRecord(organization_id=self.org_id, **edits)  # type: ignore[arg-type]

    def save(self) -> FeedbackRecord | None:
        """Register the new record or save the edits; None when refused (message shown)."""
        if self.org_id is None:
            return None
        fb = self.services.feedback
        try:
            result = fb.add(self.values()) if self.record is None else fb.update(self.values())
        except EditConflictError as exc:  # saved by someone else meanwhile: nothing written
            self._resolve_conflict(exc.conflict)
            return None
        except BoardAppError as exc:
            show_error(self, exc, _("Feedback"))
            return None
        record_id = stored_id(result.record)
        self.load(fb.get(record_id))
        self.saved.emit(record_id)  # the page re-reads its list (and may load the record again)
        self.message.setText("\n".join(result.warnings))
        return result.record

    def _resolve_conflict(self, conflict: EditConflict) -> None:
        """Both versions side by side; "reload theirs" shows the stored record (the clerk's
        text on the clipboard), else the edits stay in the form, unsaved."""
        reloaded = resolve_conflict(self, conflict)
        if reloaded:
            self.load(conflict.theirs)
            self.saved.emit(stored_id(conflict.theirs))  # the page's list shows theirs too
        self.message.setText(outcome_message(conflict, reloaded))

    def _open_item(self) -> None:
        number = self.item_number.text().strip()
        if not number or self.org_id is None:
            return
        item_id = self.services.feedback.item_id_for(self.org_id, number)
        if item_id is None:
            self.message.setText(
                _("No disclosure item numbered {number} in this organization.").format(
                    number=number
                )
            )
            return
        self.open_item.emit(item_id)


def history_line(entry: Any) -> str:
    """ "2026-11-20 10:00 张三 已答复：答复内容、答复日期" for one audit entry."""
    names = [field_label(k) for k in entry.changes if k != "feedback_id"]
    head = f"{entry.at.astimezone():%Y-%m-%d %H:%M} {who(entry)} {action_label(entry.action)}"
    if entry.action == "feedback.add" or not names:
        return head
    return head + _(": ") + _(", ").join(names)
