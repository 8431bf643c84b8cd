"""The item editor's form: field widgets, their grid and layout, and reading the item back.

``ItemForm`` owns the field widgets (``title_edit``, ``category_combo``, ``boxes``…), created in
the order that sets the tab order; it emits ``edited`` and the editor fills and reads it.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
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
from board_app.i18n import _
from board_app.services.validation import Problem
from board_app.ui.editor.fields import (
    ERROR_COLOR,
    WARNING_COLOR,
    FieldBox,
    OptionalDateEdit,
)
from board_app.ui.editor.history_view import HistoryView
from board_app.ui.editor.images_editor import ImagesEditor
from board_app.ui.editor.ledger_editor import LedgerEditor, normalise_amount_text
from board_app.ui.editor.period_picker import PeriodPicker

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

E = TypeVar("E", bound=Enum)
WIDE_LAYOUT = 760  # pixels from which the fields sit in two columns
READ_ONLY_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
STATUS_COLORS = {
    Status.DRAFT: "#6b7280",
    Status.SUBMITTED: "#b45309",
    Status.REVIEWED: "#1d4ed8",
    Status.PUBLISHED: "#15803d",
    Status.WITHDRAWN: "#7f1d1d",
}


class FieldGrid:
    """The labelled fields of the "Item" group, laid out in two columns or in one."""

    def __init__(self, group: QGroupBox) -> None:
        self.group = group
        self.grid = QGridLayout(group)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.labels: dict[str, QLabel] = {}
        self._entries: list[tuple[int, int, QWidget, QWidget, int]] = []
        self._two_columns: bool | None = None

    def add(self, row: int, col: int, key: str, text: str, widget: QWidget, span: int = 1) -> None:
        """Place ``widget`` under the label ``text`` at (row, col) of the two-column layout."""
        label = QLabel(text, self.group)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        label.setContentsMargins(0, 5, 0, 0)
        self.labels[key] = label
        self._entries.append((row, col, label, widget, span))

    def add_unlabelled(self, row: int, col: int, widget: QWidget) -> None:
        """Place ``widget`` without a label (an empty cell stands in for it)."""
        self._entries.append((row, col, QWidget(self.group), widget, 1))

    def arrange(self, *, two_columns: bool) -> None:
        """Two columns of fields when the editor is wide, one when it is narrow."""
        if two_columns == self._two_columns:
            return
        self._two_columns = two_columns
        grid = self.grid
        for _row, _col, label, widget, _span in self._entries:
            grid.removeWidget(label)
            grid.removeWidget(widget)
        line = 0
        last_row = -1
        for row, col, label, widget, span in self._entries:
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


def _set_combo(combo: QComboBox, value: Enum) -> None:
    index = combo.findData(value.value)
    combo.setCurrentIndex(max(index, 0))


def _choice_combo(parent: QWidget, values: Iterable[E], label: Callable[[E], str]) -> QComboBox:
    combo = QComboBox(parent)
    for value in values:
        combo.addItem(label(value), value.value)
    return combo


class ItemForm(QWidget):
    """The scrolled fields of the item editor: the "Item" group, body, ledger, images, history.

    The form owns its controls; ``edited`` is emitted after any field changed. The editor fills
    the fields (``title_edit``…), reads them back with ``collect`` and compares ``snapshot``s.
    ``ledger_button`` makes the extra button beside the opening balance (从 Excel 导入…).
    """

    edited = Signal()

    def __init__(
        self, ledger_button: Callable[[], QWidget] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(_("e.g. 2026年6月财务收支明细"))
        self.category_combo = QComboBox(self)
        self.category_combo.setMinimumContentsLength(14)
        self.type_combo = _choice_combo(self, PublicationType, labels.publication_type)
        self.domain_combo = _choice_combo(self, Domain, labels.domain)
        self.scope_combo = _choice_combo(self, Scope, labels.scope)
        self.retention_combo = _choice_combo(self, Retention, labels.retention)
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
        self._lay_out(ledger_button)
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
            signal.connect(self.edited)

    def _box(self, key: str, widget: QWidget) -> FieldBox:
        self.boxes[key] = FieldBox(widget, self)
        return self.boxes[key]

    def _lay_out(self, ledger_button: Callable[[], QWidget] | None) -> None:
        info = QGroupBox(_("Item"), self)
        fields = FieldGrid(info)
        self.field_grid = fields

        def add(row: int, col: int, key: str, text: str, widget: QWidget, span: int = 1) -> None:
            fields.add(row, col, key, text, self._box(key, widget), span)

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
        fields.add_unlabelled(6, 1, self.review_label)
        fields.arrange(two_columns=True)

        body_group = QGroupBox(_("Body"), self)
        body_layout = QVBoxLayout(body_group)
        body_layout.addWidget(self._box("body", self.body_edit))
        body_layout.addWidget(self.body_count, 0, Qt.AlignmentFlag.AlignRight)

        self.ledger_group = QGroupBox(_("Receipts and payments"), self)
        ledger_layout = QVBoxLayout(self.ledger_group)
        opening_row = QHBoxLayout()
        opening_row.addWidget(QLabel(_("Opening balance"), self.ledger_group))
        opening_row.addWidget(self._box("opening_balance", self.opening_edit), 1)
        if ledger_button is not None:
            opening_row.addWidget(ledger_button())  # 从 Excel 导入…
        ledger_layout.addLayout(opening_row)
        ledger_layout.addWidget(self._box("ledger", self.ledger_editor))

        images_group = QGroupBox(_("Images"), self)
        images_layout = QVBoxLayout(images_group)
        images_layout.addWidget(self._box("images", self.images_editor))

        self.history_group = QGroupBox(_("History"), self)
        history_layout = QVBoxLayout(self.history_group)
        history_layout.addWidget(self.history_view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(info)
        layout.addWidget(body_group)
        layout.addWidget(self.ledger_group)
        layout.addWidget(images_group)
        layout.addWidget(self.history_group)
        layout.addStretch(1)

    def arrange(self, width: int) -> None:
        """Two columns of fields from ``WIDE_LAYOUT`` pixels, one below."""
        self.field_grid.arrange(two_columns=width >= WIDE_LAYOUT)

    def publication_type(self) -> PublicationType:
        return PublicationType(self.type_combo.currentData())

    def show_period_field(self, shown: bool) -> None:
        """The period field is shown for periodic items only."""
        self.boxes["period"].setVisible(shown)
        self.field_grid.labels["period"].setVisible(shown)

    def set_categories(self, categories: list[Category], selected: int | None) -> None:
        """The organization's categories (and "no category"), ``selected`` chosen; no signal."""
        blocked = self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(_("(no category)"), None)
        for cat in categories:
            self.category_combo.addItem(cat.name, cat.id)
        index = self.category_combo.findData(selected) if selected is not None else 0
        self.category_combo.setCurrentIndex(max(index, 0))
        self.category_combo.blockSignals(blocked)

    def set_choices(
        self,
        publication_type: PublicationType,
        domain: Domain | None,
        scope: Scope | None,
        retention: Retention | None,
    ) -> None:
        """Choose the type, domain, scope and retention (the defaults when None)."""
        _set_combo(self.type_combo, publication_type)
        _set_combo(self.domain_combo, domain or Domain.VILLAGE)
        _set_combo(self.scope_combo, scope or Scope.PUBLIC)
        _set_combo(self.retention_combo, retention or Retention.Y10)

    def fill(self, item: Item, cadence: Cadence | None, period: str | None, today: date) -> None:
        """Show ``item``'s values; unset dates show ``today``, the period picker ``period``."""
        self.set_choices(item.publication_type, item.domain, item.scope, item.retention)
        self.title_edit.setText(item.title)
        self.period_picker.set_cadence(cadence)
        self.period_picker.set_period(period)
        self.publish_date.set_value(item.publish_date, default=today)
        self.expire_date.set_value(item.expire_date, default=today)
        self.responsible_edit.setText(item.responsible)
        self.reviewer_edit.setText(item.reviewer)
        self.opening_edit.setText(
            format_money(item.opening_balance) if item.opening_balance is not None else ""
        )
        self.body_edit.setPlainText(item.body)
        self.ledger_editor.set_ledger(item.ledger)
        self.ledger_editor.set_opening_balance(item.opening_balance)
        self.images_editor.set_images(item.images)

    def clear_fields(self) -> None:
        """Empty the texts, the ledger and the images (no item shown)."""
        self.title_edit.clear()
        self.body_edit.clear()
        self.responsible_edit.clear()
        self.reviewer_edit.clear()
        self.opening_edit.clear()
        self.ledger_editor.set_ledger([])
        self.images_editor.set_images([])

    def set_read_only(self, read_only: bool) -> None:
        """Lock (published, withdrawn) or unlock every field and the history title."""
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
        if read_only:
            self.history_group.setTitle(_("History and audit trail"))
        else:
            self.history_group.setTitle(_("History"))

    def show_review(self, item: Item) -> None:
        """The review / send-back / withdrawal note of ``item`` beside the reviewer."""
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

    def collect(self, stored: Item) -> tuple[Item, list[Problem]]:
        """``stored`` with the form's values and the problems only the form can see."""
        item = copy.deepcopy(stored)
        local: list[Problem] = []
        item.title = self.title_edit.text().strip()
        item.category_id = self.category_combo.currentData()
        item.publication_type = self.publication_type()
        item.domain = Domain(self.domain_combo.currentData())
        item.scope = Scope(self.scope_combo.currentData())
        item.retention = Retention(self.retention_combo.currentData())
        periodic = item.publication_type is PublicationType.PERIODIC
        item.period = self.period_picker.period() if periodic else None
        item.publish_date = self.publish_date.value()
        item.expire_date = self.expire_date.value()
        item.responsible = self.responsible_edit.text().strip()
        item.body = self.body_edit.toPlainText()
        opening, error = parse_opening(self.opening_edit.text())
        item.opening_balance = opening
        if error:
            local.append(Problem("opening_balance", error))
        item.ledger = self.ledger_editor.ledger()
        local.extend(Problem("ledger", message) for message in self.ledger_editor.errors())
        item.images = self.images_editor.images()
        return item, local

    def snapshot(self) -> tuple[object, ...]:
        """The raw field values, compared with the loaded ones to tell unsaved changes."""
        periodic = self.publication_type() is PublicationType.PERIODIC
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


def parse_opening(text: str) -> tuple[Decimal | None, str | None]:
    """The opening balance typed in ``text`` (None when empty) and an error when unreadable."""
    normalised = normalise_amount_text(text)
    if not normalised:
        return None, None
    negative = normalised.startswith("-")
    try:
        value = parse_money(normalised[1:] if negative else normalised)
    except MoneyError:
        return None, _("“{value}” is not an amount (e.g. 12500.00).").format(value=text.strip())
    return (-value if negative else value), None
