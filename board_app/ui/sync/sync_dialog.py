"""The push/pull dialog: this office and the township's database.

The other side is the server chosen in Settings (password from libpq's files, the keyring,
or asked) or another database file. Push and pull run on the window's TaskRunner with a
progress dialog; the result lists every conflict (organization, record, field, theirs, ours)
or every value pulled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import BoardAppError, UsageError
from board_app.i18n import _
from board_app.services.server_login import ServerSettings, needs_password, stored_password
from board_app.services.sync import local_file
from board_app.settings import MachineSettings
from board_app.ui.dialogs.common import show_error
from board_app.ui.dialogs.settings_dialog import DB_FILTER, _PathEdit
from board_app.ui.sync.server_settings import PasswordPrompt
from board_app.ui.tasks import TaskRunner

PUSH, PULL = "push", "pull"


def _folder(services: Any) -> Path | str:
    """Where to start looking for the township's file: beside this database, if it is one."""
    local = local_file(services)
    return local.parent if local is not None else ""


class SyncDialog(QDialog):
    """Push this office's records, or pull the township's catalogue and board texts."""

    changed = Signal()  # the local database changed (after a pull)

    def __init__(
        self,
        services: Any,
        runner: TaskRunner,
        settings: MachineSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.server = ServerSettings.from_dict(settings.server)
        self.last_report: Any = None
        self.task: Any = None  # the running push or pull (for tests and cancel)
        self.setWindowTitle(_("Township database: push and pull"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        self.use_server = QRadioButton(_("The server in Settings:"))
        self.use_file = QRadioButton(_("A database file:"))
        group = QButtonGroup(self)
        group.addButton(self.use_server)
        group.addButton(self.use_file)
        server_text = (
            self.server.address() if self.server.is_set() else _("(none chosen in Settings)")
        )
        self.server_label = QLabel(server_text)
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file = _PathEdit("", self._pick_file)
        form = QFormLayout()
        form.addRow(self.use_server, self.server_label)
        form.addRow(self.use_file, self.file)
        self.org = QComboBox()
        self.org.addItem(_("All organizations of this database"), None)
        for org in services.orgs.all():
            self.org.addItem(org.name, org.name)
        form.addRow(_("Organization:"), self.org)
        layout.addLayout(form)
        (self.use_server if self.server.is_set() else self.use_file).setChecked(True)
        self.use_server.setEnabled(self.server.is_set())
        row = QHBoxLayout()
        self.push_button = QPushButton(_("Push this office's records"))
        self.pull_button = QPushButton(_("Pull catalogue and board texts"))
        self.push_button.clicked.connect(lambda: self.start(PUSH))
        self.pull_button.clicked.connect(lambda: self.start(PULL))
        row.addWidget(self.push_button)
        row.addWidget(self.pull_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(self._push_heads())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def _pick_file(self, current: str) -> str:
        path, _sel = QFileDialog.getOpenFileName(
            self,
            _("Township database"),
            current or str(_folder(self.services)),
            _(DB_FILTER),
        )
        return path

    # ----- running --------------------------------------------------------------------------
    def other_side(self, password: str | None = None) -> tuple[str, str]:
        """(what to open, what to show): the server's address or the file."""
        if self.use_server.isChecked():
            shown = self.server.address()
            secret = password if password is not None else stored_password(self.server)
            return self.server.address(secret), shown
        text = self.file.text()
        if not text:
            raise UsageError(_("Choose the township's database file first."))
        return text, text

    def start(self, kind: str, password: str | None = None) -> None:
        """Run a push or pull off the UI thread."""
        try:
            spec, shown = self.other_side(password)
        except BoardAppError as exc:
            show_error(self, exc)
            return
        org = self.org.currentData()
        services = self.services

        def work(reporter: Any) -> Any:
            from board_app.services.sync import open_other, push
            from board_app.services.sync_pull import pull

            with open_other(
                spec, this=local_file(services), operator=services.ctx.operator
            ) as other:
                if kind == PUSH:
                    return push(
                        services,
                        other,
                        organizations=[org] if org else None,
                        target_label=shown,
                        progress=reporter.progress,
                    )
                return pull(
                    other,
                    services,
                    organizations=[org] if org else None,
                    source_label=shown,
                    progress=reporter.progress,
                )

        self.summary.setText(_("Working…"))
        label = _("Pushing to {target}…") if kind == PUSH else _("Pulling from {target}…")
        task = self.runner.run(
            work,
            on_success=lambda report: self.show_report(kind, report),
            on_failure=lambda exc: self._failed(kind, exc),
            parent=self,
            label=label.format(target=shown),
        )
        if task is None:
            self.summary.setText(_("The database is busy; try again when the current work ends."))
            return
        self.task = task
        task.finished.connect(self._ended)

    def _ended(self) -> None:
        """After a cancel neither callback runs: say that nothing was written."""
        if self.summary.text() == _("Working…"):
            self.summary.setText(_("Cancelled: nothing was written."))

    def _failed(self, kind: str, exc: BaseException) -> None:
        self.summary.setText("")
        if self.use_server.isChecked() and needs_password(exc):
            prompt = PasswordPrompt(self.server, self)
            if prompt.exec() == QDialog.DialogCode.Accepted and prompt.password():
                if prompt.keep_in_keyring():
                    from board_app.services.server_login import store_password

                    try:
                        store_password(self.server, prompt.password())
                    except BoardAppError as error:
                        show_error(self, error)
                self.start(kind, prompt.password())
            return
        if isinstance(exc, BoardAppError):
            show_error(self, exc)
            return
        show_error(self, UsageError(str(exc)))

    @staticmethod
    def _push_heads() -> list[str]:
        return [_("Organization"), _("Record"), _("Field"), _("Theirs (kept)"), _("Ours")]

    # ----- results --------------------------------------------------------------------------
    def show_report(self, kind: str, report: Any) -> None:
        """Fill the summary and the table from a push or pull report."""
        from board_app.services.sync import push_summary
        from board_app.services.sync_pull import pull_summary

        self.last_report = report
        if kind == PUSH:
            heads = self._push_heads()
            rows = [
                (c.organization, f"{c.kind} {c.record}", c.field_label, c.theirs, c.ours)
                for c in report.conflicts
            ]
            text = push_summary(report)
            if report.conflicts:
                text += " " + _(
                    "The records below differ on the other side; neither side was changed."
                )
        else:
            heads = [_("Organization"), _("Changed"), "", _("Before"), _("After")]
            rows = [(c.organization, c.what, "", c.before, c.after) for c in report.changes]
            rows += [
                (name.split(": ", 1)[0], _("new category"), "", "", name.split(": ", 1)[-1])
                for name in report.categories_added
            ]
            text = pull_summary(report)
            if report.not_on_server:
                text += " " + _("Not on the other side: {names}.").format(
                    names="、".join(report.not_on_server)
                )
            self.changed.emit()
        self.summary.setText(text)
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
