"""The item editor's workflow: save, submit, approve, send back, publish, withdraw, revise, copy.

``ItemSteps`` runs these steps for an ``ItemEditor`` (its ``steps``); each step goes through the
item service, reloads the item, shows the outcome in the editor's message bar and emits the
editor's ``saved``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from board_app.domain.items import Item
from board_app.errors import NotFoundError, ValidationError
from board_app.i18n import _
from board_app.services.conflicts import EditConflictError
from board_app.services.context import Services
from board_app.services.items import DuplicatePeriodError
from board_app.ui.dialogs.conflict_dialog import outcome_message, resolve_conflict
from board_app.ui.editor.dialogs import PublishDialog, ReviewDialog, SendBackDialog, WithdrawDialog
from board_app.ui.editor.texts import field_label
from board_app.ui.error_text import user_message

if TYPE_CHECKING:
    from board_app.ui.editor.item_editor import ItemEditor


def copy_to_next_period_asking(parent: QWidget, services: Services, item_id: int) -> Item | None:
    """复制为下一期, asking before a second item of the same category and period is made.

    Returns the new draft, or None when the user declined. Other errors are raised.
    """
    try:
        return services.items.copy_to_next_period(item_id)
    except DuplicatePeriodError as exc:
        answer = QMessageBox.question(
            parent,
            _("Copy to next period"),
            str(exc) + "\n\n" + _("Make another item for the same period anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return services.items.copy_to_next_period(item_id, allow_duplicate=True)


class ItemSteps:
    """Saving and the workflow steps of an ``ItemEditor`` (the item, fields and message bar)."""

    def __init__(self, editor: ItemEditor) -> None:
        self.editor = editor

    @property
    def services(self) -> Services:
        return self.editor.services

    def _item_id(self) -> int:
        """The id of the stored item shown (the steps run only on stored items)."""
        item_id = self.editor.item_id()
        assert item_id is not None
        return item_id

    def _loaded(self, item: Item) -> None:
        """Show the stored ``item`` after a step (it has an id)."""
        assert item.id is not None
        self.editor.load_item(item.id)

    def save(self) -> bool:
        """Save the item; False (with the problems shown) when it is invalid or refused."""
        editor = self.editor
        if editor.item() is None or editor.is_read_only():
            return False
        editor.validate()
        if not editor.is_valid():
            editor.show_message(_("Correct the marked fields before saving."), error=True)
            return False
        item = editor.current_item()
        try:
            stored = self.services.items.save(item)
        except EditConflictError as exc:  # 此事项已被他人修改: both versions, nothing saved
            self.resolve_conflict(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
            self.show_error(exc)
            return False
        self._loaded(stored)
        warnings = [p for p in editor.problems() if p.warning]
        if warnings:
            self.editor.show_message(
                _("Saved, with warnings: {warnings}").format(
                    warnings="; ".join(f"{field_label(p.field)}: {p.message}" for p in warnings)
                )
            )
        else:
            self.editor.show_message(_("Saved."))
        editor.saved.emit(stored.id)
        return True

    def submit(self) -> bool:
        """提交审核 (saving first when needed); refused with the reasons while any remain."""
        editor = self.editor
        if editor.item() is None:
            return False
        if (editor.item_id() is None or editor.has_unsaved_changes()) and not self.save():
            return False
        reasons = editor.submission_reasons()
        if reasons:
            self.editor.show_message(
                _("Not submitted: {reasons}").format(reasons="; ".join(reasons)), error=True
            )
            return False
        return self._step(
            lambda: self.services.items.submit(self._item_id()), _("Submitted for review.")
        )

    def approve(self, reviewer: str, on: date, opinion: str = "") -> bool:
        """审核通过 with the reviewer, date and opinion."""
        return self._step(
            lambda: self.services.items.approve(
                self._item_id(), reviewer=reviewer, on=on, opinion=opinion
            ),
            _("Approved by {reviewer}.").format(reviewer=reviewer),
        )

    def send_back(self, reason: str) -> bool:
        """退回 to draft with the reason."""
        return self._step(
            lambda: self.services.items.send_back(self._item_id(), reason=reason),
            _("Sent back to draft."),
        )

    def publish(self, on: date | None = None) -> bool:
        """发布: the number and publish date are shown in the message bar."""

        def run() -> Item:
            return self.services.items.publish(self._item_id(), on=on)

        if not self._step(run, None):
            return False
        item = self.editor.item()
        assert item is not None
        self.editor.show_message(
            _("Published as {number} on {date}.").format(number=item.number, date=item.publish_date)
        )
        return True

    def withdraw(self, on: date, reason: str) -> bool:
        """撤下 with the date and reason."""
        return self._step(
            lambda: self.services.items.withdraw(self._item_id(), on=on, reason=reason),
            _("Withdrawn."),
        )

    def revise(self) -> bool:
        """修订: open a new draft revision of this published item."""
        return self._step(
            lambda: self.services.items.revise(self._item_id()),
            _("A revision was started; it replaces the published item when it is published."),
        )

    def copy_to_next_period(self) -> bool:
        """复制为下一期: open a draft for the next period (asking first about a duplicate)."""
        editor = self.editor
        if editor.has_unsaved_changes():
            editor.show_message(_("Save or discard the changes first."), error=True)
            return False
        item_id = editor.item_id()
        if item_id is None:
            return False
        try:
            new = copy_to_next_period_asking(editor, self.services, item_id)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
            self.show_error(exc)
            return False
        if new is None:
            return False
        self._loaded(new)
        editor.show_message(
            _("Copied to the next period: a new draft without review; check its dates.")
        )
        editor.saved.emit(new.id)
        return True

    def approve_with_dialog(self) -> None:
        """Ask for the reviewer, date and opinion, then approve."""
        item = self.editor.item()
        if item is None:
            return
        org_id = item.organization_id
        reviewer = item.reviewer or (
            self.services.items.suggest_reviewer(org_id) if org_id is not None else ""
        )
        dialog = ReviewDialog(self.editor, reviewer=reviewer, today=self.editor.today())
        if self._exec(dialog):
            self.approve(*dialog.values())

    def send_back_with_dialog(self) -> None:
        """Ask for the reason, then send the item back to draft."""
        dialog = SendBackDialog(self.editor)
        if self._exec(dialog):
            self.send_back(dialog.values())

    def publish_with_dialog(self) -> None:
        """Ask for the publish date, then publish."""
        item = self.editor.item()
        if item is None:
            return
        dialog = PublishDialog(self.editor, preset=item.publish_date, today=self.editor.today())
        if self._exec(dialog):
            self.publish(dialog.values())

    def withdraw_with_dialog(self) -> None:
        """Ask for the date and reason, then withdraw."""
        item = self.editor.item()
        if item is None:
            return
        dialog = WithdrawDialog(
            self.editor, title=item.title, number=item.number or "—", today=self.editor.today()
        )
        if self._exec(dialog):
            self.withdraw(*dialog.values())

    def resolve_conflict(self, exc: EditConflictError) -> None:
        """Show both versions; on "reload theirs" the stored item replaces the form (the
        clerk's text is on the clipboard), else the unsaved edits stay."""
        editor = self.editor
        conflict = exc.conflict
        reloaded = resolve_conflict(editor, conflict)
        if reloaded:
            self._loaded(conflict.theirs)
        editor.show_message(outcome_message(conflict, reloaded), error=not reloaded)
        if reloaded:
            assert conflict.theirs.id is not None
            editor.saved.emit(conflict.theirs.id)

    def _exec(self, dialog: QDialog) -> bool:
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _step(self, run: Callable[[], Item], message: str | None) -> bool:
        if self.editor.item_id() is None:
            return False
        try:
            result = run()
        except EditConflictError as exc:
            self.resolve_conflict(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
            self.show_error(exc)
            return False
        self._loaded(result)
        if message:
            self.editor.show_message(message)
        assert result.id is not None
        self.editor.saved.emit(result.id)
        return True

    def show_error(self, exc: BaseException) -> None:
        """A failed step: a sentence in the message bar; a vanished item empties the editor."""
        editor = self.editor
        item_id = editor.item_id()
        if isinstance(exc, NotFoundError) and item_id:
            try:
                self.services.items.get(item_id)
            except NotFoundError:
                editor.clear()
                editor.show_message(
                    _("This item no longer exists (it may have been deleted)."), error=True
                )
                return
            except Exception:  # noqa: BLE001, S110 - the message below still applies
                pass
        text = user_message(exc)
        if isinstance(exc, ValidationError) and exc.problems:
            text = "\n".join(exc.problems)
        editor.show_message(text, error=True)
