"""Start the desktop app: font, language, database (first-start choice), window, backups.

Exit codes follow the command line: 0 done, 3 the database is unusable (locked by another
instance, newer than this program, damaged).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from board_app import i18n
from board_app.errors import DatabaseUnusableError
from board_app.i18n import _
from board_app.paths import is_server_url
from board_app.settings import MachineSettings, load_settings, remember_database, save_settings
from board_app.ui.app_setup import install_qt_translations, load_bundled_fonts

log = logging.getLogger(__name__)

DAILY_BACKUP_DELAY_MS = 5000
EXIT_DATABASE_UNUSABLE = 3


def load_bundled_font(app: QApplication, point_size: float = 10.0) -> str | None:
    """Make the bundled Noto Sans SC (with the rare-character fallbacks) the application font;
    its family or None."""
    return load_bundled_fonts(app, point_size)


def _write_crash_log(text: str) -> Path | None:
    from board_app.files import write_crash_log

    return write_crash_log(text)


def _unexpected_text(exc: BaseException) -> str:
    """The error as a sentence: never raw SQL (database errors are described, not quoted)."""
    from board_app.ui.error_text import is_database_error

    if is_database_error(exc):
        return _("the database could not complete a step")
    return str(exc) or type(exc).__name__


def install_excepthook() -> None:
    """Log unexpected errors and show a friendly message instead of crashing."""
    showing = {"now": False}

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error:\n%s", text)
        where = _write_crash_log(text)
        if showing["now"] or QApplication.instance() is None:
            return
        showing["now"] = True
        try:
            QMessageBox.critical(
                QApplication.activeWindow(),
                _("Unexpected error"),
                _(
                    "Something went wrong: {error}\n\nYour saved work is safe. Details were "
                    "written to {log}."
                ).format(error=_unexpected_text(exc), log=where or "-"),
            )
        finally:
            showing["now"] = False

    sys.excepthook = hook


def _first_start(parent: QWidget | None = None) -> tuple[Path, bool] | None:
    """Ask how to start; (database path, is demo) or None to quit."""
    from board_app.ui.dialogs import first_start_dialog as fsd

    dialog = fsd.FirstStartDialog(parent)
    if not dialog.exec() or dialog.choice is None:
        return None
    if dialog.choice == fsd.DEMO:
        from board_app.demo import demo_database_path

        return demo_database_path(), True
    from board_app.paths import default_database
    from board_app.ui.dialogs.settings_dialog import DB_FILTER

    if dialog.choice == fsd.NEW:
        path, _sel = QFileDialog.getSaveFileName(
            parent, _("New database"), str(default_database()), _(DB_FILTER)
        )
    else:
        path, _sel = QFileDialog.getOpenFileName(
            parent, _("Open database"), str(default_database().parent), _(DB_FILTER)
        )
    return (Path(path), False) if path else None


def open_or_explain(path: Path | str, operator: str | None, parent: QWidget | None = None) -> Any:
    """Open the services, or show why not (who holds the lock ...) and return None."""
    from board_app.services.context import open_services

    try:
        return open_services(path, wait=0, operator=operator)
    except DatabaseUnusableError as exc:
        QMessageBox.critical(parent, _("The database cannot be opened"), str(exc))
        return None


def ask_operator_name(settings: MachineSettings, parent: QWidget | None = None) -> str:
    """Ask for the operator's name when this computer has none yet (recorded in the change
    log with every change); saves it in the settings. Returns the name ("" when skipped)."""
    if settings.operator.strip():
        return settings.operator
    from board_app.ui.dialogs.operator_dialog import OperatorDialog

    dialog = OperatorDialog(parent)
    if dialog.exec() and dialog.name():
        settings.operator = dialog.name()
        fresh = load_settings()  # keep what was saved meanwhile (the database just chosen)
        fresh.operator = settings.operator
        save_settings(fresh)
    return settings.operator


def run_gui(
    db_path: Path | str,
    demo: bool = False,
    explicit_db: bool = False,
    open_file: Path | None = None,
) -> int:
    """Run the desktop app on ``db_path``; returns the exit code.

    ``open_file`` is an exchange file to check and offer for import once the window is up.
    """
    settings = load_settings()
    if "--lang" not in " ".join(sys.argv):
        i18n.set_language(settings.language or None)
    from board_app.ui.input_method import choose_input_method

    choose_input_method()
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv)
    app.setApplicationName("board-app")
    app.setApplicationDisplayName(_("Disclosure board manager"))
    load_bundled_fonts(app)
    install_qt_translations(app, i18n.get_language())
    from board_app.ui.about_dialog import app_icon

    app.setWindowIcon(app_icon())
    install_excepthook()

    path: Path | str = db_path if is_server_url(db_path) else Path(db_path)
    first = not is_server_url(path) and not Path(path).exists()
    if not demo and not explicit_db and not settings.last_database and first:
        chosen = _first_start()
        if chosen is None:
            return 0
        path, demo = chosen
    ask_operator_name(settings)
    services = open_or_explain(path, settings.operator or None)
    if services is None:
        return EXIT_DATABASE_UNUSABLE
    if demo:
        from board_app.demo import ensure_demo

        ensure_demo(services)
    # every database opened in the app is remembered, the demo too: the next start opens it
    # instead of asking the first-start question again
    if not services.is_server:  # a server's URL is not kept in the settings (pg-sync does that)
        remember_database(services.path)
    settings = load_settings()
    from board_app.services.font_faces import apply_font_settings

    apply_font_settings(settings.fonts)  # the faces chosen on this computer, for every PDF

    from board_app.ui.main_window import MainWindow

    try:
        window = MainWindow(services, settings)
    except Exception:
        # a window that cannot start (a broken editor, say) is not hidden: the exception hook
        # logs it, writes the crash log and shows the message; the app ends with code 1
        sys.excepthook(*sys.exc_info())
        services.close()
        return 1
    window.show_fitted()
    QTimer.singleShot(DAILY_BACKUP_DELAY_MS, window.files.start_daily_backup)
    if open_file is not None:
        QTimer.singleShot(0, lambda: window.files.import_items(open_file))
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        # Delete the window and its children now, in Qt's parent-first order, while the
        # application still exists: left to the interpreter's exit, wrappers are freed in any
        # order and Qt warns about shared objects deleted directly.
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
