"""The item editor's form: field widgets, their grid and layout, and reading the item back.

``build_item_form`` creates the widgets as attributes of the editor (``title_edit``,
``category_combo``, ``boxes``…) in the order that sets the tab order; the editor connects them.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.items import Domain, Item, PublicationType, Retention, Scope, Status
from board_app.domain.money import MoneyError, parse_money
from board_app.i18n import _
from board_app.services.validation import Problem
from board_app.ui.editor.fields import (
    ERROR_COLOR,
    WARNING_COLOR,
    ElidedLabel,
    FieldBox,
    OptionalDateEdit,
)
from board_app.ui.editor.history_view import HistoryView
from board_app.ui.editor.images_editor import ImagesEditor
from board_app.ui.editor.ledger_editor import LedgerEditor, normalise_amount_text
from board_app.ui.editor.period_picker import PeriodPicker
from board_app.ui.editor.workflow_bar import WorkflowBar
from board_app.ui.office import hooks as office_hooks

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from board_app.ui.editor.item_editor import ItemEditor

WIDE_LAYOUT = 760  # pixels from which the fields sit in two columns
READ_ONLY_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
_STATUS_COLORS = {
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


def _choice_combo(
    parent: QWidget, values: Iterable[Enum], label: Callable[[Enum], str]
) -> QComboBox:
    combo = QComboBox(parent)
    for value in values:
        combo.addItem(label(value), value.value)
    return combo


def build_item_form(editor: ItemEditor) -> None:
    """Create the editor's header, fields, groups, footer and layout."""
    _create_header(editor)
    _create_fields(editor)
    _lay_out(editor)


def _create_header(editor: ItemEditor) -> None:
    editor.heading = ElidedLabel(editor)
    heading_font = QFont(editor.heading.font())
    heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
    heading_font.setBold(True)
    editor.heading.setFont(heading_font)
    editor.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    editor.org_label = ElidedLabel(editor)
    editor.org_label.setStyleSheet("color: #555;")
    editor.detach_button = QPushButton(_("Own window"), editor)
    editor.detach_button.setToolTip(
        _("Edit in a large window of its own (room for the ledger); close it to come back")
    )
    editor.status_chip = QLabel(editor)
    editor.number_label = QLabel(editor)
    editor.message_bar = QLabel(editor)
    editor.message_bar.setWordWrap(True)
    editor.message_bar.hide()
    editor.workflow = WorkflowBar(editor)


def _create_fields(editor: ItemEditor) -> None:
    editor.title_edit = QLineEdit(editor)
    editor.title_edit.setPlaceholderText(_("e.g. 2026年6月财务收支明细"))
    editor.category_combo = QComboBox(editor)
    editor.category_combo.setMinimumContentsLength(14)
    editor.type_combo = _choice_combo(editor, PublicationType, labels.publication_type)
    editor.domain_combo = _choice_combo(editor, Domain, labels.domain)
    editor.scope_combo = _choice_combo(editor, Scope, labels.scope)
    editor.retention_combo = _choice_combo(editor, Retention, labels.retention)
    editor.period_picker = PeriodPicker(editor)
    editor.publish_date = OptionalDateEdit(_("Set"), editor)
    editor.publish_date.setToolTip(
        _("Leave unset to use the day of publishing; a future date schedules the item.")
    )
    editor.expire_date = OptionalDateEdit(_("Set"), editor)
    editor.expire_date.setToolTip(_("Leave unset to show the item for the usual display days."))
    editor.responsible_edit = QLineEdit(editor)
    editor.reviewer_edit = QLineEdit(editor)
    editor.reviewer_edit.setReadOnly(True)
    editor.reviewer_edit.setPlaceholderText(_("Filled in when the item is approved"))
    editor.review_label = QLabel(editor)
    editor.review_label.setWordWrap(True)
    editor.opening_edit = QLineEdit(editor)
    editor.opening_edit.setPlaceholderText(_("optional, e.g. 12,500.00"))
    editor.opening_edit.setMaximumWidth(220)
    editor.body_edit = QPlainTextEdit(editor)
    editor.body_edit.setMinimumHeight(140)
    editor.body_edit.setPlaceholderText(
        _("The text shown on the board; a blank line starts a new paragraph.")
    )
    editor.body_count = QLabel(editor)
    editor.body_count.setStyleSheet("color: #555;")
    editor.ledger_editor = LedgerEditor(editor)
    editor.images_editor = ImagesEditor(editor)
    editor.history_view = HistoryView(editor)


def _lay_out(editor: ItemEditor) -> None:
    editor.boxes = {}

    def box(key: str, widget: QWidget) -> FieldBox:
        editor.boxes[key] = FieldBox(widget, editor)
        return editor.boxes[key]

    info = QGroupBox(_("Item"), editor)
    fields = FieldGrid(info)
    editor.field_grid = fields

    def add(row: int, col: int, key: str, text: str, widget: QWidget, span: int = 1) -> None:
        fields.add(row, col, key, text, box(key, widget), span)

    add(0, 0, "title", _("Title"), editor.title_edit, span=3)
    add(1, 0, "category_id", _("Category"), editor.category_combo)
    add(1, 1, "publication_type", _("Publication type"), editor.type_combo)
    add(2, 0, "domain", _("Domain"), editor.domain_combo)
    add(2, 1, "scope", _("Scope"), editor.scope_combo)
    add(3, 0, "period", _("Period"), editor.period_picker, span=3)
    add(4, 0, "publish_date", _("Publish date"), editor.publish_date)
    add(4, 1, "expire_date", _("End date"), editor.expire_date)
    add(5, 0, "responsible", _("Responsible"), editor.responsible_edit)
    add(5, 1, "retention", _("Retention"), editor.retention_combo)
    add(6, 0, "reviewer", _("Reviewer"), editor.reviewer_edit)
    fields.add_unlabelled(6, 1, editor.review_label)
    fields.arrange(two_columns=True)

    body_group = QGroupBox(_("Body"), editor)
    body_layout = QVBoxLayout(body_group)
    body_layout.addWidget(box("body", editor.body_edit))
    body_layout.addWidget(editor.body_count, 0, Qt.AlignmentFlag.AlignRight)

    ledger_group = QGroupBox(_("Receipts and payments"), editor)
    ledger_layout = QVBoxLayout(ledger_group)
    opening_row = QHBoxLayout()
    opening_row.addWidget(QLabel(_("Opening balance"), ledger_group))
    opening_row.addWidget(box("opening_balance", editor.opening_edit), 1)
    opening_row.addWidget(office_hooks.ledger_import_button(editor))  # 从 Excel 导入…
    ledger_layout.addLayout(opening_row)
    ledger_layout.addWidget(box("ledger", editor.ledger_editor))

    images_group = QGroupBox(_("Images"), editor)
    images_layout = QVBoxLayout(images_group)
    images_layout.addWidget(box("images", editor.images_editor))

    editor.history_group = QGroupBox(_("History"), editor)
    history_layout = QVBoxLayout(editor.history_group)
    history_layout.addWidget(editor.history_view)

    content = QWidget(editor)
    content_layout = QVBoxLayout(content)
    content_layout.setContentsMargins(0, 0, 6, 0)
    content_layout.addWidget(info)
    content_layout.addWidget(body_group)
    content_layout.addWidget(ledger_group)
    content_layout.addWidget(images_group)
    content_layout.addWidget(editor.history_group)
    content_layout.addStretch(1)
    editor.ledger_group = ledger_group
    editor.scroll = QScrollArea(editor)
    editor.scroll.setWidgetResizable(True)
    editor.scroll.setFrameShape(QFrame.Shape.NoFrame)
    editor.scroll.setWidget(content)

    editor.general_problems = QLabel(editor)
    editor.general_problems.setWordWrap(True)
    editor.general_problems.setStyleSheet(f"color: {ERROR_COLOR};")
    editor.save_button = QPushButton(_("Save"), editor)
    editor.save_button.setToolTip(_("Save (Ctrl+S)"))
    editor.save_button.setDefault(True)
    editor.close_button = QPushButton(_("Close"), editor)

    header = QHBoxLayout()
    header.addWidget(editor.heading, 1)
    header.addWidget(editor.number_label)
    header.addWidget(editor.status_chip)
    org_row = QHBoxLayout()
    org_row.addWidget(editor.org_label, 1)
    org_row.addWidget(editor.detach_button)
    footer = QHBoxLayout()
    footer.addWidget(editor.general_problems, 1)
    footer.addStretch(1)
    footer.addWidget(office_hooks.notice_button(editor))  # 导出为 Word…
    footer.addWidget(editor.save_button)
    footer.addWidget(editor.close_button)
    layout = QVBoxLayout(editor)
    layout.addLayout(header)
    layout.addLayout(org_row)
    layout.addWidget(editor.workflow)
    layout.addWidget(editor.message_bar)
    layout.addWidget(editor.scroll, 1)
    layout.addLayout(footer)


def set_form_read_only(editor: ItemEditor, read_only: bool) -> None:
    """Lock (published, withdrawn) or unlock every field, Save and the history title."""
    for edit in (editor.title_edit, editor.responsible_edit, editor.opening_edit):
        edit.setReadOnly(read_only)
    editor.body_edit.setReadOnly(read_only)
    for combo in (
        editor.category_combo,
        editor.type_combo,
        editor.domain_combo,
        editor.scope_combo,
        editor.retention_combo,
    ):
        combo.setEnabled(not read_only)
    editor.period_picker.set_read_only(read_only)
    editor.publish_date.set_read_only(read_only)
    editor.expire_date.set_read_only(read_only)
    editor.ledger_editor.set_read_only(read_only)
    editor.images_editor.set_read_only(read_only)
    editor.save_button.setVisible(not read_only)
    editor.save_action.setEnabled(not read_only)
    if read_only:
        editor.history_group.setTitle(_("History and audit trail"))
    else:
        editor.history_group.setTitle(_("History"))


def show_item_status(editor: ItemEditor, item: Item) -> None:
    """Heading, number, status chip and the review / withdrawal note of ``item``."""
    if item.id is None:
        editor.heading.setText(_("New item"))
    else:
        editor.heading.setText(item.title or _("Untitled item"))
    org_name = organization_name(editor, item.organization_id)
    editor.org_label.setText(_("Organization: {name}").format(name=org_name) if org_name else "")
    color = _STATUS_COLORS[item.status]
    today = editor.services.ctx.today()  # a scheduled item reads 待公开（12月8日）
    editor.status_chip.setText(labels.status_on(item.status, item.publish_date, today))
    editor.status_chip.setStyleSheet(
        f"color: white; background: {color}; border-radius: 4px; padding: 2px 8px;"
    )
    editor.number_label.setText(_("No. {number}").format(number=item.number) if item.number else "")
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
    editor.review_label.setText(review)
    editor.review_label.setStyleSheet(style)
    editor.review_label.setVisible(bool(review))


def organization_name(editor: ItemEditor, org_id: int | None) -> str:
    """The name of the item's organization ("" when unknown or deleted)."""
    if org_id is None:
        return ""
    try:
        return editor.services.orgs.get(org_id).name
    except Exception:  # noqa: BLE001 - a deleted organization shows no name
        return ""


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


def collect_item(editor: ItemEditor, stored: Item) -> tuple[Item, list[Problem]]:
    """``stored`` with the form's values and the problems only the form can see."""
    item = copy.deepcopy(stored)
    local: list[Problem] = []
    item.title = editor.title_edit.text().strip()
    item.category_id = editor.category_combo.currentData()
    item.publication_type = PublicationType(editor.type_combo.currentData())
    item.domain = Domain(editor.domain_combo.currentData())
    item.scope = Scope(editor.scope_combo.currentData())
    item.retention = Retention(editor.retention_combo.currentData())
    item.period = (
        editor.period_picker.period() if item.publication_type is PublicationType.PERIODIC else None
    )
    item.publish_date = editor.publish_date.value()
    item.expire_date = editor.expire_date.value()
    item.responsible = editor.responsible_edit.text().strip()
    item.body = editor.body_edit.toPlainText()
    opening, error = parse_opening(editor.opening_edit.text())
    item.opening_balance = opening
    if error:
        local.append(Problem("opening_balance", error))
    item.ledger = editor.ledger_editor.ledger()
    local.extend(Problem("ledger", message) for message in editor.ledger_editor.errors())
    item.images = editor.images_editor.images()
    return item, local


def form_snapshot(editor: ItemEditor) -> tuple:
    """The raw field values, compared with the loaded ones to tell unsaved changes."""
    periodic = PublicationType(editor.type_combo.currentData()) is PublicationType.PERIODIC
    return (
        editor.title_edit.text(),
        editor.category_combo.currentData(),
        editor.type_combo.currentData(),
        editor.domain_combo.currentData(),
        editor.scope_combo.currentData(),
        editor.retention_combo.currentData(),
        editor.period_picker.period() if periodic else None,
        editor.publish_date.value(),
        editor.expire_date.value(),
        editor.responsible_edit.text(),
        editor.opening_edit.text().strip(),
        editor.body_edit.toPlainText(),
        tuple(editor.ledger_editor.model.raw_cells()),
        tuple(editor.images_editor.snapshot()),
    )
