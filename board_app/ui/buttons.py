"""Small shared widget helpers for dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from board_app.i18n import _


def ok_cancel_buttons(
    dialog: QDialog,
    *,
    on_ok: Callable[[], object],
    ok_text: str | None = None,
    parent: QWidget | None = None,
) -> QDialogButtonBox:
    """OK/Cancel buttons with translated texts: OK calls ``on_ok``, Cancel rejects."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or _("OK"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons
