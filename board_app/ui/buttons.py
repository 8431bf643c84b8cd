"""Small shared widget helpers for dialogs: OK/Cancel buttons, with an error line or not."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from board_app.errors import BoardAppError, ValidationError
from board_app.i18n import _
from board_app.ui.colors import ALERT_STYLE


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


class CheckedOkCancel:
    """OK/Cancel buttons and the error line of a form dialog.

    OK runs ``apply`` (check the form and save); when it raises one of ``catch`` the message is
    shown in ``error`` (every problem of a ValidationError, one a line) and the dialog stays
    open, otherwise the dialog is accepted. The dialog lays out ``error`` and ``buttons``.
    """

    def __init__(
        self,
        dialog: QDialog,
        apply: Callable[[], object],
        *,
        ok_text: str | None = None,
        catch: tuple[type[Exception], ...] = (BoardAppError, ValueError),
        error_style: str = ALERT_STYLE,
        hidden_until_error: bool = False,
    ) -> None:
        self.dialog = dialog
        self.apply = apply
        self.catch = catch
        self.error = QLabel()
        self.error.setStyleSheet(error_style)
        self.error.setWordWrap(True)
        if hidden_until_error:
            self.error.hide()
        self.buttons = ok_cancel_buttons(dialog, on_ok=self.ok, ok_text=ok_text)

    def ok(self) -> bool:
        """Apply and close; False (the error shown) when ``apply`` refused."""
        try:
            self.apply()
        except self.catch as exc:
            if isinstance(exc, ValidationError) and exc.problems:
                self.show_error("\n".join(exc.problems))
            else:
                self.show_error(str(exc))
            return False
        self.dialog.accept()
        return True

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
