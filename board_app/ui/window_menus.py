"""The main window's actions, menus and toolbar.

``build_actions`` creates the ``act_*`` actions of the window (those that use the database are
collected in ``window._db_actions`` to be disabled while a worker owns it); ``build_menus``
puts them into the menu bar and the toolbar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from board_app.i18n import _
from board_app.ui.office.hooks import export_items_xlsx

if TYPE_CHECKING:
    from board_app.ui.main_window import MainWindow


def _action(
    window: MainWindow,
    text: str,
    slot: Any,
    shortcut: Any = None,
    *,
    db: bool = True,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    if db:
        window._db_actions.append(action)
    return action


def _open_recycle_bin(window: MainWindow) -> None:
    from board_app.ui.editor.recycle_bin_dialog import open_recycle_bin

    open_recycle_bin(window)


def build_actions(window: MainWindow) -> None:
    """Create the window's actions; Find, New item and Quit also work without a menu."""
    window._db_actions = []

    def a(text: str, slot: Any, shortcut: Any = None, *, db: bool = True) -> QAction:
        return _action(window, text, slot, shortcut, db=db)

    window.act_new_db = a(_("New database…"), window.new_database)
    window.act_open_db = a(_("Open database…"), window.open_database, QKeySequence.StandardKey.Open)
    window.act_import = a(_("Import…"), window.import_items, "Ctrl+I")
    window.act_export = a(_("Export…"), window.export_items, "Ctrl+E")
    window.act_export_xlsx = a(_("Export as Excel…"), lambda: export_items_xlsx(window))
    window.act_quit = a(_("Quit"), window.close, QKeySequence.StandardKey.Quit, db=False)
    window.act_new_item = a(_("New item"), window.new_item, "Ctrl+N")
    window.act_copy_next = a(_("Copy to next period"), window.copy_to_next_period)
    window.act_delete = a(_("Delete draft…"), window.delete_draft)
    window.act_recycle_bin = a(_("Recycle bin…"), lambda: _open_recycle_bin(window))
    window.act_find = a(_("Find"), window.focus_search, "Ctrl+F", db=False)
    window.act_refresh = a(_("Refresh"), window.reload_all, QKeySequence.StandardKey.Refresh)
    window.act_new_org = a(_("New organization…"), window.new_organization)
    window.act_edit_org = a(_("Edit organization…"), window.edit_organization)
    window.act_catalogue = a(_("Disclosure catalogue…"), window.edit_catalogue)
    window.act_settings = a(_("Settings…"), window.open_settings)
    window.act_check = a(_("Check database"), window.check_database)
    window.act_backup = a(_("Back up now"), window.backup_now)
    window.act_guide = a(
        _("User guide"), window.show_user_guide, QKeySequence.StandardKey.HelpContents, db=False
    )
    window.act_about = a(_("About"), window.about, db=False)
    for act in (window.act_find, window.act_new_item, window.act_quit, window.act_guide):
        window.addAction(act)


def build_menus(window: MainWindow) -> None:
    """The File, Edit, Organization, Tools and Help menus and the main toolbar."""
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
    for act in (
        window.act_new_db,
        window.act_open_db,
        None,
        window.act_import,
        window.act_export,
        window.act_export_xlsx,
        None,
        window.act_quit,
    ):
        file_menu.addSeparator() if act is None else file_menu.addAction(act)
    edit_menu = bar.addMenu(_("&Edit"))
    for act in (
        window.act_new_item,
        window.act_copy_next,
        window.act_delete,
        window.act_recycle_bin,
        None,
        window.act_find,
        window.act_refresh,
    ):
        edit_menu.addSeparator() if act is None else edit_menu.addAction(act)
    org_menu = bar.addMenu(_("&Organization"))
    for act in (window.act_new_org, window.act_edit_org, window.act_catalogue):
        org_menu.addAction(act)
    tools = bar.addMenu(_("&Tools"))
    for act in (window.act_settings, None, window.act_check, window.act_backup):
        tools.addSeparator() if act is None else tools.addAction(act)
    help_menu = bar.addMenu(_("&Help"))
    help_menu.addAction(window.act_guide)
    help_menu.addSeparator()
    help_menu.addAction(window.act_about)
    toolbar = window.addToolBar(_("Main"))
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for act in (
        window.act_new_item,
        None,
        window.act_new_org,
        window.act_catalogue,
        None,
        window.act_import,
        window.act_export,
        None,
        window.act_settings,
    ):
        toolbar.addSeparator() if act is None else toolbar.addAction(act)
