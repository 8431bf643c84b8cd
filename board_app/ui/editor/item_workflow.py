"""The item editor's workflow: save, submit, approve, send back, publish, withdraw, revise, copy.

``ItemWorkflowMixin`` adds these steps to ``ItemEditor``; each step goes through the item
service, reloads the item, shows the outcome in the message bar and emits ``saved``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from board_app.domain.items import Item
from board_app.i18n import _
from board_app.services.conflicts import EditConflictError
from board_app.services.items import DuplicatePeriodError
from board_app.ui.editor.conflict_dialog import ConflictDialog
from board_app.ui.editor.dialogs import PublishDialog, ReviewDialog, SendBackDialog, WithdrawDialog
from board_app.ui.editor.texts import field_label


def copy_to_next_period_asking(parent: QWidget, services: Any, item_id: int) -> Item | None:
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


class ItemWorkflowMixin:
    """Saving and the workflow steps of ``ItemEditor`` (which provides the state they use)."""

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
        except EditConflictError as exc:  # 此事项已被他人修改: both versions, nothing saved
            self.resolve_conflict(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
            self._show_error(exc)
            return False
        self.load_item(stored.id)  # type: ignore[arg-type]
        warnings = [p for p in self._problems if p.warning]
        if warnings:
            self._show_message(
                _("Saved, with warnings: {warnings}").format(
                    warnings="; ".join(f"{field_label(p.field)}: {p.message}" for p in warnings)
                )
            )
        else:
            self._show_message(_("Saved."))
        self.saved.emit(stored.id)
        return True

    def submit(self) -> bool:
        """提交审核 (saving first when needed); refused with the reasons while any remain."""
        if self._item is None:
            return False
        if (self._item.id is None or self.has_unsaved_changes()) and not self.save():
            return False
        reasons = self.submission_reasons()
        if reasons:
            self._show_message(
                _("Not submitted: {reasons}").format(reasons="; ".join(reasons)), error=True
            )
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
        """复制为下一期: open a draft for the next period (asking first about a duplicate)."""
        if self.has_unsaved_changes():
            self._show_message(_("Save or discard the changes first."), error=True)
            return False
        if self._item is None or self._item.id is None:
            return False
        try:
            new = copy_to_next_period_asking(self, self.services, self._item.id)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
            self._show_error(exc)
            return False
        if new is None:
            return False
        self.load_item(new.id)  # type: ignore[arg-type]
        self._show_message(
            _("Copied to the next period: a new draft without review; check its dates.")
        )
        self.saved.emit(new.id)
        return True

    def approve_with_dialog(self) -> None:
        """Ask for the reviewer, date and opinion, then approve."""
        if self._item is None:
            return
        reviewer = self._item.reviewer or self.services.items.suggest_reviewer(
            self._item.organization_id
        )
        dialog = ReviewDialog(self, reviewer=reviewer, today=self.today())
        if self._exec(dialog):
            self.approve(*dialog.values())

    def send_back_with_dialog(self) -> None:
        """Ask for the reason, then send the item back to draft."""
        dialog = SendBackDialog(self)
        if self._exec(dialog):
            self.send_back(dialog.values())

    def publish_with_dialog(self) -> None:
        """Ask for the publish date, then publish."""
        if self._item is None:
            return
        dialog = PublishDialog(self, preset=self._item.publish_date, today=self.today())
        if self._exec(dialog):
            self.publish(dialog.values())

    def withdraw_with_dialog(self) -> None:
        """Ask for the date and reason, then withdraw."""
        if self._item is None:
            return
        dialog = WithdrawDialog(
            self, title=self._item.title, number=self._item.number or "—", today=self.today()
        )
        if self._exec(dialog):
            self.withdraw(*dialog.values())

    def resolve_conflict(self, exc: EditConflictError) -> None:
        """Show both versions; on "reload theirs" the stored item replaces the form (the
        clerk's text is on the clipboard), else the unsaved edits stay."""
        dialog = ConflictDialog(self, exc.conflict)
        try:
            dialog.exec()
            choice = dialog.choice
        finally:
            dialog.deleteLater()
        conflict = exc.conflict
        if choice == ConflictDialog.RELOAD and conflict.theirs is not None:
            self.load_item(conflict.theirs.id)
            self._show_message(
                _(
                    "Showing version {version} saved by {who}; your text is on the clipboard "
                    "to paste where you still want it."
                ).format(version=conflict.theirs_version, who=conflict.changed_by or "?")
            )
            self.saved.emit(conflict.theirs.id)
            return
        self._show_message(
            _(
                "Not saved: someone else saved version {version} of this item meanwhile. "
                "Reload it before saving again."
            ).format(version=conflict.theirs_version or "?"),
            error=True,
        )

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
        except EditConflictError as exc:
            self.resolve_conflict(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
            self._show_error(exc)
            return False
        self.load_item(result.id)  # type: ignore[arg-type]
        if message:
            self._show_message(message)
        self.saved.emit(result.id)
        return True
