"""The item editor's lifecycle: empty it (closed, deleted), its own window, failed steps.

``ItemLifecycleMixin`` adds these to ``ItemEditor`` (which provides the widgets and state).
"""

from __future__ import annotations

from board_app.errors import NotFoundError, ValidationError
from board_app.i18n import _
from board_app.ui.editor.item_validation import show_problems
from board_app.ui.editor.texts import field_label
from board_app.ui.error_text import user_message


class ItemLifecycleMixin:
    """Emptying the editor, the own-window toggle, submission reasons and error sentences."""

    def submission_reasons(self) -> list[str]:
        """Why 提交审核 is not possible now (errors, empty body, no 责任人, ledger dates)."""
        return [
            f"{field_label(p.field)}: {p.message}"
            for p in self._problems
            if not p.warning or p.blocks_submission
        ]

    def toggle_own_window(self) -> None:
        """Move the editor into a large window of its own, or back beside the item list."""
        if self.detacher.is_detached():
            self.detacher.attach()
        else:
            self.detacher.detach()

    def _update_detach_button(self) -> None:
        self.detach_button.setText(
            _("Back beside the list") if self.detacher.is_detached() else _("Own window")
        )

    def clear(self, message: str = "") -> None:
        """Show no item: every field and step is disabled until an item is loaded again."""
        self._item = None
        self._problems = []
        self._baseline = ()
        self._loading = True
        try:
            self.title_edit.clear()
            self.body_edit.clear()
            self.responsible_edit.clear()
            self.reviewer_edit.clear()
            self.opening_edit.clear()
            self.ledger_editor.set_ledger([])
            self.images_editor.set_images([])
        finally:
            self._loading = False
        self.workflow.set_item(None, dirty=False)
        self._set_enabled_all(False)
        self.status_chip.clear()
        self.status_chip.setStyleSheet("")
        self.number_label.clear()
        self.org_label.clear()
        show_problems(self.boxes, self.general_problems, [])
        if message:
            self._show_message(message)
        else:
            self.message_bar.hide()

    def item_deleted(self, item_id: int) -> None:
        """The item was deleted elsewhere (删除草稿): stop showing it."""
        if self.item_id() == item_id:
            self.clear(_("The draft was moved to the recycle bin (Edit → Recycle bin…)."))

    def _show_error(self, exc: BaseException) -> None:
        """A failed step: a sentence in the message bar; a vanished item empties the editor."""
        if isinstance(exc, NotFoundError) and self._item is not None and self._item.id:
            try:
                self.services.items.get(self._item.id)
            except NotFoundError:
                self.clear()
                self._show_message(
                    _("This item no longer exists (it may have been deleted)."), error=True
                )
                return
            except Exception:  # noqa: BLE001, S110 - the message below still applies
                pass
        text = user_message(exc)
        if isinstance(exc, ValidationError) and exc.problems:
            text = "\n".join(exc.problems)
        self._show_message(text, error=True)
