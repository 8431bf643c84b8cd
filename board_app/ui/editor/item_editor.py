"""The item editor (公开事项编辑): every field, inline validation, ledger, images and workflow.

The editor talks to the services only (``services.items``, ``services.orgs``); the main window
embeds it and listens to ``saved`` (an item id after any save or workflow step) and ``closed``.
The fields are the child widget ``form`` (``item_form.ItemForm``), the workflow steps are
``steps`` (``item_workflow.ItemSteps``) and the problems are routed to their fields by
``item_validation``.
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
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import (
    Cadence,
    Category,
    Item,
    PublicationType,
)
from board_app.domain.periods import Period, label_zh
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.context import Services
from board_app.services.validation import Problem
from board_app.ui.editor.detach import EditorDetacher
from board_app.ui.editor.dialogs import ask_save_discard_cancel
from board_app.ui.editor.fields import ERROR_COLOR
from board_app.ui.editor.item_form import READ_ONLY_STATUSES, ItemForm, parse_opening
from board_app.ui.editor.item_header import ItemHeader
from board_app.ui.editor.item_validation import merge_problems, show_problems
from board_app.ui.editor.item_validation import show_message as show_in_bar
from board_app.ui.editor.item_workflow import ItemSteps
from board_app.ui.editor.period_picker import previous_period
from board_app.ui.editor.texts import field_label
from board_app.ui.editor.workflow_bar import WorkflowBar
from board_app.ui.office import hooks as office_hooks
from board_app.ui.wheel_guard import install_wheel_guard


class ItemEditor(QWidget):
    """Edit one item; ``load_item`` / ``new_item`` choose it, ``maybe_close`` guards changes."""

    saved = Signal(int)
    closed = Signal()
    shown = Signal()  # another item (or none) is shown: its organization may differ

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today: Callable[[], date] = self._service_today
        self._item: Item | None = None
        self._categories: dict[int, Category] = {}
        self._baseline: tuple[object, ...] = ()
        self._loading = False
        self._auto_title = ""
        self._problems: list[Problem] = []
        #: why the login's role may not change an item (None: it may); set by the window's
        #: role gate (``ui/role_controls``), asked whenever an item is shown
        self.role_lock: Callable[[Item], str | None] = lambda _item: None
        self._role_refusal: str | None = None
        install_wheel_guard()
        self._build()
        self.steps = ItemSteps(self)
        self._create_actions()
        self._connect_signals()
        self.detacher = EditorDetacher(self, self._update_detach_button)
        self._set_enabled_all(False)

    # =============================================================================================
    # building
    # =============================================================================================
    def _build(self) -> None:
        """Header, workflow bar, message bar, the scrolled form and the footer."""
        self.header = ItemHeader(self)
        self.message_bar = QLabel(self)
        self.message_bar.setWordWrap(True)
        self.message_bar.hide()
        self.role_notice = QLabel(self)  # why this login may only look at the item
        self.role_notice.setObjectName("role-notice")
        self.role_notice.setWordWrap(True)
        self.role_notice.setStyleSheet(
            "background: #fff4ce; color: #5c4400; padding: 4px; border-radius: 3px;"
        )
        self.role_notice.hide()
        self.workflow = WorkflowBar(self)
        self.form = ItemForm(lambda: office_hooks.ledger_import_button(self), self)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.form)
        self.general_problems = QLabel(self)
        self.general_problems.setWordWrap(True)
        self.general_problems.setStyleSheet(f"color: {ERROR_COLOR};")
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.close_button = QPushButton(_("Close"), self)

        footer = QHBoxLayout()
        footer.addWidget(self.general_problems, 1)
        footer.addStretch(1)
        footer.addWidget(office_hooks.notice_button(self))  # 导出为 Word…
        footer.addWidget(self.save_button)
        footer.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.workflow)
        layout.addWidget(self.role_notice)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(footer)

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
        self.header.detach_requested.connect(self.toggle_own_window)
        form = self.form
        form.edited.connect(self._on_edited)
        form.title_edit.textEdited.connect(self._title_edited)
        form.category_combo.currentIndexChanged.connect(self._category_chosen)
        form.type_combo.currentIndexChanged.connect(self._type_chosen)
        form.period_picker.changed.connect(self._update_auto_title)
        form.opening_edit.textChanged.connect(self._opening_changed)
        form.history_view.open_item.connect(self._open_version)
        steps, w = self.steps, self.workflow
        w.submit_requested.connect(steps.submit)
        w.approve_requested.connect(steps.approve_with_dialog)
        w.send_back_requested.connect(steps.send_back_with_dialog)
        w.publish_requested.connect(steps.publish_with_dialog)
        w.withdraw_requested.connect(steps.withdraw_with_dialog)
        w.revise_requested.connect(steps.revise)
        w.copy_next_requested.connect(steps.copy_to_next_period)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.form.arrange(event.size().width())
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
        refused = self.role_lock(item)
        if refused is not None:  # a new draft the login could not save: do not start one
            self.clear(refused)
            return
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
        self.form.title_edit.setFocus()

    def has_unsaved_changes(self) -> bool:
        """True when the fields differ from the stored item (always False when read-only)."""
        if self._item is None or self.is_read_only():
            return False
        return self._snapshot() != self._baseline

    def is_read_only(self) -> bool:
        """Published and withdrawn items, and items the login's role may not change."""
        return self._item is not None and (
            self._item.status in READ_ONLY_STATUSES or self._role_refusal is not None
        )

    def role_refusal(self) -> str | None:
        """Why the login may only look at the item shown (None: it may change it)."""
        return self._role_refusal

    def relock(self) -> None:
        """The login's rights may have changed: show the item again when its lock changed
        (a new draft the login may no longer save is dropped with the reason)."""
        if self._item is None:
            return
        refusal = self.role_lock(self._item)
        if refusal == self._role_refusal:
            return
        if self._item.id is not None:
            self.load_item(self._item.id)
        else:
            self.clear(refusal or "")

    def refresh_state(self) -> None:
        """Check the fields again and set Save and the workflow buttons from them."""
        self._refresh()

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
        answer = ask_save_discard_cancel(self, self.form.title_edit.text().strip() or _("New item"))
        if answer == "save":
            return self.save()
        if answer == "discard":
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
        item = self._item
        if item.id is not None:
            self.load_item(item.id)
        elif item.organization_id is not None:
            self.new_item(item.organization_id, item.category_id, item.period)

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
            cat = self._categories.get(item.category_id) if item.category_id else None
            default_period = item.period or (self._suggested_period(cat) if cat else None)
            self.form.fill(item, cat.cadence if cat else None, default_period, self.today())
            self._auto_title = ""
        finally:
            self._loading = False
        self.message_bar.hide()
        self._set_enabled_all(True)
        self._role_refusal = self.role_lock(item)
        self._show_role_notice()
        self._apply_read_only(self.is_read_only())
        self._show_status()
        self._show_history()
        self._type_visibility()
        self._baseline = self._snapshot()
        self._refresh()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.shown.emit()

    def _show_role_notice(self) -> None:
        if self._role_refusal is None:
            self.role_notice.hide()
        else:
            self.role_notice.setText(self._role_refusal)
            self.role_notice.show()

    def _fill_categories(self, org_id: int | None, selected: int | None) -> None:
        categories = self.services.orgs.categories(org_id) if org_id is not None else []
        self._categories = {cat.id: cat for cat in categories if cat.id is not None}
        self.form.set_categories(categories, selected)

    def _publication_type(self) -> PublicationType:
        return self.form.publication_type()

    def _show_status(self) -> None:
        """Heading, number, status chip, organization and the review note of the item."""
        item = self._item
        assert item is not None
        org_name = self._organization_name(item.organization_id)
        self.header.show_item(item, org_name, self.services.ctx.today())
        self.form.show_review(item)
        if item.replaces_id and item.status not in READ_ONLY_STATUSES:
            self.show_message(_("This draft is a revision of a published item."))

    def _show_history(self) -> None:
        item = self._item
        assert item is not None
        if item.id is None:
            self.form.history_group.hide()
            return
        self.form.history_view.set_history(
            item,
            self.services.items.revision_chain(item.id),
            self.services.items.history(item.id),
            {cat_id: cat.name for cat_id, cat in self._categories.items()},
        )
        self.form.history_group.show()

    def _organization_name(self, org_id: int | None) -> str:
        """The name of the item's organization ("" when unknown or deleted)."""
        if org_id is None:
            return ""
        try:
            return self.services.orgs.get(org_id).name
        except Exception:  # noqa: BLE001 - a deleted organization shows no name
            return ""

    def _apply_read_only(self, read_only: bool) -> None:
        """Lock (published, withdrawn) or unlock every field and Save."""
        self.form.set_read_only(read_only)
        self.save_button.setVisible(not read_only)
        self.save_action.setEnabled(not read_only)

    def _set_enabled_all(self, enabled: bool) -> None:
        self.scroll_area.setEnabled(enabled)
        self.save_button.setEnabled(enabled)
        self.workflow.setEnabled(enabled)
        if not enabled:
            self.header.heading.setText(_("No item selected"))
            self.form.history_group.hide()

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
        cat_id = self.form.category_combo.currentData()
        cat = self._categories.get(cat_id) if cat_id is not None else None
        self._loading = True
        try:
            if cat is not None:
                self.form.set_choices(cat.publication_type, cat.domain, cat.scope, cat.retention)
                self.form.period_picker.set_cadence(cat.cadence)
                if cat.cadence is not Cadence.AS_NEEDED:
                    self.form.period_picker.set_period(self._suggested_period(cat))
            else:
                self.form.period_picker.set_cadence(None)
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
        self.form.show_period_field(self._publication_type() is PublicationType.PERIODIC)

    def _update_auto_title(self) -> None:
        """Suggest "2026年6月财务收支明细" while the title is empty or still the suggestion."""
        if self._loading or self.is_read_only():
            return
        current = self.form.title_edit.text().strip()
        if current and current != self._auto_title:
            return
        cat_id = self.form.category_combo.currentData()
        cat = self._categories.get(cat_id) if cat_id is not None else None
        if cat is None:
            return
        if self._publication_type() is PublicationType.PERIODIC:
            suggestion = label_zh(Period.parse(self.form.period_picker.period())) + cat.name
        else:
            suggestion = cat.name
        self._auto_title = suggestion
        self.form.title_edit.setText(suggestion)

    def _opening_changed(self) -> None:
        value, _error = self._parse_opening()
        self.form.ledger_editor.set_opening_balance(value)

    def _parse_opening(self) -> tuple[Decimal | None, str | None]:
        return parse_opening(self.form.opening_edit.text())

    def _collect(self) -> tuple[Item, list[Problem]]:
        """The edited item and the problems only the editor can see (unreadable cells)."""
        assert self._item is not None
        return self.form.collect(self._item)

    def _snapshot(self) -> tuple[object, ...]:
        return self.form.snapshot() if self._item is not None else ()

    def validate(self) -> None:
        """Check the fields (editor and service rules); ``problems`` has the outcome."""
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
        self.validate()
        show_problems(self.form.boxes, self.general_problems, self._problems)
        text = self.form.body_edit.toPlainText()
        count = sum(1 for ch in text if not ch.isspace())
        self.form.body_count.setText(
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
            title = self.form.title_edit.text().strip() or _("Untitled item")
            self.header.heading.setText(("● " if dirty else "") + title)

    def submission_reasons(self) -> list[str]:
        """Why 提交审核 is not possible now (errors, empty body, no 责任人, ledger dates)."""
        return [
            f"{field_label(p.field)}: {p.message}"
            for p in self._problems
            if not p.warning or p.blocks_submission
        ]

    # =============================================================================================
    # lifecycle: own window, emptied, failed steps
    # =============================================================================================
    def save(self) -> bool:
        """Save the item; False (with the problems shown) when it is invalid or refused."""
        return self.steps.save()

    def toggle_own_window(self) -> None:
        """Move the editor into a large window of its own, or back beside the item list."""
        if self.detacher.is_detached():
            self.detacher.attach()
        else:
            self.detacher.detach()

    def _update_detach_button(self) -> None:
        self.header.set_detached(self.detacher.is_detached())

    def clear(self, message: str = "") -> None:
        """Show no item: every field and step is disabled until an item is loaded again."""
        self._item = None
        self._problems = []
        self._baseline = ()
        self._loading = True
        try:
            self.form.clear_fields()
        finally:
            self._loading = False
        self.workflow.set_item(None, dirty=False)
        self._role_refusal = None
        self._show_role_notice()
        self._set_enabled_all(False)
        self.header.clear()
        show_problems(self.form.boxes, self.general_problems, [])
        if message:
            self.show_message(message)
        else:
            self.message_bar.hide()
        self.shown.emit()

    def item_deleted(self, item_id: int) -> None:
        """The item was deleted elsewhere (删除草稿): stop showing it."""
        if self.item_id() == item_id:
            self.clear(_("The draft was moved to the recycle bin (Edit → Recycle bin…)."))

    # =============================================================================================
    # helpers
    # =============================================================================================
    def _service_today(self) -> date:
        return self.services.ctx.today()

    def show_message(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` in the message bar (red for an error)."""
        show_in_bar(self.message_bar, text, error=error)

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
