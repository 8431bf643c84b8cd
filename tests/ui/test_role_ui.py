"""The window follows the login's role on a PostgreSQL server: a township viewer gets read-only
pages with a notice saying why, a clerk cannot approve, a reviewer can only review, and a
login with rights in one village only gets the other village read-only. A SQLite file keeps
everything enabled. The server still refuses what the window would let through."""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import set_township

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackRecord
from board_app.domain.items import Item, Organization, OrgKind, PublicationType, Status
from board_app.domain.matters import Matter
from board_app.services.context import open_services
from board_app.services.permissions import Need, permissions_of
from board_app.services.server_access import ServerAccessService

pytest.importorskip("psycopg")

EAST, WEST = "东村村民委员会", "西村村民委员会"


def _item(org_id: int, title: str) -> Item:
    return Item(
        title=title,
        publication_type=PublicationType.IMMEDIATE,
        organization_id=org_id,
        body="工程已完工，现予公示。",
        responsible="村委会",
    )


@pytest.fixture(scope="module")
def office(pg_cluster, pg_template):  # type: ignore[no-untyped-def]
    """Two villages of 城关镇 with a draft and a submitted item each, feedback and a matter
    in 东村, and one login per role (plus a clerk of 东村 who reviews 西村)."""
    name = f"roleui_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    token = uuid.uuid4().hex[:6]
    logins = {
        role: f"{role}_{token}" for role in ("township", "clerk", "reviewer", "mixed", "admin")
    }
    admin = open_services(pg_cluster.url(name), operator="管理员")
    orgs, drafts, submitted = {}, {}, {}
    for village in (EAST, WEST):
        org = admin.orgs.create(Organization(name=village, kind=OrgKind.VILLAGE_COMMITTEE))
        set_township(admin, org.id, "城关镇")
        orgs[village] = org.id
        drafts[village] = admin.items.save(_item(org.id, f"{village}道路硬化（草稿）")).id
        sent = admin.items.save(_item(org.id, f"{village}道路硬化（送审）"))
        admin.items.submit(sent.id)
        submitted[village] = sent.id
    admin.feedback.add(
        FeedbackRecord(
            organization_id=orgs[EAST],
            received=date(2026, 11, 2),
            channel=Channel.BOX,
            kind=FeedbackKind.QUESTION,
            content="村道什么时候修？",
        )
    )
    admin.matters.create(Matter(title="村道硬化", organization_id=orgs[EAST]))
    access = ServerAccessService(admin)
    access.grant("township", logins["township"], township="城关镇")
    access.grant("clerk", logins["clerk"], organization=EAST)
    access.grant("reviewer", logins["reviewer"], organization=EAST)
    access.grant("clerk", logins["mixed"], organization=EAST)
    access.grant("reviewer", logins["mixed"], organization=WEST)
    access.grant("admin", logins["admin"])
    admin.close()
    yield SimpleNamespace(
        url=lambda role: pg_cluster.url(name, user=logins[role]),
        logins=logins,
        orgs=orgs,
        drafts=drafts,
        submitted=submitted,
    )
    pg_cluster.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for login in logins.values():
        pg_cluster.sql(f'DROP ROLE IF EXISTS "{login}"')


@pytest.fixture
def window_as(office, qtbot, message_boxes):  # type: ignore[no-untyped-def]
    """Open the main window as one of the office's logins."""
    from board_app.settings import MachineSettings
    from board_app.ui.main_window import MainWindow

    opened = []

    def open_as(role: str) -> MainWindow:
        services = open_services(office.url(role), operator="测试员")
        win = MainWindow(services, MachineSettings(operator="测试员"))
        qtbot.addWidget(win)
        win.show()
        opened.append(win)
        return win

    yield open_as
    for win in opened:
        win.shutdown()


def _select_org(win, org_id: int) -> None:  # type: ignore[no-untyped-def]
    from board_app.ui.models.org_tree_model import Node

    assert win.items_page.show_node(Node("org", org_id))


def _show_item(win, item_id: int):  # type: ignore[no-untyped-def]
    win.pages.setCurrentWidget(win.items_page)
    win.items_page.show_item(item_id)
    return win.items_page.editor


# ----- the service ----------------------------------------------------------------------------
def test_permissions_come_from_the_server(office) -> None:  # type: ignore[no-untyped-def]
    east, west = office.orgs[EAST], office.orgs[WEST]
    seen = {}
    for role in ("township", "clerk", "reviewer", "mixed", "admin"):
        with open_services(office.url(role), operator="测试员") as services:
            seen[role] = permissions_of(services)
    viewer, clerk, reviewer, mixed, admin = (seen[r] for r in seen)
    assert viewer.read_only and viewer.roles == {"township"} and viewer.townships == ("城关镇",)
    assert viewer.refusal(Need.WRITE, east) == f"只读：乡镇查看账号 {office.logins['township']}。"
    assert clerk.roles == {"clerk"} and clerk.write == {east} and not clerk.review
    assert clerk.may(Need.WRITE, east) and not clerk.may(Need.REVIEW, east)
    assert "审核人" in (clerk.refusal(Need.REVIEW, east) or "")
    assert reviewer.review == {east} and not reviewer.may(Need.WRITE, east)
    assert mixed.may(Need.WRITE, east) and not mixed.may(Need.WRITE, west)
    assert mixed.may(Need.REVIEW, west) and not mixed.may(Need.REVIEW, east)
    assert admin.admin and admin.may(Need.ADMIN) and admin.may(Need.REVIEW, west)
    assert not clerk.may(Need.ADMIN) and not viewer.may(Need.ADMIN)


# ----- the window -----------------------------------------------------------------------------
def test_township_viewer_gets_read_only_pages(office, window_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = window_as("township")
    notice = win.role_notice
    assert notice.isVisible() and notice.text().startswith("只读：乡镇查看账号")
    acts = win.commands
    _select_org(win, office.orgs[EAST])
    for act in (
        acts.act_new_item,
        acts.act_import,
        acts.act_delete,
        acts.act_copy_next,
        acts.act_new_org,
        acts.act_catalogue,
        acts.act_edit_org,
        acts.act_recycle_bin,
    ):
        assert not act.isEnabled(), act.text()
        assert act.statusTip().startswith("只读：乡镇查看账号"), act.text()
    assert acts.act_export.isEnabled() and acts.act_refresh.isEnabled()
    # a disabled action (menu, toolbar or Ctrl+N) does nothing
    acts.act_new_item.trigger()
    assert win.items_page.editor.item() is None
    # a worker finishing enables the database actions again: the role keeps them off
    win._set_busy(True)
    win._set_busy(False)
    assert not acts.act_new_item.isEnabled() and acts.act_export.isEnabled()

    editor = _show_item(win, office.submitted[EAST])
    form = editor.form
    assert form.title_edit.isReadOnly() and form.body_edit.isReadOnly()
    assert not form.category_combo.isEnabled() and not editor.save_button.isVisibleTo(editor)
    assert editor.role_notice.isVisibleTo(editor) and "只读" in editor.role_notice.text()
    bar = editor.workflow
    assert bar.approve_button.isVisibleTo(bar) and not bar.approve_button.isEnabled()
    assert bar.approve_button.toolTip().startswith("只读：乡镇查看账号")
    assert not bar.send_back_button.isEnabled()
    editor = _show_item(win, office.drafts[EAST])
    assert not bar.submit_button.isEnabled() and form.title_edit.isReadOnly()
    assert editor.save() is False  # nothing to save: the editor is read-only

    feedback = win.feedback_pages.page
    win.pages.setCurrentWidget(feedback)
    feedback.table.selectRow(0)
    for key in ("new", "start", "reply", "openings", "settings", "holidays"):
        assert not feedback.buttons[key].isEnabled(), key
    assert feedback.buttons["summary"].isEnabled()  # reading and printing stay
    assert feedback.editor.content.isReadOnly() and not feedback.editor.save_button.isEnabled()
    assert feedback.editor.content.toPlainText() == "村道什么时候修？"

    matters = win.matters_page
    win.pages.setCurrentWidget(matters)
    assert matters.matter is not None and matters.matter.title == "村道硬化"
    for button in (matters.new_button, matters.save_matter_button, matters.save_step_button):
        assert not button.isEnabled()
    assert matters.title.isReadOnly() and not matters.kind.isEnabled()
    assert matters.editor.texts["place"].isReadOnly() and matters.editor.summary.isReadOnly()
    calendar = win.board_pages.calendar
    win.pages.setCurrentWidget(calendar)
    assert set(calendar.track_edits) == set(office.orgs.values())
    assert all(edit.isReadOnly() for edit in calendar.track_edits.values())
    calendar.refresh()  # new "Track from" fields: locked as well
    assert all(edit.isReadOnly() for edit in calendar.track_edits.values())
    assert not win.board_pages.board.controls.texts_button.isEnabled()

    win.pages.setCurrentWidget(win.items_page)
    _show_item(win, office.submitted[EAST])
    shot = Path(os.environ.get("ROLE_UI_SHOT_DIR", tmp_path)) / "township-viewer.png"
    assert win.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def test_clerk_cannot_take_the_reviewers_steps(office, window_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from board_app.ui.dialogs.organization_dialog import OrganizationDialog

    win = window_as("clerk")
    assert win.role_notice.isVisible() and "经办人" in win.role_notice.text()
    assert "审核通过和退回由审核人办理" in win.role_notice.text()
    _select_org(win, office.orgs[EAST])
    assert win.commands.act_new_item.isEnabled() and win.commands.act_catalogue.isEnabled()
    assert not win.commands.act_new_org.isEnabled()  # organizations: the administrator's
    seen = {}

    def look(dialog: OrganizationDialog) -> int:
        seen.update(name=dialog.name.isReadOnly(), phone=dialog.phone.isReadOnly())
        seen.update(kind=dialog.kind.isEnabled(), tip=dialog.name.toolTip())
        return 0

    monkeypatch.setattr(OrganizationDialog, "exec", look)
    win.commands.act_edit_org.trigger()
    assert seen == {
        "name": True,
        "phone": False,
        "kind": False,
        "tip": "只有服务器管理员才能做这一步。",
    }

    editor = _show_item(win, office.submitted[EAST])
    bar = editor.workflow
    assert not editor.form.title_edit.isReadOnly() and editor.role_notice.isHidden()
    assert bar.approve_button.isVisibleTo(bar) and not bar.approve_button.isEnabled()
    assert bar.approve_button.toolTip() == "只有本单位的审核人才能审核通过或退回事项。"
    assert not bar.send_back_button.isEnabled()
    # what the window does not offer, the server refuses all the same
    assert editor.steps.approve("村务监督委员会", date(2026, 11, 20), "同意") is False
    assert "服务器拒绝了这一步" in editor.message()

    editor = _show_item(win, office.drafts[EAST])
    assert bar.submit_button.isEnabled() and bar.approve_button.isHidden()
    editor.form.title_edit.setText("东村道路硬化工程竣工公示")
    assert editor.save() is True
    feedback = win.feedback_pages.page
    assert feedback.buttons["new"].isEnabled() and not feedback.editor.content.isReadOnly()
    assert not feedback.buttons["holidays"].isEnabled()  # shared by all: administrator
    calendar = win.board_pages.calendar
    win.pages.setCurrentWidget(calendar)
    assert not calendar.track_edits[office.orgs[EAST]].isReadOnly()


def test_reviewer_only_reviews(office, window_as) -> None:  # type: ignore[no-untyped-def]
    win = window_as("reviewer")
    _select_org(win, office.orgs[EAST])
    assert not win.commands.act_new_item.isEnabled()
    assert "审核人只审核通过或退回" in win.commands.act_new_item.statusTip()
    editor = _show_item(win, office.submitted[EAST])
    bar = editor.workflow
    assert editor.form.title_edit.isReadOnly() and not editor.save_button.isVisibleTo(editor)
    assert not editor.form.ledger_editor.add_button.isEnabled()
    assert not editor.form.images_editor.add_button.isEnabled()
    assert not editor.save_action.isEnabled()  # Ctrl+S
    assert bar.approve_button.isEnabled() and bar.send_back_button.isEnabled()
    matters = win.matters_page
    assert not matters.new_button.isEnabled() and not matters.save_matter_button.isEnabled()
    assert not win.feedback_pages.page.buttons["new"].isEnabled()
    assert editor.steps.approve("村务监督委员会", date(2026, 11, 20), "同意公开") is True
    assert editor.item().status is Status.REVIEWED
    assert not bar.publish_button.isEnabled()  # publishing is the clerk's step
    assert "经办人" in bar.publish_button.toolTip()


def test_organizations_the_login_cannot_write_are_read_only(office, window_as) -> None:  # type: ignore[no-untyped-def]
    """A clerk of 东村 who reviews 西村: 西村 items are read-only but can be approved; going
    back to 东村 unlocks everything again."""
    win = window_as("mixed")
    acts = win.commands
    _select_org(win, office.orgs[WEST])
    assert not acts.act_new_item.isEnabled() and not acts.act_catalogue.isEnabled()
    assert win.role_notice.text().endswith(
        "西村村民委员会：审核人只审核通过或退回；修改内容由本单位经办人办理。"
    )
    editor = _show_item(win, office.submitted[WEST])
    bar = editor.workflow
    assert editor.form.title_edit.isReadOnly() and editor.role_notice.isVisibleTo(editor)
    assert bar.approve_button.isEnabled()
    win.items_page.new_item()  # refused before anything is typed, with the reason
    assert editor.item() is None and "审核人只审核" in editor.message()

    _select_org(win, office.orgs[EAST])
    assert acts.act_new_item.isEnabled() and acts.act_catalogue.isEnabled()
    assert acts.act_new_item.statusTip() == "" and "西村" not in win.role_notice.text()
    editor = _show_item(win, office.submitted[EAST])
    assert not editor.form.title_edit.isReadOnly() and editor.role_notice.isHidden()
    assert not bar.approve_button.isEnabled()  # 东村 has no reviewer grant for this login
    acts.act_new_item.trigger()
    assert editor.item() is not None and editor.item().id is None
    assert not editor.form.title_edit.isReadOnly()

    feedback = win.feedback_pages.page
    feedback.reload_orgs(select=office.orgs[WEST])
    assert not feedback.buttons["new"].isEnabled() and feedback.editor.content.isReadOnly()
    feedback.reload_orgs(select=office.orgs[EAST])
    assert feedback.buttons["new"].isEnabled() and not feedback.editor.content.isReadOnly()


def test_administrator_may_do_everything(office, window_as) -> None:  # type: ignore[no-untyped-def]
    win = window_as("admin")
    assert "管理员" in win.role_notice.text()
    _select_org(win, office.orgs[WEST])
    assert win.commands.act_new_org.isEnabled() and win.commands.act_new_item.isEnabled()
    editor = _show_item(win, office.submitted[WEST])
    assert editor.workflow.approve_button.isEnabled()
    assert not editor.form.title_edit.isReadOnly()
    assert win.feedback_pages.page.buttons["holidays"].isEnabled()


def test_a_database_file_keeps_everything_enabled(window) -> None:  # type: ignore[no-untyped-def]
    assert window.role_notice.isHidden()
    acts = window.commands
    for act in (acts.act_new_item, acts.act_import, acts.act_new_org, acts.act_catalogue):
        assert act.isEnabled()
    summary = window.items_page.model.summary(0)
    assert summary is not None
    editor = _show_item(window, summary.id)
    assert editor.role_refusal() is None and editor.role_notice.isHidden()
    page = window.feedback_pages.page
    assert page.buttons["new"].isEnabled() and page.buttons["holidays"].isEnabled()
    assert window.matters_page.new_button.isEnabled()


def test_switching_between_the_file_and_the_server(office, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Tools ▸ Township ▸ Open the server database swaps the services: the window locks for a
    viewer, and unlocks again back on a file (the new item editor is bound too)."""
    acts = window.commands
    file_services = window.services
    file_path = file_services.path
    viewer = open_services(office.url("township"), operator="测试员")
    window.install_services(viewer)
    file_services.close()
    assert window.role_notice.isVisible() and "乡镇查看账号" in window.role_notice.text()
    _select_org(window, office.orgs[EAST])
    assert not acts.act_new_item.isEnabled() and not acts.act_import.isEnabled()
    editor = _show_item(window, office.drafts[EAST])
    assert editor.form.title_edit.isReadOnly() and not editor.workflow.submit_button.isEnabled()

    back = open_services(file_path, wait=0, operator="测试员")
    window.install_services(back)
    viewer.close()
    assert window.role_notice.isHidden()
    assert acts.act_new_item.isEnabled() and acts.act_import.isEnabled()
    assert acts.act_new_item.statusTip() == ""
    summary = window.items_page.model.summary(0)
    assert summary is not None
    editor = _show_item(window, summary.id)
    assert editor.role_refusal() is None
    page = window.feedback_pages.page
    window.pages.setCurrentWidget(page)
    assert page.buttons["new"].isEnabled() and not page.editor.content.isReadOnly()
    window.pages.setCurrentWidget(window.matters_page)
    assert window.matters_page.new_button.isEnabled() and not window.matters_page.title.isReadOnly()
