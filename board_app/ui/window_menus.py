"""The main window's actions, menus and toolbar.

``WindowActions`` owns the ``act_*`` actions of the window (those that use the database are
collected in ``db_actions`` to be disabled while a worker owns it); ``build_menus`` puts them
into the menu bar and the toolbar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar

from board_app.i18n import _
from board_app.ui.office.hooks import export_items_xlsx

if TYPE_CHECKING:
    from board_app.ui.main_window import MainWindow


def _open_recycle_bin(window: MainWindow) -> None:
    from board_app.ui.editor.recycle_bin_dialog import open_recycle_bin

    open_recycle_bin(window)


class WindowActions:
    """The window's actions (``act_*``); those that use the database are in ``db_actions``
    (disabled while a worker owns it). Find, New item, Quit and the guide also work without a
    menu (they are added to the window)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.db_actions: list[QAction] = []
        a = self._action
        files, items = window.files, window.items_page
        self.act_new_db = a(_("New database…"), files.new_database)
        self.act_open_db = a(
            _("Open database…"), files.open_database, QKeySequence.StandardKey.Open
        )
        self.act_import = a(_("Import…"), files.import_items, "Ctrl+I")
        self.act_export = a(_("Export…"), files.export_items, "Ctrl+E")
        self.act_export_xlsx = a(_("Export as Excel…"), lambda: export_items_xlsx(window))
        self.act_quit = a(_("Quit"), window.close, QKeySequence.StandardKey.Quit, db=False)
        self.act_new_item = a(_("New item"), items.new_item, "Ctrl+N")
        self.act_copy_next = a(_("Copy to next period"), items.copy_to_next_period)
        self.act_delete = a(_("Delete draft…"), items.delete_draft)
        self.act_recycle_bin = a(_("Recycle bin…"), lambda: _open_recycle_bin(window))
        self.act_find = a(_("Find"), items.focus_search, "Ctrl+F", db=False)
        self.act_refresh = a(_("Refresh"), window.reload_all, QKeySequence.StandardKey.Refresh)
        self.act_new_org = a(_("New organization…"), window.new_organization)
        self.act_edit_org = a(_("Edit organization…"), window.edit_organization)
        self.act_catalogue = a(_("Disclosure catalogue…"), window.edit_catalogue)
        self.act_settings = a(_("Settings…"), files.open_settings)
        self.act_check = a(_("Check database"), files.check_database)
        self.act_backup = a(_("Back up now"), files.backup_now)
        self.act_guide = a(
            _("User guide"), window.show_user_guide, QKeySequence.StandardKey.HelpContents, db=False
        )
        self.act_about = a(_("About"), window.about, db=False)
        for act in (self.act_find, self.act_new_item, self.act_quit, self.act_guide):
            window.addAction(act)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
        *,
        db: bool = True,
    ) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if db:
            self.db_actions.append(action)
        return action


def keep_help_last(bar: QMenuBar) -> None:
    """Move the Help menu to the end of the menu bar, where users look for it."""
    help_action = next((a for a in bar.actions() if a.text() == _("&Help")), None)
    if help_action is not None and bar.actions()[-1] is not help_action:
        bar.removeAction(help_action)
        bar.addAction(help_action)


def build_menus(window: MainWindow, actions: WindowActions) -> None:
    """The File, Edit, Organization, Tools and Help menus and the main toolbar."""
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
    for act in (
        actions.act_new_db,
        actions.act_open_db,
        None,
        actions.act_import,
        actions.act_export,
        actions.act_export_xlsx,
        None,
        actions.act_quit,
    ):
        file_menu.addSeparator() if act is None else file_menu.addAction(act)
    edit_menu = bar.addMenu(_("&Edit"))
    for act in (
        actions.act_new_item,
        actions.act_copy_next,
        actions.act_delete,
        actions.act_recycle_bin,
        None,
        actions.act_find,
        actions.act_refresh,
    ):
        edit_menu.addSeparator() if act is None else edit_menu.addAction(act)
    org_menu = bar.addMenu(_("&Organization"))
    for act in (actions.act_new_org, actions.act_edit_org, actions.act_catalogue):
        org_menu.addAction(act)
    tools = bar.addMenu(_("&Tools"))
    for act in (actions.act_settings, None, actions.act_check, actions.act_backup):
        tools.addSeparator() if act is None else tools.addAction(act)
    help_menu = bar.addMenu(_("&Help"))
    help_menu.addAction(actions.act_guide)
    help_menu.addSeparator()
    help_menu.addAction(actions.act_about)
    toolbar = window.addToolBar(_("Main"))
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for act in (
        actions.act_new_item,
        None,
        actions.act_new_org,
        actions.act_catalogue,
        None,
        actions.act_import,
        actions.act_export,
        None,
        actions.act_settings,
    ):
        toolbar.addSeparator() if act is None else toolbar.addAction(act)
