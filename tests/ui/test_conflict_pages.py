"""The 意见 and 四议两公开 pages when someone else saved the record meanwhile: the same conflict
dialog as items (both versions side by side, field labels of the record's kind), nothing
overwritten, "reload theirs" shows the stored version with the clerk's text on the clipboard.

Two clerks: the test's services and a second connection to the same database (a second file
connection on SQLite, a second server connection on PostgreSQL).
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackRecord
from board_app.domain.matters import Matter
from board_app.ui.dialogs.conflict_dialog import ConflictDialog
from tests.ui.test_item_editor import when_modal

pytestmark = pytest.mark.both_engines


def dialog_contents(widget) -> dict[str, object]:
    assert isinstance(widget, ConflictDialog)
    if os.environ.get("BOARD_APP_SHOTS"):  # look at it: BOARD_APP_SHOTS=folder ./test …
        QApplication.processEvents()
        name = f"conflict-{widget.conflict.kind}.png"
        widget.grab().save(os.path.join(os.environ["BOARD_APP_SHOTS"], name))
    return {
        "title": widget.windowTitle(),
        "summary": widget.summary.text(),
        "theirs_label": widget.theirs_label.text(),
        "theirs": widget.theirs_text.toPlainText(),
        "mine": widget.mine_text.toPlainText(),
        "rows": [
            [widget.table.item(r, c).text() for c in range(3)]
            for r in range(widget.table.rowCount())
        ],
    }


# ----- 意见 -----------------------------------------------------------------------------------
@pytest.fixture
def record(services, party_org) -> FeedbackRecord:
    return services.feedback.add(
        FeedbackRecord(
            organization_id=party_org.id,
            received=date(2026, 11, 2),
            channel=Channel.BOX,
            kind=FeedbackKind.OPINION,
            content="建议村道两侧加装路灯。",
        )
    ).record


@pytest.fixture
def record_editor(qtbot, services, record):
    from board_app.ui.feedback.editor import RecordEditor

    widget = RecordEditor(services)
    widget.resize(700, 900)
    qtbot.addWidget(widget)
    widget.load(services.feedback.get(record.id))
    return widget


def their_feedback_save(other, record_id: int) -> None:
    theirs = other.feedback.get(record_id)
    theirs.content = "建议村道两侧加装路灯，王𠮷家门口尤其暗。"
    other.feedback.update(theirs)


def test_feedback_reload_theirs_keeps_my_text_on_the_clipboard(
    record_editor, services, other, record, message_boxes
):
    their_feedback_save(other, record.id)
    record_editor.content.setPlainText("建议加装太阳能路灯（张堃补充）。")
    record_editor.handler.setText("赵䶮")
    seen: dict[str, object] = {}

    def inspect_and_reload(widget) -> None:
        seen.update(dialog_contents(widget))
        widget.reload_button.click()

    when_modal(inspect_and_reload)
    assert record_editor.save() is None
    assert message_boxes.calls == []  # the dialog, not a plain message
    assert seen["title"] == "此意见记录已被他人修改。"
    assert "第 1 版" in seen["summary"] and "第 2 版" in seen["summary"]
    assert "李会计" in seen["theirs_label"]
    assert "王𠮷" in seen["theirs"] and "张堃补充" in seen["mine"]
    assert seen["rows"] == [
        [
            "意见内容",
            "建议村道两侧加装路灯，王𠮷家门口尤其暗。",
            "建议加装太阳能路灯（张堃补充）。",
        ],
        ["承办人", "—", "赵䶮"],
    ]
    # the editor shows their version; my text waits on the clipboard; nothing overwritten
    assert "王𠮷" in record_editor.content.toPlainText()
    assert record_editor.handler.text() == ""
    assert QApplication.clipboard().text() == "建议加装太阳能路灯（张堃补充）。"
    assert "剪贴板" in record_editor.message.text()
    stored = services.feedback.get(record.id)
    assert stored.version == 2 and "王𠮷" in stored.content
    # saving from the reloaded version works again
    record_editor.handler.setText("赵䶮")
    assert record_editor.save() is not None
    assert services.feedback.get(record.id).version == 3


def test_feedback_keep_editing_leaves_my_edits_and_overwrites_nothing(
    record_editor, services, other, record, message_boxes
):
    their_feedback_save(other, record.id)
    record_editor.content.setPlainText("我的改动")
    when_modal(lambda widget: widget.keep_button.click())
    assert record_editor.save() is None
    assert message_boxes.calls == []
    assert record_editor.content.toPlainText() == "我的改动"
    assert "未保存" in record_editor.message.text() and "第 2 版" in record_editor.message.text()
    assert "王𠮷" in services.feedback.get(record.id).content


def test_feedback_box_opening_shows_as_its_date(record_editor, services, other, record):
    """A differing box opening is listed by the date the form shows, not hidden as an id."""
    from board_app.domain.feedback import BoxOpening

    opening = services.feedback.add_opening(
        BoxOpening(
            organization_id=record.organization_id,
            opened=date(2026, 11, 1),
            opener_one="赵䶮",
            opener_two="钱堃",
            letters=3,
        )
    )
    theirs = other.feedback.get(record.id)
    theirs.opening_id = opening.id
    other.feedback.update(theirs)
    record_editor.content.setPlainText("我的改动")
    seen: dict[str, object] = {}

    def inspect_and_keep(widget) -> None:
        seen.update(dialog_contents(widget))
        widget.keep_button.click()

    when_modal(inspect_and_keep)
    assert record_editor.save() is None
    rows = {row[0]: row[1:] for row in seen["rows"]}
    assert rows["开箱记录"] == ["2026-11-01", "—"]


def test_feedback_page_shows_the_outcome_after_reloading(
    qtbot, services, other, party_org, record, message_boxes
):
    """On the page, the list refreshes after "reload theirs" and the editor keeps saying why."""
    from board_app.ui.feedback.page import FeedbackPage

    page = FeedbackPage(services)
    qtbot.addWidget(page)
    page.reload_orgs(select=party_org.id)
    page.year.setValue(2026)
    page.show_record(record.id)
    assert page.editor.record is not None and page.editor.record.id == record.id
    their_feedback_save(other, record.id)
    page.editor.content.setPlainText("我的改动")
    when_modal(lambda widget: widget.reload_button.click())
    page.editor.save_button.click()
    assert message_boxes.calls == []
    assert "王𠮷" in page.editor.content.toPlainText()
    assert "剪贴板" in page.editor.message.text()
    assert page.selected() is not None and "王𠮷" in page.selected().content


# ----- 四议两公开 ------------------------------------------------------------------------------
@pytest.fixture
def matter(services, party_org) -> Matter:
    return services.matters.create(
        Matter(
            title="村道硬化",
            organization_id=party_org.id,
            description="硬化村东主干道1.2公里。",
            budget=Decimal("180000.00"),
        )
    )


@pytest.fixture
def page(qtbot, services, matter):
    from board_app.ui.matters.matters_page import MattersPage

    widget = MattersPage(services)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.show_matter(matter.id)
    return widget


def their_matter_save(other, matter_id: int) -> None:
    theirs = other.matters.get(matter_id)
    theirs.budget = Decimal("215000.50")
    theirs.description = "硬化村东主干道1.5公里，经喆庄。"
    other.matters.update(theirs)


def test_matter_reload_theirs_shows_both_versions_first(
    page, services, other, matter, message_boxes
):
    their_matter_save(other, matter.id)
    page.title.setText("村道硬化（一期）")
    page.description.setPlainText("先硬化0.8公里。")
    seen: dict[str, object] = {}

    def inspect_and_reload(widget) -> None:
        seen.update(dialog_contents(widget))
        widget.reload_button.click()

    when_modal(inspect_and_reload)
    page.save_matter()
    assert message_boxes.calls == []
    assert seen["title"] == "此议事事项已被他人修改。"
    assert "李会计" in seen["theirs_label"]
    assert seen["theirs"] == "村道硬化\n\n硬化村东主干道1.5公里，经喆庄。"
    assert seen["mine"] == "村道硬化（一期）\n\n先硬化0.8公里。"
    rows = {row[0]: row[1:] for row in seen["rows"]}
    assert rows["预算"] == ["215000.50", "180000.00"]
    assert rows["事项内容"] == ["硬化村东主干道1.5公里，经喆庄。", "先硬化0.8公里。"]
    assert len(rows) == 3  # title, budget, description
    # their version in the form; mine on the clipboard; nothing overwritten
    assert page.title.text() == "村道硬化" and page.budget.text() == "215000.50"
    assert QApplication.clipboard().text() == "村道硬化（一期）\n\n先硬化0.8公里。"
    assert "剪贴板" in page.matter_message.text()
    stored = services.matters.get(matter.id)
    assert stored.version == 2 and stored.title == "村道硬化"
    page.title.setText("村道硬化（一期）")
    page.save_matter()
    assert services.matters.get(matter.id).title == "村道硬化（一期）"


def test_matter_keep_editing_leaves_my_edits(page, services, other, matter, message_boxes):
    their_matter_save(other, matter.id)
    page.proposer.setText("村民代表张堃")
    when_modal(lambda widget: widget.keep_button.click())
    page.save_matter()
    assert message_boxes.calls == []
    assert page.proposer.text() == "村民代表张堃"
    assert "未保存" in page.matter_message.text()
    stored = services.matters.get(matter.id)
    assert stored.proposer == "" and stored.budget == Decimal("215000.50")


def test_a_meeting_saved_over_theirs_shows_both_meetings(
    page, services, other, matter, message_boxes
):
    from board_app.domain.matters import Outcome, Step, StepKind

    theirs = Step(
        kind=StepKind.PROPOSAL,
        held_on=date(2026, 11, 2),
        place="村委会会议室",
        chair="杨永堃",
        recorder="陈䶮",
        members=7,
        present=6,
        votes_for=6,
        votes_against=0,
        abstentions=0,
        outcome=Outcome.PASSED,
    )
    other.matters.save_step(matter.id, theirs, base_version=1)
    editor = page.editor  # still the new proposal of version 1
    editor.held_on.set_value(date(2026, 11, 3))
    editor.texts["place"].setText("村党群服务中心")
    editor.texts["chair"].setText("杨永堃")
    editor.texts["recorder"].setText("陈䶮")
    for name, value in (("members", "7"), ("present", "7"), ("votes_for", "7")):
        editor.counts[name].setText(value)
    editor.counts["votes_against"].setText("0")
    editor.counts["abstentions"].setText("0")
    editor.summary.setPlainText("提议硬化村东主干道，经王𠮷家门口。")
    seen: dict[str, object] = {}

    def inspect_and_reload(widget) -> None:
        seen.update(dialog_contents(widget))
        widget.reload_button.click()

    when_modal(inspect_and_reload)
    assert page.save_step() is None
    assert message_boxes.calls == []
    rows = {row[0]: row[1:] for row in seen["rows"]}
    assert rows["实到人数"] == ["6", "7"] and rows["地点"] == ["村委会会议室", "村党群服务中心"]
    assert "王𠮷" in seen["mine"] and "王𠮷" not in seen["theirs"]
    # their meeting in the editor, mine on the clipboard; theirs stored untouched
    assert editor.counts["present"].text() == "6"
    assert "王𠮷" in QApplication.clipboard().text()
    assert "剪贴板" in page.matter_message.text()
    stored = services.matters.get(matter.id)
    assert stored.version == 2 and stored.steps[0].present == 6
