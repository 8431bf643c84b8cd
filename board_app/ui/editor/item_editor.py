"""The item editor (公开事项编辑): every field, inline validation, ledger, images and workflow.

The editor talks to the services only (``services.items``, ``services.orgs``); the main window
embeds it and listens to ``saved`` (an item id after any save or workflow step) and ``closed``.
The form is built in ``item_form``, the workflow steps live in ``item_workflow`` and the
problems are routed to their fields by ``item_validation``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from board_app.domain.items import (
    Cadence,
    Category,
    Domain,
    Item,
    PublicationType,
    Retention,
    Scope,
)
from board_app.domain.money import format_money
from board_app.domain.periods import Period, label_zh
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.validation import Problem
from board_app.ui.editor.detach import EditorDetacher
from board_app.ui.editor.item_form import (
    READ_ONLY_STATUSES,
    WIDE_LAYOUT,
    build_item_form,
    collect_item,
    form_snapshot,
    parse_opening,
    set_form_read_only,
    show_item_status,
)
from board_app.ui.editor.item_lifecycle import ItemLifecycleMixin
from board_app.ui.editor.item_validation import merge_problems, show_message, show_problems
from board_app.ui.editor.item_workflow import ItemWorkflowMixin
from board_app.ui.editor.period_picker import previous_period
from board_app.ui.wheel_guard import install_wheel_guard


class ItemEditor(ItemLifecycleMixin, ItemWorkflowMixin, QWidget):
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
        install_wheel_guard()
        self._build()
        self.detacher = EditorDetacher(self, self._update_detach_button)
        self._set_enabled_all(False)

    # =============================================================================================
    # building
    # =============================================================================================
    def _build(self) -> None:
        build_item_form(self)
        self._create_actions()
        self._connect_signals()

    def _create_actions(self) -> None:
        self.save_action = QAction(_("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        self.undo_action = QAction(_("Undo"), self)
        self.undo_action.triggered.connect(lambda: self._focused_text_call("undo"))
        self.redo_action = QAction(_("Redo"), self)
        self.redo_action.triggered.connect(lambda: self._focused_text_call("redo"))

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.request_close)
        self.detach_button.clicked.connect(self.toggle_own_window)
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.field_grid.arrange(two_columns=event.size().width() >= WIDE_LAYOUT)
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
        """The Close button: once ``maybe_close`` agrees, the editor empties and emits
        ``closed``."""
        if self.maybe_close():
            self.clear()
            if self.detacher.is_detached():
                self.detacher.attach()
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

    def _suggested_period(self, cat: Category) -> str | None:
        """The first period of the category not yet reported, from the last one ended."""
        if cat.id is None:
            return str(previous_period(self.today(), cat.cadence))
        return self.services.items.suggest_period(cat.id, self.today()) or str(
            previous_period(self.today(), cat.cadence)
        )

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
        show_item_status(self, item)
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
        set_form_read_only(self, read_only)

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
        self.field_grid.labels["period"].setVisible(periodic)

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
        return parse_opening(self.opening_edit.text())

    def _collect(self) -> tuple[Item, list[Problem]]:
        """The edited item and the problems only the editor can see (unreadable cells)."""
        assert self._item is not None
        return collect_item(self, self._item)

    def _snapshot(self) -> tuple:
        return form_snapshot(self) if self._item is not None else ()

    def _validate(self) -> None:
        if self._item is None or self.is_read_only():
            self._problems = []
            return
        item, local = self._collect()
        try:
            problems = self.services.items.validate(item)
        except BoardAppError as exc:  # a category deleted meanwhile, for example
            problems = [Problem("general", str(exc))]
        self._problems = merge_problems(local + problems)

    def _refresh(self) -> None:
        """Re-check the fields; update messages, counters, Save and the workflow buttons."""
        if self._item is None:
            return
        self._validate()
        show_problems(self.boxes, self.general_problems, self._problems)
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
        self.workflow.set_item(
            self._item, dirty=dirty, valid=valid, blockers=self.submission_reasons()
        )
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
        show_message(self.message_bar, text, error=error)

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
