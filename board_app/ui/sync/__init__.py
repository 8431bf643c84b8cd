"""The main window's township menu: push, pull, and working on the server from Settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.server_login import ServerSettings, needs_password, stored_password
from board_app.ui.dialogs.common import show_error
from board_app.ui.sync.sync_dialog import SyncDialog


def install_sync(window: Any) -> QMenu:
    """Add the Township menu before Help; its actions are off while a worker owns the data."""
    menu = QMenu(_("&Township"), window)
    push_pull = QAction(_("Push and pull…"), window)
    push_pull.triggered.connect(lambda _checked=False: open_sync_dialog(window))
    open_server = QAction(_("Open the server database"), window)
    open_server.triggered.connect(lambda _checked=False: open_server_database(window))
    for action in (push_pull, open_server):
        menu.addAction(action)
        window._db_actions.append(action)
    bar = window.menuBar()
    help_menu = bar.actions()[-1] if bar.actions() else None
    bar.insertMenu(help_menu, menu) if help_menu is not None else bar.addMenu(menu)
    window.act_push_pull, window.act_open_server = push_pull, open_server
    return menu


def open_sync_dialog(window: Any) -> SyncDialog | None:
    """The push/pull dialog over the window's database (the window reloads after a pull)."""
    if window.runner.is_busy() or not window.editor.maybe_close():
        return None
    dialog = SyncDialog(window.services, window.runner, window.settings, window)
    dialog.changed.connect(window.reload_all)
    dialog.show()
    return dialog


def open_server_database(window: Any, password: str | None = None) -> bool:
    """Switch the window to the server chosen in Settings (asking for the password when
    neither libpq's files nor the keyring have it)."""
    from board_app.services.context import open_services
    from board_app.ui.sync.server_settings import PasswordPrompt

    server = ServerSettings.from_dict(window.settings.server)
    if not server.is_set():
        QMessageBox.information(
            window,
            _("Township server"),
            _("Choose the server first: Tools ▸ Settings ▸ Township server."),
        )
        return False
    if window.runner.is_busy() or not window.editor.maybe_close():
        return False
    secret = password if password is not None else stored_password(server)
    try:
        services = open_services(
            server.address(secret),  # type: ignore[arg-type]
            wait=0,
            operator=window.settings.operator or None,
        )
    except Exception as exc:  # noqa: BLE001 - libpq's errors are shown, not raised
        if password is None and needs_password(exc):
            prompt = PasswordPrompt(server, window)
            if prompt.exec() == QDialog.DialogCode.Accepted and prompt.password():
                if prompt.keep_in_keyring():
                    from board_app.services.server_login import store_password

                    try:
                        store_password(server, prompt.password())
                    except BoardAppError as error:
                        show_error(window, error)
                return open_server_database(window, prompt.password())
            return False
        QMessageBox.warning(window, _("Township server"), str(exc))
        return False
    old = window.services
    window._install_services(services)
    old.close()
    return True
