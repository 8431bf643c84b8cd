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


class TownshipMenu:
    """The Township menu of the main window: push and pull, and the server from Settings."""

    def __init__(self, window: Any) -> None:
        self.menu = QMenu(_("To&wnship"), window)
        self.act_push_pull = QAction(_("Push and pull…"), window)
        self.act_push_pull.triggered.connect(lambda _checked=False: open_sync_dialog(window))
        self.act_open_server = QAction(_("Open the server database"), window)
        self.act_open_server.triggered.connect(lambda _checked=False: open_server_database(window))
        for action in (self.act_push_pull, self.act_open_server):
            self.menu.addAction(action)
            window.commands.db_actions.append(action)  # off while a worker owns the data
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text() == _("&Help")), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, self.menu)
        else:
            bar.addMenu(self.menu)


def install_sync(window: Any) -> TownshipMenu:
    """Add the Township menu before Help."""
    return TownshipMenu(window)


def open_sync_dialog(window: Any) -> SyncDialog | None:
    """The push/pull dialog over the window's database (the window reloads after a pull)."""
    if window.runner.is_busy() or not window.items_page.editor.maybe_close():
        return None
    dialog = SyncDialog(window.services, window.runner, window.settings, window)
    dialog.changed.connect(window.reload_all)
    dialog.show()
    return dialog


def connect_server(
    parent: Any, server: ServerSettings, operator: str | None, password: str | None = None
) -> Any:
    """Services over the server chosen in Settings, or None (refused, cancelled: the user was
    told). The password comes from libpq's files, the keyring, or the user when the server
    refuses the login (kept in the keyring when the user asks and one exists)."""
    from board_app.services.context import open_services
    from board_app.ui.sync.server_settings import PasswordPrompt

    secret = password if password is not None else stored_password(server)
    try:
        return open_services(server.address(secret), wait=0, operator=operator)
    except Exception as exc:  # noqa: BLE001 - libpq's errors are shown, not raised
        if password is None and needs_password(exc):
            prompt = PasswordPrompt(server, parent)
            if prompt.exec() != QDialog.DialogCode.Accepted or not prompt.password():
                return None
            if prompt.keep_in_keyring():
                from board_app.services.server_login import store_password

                try:
                    store_password(server, prompt.password())
                except BoardAppError as error:
                    show_error(parent, error)
            return connect_server(parent, server, operator, prompt.password())
        QMessageBox.warning(parent, _("Township server"), str(exc))
        return None


def open_server_database(window: Any) -> bool:
    """Switch the window to the server chosen in Settings."""
    server = ServerSettings.from_dict(window.settings.server)
    if not server.is_set():
        QMessageBox.information(
            window,
            _("Township server"),
            _("Choose the server first: Tools ▸ Settings ▸ Township server."),
        )
        return False
    if window.runner.is_busy() or not window.items_page.editor.maybe_close():
        return False
    services = connect_server(window, server, window.settings.operator or None)
    if services is None:
        return False
    old = window.services
    window.install_services(services)
    old.close()
    return True
