"""The disclosure catalogue (公开目录) of one organization: add, edit, delete, reorder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.items import (
    Cadence,
    Category,
    Domain,
    DueRule,
    PublicationType,
    Retention,
    Scope,
)
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.ui.buttons import ok_cancel_buttons
from board_app.ui.dialogs.common import EnumCombo, show_error
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services


def due_rule_text(rule: DueRule | None) -> str:
    """“By day 10 of the 1st month after the period” as users read it."""
    if rule is None:
        return _("No due date")
    if rule.day >= 31:
        if rule.month_offset == 0:
            return _("By the end of the period's last month")
        return _("By the end of month {offset} after the period").format(offset=rule.month_offset)
    if rule.month_offset == 0:
        return _("By day {day} of the period's last month").format(day=rule.day)
    return _("By day {day} of month {offset} after the period").format(
        day=rule.day, offset=rule.month_offset
    )


def _combo(values: list[Any], label: Any) -> EnumCombo:
    return EnumCombo(values, label)


class CategoryDialog(QDialog):
    """One catalogue row: name, domain, type, scope, cadence, due rule, retention."""

    def __init__(self, category: Category | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit category") if category else _("New category"))
        self.setMinimumWidth(460)
        self.category = category
        self.name = QLineEdit()
        self.domain = _combo(list(Domain), labels.domain)
        self.type = _combo(list(PublicationType), labels.publication_type)
        self.scope = _combo(list(Scope), labels.scope)
        self.cadence = _combo(list(Cadence), labels.cadence)
        self.retention = _combo(list(Retention), labels.retention)
        self.has_due = QCheckBox(_("Has a due date"))
        self.month_offset = QSpinBox()
        self.month_offset.setRange(0, 12)
        self.month_offset.setPrefix(_("month +"))
        self.day = QSpinBox()
        self.day.setRange(1, 31)
        self.day.setPrefix(_("day "))
        self.due_text = QLabel()
        self.due_text.setStyleSheet("color: #555;")
        due_row = QHBoxLayout()
        due_row.setContentsMargins(0, 0, 0, 0)
        for w in (self.has_due, self.month_offset, self.day):
            due_row.addWidget(w)
        due_row.addStretch(1)
        due_box = QWidget()
        due_box.setLayout(due_row)

        form = QFormLayout()
        form.addRow(_("Name:"), self.name)
        form.addRow(_("Domain:"), self.domain)
        form.addRow(_("Publication type:"), self.type)
        form.addRow(_("Scope:"), self.scope)
        form.addRow(_("Cadence:"), self.cadence)
        form.addRow(_("Due rule:"), due_box)
        form.addRow("", self.due_text)
        form.addRow(_("Retention:"), self.retention)
        buttons = ok_cancel_buttons(self, on_ok=self._ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        for w in (self.month_offset, self.day):
            w.valueChanged.connect(self._update_due)
        self.has_due.toggled.connect(self._update_due)
        self._fill(category)

    def _fill(self, cat: Category | None) -> None:
        def pick(box: EnumCombo, value: Any) -> None:
            box.set_value(value)

        if cat is None:
            self.month_offset.setValue(1)
            self.day.setValue(10)
            pick(self.retention, Retention.Y10)
        else:
            self.name.setText(cat.name)
            pick(self.domain, cat.domain)
            pick(self.type, cat.publication_type)
            pick(self.scope, cat.scope)
            pick(self.cadence, cat.cadence)
            pick(self.retention, cat.retention)
            self.has_due.setChecked(cat.due_rule is not None)
            rule = cat.due_rule or DueRule()
            self.month_offset.setValue(rule.month_offset)
            self.day.setValue(rule.day)
        self._update_due()

    def due_rule(self) -> DueRule | None:
        if not self.has_due.isChecked():
            return None
        return DueRule(self.month_offset.value(), self.day.value())

    def _update_due(self) -> None:
        on = self.has_due.isChecked()
        self.month_offset.setEnabled(on)
        self.day.setEnabled(on)
        self.due_text.setText(due_rule_text(self.due_rule()))

    def to_category(self, org_id: int) -> Category:
        cat = self.category or Category(
            name="", domain=Domain.PARTY, publication_type=PublicationType.LONG_TERM
        )
        cat.organization_id = cat.organization_id or org_id
        cat.name = self.name.text().strip()
        cat.domain = self.domain.value()
        cat.publication_type = self.type.value()
        cat.scope = self.scope.value()
        cat.cadence = self.cadence.value()
        cat.retention = self.retention.value()
        cat.due_rule = self.due_rule()
        return cat

    def _ok(self) -> None:
        if not self.name.text().strip():
            QMessageBox.warning(self, self.windowTitle(), _("The category name is empty."))
            return
        if (
            self.type.value() is PublicationType.PERIODIC
            and self.cadence.value() is Cadence.AS_NEEDED
        ):
            QMessageBox.warning(
                self,
                self.windowTitle(),
                _(
                    "A periodic category needs a cadence: monthly, quarterly, half-yearly or "
                    "yearly."
                ),
            )
            return
        self.accept()


COLUMNS = ["Name", "Domain", "Type", "Scope", "Cadence", "Due rule", "Retention"]
CADENCE_COLUMN = COLUMNS.index("Cadence")
PERIODIC_CADENCES = [Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.HALF_YEARLY, Cadence.YEARLY]


class CatalogueDialog(QDialog):
    """The catalogue table with Add, Edit, Delete, Up and Down; changes are saved at once."""

    def __init__(self, services: Services, org_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.org_id = org_id
        self.changed = False
        org = services.orgs.get(org_id)
        self.setWindowTitle(_("Disclosure catalogue – {name}").format(name=org.name))
        self.resize(940, 560)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                _("Name"),
                _("Domain"),
                _("Type"),
                _("Scope"),
                _("Cadence"),
                _("Due rule"),
                _("Retention"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.edit())

        self.add_button = QPushButton(_("Add…"))
        self.edit_button = QPushButton(_("Edit…"))
        self.delete_button = QPushButton(_("Delete"))
        self.up_button = QPushButton(_("Move up"))
        self.down_button = QPushButton(_("Move down"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.up_button.clicked.connect(lambda: self.move_category(-1))
        self.down_button.clicked.connect(lambda: self.move_category(1))
        side = QVBoxLayout()
        for b in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.up_button,
            self.down_button,
        ):
            side.addWidget(b)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.accept)
        hint = QLabel(
            _(
                "Choose the cadence of a periodic category right in the table, e.g. 财务收支明细 "
                "monthly or quarterly. Reports already filed keep their periods."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(hint)
        layout.addWidget(close)
        self.categories: list[Category] = []
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.categories = self.services.orgs.categories(self.org_id)
        self.table.setRowCount(len(self.categories))
        for row, c in enumerate(self.categories):
            values = [
                c.name,
                labels.domain(c.domain),
                labels.publication_type(c.publication_type),
                labels.scope(c.scope),
                labels.cadence(c.cadence),
                due_rule_text(c.due_rule),
                labels.retention(c.retention),
            ]
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
            if c.publication_type is PublicationType.PERIODIC:
                self.table.setCellWidget(row, CADENCE_COLUMN, self._cadence_box(c))
            if c.id == select_id:
                self.table.selectRow(row)

    def _cadence_box(self, cat: Category) -> EnumCombo:
        """The cadence of a periodic category, changed right in the table."""
        box = EnumCombo(PERIODIC_CADENCES, labels.cadence)
        box.set_value(cat.cadence)
        box.setToolTip(
            _("How often this organization discloses “{name}” (e.g. monthly or quarterly)").format(
                name=cat.name
            )
        )
        box.currentIndexChanged.connect(
            lambda _i, cat_id=cat.id, b=box: self.set_cadence(cat_id, b.value())
        )
        return box

    def cadence_box(self, cat_id: int) -> EnumCombo | None:
        """The cadence box of a category's row (tests)."""
        for row, c in enumerate(self.categories):
            if c.id == cat_id:
                widget = self.table.cellWidget(row, CADENCE_COLUMN)
                return widget if isinstance(widget, EnumCombo) else None
        return None

    def set_cadence(self, cat_id: int, cadence: Cadence) -> bool:
        """Save a new cadence for a category (through the service)."""
        try:
            self.services.orgs.set_cadence(cat_id, cadence)
        except BoardAppError as exc:
            show_error(self, exc)
            self.reload(cat_id)
            return False
        self.changed = True
        QTimer.singleShot(0, lambda: self.reload(cat_id))  # not inside the box's own signal
        return True

    def current(self) -> Category | None:
        row = self.table.currentRow()
        return self.categories[row] if 0 <= row < len(self.categories) else None

    def _save(self, cat: Category) -> bool:
        try:
            self.services.orgs.save_category(cat)
        except BoardAppError as exc:
            show_error(self, exc)
            return False
        self.changed = True
        self.reload(cat.id)
        return True

    def add(self) -> None:
        dialog = CategoryDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._save(dialog.to_category(self.org_id))

    def edit(self) -> None:
        cat = self.current()
        if cat is None:
            return
        dialog = CategoryDialog(cat, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._save(dialog.to_category(self.org_id))

    def delete(self) -> None:
        cat = self.current()
        if cat is None:
            return
        answer = QMessageBox.question(
            self,
            _("Delete category"),
            _("Delete the category “{name}”? Its items keep their data.").format(name=cat.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.orgs.delete_category(stored_id(cat))
        except BoardAppError as exc:
            show_error(self, exc)
            return
        self.changed = True
        self.reload()

    def move_category(self, step: int) -> None:
        """Move the selected category ``step`` rows up (-1) or down (+1)."""
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < len(self.categories):
            return
        ids = [stored_id(c) for c in self.categories]
        ids[row], ids[target] = ids[target], ids[row]
        try:
            self.services.orgs.reorder_categories(self.org_id, ids)
        except BoardAppError as exc:
            show_error(self, exc)
            return
        self.changed = True
        self.reload(ids[target])
