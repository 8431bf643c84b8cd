"""Which of the window's controls need which right: the bindings of the role gate.

``install_role_gate(window)`` makes the window's :class:`RoleGate`, binds the menus' actions,
the item editor and its workflow steps, the feedback and matters pages and the board's texts,
and shows the login's role above the pages (``MainWindow.role_notice``). Everything the window
offers for changing records is listed here, in one place; the rule itself is
:meth:`Permissions.refusal <board_app.services.permissions.Permissions.refusal>`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.permissions import Need, permissions_of
from board_app.ui.role_gate import RoleGate

if TYPE_CHECKING:
    from board_app.ui.dialogs.organization_dialog import OrganizationDialog
    from board_app.ui.editor.item_editor import ItemEditor
    from board_app.ui.main_window import MainWindow

_INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QAbstractSpinBox)
NOTICE_STYLES = {
    "read-only": "background: #fff4ce; color: #5c4400; border-bottom: 1px solid #e0c060;",
    "role": "background: #eef4fb; color: #1f3a5f; border-bottom: 1px solid #c5d6ea;",
}


def inputs_of(widget: QWidget) -> list[QWidget]:
    """The input fields inside ``widget`` (not the parts of a spin box or combo box)."""
    return [
        w
        for w in widget.findChildren(QWidget)
        if isinstance(w, _INPUTS)
        and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))
    ]


def install_role_gate(window: MainWindow) -> RoleGate:
    """The window's role gate with every control bound; call ``refresh_role_gate`` after the
    database or the login changes."""
    gate = RoleGate(window)
    _bind_window_actions(gate, window)
    bind_item_editor(gate, window)
    _bind_feedback(gate, window)
    _bind_matters(gate, window)
    _bind_board(gate, window)
    gate.changed.connect(lambda: _show_notice(window, gate))
    refresh_role_gate(window, gate)
    return gate


def refresh_role_gate(window: MainWindow, gate: RoleGate) -> None:
    """Read the login's rights again (another database, Refresh) and apply them."""
    gate.set_permissions(permissions_of(window.services))
    window.items_page.editor.relock()


def _show_notice(window: MainWindow, gate: RoleGate) -> None:
    """The login and its roles; for an organization chosen in the tree that the login may
    not change (but others it may), that this one is read-only."""
    permissions = gate.permissions
    text = permissions.notice()
    org_id = window.items_page.current_node().org_id
    refused = None if permissions.read_only else permissions.refusal(Need.WRITE, org_id)
    if text and org_id is not None and refused is not None:
        try:
            name = window.services.orgs.get(org_id).name
        except BoardAppError:  # deleted meanwhile: the tree follows with the next refresh
            name = ""
        if name:
            text = _("{notice} {organization}: {reason}").format(
                notice=text, organization=name, reason=refused
            )
    label = window.role_notice
    label.setText(text)
    label.setStyleSheet(
        "QLabel { padding: 5px 10px; "
        + NOTICE_STYLES["read-only" if gate.permissions.read_only else "role"]
        + " }"
    )
    label.setVisible(bool(text))


def _bind_window_actions(gate: RoleGate, window: MainWindow) -> None:
    commands, items = window.commands, window.items_page
    current_org = items.current_org_id
    gate.bind([commands.act_import, commands.act_recycle_bin], Need.WRITE)
    gate.bind(
        [
            commands.act_new_item,
            commands.act_copy_next,
            commands.act_delete,
            commands.act_edit_org,
            commands.act_catalogue,
        ],
        Need.WRITE,
        current_org,
    )
    gate.bind(commands.act_new_org, Need.ADMIN)
    gate.set_refresh("window", lambda: _enable_actions(window))
    items.tree.selectionModel().currentChanged.connect(lambda *_a: gate.apply())
    items.tree.selectionModel().currentChanged.connect(lambda *_a: _show_notice(window, gate))
    items.table.selectionModel().currentRowChanged.connect(lambda *_a: gate.apply())


def _enable_actions(window: MainWindow) -> None:
    """The window's own state of its actions: all on unless a worker owns the database."""
    busy = window.runner.is_busy()
    for action in window.commands.db_actions:
        action.setEnabled(not busy)


def bind_item_editor(gate: RoleGate, window: MainWindow) -> None:
    """The item editor's fields and workflow steps (again after the editor was replaced)."""
    gate.unbind_group("editor")
    editor: ItemEditor = window.items_page.editor

    def item_org() -> int | None:
        item = editor.item()
        return item.organization_id if item is not None else None

    editor.role_lock = lambda item: gate.refusal(Need.WRITE, item.organization_id)
    bar = editor.workflow
    write_steps = [
        bar.submit_button,
        bar.publish_button,
        bar.withdraw_button,
        bar.revise_button,
        bar.copy_next_button,
    ]
    ledger_import = [
        b for b in editor.form.findChildren(QPushButton) if b.text() == _("Import from Excel…")
    ]
    gate.bind(write_steps + ledger_import, Need.WRITE, item_org, group="editor")
    gate.bind([bar.approve_button, bar.send_back_button], Need.REVIEW, item_org, group="editor")
    gate.set_refresh("editor", editor.refresh_state)
    editor.shown.connect(lambda: gate.apply())


def bind_organization_dialog(gate: RoleGate, dialog: OrganizationDialog) -> None:
    """A clerk edits its organization's phone, texts and archive details; its name, kind and
    township are the administrator's (the server refuses anyone else)."""
    gate.unbind_group("dialog")  # the one before was closed
    gate.bind([dialog.name, dialog.kind, dialog.township], Need.ADMIN, group="dialog")


def _bind_feedback(gate: RoleGate, window: MainWindow) -> None:
    pages = getattr(window, "feedback_pages", None)
    if pages is None:
        return
    page = pages.page
    writes = [page.buttons[k] for k in ("new", "start", "reply", "close", "post", "openings")]
    writes += [page.buttons["settings"], page.buttons["archive"]]  # 件号 of the register
    writes += [page.editor.save_button, *inputs_of(page.editor)]
    gate.bind(writes, Need.WRITE, page.org_id, group="feedback")
    gate.bind(pages.act_openings, Need.WRITE, page.org_id, group="feedback")
    # holidays are shared by every organization: only an administrator changes them
    gate.bind([page.buttons["holidays"], pages.act_holidays], Need.ADMIN, group="feedback")
    gate.set_refresh("feedback", page.refresh_state)
    page.buttons_updated.connect(gate.apply)


def _bind_matters(gate: RoleGate, window: MainWindow) -> None:
    page = getattr(window, "matters_page", None)
    if page is None:
        return
    writes: list[QWidget] = [
        page.new_button,
        page.rules_button,
        page.settings_button,
        page.save_matter_button,
        page.delete_matter_button,
        page.save_step_button,
        page.close_step_button,
        page.discard_step_button,
        page.reopen_button,
        page.implemented_button,
        page.title,
        page.kind,
        page.proposer,
        page.budget,
        page.description,
        *inputs_of(page.editor),
    ]
    gate.bind(writes, Need.WRITE, page.org_id, group="matters")

    def drafting(item_id_of: str) -> Need | None:
        """Opening a disclosure only reads; drafting it writes."""
        matter = page.matter
        return None if matter is not None and getattr(matter, item_id_of) else Need.WRITE

    gate.bind(
        page.resolution_button,
        lambda: drafting("resolution_item_id"),
        page.org_id,
        group="matters",
    )
    gate.bind(page.result_button, lambda: drafting("result_item_id"), page.org_id, group="matters")
    gate.set_refresh("matters", page.refresh_state)
    page.buttons_updated.connect(gate.apply)
    page.org.currentIndexChanged.connect(lambda _i: gate.apply())


def _bind_board(gate: RoleGate, window: MainWindow) -> None:
    pages = getattr(window, "board_pages", None)
    if pages is None:
        return
    calendar = pages.calendar

    def bind_tracking() -> None:
        """The calendar's "Track from" dates change their organization (made anew each time)."""
        gate.unbind_group("calendar")
        for org_id, edit in calendar.track_edits.items():
            gate.bind(edit, Need.WRITE, functools.partial(int, org_id), group="calendar")

    calendar.refreshed.connect(bind_tracking)
    bind_tracking()
    controls = pages.board.controls
    gate.bind(controls.texts_button, Need.WRITE, controls.organization_id, group="board")
    gate.bind(pages.act_archive, Need.WRITE, group="board")  # archive numbers are written
    gate.set_refresh("board", lambda: _board_state(window))
    controls.org_combo.currentIndexChanged.connect(lambda _i: gate.apply())


def _board_state(window: MainWindow) -> None:
    """The board page's own state of its buttons and of the archive action."""
    pages = window.board_pages
    pages.board.controls.update_state(has_pdf=pages.board.current is not None)
    pages.act_archive.setEnabled(not window.runner.is_busy())
