"""Settings ▸ Township server: the connection, and the password kept outside our settings.

The tab edits ``MachineSettings.server`` (service name, or host, port, database, user,
sslmode). A password typed here goes to the system keyring only; without a keyring the tab
says so and the password is asked each time it is needed (or read by libpq from .pgpass).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.server_login import (
    SSL_MODES,
    ServerSettings,
    forget_password,
    keyring_problem,
    store_password,
)
from board_app.settings import MachineSettings
from board_app.ui.buttons import ok_cancel_buttons
from board_app.ui.dialogs.common import show_error


class ServerSettingsTab(QWidget):
    """The township server's connection fields and the keyring buttons."""

    open_requested = Signal()  # “Open the server database”: the settings dialog passes it on

    def __init__(self, settings: MachineSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        server = ServerSettings.from_dict(settings.server)
        layout = QVBoxLayout(self)
        note = QLabel(
            _(
                "The township's PostgreSQL server, for push, pull and working on the server. "
                "Give a libpq service name (its host, port and database are then read from "
                "pg_service.conf), or the host and database. The password is never stored in "
                "these settings: libpq reads it from .pgpass, or it is kept in the system "
                "keyring, or asked each time."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.service = QLineEdit(server.service)
        self.service.setPlaceholderText(_("e.g. township (from pg_service.conf)"))
        self.host = QLineEdit(server.host)
        self.host.setPlaceholderText(_("e.g. 10.1.2.3, or a socket folder"))
        self.port = QLineEdit(server.port)
        self.port.setPlaceholderText("5432")
        self.dbname = QLineEdit(server.dbname)
        self.user = QLineEdit(server.user)
        self.sslmode = QComboBox()
        for mode in SSL_MODES:
            self.sslmode.addItem(mode or _("(libpq default)"), mode)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(server.sslmode)))
        form.addRow(_("Service name:"), self.service)
        form.addRow(_("Host:"), self.host)
        form.addRow(_("Port:"), self.port)
        form.addRow(_("Database:"), self.dbname)
        form.addRow(_("User:"), self.user)
        form.addRow(_("TLS (sslmode):"), self.sslmode)
        layout.addLayout(form)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet("color: #555;")
        layout.addWidget(self.keyring_note)
        row = QHBoxLayout()
        self.save_password = QPushButton(_("Keep a password in the system keyring…"))
        self.save_password.clicked.connect(self.ask_and_store)
        self.forget = QPushButton(_("Forget the kept password"))
        self.forget.clicked.connect(self.forget_password)
        self.open_button = QPushButton(_("Open the server database"))
        self.open_button.clicked.connect(self._request_open)
        for button in (self.save_password, self.forget, self.open_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self._show_keyring_state()

    def _show_keyring_state(self) -> None:
        problem = keyring_problem()
        self.keyring_note.setText(problem or _("Passwords are kept in the system keyring."))
        self.save_password.setEnabled(problem is None)
        self.forget.setEnabled(problem is None)

    def server(self) -> ServerSettings:
        """The fields as typed (not yet checked)."""
        return ServerSettings(
            service=self.service.text().strip(),
            host=self.host.text().strip(),
            port=self.port.text().strip(),
            dbname=self.dbname.text().strip(),
            user=self.user.text().strip(),
            sslmode=self.sslmode.currentData() or "",
        )

    def check(self) -> None:
        """Refuse fields libpq would not read (UsageError)."""
        self.server().check()

    def apply_to(self, settings: MachineSettings) -> None:
        """Copy the connection (never a password) into ``settings``."""
        settings.server = self.server().to_dict()

    def ask_and_store(self) -> None:
        """Ask for the password and keep it in the system keyring."""
        server = self.server()
        try:
            server.check()
        except BoardAppError as exc:
            show_error(self, exc)
            return
        prompt = PasswordPrompt(server, self, offer_keyring=False)
        if prompt.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            store_password(server, prompt.password())
        except BoardAppError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(
            self,
            _("Township server"),
            _("The password is kept in the system keyring for {who}.").format(
                who=server.keyring_user()
            ),
        )

    def forget_password(self) -> None:
        """Remove the kept password of the connection shown."""
        forget_password(self.server())
        QMessageBox.information(
            self, _("Township server"), _("No password is kept for this server now.")
        )

    def _request_open(self) -> None:
        try:
            self.check()
        except BoardAppError as exc:
            show_error(self, exc)
            return
        if not self.server().is_set():
            QMessageBox.information(
                self, _("Township server"), _("Give a service name, or a host and database.")
            )
            return
        self.open_requested.emit()


class PasswordPrompt(QDialog):
    """Asks for the server password; optionally offers to keep it in the system keyring."""

    def __init__(
        self, server: ServerSettings, parent: QWidget | None = None, *, offer_keyring: bool = True
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Server password"))
        layout = QVBoxLayout(self)
        who = QLabel(_("Password of {who}:").format(who=server.keyring_user()))
        who.setWordWrap(True)
        layout.addWidget(who)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.edit)
        self.keep = QCheckBox(_("Keep it in the system keyring"))
        problem = keyring_problem()
        self.keep.setVisible(offer_keyring)
        if problem is not None:
            self.keep.setEnabled(False)
            note = QLabel(problem)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            note.setVisible(offer_keyring)
            layout.addWidget(note)
        layout.addWidget(self.keep)
        layout.addWidget(ok_cancel_buttons(self, on_ok=self.accept))

    def password(self) -> str:
        return self.edit.text()

    def keep_in_keyring(self) -> bool:
        return self.keep.isEnabled() and self.keep.isChecked()


def settings_hook(dialog: Any) -> ServerSettingsTab:
    """Add the tab to the settings dialog; “Open the server database” asks the main window
    (through ``dialog.requested_server``) once the dialog is saved."""
    tab = ServerSettingsTab(dialog.settings)
    dialog.tabs.addTab(tab, _("Township server"))
    dialog.requested_server = False

    def open_server() -> None:
        dialog.requested_server = True
        dialog.save()

    tab.open_requested.connect(open_server)
    return tab
