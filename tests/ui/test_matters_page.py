"""The 四议两公开 page: progress marks, rule failures in red at the field, the disclosures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from board_app.demo_matters import MATTER_TITLE, MOHEI
from board_app.domain.items import Status
from board_app.domain.matters import Matter, StepKind


@pytest.fixture
def page(qtbot, demo_services):
    from board_app.ui.matters.matters_page import MattersPage

    widget = MattersPage(demo_services)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.org.setCurrentIndex(widget.org.findText(MOHEI))
    return widget


def test_lists_the_demo_matter_with_its_progress(page):
    row = page.list.topLevelItem(0)
    assert row.text(0) == "●●●●" and row.text(1) == MATTER_TITLE
    assert "已公开" in row.text(3) and "已公开" in row.text(4)
    assert page.meetings.count() == 4
    assert not page.close_step_button.isEnabled()  # the last meeting is closed


def test_rule_failures_show_at_the_field_and_nothing_is_saved(page, demo_services, message_boxes):
    org_id = page.org_id()
    matter = demo_services.matters.create(Matter(title="村道硬化", organization_id=org_id))
    page.reload(select=matter.id)
    editor = page.editor
    assert editor.title.text() == StepKind.PROPOSAL.label
    editor.counts["members"].setText("7")
    editor.counts["present"].setText("9")
    editor.counts["votes_for"].setText("12")
    assert {"present", "votes_for"} <= editor.problem_fields()
    assert "7" in editor.boxes["present"].message.text()
    assert "color: #b00020" in editor.boxes["present"].message.styleSheet()
    page.save_step()
    assert demo_services.matters.get(matter.id).steps == []  # refused, nothing saved
    editor.counts["present"].setText("3")
    editor.counts["votes_for"].setText("3")
    editor.counts["votes_against"].setText("0")
    editor.counts["abstentions"].setText("0")
    editor.held_on.set_value(date(2026, 11, 1))
    editor.texts["place"].setText("村委会")
    editor.texts["chair"].setText("杨永堃")
    editor.texts["recorder"].setText("陈䶮")
    editor.outcome.set_value(editor.outcome.values[1])  # 通过
    page.check()
    assert editor.problem_fields() == {"present"}  # 3 of 7 is not half of the committee
    editor.counts["abstentions"].setText("x")
    page.check()
    assert "abstentions" not in editor.problem_fields() and "votes_for" in editor.problem_fields()
    editor.counts["abstentions"].setText("0")
    editor.counts["present"].setText("4")
    editor.counts["votes_for"].setText("4")
    page.check()
    assert editor.problem_fields() == set()
    page.close_step()
    stored = demo_services.matters.get(matter.id)
    assert stored.steps[0].closed and stored.next_kind() is StepKind.CONSULTATION
    assert page.list.currentItem().text(0) == "●○○○"


def test_disclosure_button_drafts_the_item_and_asks_to_open_it(page, demo_services, qtbot):
    org_id = page.org_id()
    matter = demo_services.matters.matters_of(org_id)[0]
    # A copy of the demo matter without its disclosure: unlink it.
    from board_app.storage.matter_store import MatterStore

    matter.resolution_item_id = None
    MatterStore(demo_services.repo).save(matter, now=demo_services.ctx.now())
    page.reload(select=matter.id)
    assert page.resolution_button.isEnabled()
    with qtbot.waitSignal(page.open_item) as signal:
        page.resolution_button.click()
    item = demo_services.items.get(signal.args[0])
    assert item.status is Status.DRAFT and MATTER_TITLE in item.title
    assert demo_services.matters.for_item(item.id).id == matter.id


def test_record_sheet_button_writes_the_pdf(page, tmp_path):
    out = page.record_sheet(str(tmp_path / "sheet.pdf"))
    assert out is not None and out.stat().st_size > 1000


def test_calendar_lists_owed_disclosures_and_opens_the_matter(window, demo_services, qtbot):
    org = demo_services.orgs.by_name(MOHEI)
    matter = demo_services.matters.create(Matter(title="集体林地流转", organization_id=org.id))
    from board_app.domain.matters import Outcome, Step

    today = demo_services.ctx.today()
    for kind in StepKind:
        step = Step(
            kind,
            held_on=today,
            place="村委会",
            chair="甲",
            recorder="乙",
            members=10,
            present=10,
            votes_for=10,
            votes_against=0,
            abstentions=0,
            outcome=Outcome.PASSED,
        )
        saved = demo_services.matters.save_step(matter.id, step)
        demo_services.matters.close_step(matter.id, saved.open_step().id)
    calendar = window.board_pages.calendar
    calendar.refresh()
    rows = [r for r in calendar.rows() if r[0] == "集体林地流转"]
    assert rows and rows[0][1] == "决议尚未公开" and rows[0][4] == ("matter", matter.id)
    row = calendar.find_row("集体林地流转")
    calendar.activate(row)
    assert window.pages.currentWidget() is window.matters_page
    assert window.matters_page.matter.id == matter.id


def test_settings_dialog_changes_a_rule(qtbot, demo_services):
    from board_app.domain.matter_rules import Basis
    from board_app.domain.matters import Body
    from board_app.ui.matters.settings_dialog import MatterSettingsDialog

    org = demo_services.orgs.by_name(MOHEI)
    dialog = MatterSettingsDialog(demo_services.matters.settings(org.id))
    qtbot.addWidget(dialog)
    row = list(Body).index(Body.PARTY_MEMBERS)
    dialog.rules.item(row, 1).setText("x")
    dialog._accept()
    assert "党员大会" in dialog.error.text() and dialog.result() == 0
    dialog.rules.item(row, 1).setText(">1/2")
    dialog.rules.item(row, 4).setText("某省实施办法")
    dialog.notice.setValue(10)
    dialog._accept()
    settings = dialog.settings()
    rule = settings.rule(Body.PARTY_MEMBERS)
    assert rule.quorum.strict and rule.basis is Basis.MEMBERS and rule.source == "某省实施办法"
    demo_services.matters.save_settings(org.id, settings)
    assert demo_services.matters.settings(org.id).notice_days == 10


def test_item_links_back_to_its_matter(window, demo_services):
    titles = [window.pages.tabText(i) for i in range(window.pages.count())]
    assert "四议两公开" in titles
    org = demo_services.orgs.by_name(MOHEI)
    matter = demo_services.matters.matters_of(org.id)[0]
    window.pages.setCurrentWidget(window.items_page)
    window.items_page.filters.search.setText("")
    row = window.items_page.model.row_of(matter.resolution_item_id)  # every organization is listed
    assert row >= 0
    window.items_page.table.setCurrentIndex(window.items_page.model.index(row, 0))
    assert window.matter_link.isVisibleTo(window) and MATTER_TITLE in window.matter_link.text()
    window.matter_link.click()
    assert window.pages.currentWidget() is window.matters_page
    assert window.matters_page.matter.id == matter.id


def test_delete_matter_asks_and_keeps_published_ones(page, demo_services, message_boxes):
    org_id = page.org_id()
    published = demo_services.matters.matters_of(org_id)[0]
    page.reload(select=published.id)
    page.delete_matter()
    assert any("不能删除" in t for t in message_boxes.texts("warning"))
    assert demo_services.matters.get(published.id)
    spare = demo_services.matters.create(Matter(title="误建事项", organization_id=org_id))
    page.reload(select=spare.id)
    page.delete_matter()
    assert [m.title for m in demo_services.matters.matters_of(org_id)] == [published.title]
    assert page.list.topLevelItemCount() == 1


def test_implemented_dialog_takes_the_spending_ledger(qtbot, demo_services):
    from board_app.ui.matters.dialogs import ImplementedDialog

    org = demo_services.orgs.by_name(MOHEI)
    matter = demo_services.matters.matters_of(org.id)[0]
    dialog = ImplementedDialog(matter, date(2026, 11, 20))
    qtbot.addWidget(dialog)
    assert len(dialog.spending.ledger()) == 3  # the demo's ledger is shown
    added, failures = dialog.spending.paste_text("2026-11-01\t付-0804\t验收费\t\t1200.50\n")
    assert added == 1 and failures == []
    on, summary, spending = dialog.values()
    assert on == matter.implemented_on
    assert spending[-1].expense == Decimal("1200.50") and summary.startswith("50户")
    from board_app.ui.editor.ledger_editor import EXPENSE

    model = dialog.spending.model
    model.setData(model.index(model.rowCount() - 1, EXPENSE), "一千二")
    dialog._accept()
    assert dialog.error.text() and dialog.result() == 0
