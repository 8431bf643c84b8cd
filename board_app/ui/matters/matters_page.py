"""The 四议两公开 page: matters with their four-step progress, the step editor, two disclosures.

Left: the matters of the chosen organization (progress mark ●●○○, status, disclosures).
Right: the matter's own fields, the meetings held so far, the editor of the open (or next)
meeting with every rule failure in red at its field as the clerk types, and the buttons that
close a step, draft the 决议公开 and 实施结果公开 items (then reviewed and published as usual),
mark the matter implemented and print its record sheet.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.matters import Matter, MatterStatus, Step
from board_app.domain.money import MoneyError, parse_money
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.conflicts import EditConflict, EditConflictError
from board_app.services.matters import MatterInputError
from board_app.ui.dialogs.common import show_error
from board_app.ui.dialogs.conflict_dialog import outcome_message, resolve_conflict
from board_app.ui.editor.fields import ERROR_COLOR
from board_app.ui.matters.dialogs import ImplementedDialog, NewMatterDialog
from board_app.ui.matters.step_editor import StepEditor
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services

COLUMNS = ("progress", "title", "status", "resolution", "result")


class MattersPage(QWidget):
    """The page; ``open_item(item id)`` asks the window to show a disclosure item."""

    open_item = Signal(int)
    message = Signal(str)
    buttons_updated = Signal()  # the controls were set for the matter shown (role gate)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.matter: Matter | None = None
        self.org = QComboBox()
        self.new_button = QPushButton(_("New matter…"))
        self.rules_button = QPushButton(_("Draft scope and workflow items"))
        self.rules_button.setToolTip(
            _("The organization's 四议两公开范围 and 工作流程 as long-term items for the board")
        )
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Organization")))
        top.addWidget(self.org, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.rules_button)
        self.settings_button = QPushButton(_("Settings…"))
        top.addWidget(self.settings_button)

        self.list = QTreeWidget()
        self.list.setHeaderLabels(
            [
                _("Progress"),
                _("Matter"),
                _("Status"),
                _("Resolution disclosure"),
                _("Result disclosure"),
            ]
        )
        self.list.setRootIsDecorated(False)
        self.list.setColumnWidth(0, 80)
        self.list.setColumnWidth(1, 260)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self._detail())
        self.splitter.setSizes([520, 620])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.org.currentIndexChanged.connect(lambda _i: self.reload())
        self.list.currentItemChanged.connect(lambda cur, _prev: self._select(cur))
        self.new_button.clicked.connect(self.new_matter)
        self.rules_button.clicked.connect(self.draft_rules_items)
        self.settings_button.clicked.connect(self.edit_settings)
        self.refresh()

    # ----- building ---------------------------------------------------------------------------
    def _detail(self) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        head = QGroupBox(_("Matter"))
        form = QFormLayout(head)
        self.title = QLineEdit()
        self.kind = QComboBox()
        self.proposer = QLineEdit()
        self.budget = QLineEdit()
        self.budget_message = QLabel()
        self.budget_message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(60)
        self.save_matter_button = QPushButton(_("Save matter"))
        self.delete_matter_button = QPushButton(_("Delete matter…"))
        form.addRow(_("Title"), self.title)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Proposer"), self.proposer)
        form.addRow(_("Budget (yuan)"), self.budget)
        form.addRow("", self.budget_message)
        form.addRow(_("Description"), self.description)
        row = QHBoxLayout()
        row.addWidget(self.save_matter_button, 1)
        row.addWidget(self.delete_matter_button)
        form.addRow("", row)
        self.matter_message = QLabel()  # the outcome of a save refused over a newer version
        self.matter_message.setWordWrap(True)
        form.addRow("", self.matter_message)
        column.addWidget(head)

        held = QGroupBox(_("Meetings held"))
        held_layout = QVBoxLayout(held)
        self.meetings = QListWidget()
        self.meetings.setMaximumHeight(110)
        held_layout.addWidget(self.meetings)
        column.addWidget(held)

        step_box = QGroupBox(_("Step"))
        step_layout = QVBoxLayout(step_box)
        self.editor = StepEditor()
        step_layout.addWidget(self.editor)
        self.rules_status = QLabel()
        self.rules_status.setWordWrap(True)
        step_layout.addWidget(self.rules_status)
        buttons = QHBoxLayout()
        self.save_step_button = QPushButton(_("Save step"))
        self.close_step_button = QPushButton(_("Check and close step"))
        self.discard_step_button = QPushButton(_("Discard open step"))
        self.reopen_button = QPushButton(_("Reopen last step"))
        for button in (
            self.save_step_button,
            self.close_step_button,
            self.discard_step_button,
            self.reopen_button,
        ):
            buttons.addWidget(button)
        step_layout.addLayout(buttons)
        column.addWidget(step_box)

        out = QGroupBox(_("Two disclosures"))
        out_layout = QHBoxLayout(out)
        self.resolution_button = QPushButton(_("Resolution disclosure"))
        self.implemented_button = QPushButton(_("Mark implemented…"))
        self.result_button = QPushButton(_("Result disclosure"))
        self.sheet_button = QPushButton(_("Record sheet…"))
        for button in (
            self.resolution_button,
            self.implemented_button,
            self.result_button,
            self.sheet_button,
        ):
            out_layout.addWidget(button)
        column.addWidget(out)
        column.addStretch(1)

        self.save_matter_button.clicked.connect(self.save_matter)
        self.delete_matter_button.clicked.connect(self.delete_matter)
        self.save_step_button.clicked.connect(self.save_step)
        self.close_step_button.clicked.connect(self.close_step)
        self.discard_step_button.clicked.connect(self.discard_step)
        self.reopen_button.clicked.connect(self.reopen_step)
        self.resolution_button.clicked.connect(self.resolution_disclosure)
        self.result_button.clicked.connect(self.result_disclosure)
        self.implemented_button.clicked.connect(self.mark_implemented)
        self.sheet_button.clicked.connect(self.record_sheet)
        self.meetings.currentRowChanged.connect(self._show_meeting)
        self.editor.edited.connect(self.check)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.detail = inner
        return scroll

    # ----- data -------------------------------------------------------------------------------
    def set_services(self, services: Services) -> None:
        """Another database was opened."""
        self.services = services
        self.refresh()

    def refresh(self) -> None:
        """Re-read organizations and matters, keeping the selection."""
        current = self.org.currentData()
        self.org.blockSignals(True)
        self.org.clear()
        for org in self.services.orgs.all():
            self.org.addItem(org.name, org.id)
        index = self.org.findData(current)
        self.org.setCurrentIndex(max(index, 0))
        self.org.blockSignals(False)
        self.reload()

    def show_matter(self, matter_id: int) -> None:
        """Select a matter (and its organization)."""
        matter = self.services.matters.get(matter_id)
        self.org.blockSignals(True)
        self.org.setCurrentIndex(self.org.findData(matter.organization_id))
        self.org.blockSignals(False)
        self.reload(select=matter_id)

    def org_id(self) -> int | None:
        return self.org.currentData()

    def reload(self, select: int | None = None) -> None:
        """List the matters of the chosen organization."""
        keep = select if select is not None else (self.matter.id if self.matter else None)
        self.list.blockSignals(True)
        self.list.clear()
        org_id = self.org_id()
        self.kind.clear()
        if org_id is not None:
            self.kind.addItems(["", *self.services.matters.settings(org_id).scope])
        chosen = None
        for matter in self.services.matters.matters_of(org_id) if org_id is not None else []:
            row = QTreeWidgetItem(
                [
                    matter.progress_mark(),
                    matter.title,
                    matter.status.label,
                    self._item_state(matter.resolution_item_id),
                    self._item_state(matter.result_item_id),
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, matter.id)
            row.setToolTip(
                0,
                " → ".join(
                    f"{k.short}{'✓' if done else '…'}"
                    for k, done in zip(_kinds(), matter.progress(), strict=True)
                ),
            )
            self.list.addTopLevelItem(row)
            if matter.id == keep:
                chosen = row
        self.list.blockSignals(False)
        if chosen is None and self.list.topLevelItemCount():
            chosen = self.list.topLevelItem(0)
        if chosen is not None:
            self.list.setCurrentItem(chosen)
            self._select(chosen)
        else:
            self._show(None)

    def _item_state(self, item_id: int | None) -> str:
        if item_id is None:
            return "—"
        from board_app.services.items import status_label

        item = self.services.items.get(item_id)
        return f"{item.number or ''} {status_label(item.status)}".strip()

    def _select(self, row: QTreeWidgetItem | None) -> None:
        if row is None:
            self._show(None)
            return
        self._show(self.services.matters.get(row.data(0, Qt.ItemDataRole.UserRole)))

    def _show(self, matter: Matter | None) -> None:
        self.matter = matter
        self.matter_message.clear()
        self.detail.setEnabled(matter is not None)
        if matter is None:
            self.meetings.clear()
            self.title.clear()
            self.buttons_updated.emit()
            return
        self.title.setText(matter.title)
        if self.kind.findText(matter.kind) < 0 and matter.kind:
            self.kind.addItem(matter.kind)
        self.kind.setCurrentText(matter.kind)
        self.proposer.setText(matter.proposer)
        self.budget.setText("" if matter.budget is None else str(matter.budget))
        self.budget_message.clear()
        self.description.setPlainText(matter.description)
        self.meetings.blockSignals(True)
        self.meetings.clear()
        for n, step in enumerate(matter.steps, start=1):
            state = step.outcome.label if step.closed and step.outcome else _("(open)")
            when = step.held_on.isoformat() if step.held_on else ""
            self.meetings.addItem(f"{n}. {step.kind.label}  {when}  {step.tally()}  {state}")
        self.meetings.blockSignals(False)
        self._edit_current()
        self._update_buttons()

    def _edit_current(self) -> None:
        """Put the open meeting, else the next one due, else the last one, into the editor."""
        matter = self.matter
        assert matter is not None
        step = matter.open_step()
        next_kind = matter.next_kind()
        if step is None and next_kind is not None:
            step = Step(kind=next_kind)
        if step is None and matter.steps:
            step = matter.steps[-1]
        if step is None:
            return
        self.editor.set_step(step)
        if step in matter.steps:
            self.meetings.setCurrentRow(matter.steps.index(step))
        self.check()

    def _show_meeting(self, row: int) -> None:
        if self.matter is None or not 0 <= row < len(self.matter.steps):
            return
        self.editor.set_step(self.matter.steps[row])
        self.check()
        self._update_buttons()

    def _update_buttons(self) -> None:
        matter = self.matter
        editing = self.editor.step()
        open_step = not editing.closed
        self.save_step_button.setEnabled(open_step)
        self.close_step_button.setEnabled(open_step)
        self.discard_step_button.setEnabled(matter is not None and matter.open_step() is not None)
        self.reopen_button.setEnabled(
            matter is not None
            and bool(matter.steps)
            and matter.open_step() is None
            and matter.resolution_item_id is None
            and matter.implemented_on is None
        )
        status = matter.status if matter else None
        resolved = status in (MatterStatus.RESOLVED, MatterStatus.IMPLEMENTED)
        self.resolution_button.setEnabled(resolved)
        self.resolution_button.setText(
            _("Open resolution disclosure")
            if matter and matter.resolution_item_id
            else _("Resolution disclosure")
        )
        self.implemented_button.setEnabled(resolved)
        self.result_button.setEnabled(status is MatterStatus.IMPLEMENTED)
        self.result_button.setText(
            _("Open result disclosure")
            if matter and matter.result_item_id
            else _("Result disclosure")
        )
        self.buttons_updated.emit()

    def refresh_state(self) -> None:
        """Show the matter again: its fields and buttons afresh (e.g. other rights)."""
        self._show(self.matter)

    # ----- checking ---------------------------------------------------------------------------
    def check(self) -> None:
        """Re-check the step being typed against the rules; failures show in red."""
        if self.matter is None:
            return
        step = self.editor.step()
        if step.closed:
            self.editor.show_problems([])
            self.rules_status.setText("")
            return
        problems = self.editor.parse_problems() + self.services.matters.check_step(
            self.matter, step
        )
        self.editor.show_problems(problems)
        if problems:
            self.rules_status.setStyleSheet(f"color: {ERROR_COLOR};")
            self.rules_status.setText(
                _("{count} rule(s) not met yet; the step can be saved but not closed.").format(
                    count=len(problems)
                )
            )
        else:
            self.rules_status.setStyleSheet("color: #1a7f37;")
            self.rules_status.setText(_("Every rule is met; the step can be closed."))
        self._update_buttons()

    # ----- actions ----------------------------------------------------------------------------
    def _run(self, action: Any) -> Any:
        try:
            return action()
        except EditConflictError as exc:  # saved by someone else meanwhile: nothing written
            self._resolve_conflict(exc.conflict)
        except MatterInputError as exc:
            # Shown at the fields, and summed up under the editor: nothing was saved.
            self.editor.show_problems(exc.fields)
            self.rules_status.setStyleSheet(f"color: {ERROR_COLOR};")
            self.rules_status.setText(_("Not saved: {reason}").format(reason=str(exc)))
            self.message.emit(_("Not saved: {reason}").format(reason=str(exc)))
        except BoardAppError as exc:
            show_error(self, exc)
        return None

    def new_matter(self) -> None:
        org_id = self.org_id()
        if org_id is None:
            return
        dialog = NewMatterDialog(self.services.matters.settings(org_id).scope, self)
        if not dialog.exec():
            return
        matter = dialog.matter()
        matter.organization_id = org_id
        created = self._run(lambda: self.services.matters.create(matter))
        if created is not None:
            self.reload(select=created.id)

    def save_matter(self) -> None:
        if self.matter is None:
            return
        budget_text = self.budget.text().strip()
        try:
            budget = parse_money(budget_text) if budget_text else None
        except MoneyError:
            self.budget_message.setText(_("Enter an amount like 1200.50."))
            return
        self.budget_message.clear()
        changed = replace(  # its version: refused if someone saved the matter since
            self.matter,
            title=self.title.text(),
            kind=self.kind.currentText(),
            proposer=self.proposer.text().strip(),
            description=self.description.toPlainText().strip(),
            budget=budget,
        )
        if self._run(lambda: self.services.matters.update(changed)) is not None:
            self.reload()

    def _resolve_conflict(self, conflict: EditConflict) -> None:
        """Both versions side by side; "reload theirs" shows the stored matter (the clerk's
        text on the clipboard), else the edits stay in the form, unsaved."""
        reloaded = resolve_conflict(self, conflict)
        if reloaded:
            self.reload(select=stored_id(conflict.theirs))
        text = outcome_message(conflict, reloaded)
        self.matter_message.setStyleSheet("" if reloaded else f"color: {ERROR_COLOR};")
        self.matter_message.setText(text)
        self.message.emit(text)

    def delete_matter(self) -> None:
        """Delete the matter after asking (refused when a disclosure is published)."""
        if self.matter is None:
            return
        answer = QMessageBox.question(
            self,
            _("Delete matter"),
            _("Delete “{title}” and its meeting record?").format(title=self.matter.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        matter_id = stored_id(self.matter)
        try:
            self.services.matters.delete(matter_id)
        except BoardAppError as exc:
            show_error(self, exc)
            return
        self.matter = None
        self.reload()

    def save_step(self) -> Matter | None:
        if self.matter is None:
            return None
        unreadable = self.editor.parse_problems()
        if unreadable:
            self.editor.show_problems(unreadable)
            return None
        matter_id, base = stored_id(self.matter), self.matter.version
        step = self.editor.step()
        saved = self._run(
            lambda: self.services.matters.save_step(matter_id, step, base_version=base)
        )
        if saved is not None:
            self.reload(select=matter_id)
        return saved

    def close_step(self) -> None:
        saved = self.save_step()
        step = saved.open_step() if saved is not None else None
        if saved is None or step is None:
            return
        matter_id, step_id = stored_id(saved), stored_id(step)
        closed = self._run(lambda: self.services.matters.close_step(matter_id, step_id))
        if closed is not None:
            self.message.emit(_("Step closed."))
            self.reload(select=matter_id)

    def discard_step(self) -> None:
        if self.matter is not None:
            matter_id = stored_id(self.matter)
            self._run(lambda: self.services.matters.delete_open_step(matter_id))
            self.reload(select=matter_id)

    def reopen_step(self) -> None:
        if self.matter is not None:
            matter_id = stored_id(self.matter)
            if self._run(lambda: self.services.matters.reopen_last_step(matter_id)) is not None:
                self.reload(select=matter_id)

    def resolution_disclosure(self) -> None:
        self._disclose(self.services.matters.disclose_resolution)

    def result_disclosure(self) -> None:
        self._disclose(self.services.matters.disclose_result)

    def _disclose(self, action: Any) -> None:
        if self.matter is None:
            return
        matter_id = self.matter.id
        item = self._run(lambda: action(matter_id))
        if item is not None:
            self.reload(select=matter_id)
            self.message.emit(
                _("Draft item “{title}” made: submit it for review to publish.").format(
                    title=item.title
                )
            )
            self.open_item.emit(item.id)

    def mark_implemented(self) -> None:
        if self.matter is None:
            return
        dialog = ImplementedDialog(self.matter, self.services.ctx.today(), self)
        if not dialog.exec():
            return
        matter_id, (on, summary, spending) = stored_id(self.matter), dialog.values()
        done = self._run(
            lambda: self.services.matters.mark_implemented(
                matter_id, on=on, summary=summary, spending=spending
            )
        )
        if done is not None:
            self.reload(select=matter_id)

    def record_sheet(self, path: str | None = None) -> Path | None:
        if self.matter is None:
            return None
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Record sheet"), f"{self.matter.title}.pdf", "PDF (*.pdf)"
            )
        if not path:
            return None
        from board_app.services.matter_paper import write_record_sheet

        matter_id = self.matter.id
        assert matter_id is not None
        written = self._run(lambda: write_record_sheet(self.services, matter_id, path))
        if written is not None:
            self.message.emit(_("Record sheet written to {path}").format(path=written))
        return written

    def edit_settings(self) -> None:
        """The organization's scope list, day counts and meeting rules."""
        from board_app.ui.matters.settings_dialog import MatterSettingsDialog

        org_id = self.org_id()
        if org_id is None:
            return
        dialog = MatterSettingsDialog(self.services.matters.settings(org_id), self)
        if (
            dialog.exec()
            and self._run(lambda: self.services.matters.save_settings(org_id, dialog.settings()))
            is not None
        ):
            self.reload()

    def draft_rules_items(self) -> None:
        org_id = self.org_id()
        if org_id is None:
            return
        made = self._run(lambda: self.services.matters.scope_and_workflow_items(org_id))
        if made:
            self.message.emit(_("Drafted {count} long-term item(s).").format(count=len(made)))
            self.open_item.emit(made[0].id)


def _kinds() -> list[Any]:
    from board_app.domain.matters import StepKind

    return list(StepKind)
