"""The main window's file operations: import/export, database switching, settings, backups.

``DatabaseFiles`` carries them out for a ``MainWindow`` (its ``files``); long work runs on the
window's ``TaskRunner`` off the UI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from board_app.errors import DatabaseUnusableError
from board_app.i18n import _
from board_app.services import backups_service
from board_app.services.changes import ALL
from board_app.services.context import Services, open_services
from board_app.services.font_faces import apply_font_settings
from board_app.settings import load_settings, remember_database, save_settings
from board_app.ui.dialogs.common import show_error
from board_app.ui.dialogs.import_dialog import ExportDialog, ImportFlow, run_export
from board_app.ui.dialogs.settings_dialog import DB_FILTER, SettingsDialog

if TYPE_CHECKING:
    from board_app.services.maintenance import CheckReport
    from board_app.ui.main_window import MainWindow

log = logging.getLogger("board_app.ui.main_window")  # the window's logger, as before the split


class DatabaseFiles:
    """Import, export, new/open database, settings, restore, check and backups of a window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def services(self) -> Services:
        return self.window.services

    # ----- import / export -----------------------------------------------------------------
    def import_items(self, path: Path | None = None) -> ImportFlow:
        """Check and import an exchange file (asked for when ``path`` is None)."""
        flow = ImportFlow(self.window, self.services, self.window.runner)
        # an import may add organizations and categories as well as items and records
        flow.finished.connect(lambda _report: self.window.apply_changes(ALL))
        flow.start(path)
        return flow

    def export_items(self) -> None:
        """Export the items of an organization and year to an exchange file."""
        if not self.services.orgs.all():
            QMessageBox.information(
                self.window, _("Export items"), _("There is nothing to export.")
            )
            return
        dialog = ExportDialog(self.services, self.window.items_page.current_org_id(), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, year, out = dialog.values()
        run_export(self.window, self.services, self.window.runner, name, year, out)

    # ----- database ------------------------------------------------------------------------
    def new_database(self) -> None:
        """Ask for a new database file and switch to it."""
        path, _sel = QFileDialog.getSaveFileName(
            self.window,
            _("New database"),
            str(self.services.folder / "board.sqlite3"),
            _(DB_FILTER),
        )
        if path:
            self.switch_database(Path(path), create=True)

    def open_database(self) -> None:
        """Ask for an existing database file and switch to it."""
        path, _sel = QFileDialog.getOpenFileName(
            self.window, _("Open database"), str(self.services.folder), _(DB_FILTER)
        )
        if path:
            self.switch_database(Path(path), create=False)

    def switch_database(self, path: Path, *, create: bool) -> bool:
        """Close the open database and open ``path`` (a new file when ``create``)."""
        path = Path(path)
        if create and path.exists():
            QMessageBox.warning(
                self.window,
                _("New database"),
                _("{path} exists already. Use Open database to open it.").format(path=path),
            )
            return False
        if not create and not path.is_file():
            QMessageBox.warning(
                self.window, _("Open database"), _("{path} does not exist.").format(path=path)
            )
            return False
        window = self.window
        if window.runner.is_busy() or not window.items_page.editor.maybe_close():
            return False
        try:
            services = open_services(path, wait=0, operator=window.settings.operator or None)
        except DatabaseUnusableError as exc:
            QMessageBox.warning(self.window, _("Open database"), str(exc))
            return False
        old = self.services
        window.install_services(services)
        old.close()
        if not services.is_server:
            remember_database(services.path)
        return True

    def open_settings(self) -> None:
        """The settings dialog; it may switch the database or restore a backup."""
        settings = self.window.settings
        dialog = SettingsDialog(self.services, settings, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        # the database may have been switched since the window opened: keep the file's record
        fresh = load_settings()
        settings.last_database = fresh.last_database
        settings.recent_databases = fresh.recent_databases
        save_settings(settings)
        apply_font_settings(settings.fonts)  # the faces chosen, for every PDF from now on
        self.services.ctx.operator = settings.operator or self.services.ctx.operator
        if dialog.requested_database is not None:
            path, create = dialog.requested_database
            self.switch_database(path, create=create)
        elif dialog.requested_restore is not None:
            self.restore_backup(dialog.requested_restore)
        elif getattr(dialog, "requested_server", False):
            from board_app.ui.sync import open_server_database

            open_server_database(self.window)
        else:  # fonts and display days are not records: every page refreshes when shown
            self.window.reload_all()

    def restore_backup(self, source: Path) -> None:
        """Put the backup in place of the database (off the UI thread), keeping its lock."""
        window = self.window
        if not window.items_page.editor.maybe_close():
            return

        def done(safety: Path | None) -> None:
            window.install_services(self.services)
            QMessageBox.information(
                window,
                _("Restore from backup"),
                _("The backup was restored. The previous database was saved as {path}.").format(
                    path=safety or "-"
                ),
            )

        def failed(exc: BaseException) -> None:
            window.install_services(self.services)
            show_error(window, exc, _("Restore from backup"))

        window.runner.run(
            lambda r: backups_service.restore(self.services, source),
            on_success=done,
            on_failure=failed,
            parent=window,
            label=_("Restoring {file}…").format(file=source.name),
            cancellable=False,
        )

    def check_database(self) -> None:
        """Check the database off the UI thread and report what was found."""
        from board_app.services.maintenance import check_database

        window = self.window

        def done(report: CheckReport) -> None:
            text = "\n".join(report.lines)
            if report.problems:
                text += "\n\n" + _("Problems:") + "\n" + "\n".join(report.problems[:50])
                QMessageBox.warning(window, _("Check database"), text)
            else:
                QMessageBox.information(window, _("Check database"), text)

        window.runner.run(
            lambda r: check_database(self.services),
            on_success=done,
            on_failure=lambda exc: show_error(window, exc, _("Check database")),
            parent=window,
            label=_("Checking the database…"),
            cancellable=False,
        )

    def backup_now(self) -> None:
        """Back up the database now, off the UI thread, and report the file."""
        window = self.window
        hint = self.services.server_backup_hint()
        if hint is not None:  # a server database is backed up on the server (pg_dump)
            QMessageBox.information(window, _("Back up now"), hint)
            return
        db_path = Path(self.services.path)
        extra = window.settings.backup_dir or None
        window.runner.run(
            lambda r: backups_service.backup_now(db_path, extra),
            on_success=lambda path: QMessageBox.information(
                window, _("Back up now"), _("Backup saved as {path}.").format(path=path)
            ),
            on_failure=lambda exc: show_error(window, exc, _("Back up now")),
            parent=window,
            label=_("Backing up…"),
            exclusive=False,
            cancellable=False,
        )

    def start_daily_backup(self) -> None:
        """The daily rolling backup, quietly off the UI thread (own SQLite connection)."""
        window = self.window
        if window.is_shut_down():
            return
        services = self.services
        extra = window.settings.backup_dir or None

        def done(path: Path | None) -> None:
            if path is not None:
                window.statusBar().showMessage(
                    _("Daily backup saved as {path}.").format(path=path), 8000
                )

        window.runner.run(
            lambda r: backups_service.daily_backup(services, extra),
            on_success=done,
            on_failure=lambda exc: log.warning("daily backup failed: %s", exc),
            exclusive=False,
            show_progress=False,
        )
