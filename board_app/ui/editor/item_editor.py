"""The item editor (公开事项编辑): every field, inline validation, ledger, images and workflow.

The editor talks to the services only (``services.items``, ``services.orgs``); the main window
embeds it and listens to ``saved`` (an item id after any save or workflow step) and ``closed``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.items import (
    Cadence,
    Category,
    Domain,
    Item,
    PublicationType,
    Retention,
    Scope,
    Status,
)
from board_app.domain.money import MoneyError, format_money, parse_money
from board_app.domain.periods import Period, label_zh
from board_app.errors import BoardAppError, ValidationError
from board_app.i18n import _
from board_app.services.validation import Problem
from board_app.ui.editor.dialogs import PublishDialog, ReviewDialog, SendBackDialog, WithdrawDialog
from board_app.ui.editor.fields import ERROR_COLOR, WARNING_COLOR, FieldBox, OptionalDateEdit
from board_app.ui.editor.history_view import HistoryView
from board_app.ui.editor.images_editor import ImagesEditor
from board_app.ui.editor.ledger_editor import LedgerEditor, normalise_amount_text
from board_app.ui.editor.period_picker import PeriodPicker, previous_period
from board_app.ui.editor.texts import field_label
from board_app.ui.editor.workflow_bar import WorkflowBar

WIDE_LAYOUT = 760  # pixels from which the fields sit in two columns
READ_ONLY_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
_STATUS_COLORS = {
    Status.DRAFT: "#6b7280",
    Status.SUBMITTED: "#b45309",
    Status.REVIEWED: "#1d4ed8",
    Status.PUBLISHED: "#15803d",
    Status.WITHDRAWN: "#7f1d1d",
}
_FIELD_KEYS = (
    "title",
    "category_id",
    "publication_type",
    "domain",
    "scope",
    "period",
    "publish_date",
    "expire_date",
    "responsible",
    "retention",
    "opening_balance",
    "body",
    "ledger",
    "images",
)


def _problem_key(problem: Problem) -> str:
    """The field box a problem belongs to ("ledger row 2.income" goes to the ledger)."""
    if problem.field in _FIELD_KEYS:
        return problem.field
    if problem.field.startswith(_("ledger row {n}").split("{")[0].strip()):
        return "ledger"
    return "general"


class ItemEditor(QWidget):
    """Edit one item; ``load_item`` / ``new_item`` choose it, ``maybe_close`` guards changes."""

    saved = Signal(int)
    closed = Signal()

    def __init__(self, services: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today: Callable[[], date] = self._service_today
        self._item: Item | None = None
        self._categories: dict[int, Category] = {}
        self._baseline: tuple = ()
        self._loading = False
        self._auto_title = ""
        self._problems: list[Problem] = []
        self._build()
        self._set_enabled_all(False)

    # =============================================================================================
    # building
    # =============================================================================================
    def _build(self) -> None:
        self.heading = QLabel(self)
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setWordWrap(True)
        self.status_chip = QLabel(self)
        self.number_label = QLabel(self)
        self.message_bar = QLabel(self)
        self.message_bar.setWordWrap(True)
        self.message_bar.hide()
        self.workflow = WorkflowBar(self)

        # ----- fields --------------------------------------------------------------------------
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(_("e.g. 2026年6月财务收支明细"))
        self.category_combo = QComboBox(self)
        self.category_combo.setMinimumContentsLength(14)
        self.type_combo = QComboBox(self)
        for value in PublicationType:
            self.type_combo.addItem(labels.publication_type(value), value.value)
        self.domain_combo = QComboBox(self)
        for value in Domain:
            self.domain_combo.addItem(labels.domain(value), value.value)
        self.scope_combo = QComboBox(self)
        for value in Scope:
            self.scope_combo.addItem(labels.scope(value), value.value)
        self.retention_combo = QComboBox(self)
        for value in Retention:
            self.retention_combo.addItem(labels.retention(value), value.value)
        self.period_picker = PeriodPicker(self)
        self.publish_date = OptionalDateEdit(_("Set"), self)
        self.publish_date.setToolTip(
            _("Leave unset to use the day of publishing; a future date schedules the item.")
        )
        self.expire_date = OptionalDateEdit(_("Set"), self)
        self.expire_date.setToolTip(_("Leave unset to show the item for the usual display days."))
        self.responsible_edit = QLineEdit(self)
        self.reviewer_edit = QLineEdit(self)
        self.reviewer_edit.setReadOnly(True)
        self.reviewer_edit.setPlaceholderText(_("Filled in when the item is approved"))
        self.review_label = QLabel(self)
        self.review_label.setWordWrap(True)
        self.opening_edit = QLineEdit(self)
        self.opening_edit.setPlaceholderText(_("optional, e.g. 12,500.00"))
        self.opening_edit.setMaximumWidth(220)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setMinimumHeight(140)
        self.body_edit.setPlaceholderText(
            _("The text shown on the board; a blank line starts a new paragraph.")
        )
        self.body_count = QLabel(self)
        self.body_count.setStyleSheet("color: #555;")
        self.ledger_editor = LedgerEditor(self)
        self.images_editor = ImagesEditor(self)
        self.history_view = HistoryView(self)

        self.boxes: dict[str, FieldBox] = {}

        def box(key: str, widget: QWidget) -> FieldBox:
            self.boxes[key] = FieldBox(widget, self)
            return self.boxes[key]

        info = QGroupBox(_("Item"), self)
        grid = QGridLayout(info)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._grid_labels: dict[str, QLabel] = {}

        self._grid = grid
        self._grid_entries: list[tuple[int, int, QWidget, QWidget, int]] = []
        self._two_columns: bool | None = None

        def add(row: int, col: int, key: str, text: str, widget: QWidget, span: int = 1) -> None:
            label = QLabel(text, info)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 5, 0, 0)
            self._grid_labels[key] = label
            self._grid_entries.append((row, col, label, box(key, widget), span))

        add(0, 0, "title", _("Title"), self.title_edit, span=3)
        add(1, 0, "category_id", _("Category"), self.category_combo)
        add(1, 1, "publication_type", _("Publication type"), self.type_combo)
        add(2, 0, "domain", _("Domain"), self.domain_combo)
        add(2, 1, "scope", _("Scope"), self.scope_combo)
        add(3, 0, "period", _("Period"), self.period_picker, span=3)
        add(4, 0, "publish_date", _("Publish date"), self.publish_date)
        add(4, 1, "expire_date", _("End date"), self.expire_date)
        add(5, 0, "responsible", _("Responsible"), self.responsible_edit)
        add(5, 1, "retention", _("Retention"), self.retention_combo)
        add(6, 0, "reviewer", _("Reviewer"), self.reviewer_edit)
        self._grid_entries.append((6, 1, QWidget(info), self.review_label, 1))
        self._arrange_fields(two_columns=True)

        body_group = QGroupBox(_("Body"), self)
        body_layout = QVBoxLayout(body_group)
        body_layout.addWidget(box("body", self.body_edit))
        body_layout.addWidget(self.body_count, 0, Qt.AlignmentFlag.AlignRight)

        ledger_group = QGroupBox(_("Receipts and payments"), self)
        ledger_layout = QVBoxLayout(ledger_group)
        opening_row = QHBoxLayout()
        opening_row.addWidget(QLabel(_("Opening balance"), ledger_group))
        opening_row.addWidget(box("opening_balance", self.opening_edit), 1)
        ledger_layout.addLayout(opening_row)
        ledger_layout.addWidget(box("ledger", self.ledger_editor))

        images_group = QGroupBox(_("Images"), self)
        images_layout = QVBoxLayout(images_group)
        images_layout.addWidget(box("images", self.images_editor))

        self.history_group = QGroupBox(_("History"), self)
        history_layout = QVBoxLayout(self.history_group)
        history_layout.addWidget(self.history_view)

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 6, 0)
        content_layout.addWidget(info)
        content_layout.addWidget(body_group)
        content_layout.addWidget(ledger_group)
        content_layout.addWidget(images_group)
        content_layout.addWidget(self.history_group)
        content_layout.addStretch(1)
        self.ledger_group = ledger_group
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)

        self.general_problems = QLabel(self)
        self.general_problems.setWordWrap(True)
        self.general_problems.setStyleSheet(f"color: {ERROR_COLOR};")
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.close_button = QPushButton(_("Close"), self)

        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.number_label)
        header.addWidget(self.status_chip)
        footer = QHBoxLayout()
        footer.addWidget(self.general_problems, 1)
        footer.addStretch(1)
        footer.addWidget(self.save_button)
        footer.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.workflow)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(footer)

        # ----- actions ---------------------------------------------------------------------------
        self.save_action = QAction(_("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        self.undo_action = QAction(_("Undo"), self)
        self.undo_action.triggered.connect(lambda: self._focused_text_call("undo"))
        self.redo_action = QAction(_("Redo"), self)
        self.redo_action.triggered.connect(lambda: self._focused_text_call("redo"))

        # ----- signals ---------------------------------------------------------------------------
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.request_close)
        for signal in (
            self.title_edit.textChanged,
            self.responsible_edit.textChanged,
            self.opening_edit.textChanged,
            self.body_edit.textChanged,
            self.domain_combo.currentIndexChanged,
            self.scope_combo.currentIndexChanged,
            self.retention_combo.currentIndexChanged,
            self.period_picker.changed,
            self.publish_date.changed,
            self.expire_date.changed,
            self.ledger_editor.changed,
            self.images_editor.changed,
        ):
            signal.connect(self._on_edited)
        self.title_edit.textEdited.connect(self._title_edited)
        self.category_combo.currentIndexChanged.connect(self._category_chosen)
        self.type_combo.currentIndexChanged.connect(self._type_chosen)
        self.period_picker.changed.connect(self._update_auto_title)
        self.opening_edit.textChanged.connect(self._opening_changed)
        w = self.workflow
        w.submit_requested.connect(self.submit)
        w.approve_requested.connect(self.approve_with_dialog)
        w.send_back_requested.connect(self.send_back_with_dialog)
        w.publish_requested.connect(self.publish_with_dialog)
        w.withdraw_requested.connect(self.withdraw_with_dialog)
        w.revise_requested.connect(self.revise)
        w.copy_next_requested.connect(self.copy_to_next_period)
        self.history_view.open_item.connect(self._open_version)

    def _arrange_fields(self, *, two_columns: bool) -> None:
        """Two columns of fields when the editor is wide, one when it is narrow."""
        if two_columns == self._two_columns:
            return
        self._two_columns = two_columns
        grid = self._grid
        for _row, _col, label, widget, _span in self._grid_entries:
            grid.removeWidget(label)
            grid.removeWidget(widget)
        line = 0
        last_row = -1
        for row, col, label, widget, span in self._grid_entries:
            if two_columns:
                grid.addWidget(label, row, col * 2)
                grid.addWidget(widget, row, col * 2 + 1, 1, span)
            else:
                if row != last_row or col:
                    line += 1
                last_row = row
                grid.addWidget(label, line, 0)
                grid.addWidget(widget, line, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1 if two_columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange_fields(two_columns=event.size().width() >= WIDE_LAYOUT)
        super().resizeEvent(event)

    # =============================================================================================
    # public API
    # =============================================================================================
    def item(self) -> Item | None:
        """The item as last loaded or saved (not including unsaved edits)."""
        return self._item

    def item_id(self) -> int | None:
        return self._item.id if self._item is not None else None

    def load_item(self, item_id: int) -> None:
        """Show a stored item (unsaved changes are dropped: call ``maybe_close`` first)."""
        self._show(self.services.items.get(item_id))

    def new_item(
        self, org_id: int, category_id: int | None = None, period: str | None = None
    ) -> None:
        """Start a new draft of an organization, optionally in a category and period."""
        item = Item(title="", publication_type=PublicationType.LONG_TERM, organization_id=org_id)
        if category_id is not None:
            cat = self.services.orgs.category(category_id)
            item.category_id = cat.id
            _apply_category(item, cat)
            if cat.publication_type is PublicationType.PERIODIC:
                item.period = period or self._suggested_period(cat)
        elif period:
            item.publication_type = PublicationType.PERIODIC
            item.period = period
        self._show(item)
        self._update_auto_title()
        self._baseline = self._snapshot()
        self._refresh()
        self.title_edit.setFocus()

    def has_unsaved_changes(self) -> bool:
        """True when the fields differ from the stored item (always False when read-only)."""
        if self._item is None or self.is_read_only():
            return False
        return self._snapshot() != self._baseline

    def is_read_only(self) -> bool:
        return self._item is not None and self._item.status in READ_ONLY_STATUSES

    def is_valid(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(not p.warning for p in self._problems)

    def problems(self) -> list[Problem]:
        """The current errors and warnings, as shown next to the fields."""
        return list(self._problems)

    def maybe_close(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True when it may close."""
        if not self.has_unsaved_changes():
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Unsaved changes"))
        box.setText(
            _("“{title}” has unsaved changes.").format(
                title=self.title_edit.text().strip() or _("New item")
            )
        )
        box.setInformativeText(_("Save them before closing?"))
        save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return self.save()
        if clicked is discard:
            self.discard_changes()
            return True
        return False

    def request_close(self) -> None:
        """The Close button: emits ``closed`` once ``maybe_close`` agrees."""
        if self.maybe_close():
            self.closed.emit()

    def discard_changes(self) -> None:
        """Go back to the stored item (or an empty new one)."""
        if self._item is None:
            return
        if self._item.id is not None:
            self.load_item(self._item.id)
        else:
            self.new_item(self._item.organization_id, self._item.category_id, self._item.period)  # type: ignore[arg-type]

    def current_item(self) -> Item:
        """The item with the edits applied (invalid ledger cells count as empty)."""
        return self._collect()[0]

    # =============================================================================================
    # saving and workflow
    # =============================================================================================
    def save(self) -> bool:
        """Save the item; False (with the problems shown) when it is invalid or refused."""
        if self._item is None or self.is_read_only():
            return False
        self._validate()
        if not self.is_valid():
            self._show_message(_("Correct the marked fields before saving."), error=True)
            return False
        item, _local = self._collect()
        try:
            stored = self.services.items.save(item)
        except BoardAppError as exc:
            self._show_error(exc)
            return False
        self.load_item(stored.id)  # type: ignore[arg-type]
        self._show_message(_("Saved."))
        self.saved.emit(stored.id)
        return True

    def submit(self) -> bool:
        """提交审核 (saving first when needed)."""
        if self._item is None:
            return False
        if (self._item.id is None or self.has_unsaved_changes()) and not self.save():
            return False
        return self._step(
            lambda: self.services.items.submit(self._item.id), _("Submitted for review.")
        )

    def approve(self, reviewer: str, on: date, opinion: str = "") -> bool:
        """审核通过 with the reviewer, date and opinion."""
        return self._step(
            lambda: self.services.items.approve(
                self._item.id, reviewer=reviewer, on=on, opinion=opinion
            ),
            _("Approved by {reviewer}.").format(reviewer=reviewer),
        )

    def send_back(self, reason: str) -> bool:
        """退回 to draft with the reason."""
        return self._step(
            lambda: self.services.items.send_back(self._item.id, reason=reason),
            _("Sent back to draft."),
        )

    def publish(self, on: date | None = None) -> bool:
        """发布: the number and publish date are shown in the message bar."""

        def run() -> Item:
            return self.services.items.publish(self._item.id, on=on)

        if not self._step(run, None):
            return False
        assert self._item is not None
        self._show_message(
            _("Published as {number} on {date}.").format(
                number=self._item.number, date=self._item.publish_date
            )
        )
        return True

    def withdraw(self, on: date, reason: str) -> bool:
        """撤下 with the date and reason."""
        return self._step(
            lambda: self.services.items.withdraw(self._item.id, on=on, reason=reason),
            _("Withdrawn."),
        )

    def revise(self) -> bool:
        """修订: open a new draft revision of this published item."""
        return self._step(
            lambda: self.services.items.revise(self._item.id),
            _("A revision was started; it replaces the published item when it is published."),
        )

    def copy_to_next_period(self) -> bool:
        """复制为下一期: open a draft for the next period."""
        if self.has_unsaved_changes():
            self._show_message(_("Save or discard the changes first."), error=True)
            return False
        return self._step(
            lambda: self.services.items.copy_to_next_period(self._item.id),
            _("Copied to the next period."),
        )

    def _suggested_period(self, cat: Category) -> str | None:
        """The first period of the category not yet reported, from the last one ended."""
        if cat.id is None:
            return str(previous_period(self.today(), cat.cadence))
        return self.services.items.suggest_period(cat.id, self.today()) or str(
            previous_period(self.today(), cat.cadence)
        )

    def approve_with_dialog(self) -> None:
        if self._item is None:
            return
        reviewer = self._item.reviewer or self.services.items.suggest_reviewer(
            self._item.organization_id
        )
        dialog = ReviewDialog(self, reviewer=reviewer, today=self.today())
        if self._exec(dialog):
            self.approve(*dialog.values())

    def send_back_with_dialog(self) -> None:
        dialog = SendBackDialog(self)
        if self._exec(dialog):
            self.send_back(dialog.values())

    def publish_with_dialog(self) -> None:
        if self._item is None:
            return
        dialog = PublishDialog(self, preset=self._item.publish_date, today=self.today())
        if self._exec(dialog):
            self.publish(dialog.values())

    def withdraw_with_dialog(self) -> None:
        if self._item is None:
            return
        dialog = WithdrawDialog(
            self, title=self._item.title, number=self._item.number or "—", today=self.today()
        )
        if self._exec(dialog):
            self.withdraw(*dialog.values())

    def _exec(self, dialog: QDialog) -> bool:
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _step(self, run: Callable[[], Item], message: str | None) -> bool:
        if self._item is None or self._item.id is None:
            return False
        try:
            result = run()
        except BoardAppError as exc:
            self._show_error(exc)
            return False
        self.load_item(result.id)  # type: ignore[arg-type]
        if message:
            self._show_message(message)
        self.saved.emit(result.id)
        return True

    # =============================================================================================
    # showing an item
    # =============================================================================================
    def _show(self, item: Item) -> None:
        self._loading = True
        try:
            self._item = copy.deepcopy(item)
            self._fill_categories(item.organization_id, item.category_id)
            self._set_combo(self.type_combo, item.publication_type)
            self._set_combo(self.domain_combo, item.domain or Domain.VILLAGE)
            self._set_combo(self.scope_combo, item.scope or Scope.PUBLIC)
            self._set_combo(self.retention_combo, item.retention or Retention.Y10)
            self.title_edit.setText(item.title)
            cat = self._categories.get(item.category_id) if item.category_id else None
            self.period_picker.set_cadence(cat.cadence if cat else None)
            default_period = item.period or (self._suggested_period(cat) if cat else None)
            self.period_picker.set_period(default_period)
            self.publish_date.set_value(item.publish_date, default=self.today())
            self.expire_date.set_value(item.expire_date, default=self.today())
            self.responsible_edit.setText(item.responsible)
            self.reviewer_edit.setText(item.reviewer)
            self.opening_edit.setText(
                format_money(item.opening_balance) if item.opening_balance is not None else ""
            )
            self.body_edit.setPlainText(item.body)
            self.ledger_editor.set_ledger(item.ledger)
            self.ledger_editor.set_opening_balance(item.opening_balance)
            self.images_editor.set_images(item.images)
            self._auto_title = ""
        finally:
            self._loading = False
        self.message_bar.hide()
        self._set_enabled_all(True)
        self._apply_read_only(item.status in READ_ONLY_STATUSES)
        self._show_status()
        self._show_history()
        self._type_visibility()
        self._baseline = self._snapshot()
        self._refresh()
        self.scroll.verticalScrollBar().setValue(0)

    def _fill_categories(self, org_id: int | None, selected: int | None) -> None:
        blocked = self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(_("(no category)"), None)
        self._categories = {}
        if org_id is not None:
            for cat in self.services.orgs.categories(org_id):
                self._categories[cat.id] = cat  # type: ignore[index]
                self.category_combo.addItem(cat.name, cat.id)
        index = self.category_combo.findData(selected) if selected is not None else 0
        self.category_combo.setCurrentIndex(max(index, 0))
        self.category_combo.blockSignals(blocked)

    @staticmethod
    def _set_combo(combo: QComboBox, value: object) -> None:
        index = combo.findData(getattr(value, "value", value))
        combo.setCurrentIndex(max(index, 0))

    def _publication_type(self) -> PublicationType:
        return PublicationType(self.type_combo.currentData())

    def _show_status(self) -> None:
        item = self._item
        assert item is not None
        if item.id is None:
            self.heading.setText(_("New item"))
        else:
            self.heading.setText(item.title or _("Untitled item"))
        color = _STATUS_COLORS[item.status]
        self.status_chip.setText(labels.status(item.status))
        self.status_chip.setStyleSheet(
            f"color: white; background: {color}; border-radius: 4px; padding: 2px 8px;"
        )
        self.number_label.setText(
            _("No. {number}").format(number=item.number) if item.number else ""
        )
        review = ""
        style = "color: #333;"
        if item.status is Status.WITHDRAWN:
            review = _("Withdrawn on {date}: {reason}").format(
                date=item.withdrawn_date, reason=item.withdrawn_reason
            )
            style = f"color: {ERROR_COLOR};"
        elif item.review_date:
            review = _("Reviewed on {date}: {opinion}").format(
                date=item.review_date, opinion=item.review_opinion
            )
        elif item.review_opinion and item.status is Status.DRAFT:
            review = _("Sent back: {reason}").format(reason=item.review_opinion)
            style = f"color: {WARNING_COLOR};"
        self.review_label.setText(review)
        self.review_label.setStyleSheet(style)
        self.review_label.setVisible(bool(review))
        if item.replaces_id and item.status not in READ_ONLY_STATUSES:
            self._show_message(_("This draft is a revision of a published item."))

    def _show_history(self) -> None:
        item = self._item
        assert item is not None
        if item.id is None:
            self.history_group.hide()
            return
        self.history_view.set_history(
            item,
            self.services.items.revision_chain(item.id),
            self.services.items.history(item.id),
            {cat_id: cat.name for cat_id, cat in self._categories.items()},
        )
        self.history_group.show()

    def _apply_read_only(self, read_only: bool) -> None:
        for edit in (self.title_edit, self.responsible_edit, self.opening_edit):
            edit.setReadOnly(read_only)
        self.body_edit.setReadOnly(read_only)
        for combo in (
            self.category_combo,
            self.type_combo,
            self.domain_combo,
            self.scope_combo,
            self.retention_combo,
        ):
            combo.setEnabled(not read_only)
        self.period_picker.set_read_only(read_only)
        self.publish_date.set_read_only(read_only)
        self.expire_date.set_read_only(read_only)
        self.ledger_editor.set_read_only(read_only)
        self.images_editor.set_read_only(read_only)
        self.save_button.setVisible(not read_only)
        self.save_action.setEnabled(not read_only)
        if read_only:
            self.history_group.setTitle(_("History and audit trail"))
        else:
            self.history_group.setTitle(_("History"))

    def _set_enabled_all(self, enabled: bool) -> None:
        self.scroll.setEnabled(enabled)
        self.save_button.setEnabled(enabled)
        self.workflow.setEnabled(enabled)
        if not enabled:
            self.heading.setText(_("No item selected"))
            self.history_group.hide()

    # =============================================================================================
    # editing
    # =============================================================================================
    def _on_edited(self, *_args: object) -> None:
        if not self._loading:
            self._refresh()

    def _title_edited(self, _text: str) -> None:
        self._auto_title = ""

    def _category_chosen(self) -> None:
        if self._loading:
            return
        cat_id = self.category_combo.currentData()
        cat = self._categories.get(cat_id) if cat_id is not None else None
        self._loading = True
        try:
            if cat is not None:
                self._set_combo(self.type_combo, cat.publication_type)
                self._set_combo(self.domain_combo, cat.domain)
                self._set_combo(self.scope_combo, cat.scope)
                self._set_combo(self.retention_combo, cat.retention)
                self.period_picker.set_cadence(cat.cadence)
                if cat.cadence is not Cadence.AS_NEEDED:
                    self.period_picker.set_period(self._suggested_period(cat))
            else:
                self.period_picker.set_cadence(None)
        finally:
            self._loading = False
        self._type_visibility()
        self._update_auto_title()
        self._refresh()

    def _type_chosen(self) -> None:
        self._type_visibility()
        self._update_auto_title()
        self._on_edited()

    def _type_visibility(self) -> None:
        periodic = self._publication_type() is PublicationType.PERIODIC
        self.boxes["period"].setVisible(periodic)
        self._grid_labels["period"].setVisible(periodic)

    def _update_auto_title(self) -> None:
        """Suggest "2026年6月财务收支明细" while the title is empty or still the suggestion."""
        if self._loading or self.is_read_only():
            return
        current = self.title_edit.text().strip()
        if current and current != self._auto_title:
            return
        cat_id = self.category_combo.currentData()
        cat = self._categories.get(cat_id) if cat_id is not None else None
        if cat is None:
            return
        if self._publication_type() is PublicationType.PERIODIC:
            suggestion = label_zh(Period.parse(self.period_picker.period())) + cat.name
        else:
            suggestion = cat.name
        self._auto_title = suggestion
        self.title_edit.setText(suggestion)

    def _opening_changed(self) -> None:
        value, _error = self._parse_opening()
        self.ledger_editor.set_opening_balance(value)

    def _parse_opening(self) -> tuple[Decimal | None, str | None]:
        text = normalise_amount_text(self.opening_edit.text())
        if not text:
            return None, None
        negative = text.startswith("-")
        try:
            value = parse_money(text[1:] if negative else text)
        except MoneyError:
            return None, _("“{value}” is not an amount (e.g. 12500.00).").format(
                value=self.opening_edit.text().strip()
            )
        return (-value if negative else value), None

    def _collect(self) -> tuple[Item, list[Problem]]:
        """The edited item and the problems only the editor can see (unreadable cells)."""
        assert self._item is not None
        item = copy.deepcopy(self._item)
        local: list[Problem] = []
        item.title = self.title_edit.text().strip()
        item.category_id = self.category_combo.currentData()
        item.publication_type = self._publication_type()
        item.domain = Domain(self.domain_combo.currentData())
        item.scope = Scope(self.scope_combo.currentData())
        item.retention = Retention(self.retention_combo.currentData())
        item.period = (
            self.period_picker.period()
            if item.publication_type is PublicationType.PERIODIC
            else None
        )
        item.publish_date = self.publish_date.value()
        item.expire_date = self.expire_date.value()
        item.responsible = self.responsible_edit.text().strip()
        item.body = self.body_edit.toPlainText()
        opening, error = self._parse_opening()
        item.opening_balance = opening
        if error:
            local.append(Problem("opening_balance", error))
        item.ledger = self.ledger_editor.ledger()
        local.extend(Problem("ledger", message) for message in self.ledger_editor.errors())
        item.images = self.images_editor.images()
        return item, local

    def _snapshot(self) -> tuple:
        if self._item is None:
            return ()
        periodic = self._publication_type() is PublicationType.PERIODIC
        return (
            self.title_edit.text(),
            self.category_combo.currentData(),
            self.type_combo.currentData(),
            self.domain_combo.currentData(),
            self.scope_combo.currentData(),
            self.retention_combo.currentData(),
            self.period_picker.period() if periodic else None,
            self.publish_date.value(),
            self.expire_date.value(),
            self.responsible_edit.text(),
            self.opening_edit.text().strip(),
            self.body_edit.toPlainText(),
            tuple(self.ledger_editor.model.raw_cells()),
            tuple(self.images_editor.snapshot()),
        )

    def _validate(self) -> None:
        if self._item is None or self.is_read_only():
            self._problems = []
            return
        item, local = self._collect()
        try:
            problems = self.services.items.validate(item)
        except BoardAppError as exc:  # a category deleted meanwhile, for example
            problems = [Problem("general", str(exc))]
        seen = set()
        merged = []
        for problem in local + problems:
            key = (_problem_key(problem), problem.message)
            if key not in seen:
                seen.add(key)
                merged.append(problem)
        self._problems = merged

    def _refresh(self) -> None:
        """Re-check the fields; update messages, counters, Save and the workflow buttons."""
        if self._item is None:
            return
        self._validate()
        by_key: dict[str, tuple[list[str], list[str]]] = {}
        for problem in self._problems:
            key = _problem_key(problem)
            errors, warnings = by_key.setdefault(key, ([], []))
            message = problem.message
            if key == "ledger" and problem.field not in ("ledger",):
                message = f"{problem.field}: {message}"
            (warnings if problem.warning else errors).append(message)
        for key, field_box in self.boxes.items():
            field_box.set_problems(*by_key.get(key, ([], [])))
        general = by_key.get("general", ([], []))
        self.general_problems.setText(
            "\n".join(
                f"{field_label(p.field)}: {p.message}"
                for p in self._problems
                if _problem_key(p) == "general"
            )
        )
        self.general_problems.setVisible(bool(general[0] or general[1]))
        text = self.body_edit.toPlainText()
        count = sum(1 for ch in text if not ch.isspace())
        self.body_count.setText(
            _("{count} characters, {paragraphs} paragraphs").format(
                count=count, paragraphs=len(self.current_item().paragraphs()) if text else 0
            )
        )
        dirty = self.has_unsaved_changes()
        valid = self.is_valid()
        can_save = not self.is_read_only() and valid and (dirty or self._item.id is None)
        self.save_button.setEnabled(can_save)
        self.save_action.setEnabled(can_save)
        self.save_button.setToolTip(
            _("Save (Ctrl+S)") if valid else _("Correct the marked fields before saving.")
        )
        self.workflow.set_item(self._item, dirty=dirty, valid=valid)
        if self._item.id is not None:
            title = self.title_edit.text().strip() or _("Untitled item")
            self.heading.setText(("● " if dirty else "") + title)

    # =============================================================================================
    # helpers
    # =============================================================================================
    def _service_today(self) -> date:
        ctx = getattr(self.services, "ctx", None)
        return ctx.today() if ctx is not None else date.today()

    def _show_message(self, text: str, *, error: bool = False) -> None:
        if error:
            style = f"background: #fde8e8; color: {ERROR_COLOR}; border: 1px solid #f5b5b5;"
        else:
            style = "background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;"
        self.message_bar.setStyleSheet(style + " padding: 4px 8px; border-radius: 4px;")
        self.message_bar.setText(text)
        self.message_bar.show()

    def _show_error(self, exc: BoardAppError) -> None:
        text = str(exc)
        if isinstance(exc, ValidationError) and exc.problems:
            text = "\n".join(exc.problems)
        self._show_message(text, error=True)

    def message(self) -> str:
        """The text of the message bar (empty when hidden)."""
        return self.message_bar.text() if self.message_bar.isVisibleTo(self) else ""

    def _focused_text_call(self, method: str) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, (QLineEdit, QPlainTextEdit)) and self.isAncestorOf(widget):
            getattr(widget, method)()

    def _open_version(self, item_id: int) -> None:
        if item_id != self.item_id() and self.maybe_close():
            self.load_item(item_id)


def _apply_category(item: Item, cat: Category) -> None:
    """A category's defaults: publication type, domain, scope and retention."""
    item.publication_type = cat.publication_type
    item.domain = cat.domain
    item.scope = cat.scope
    item.retention = cat.retention


__all__ = ["ItemEditor"]
