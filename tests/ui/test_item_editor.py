"""The item editor through its widgets: create, edit, validate, review, publish, revise, withdraw.

Chinese text is entered with setText()/insert() (qtbot.keyClicks aborts on non-ASCII text).
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from board_app.domain.items import (
    Item,
    LedgerRow,
    Organization,
    OrgKind,
    PublicationType,
    Status,
)
from board_app.services.context import open_services
from board_app.ui.editor import ItemEditor
from board_app.ui.editor.ledger_editor import INCOME

NOW = datetime(2026, 7, 8, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def services(tmp_path):
    svc = open_services(tmp_path / "board.sqlite3", operator="测试员")
    svc.ctx.clock = lambda: NOW
    yield svc
    svc.close()


@pytest.fixture
def org(services):
    return services.orgs.create(Organization(name="红旗村村委会", kind=OrgKind.VILLAGE_COMMITTEE))


def category(services, org, name):
    return next(c for c in services.orgs.categories(org.id) if c.name == name)


@pytest.fixture
def editor(qtbot, services):
    widget = ItemEditor(services)
    widget.resize(1000, 900)
    qtbot.addWidget(widget)
    return widget


def when_modal(handle: Callable[[QWidget], None]) -> None:
    """Run ``handle`` on the next modal dialog once it is open."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(10, poll)
            return
        handle(widget)

    QTimer.singleShot(0, poll)


def click_role(box: QMessageBox, role: QMessageBox.ButtonRole) -> None:
    """Click the message box button with ``role``."""
    for button in box.buttons():
        if box.buttonRole(button) == role:
            button.click()
            return
    raise AssertionError(f"no button with role {role}")


def saved_periodic_item(services, org) -> Item:
    cat = category(services, org, "财务收支明细")
    return services.items.save(
        Item(
            title="2026年6月财务收支明细",
            publication_type=PublicationType.PERIODIC,
            organization_id=org.id,
            category_id=cat.id,
            period="2026-06",
            body="六月份收支情况如下。",
            responsible="赵䶮",
            opening_balance=Decimal("500.00"),
            ledger=[
                LedgerRow(date(2026, 6, 3), "记-1", "收承包费", income=Decimal("1200.00")),
                LedgerRow(date(2026, 6, 9), "记-2", "修路", expense=Decimal("300.50")),
            ],
        )
    )


def png_file(path, color=(200, 30, 30)):
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


# ----- creating and editing -----------------------------------------------------------------------
def test_new_item_takes_the_category_defaults(editor, services, org):
    cat = category(services, org, "财务收支明细")
    editor.new_item(org.id, cat.id)
    assert editor.form.type_combo.currentData() == PublicationType.PERIODIC.value
    assert editor.form.boxes["period"].isVisibleTo(editor)
    assert editor.form.period_picker.period() == "2026-06"  # the month that ended before 2026-07-08
    assert not editor.form.period_picker.granularity.isVisibleTo(editor)  # cadence fixed: monthly
    assert editor.form.title_edit.text() == "2026年6月财务收支明细"
    assert editor.save_button.isEnabled()
    assert not editor.has_unsaved_changes()

    # choosing another category changes the defaults and the suggested title
    editor.form.category_combo.setCurrentIndex(
        editor.form.category_combo.findText("村规民约与制度")
    )
    assert editor.form.type_combo.currentData() == PublicationType.LONG_TERM.value
    assert not editor.form.boxes["period"].isVisibleTo(editor)
    assert editor.form.title_edit.text() == "村规民约与制度"


def test_create_edit_and_save(editor, services, org, qtbot):
    editor.new_item(org.id)
    assert not editor.save_button.isEnabled()  # the title is empty
    assert editor.form.boxes["title"].message.isVisibleTo(editor)
    editor.form.title_edit.setText("关于修建村道的决议")
    editor.form.responsible_edit.setText("王明")
    editor.form.body_edit.insertPlainText("经村民代表会议讨论，决定修建村道。\n\n特此公示。")
    assert not editor.form.boxes["title"].message.isVisibleTo(editor)
    assert "22" in editor.form.body_count.text()
    assert editor.has_unsaved_changes()
    with qtbot.waitSignal(editor.saved) as blocker:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    item = services.items.get(blocker.args[0])
    assert item.title == "关于修建村道的决议"
    assert item.responsible == "王明"
    assert item.paragraphs() == ["经村民代表会议讨论，决定修建村道。", "特此公示。"]
    assert editor.item_id() == item.id
    assert not editor.has_unsaved_changes()
    assert not editor.save_button.isEnabled()  # nothing to save

    editor.form.body_edit.insertPlainText("补充。")
    assert editor.save_button.isEnabled()
    assert editor.save()
    assert "补充。" in services.items.get(item.id).body


def test_ctrl_s_saves_and_undo_works_in_text_fields(editor, org, qtbot, services):
    editor.new_item(org.id)
    editor.show()
    with qtbot.waitActive(editor):
        editor.activateWindow()
    editor.form.title_edit.setFocus()
    editor.form.title_edit.insert("村务公开目录")
    editor.form.title_edit.undo()
    assert editor.form.title_edit.text() == ""
    assert not editor.has_unsaved_changes()
    editor.form.title_edit.redo()
    assert editor.form.title_edit.text() == "村务公开目录"
    assert editor.has_unsaved_changes()
    editor.form.body_edit.insertPlainText("正文")
    editor.form.body_edit.undo()
    assert editor.form.body_edit.toPlainText() == ""
    with qtbot.waitSignal(editor.saved, timeout=2000):
        qtbot.keyClick(editor.form.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.items.get(editor.item_id()).title == "村务公开目录"


def test_inline_validation_errors_block_and_warnings_allow(editor, services, org):
    cat = category(services, org, "财务收支明细")
    editor.new_item(org.id, cat.id)
    # end before publish date: an error next to the end date
    editor.form.publish_date.set_value(date(2026, 7, 10))
    editor.form.publish_date.check.setChecked(True)
    editor.form.expire_date.check.setChecked(True)
    editor.form.expire_date.edit.setDate(editor.form.expire_date.edit.date().addDays(-30))
    assert editor.form.boxes["expire_date"].message.isVisibleTo(editor)
    assert not editor.save_button.isEnabled()
    editor.form.expire_date.check.setChecked(False)
    assert editor.save_button.isEnabled()

    # a quarter for a monthly category: a warning only
    editor.form.period_picker.granularity.setVisible(True)
    editor.form.period_picker.granularity.setCurrentIndex(2)  # quarter
    assert editor.form.period_picker.period().startswith("2026-Q")
    warnings = [p for p in editor.problems() if p.warning]
    assert warnings and warnings[0].field == "period"
    assert editor.form.boxes["period"].message.isVisibleTo(editor)
    assert editor.save_button.isEnabled()

    # an unreadable opening balance and an unreadable ledger cell are errors
    editor.form.opening_edit.setText("一千")
    assert editor.form.boxes["opening_balance"].message.isVisibleTo(editor)
    assert not editor.save_button.isEnabled()
    editor.form.opening_edit.setText("1,000.00")
    assert editor.save_button.isEnabled()
    editor.form.ledger_editor.add_row()
    model = editor.form.ledger_editor.model
    model.setData(model.index(0, INCOME), "12.345")
    assert editor.form.boxes["ledger"].message.isVisibleTo(editor)
    assert not editor.save() and not editor.save_button.isEnabled()
    model.setData(model.index(0, INCOME), "12.34")
    assert editor.save()
    stored = services.items.get(editor.item_id())
    assert stored.opening_balance == Decimal("1000.00")
    assert stored.ledger[0].income == Decimal("12.34")


# ----- workflow -----------------------------------------------------------------------------------
def test_review_publish_revise_through_the_dialogs(editor, services, org, qtbot):
    editor.new_item(org.id, category(services, org, "财务收支明细").id)
    editor.form.body_edit.setPlainText("六月份收支情况如下。")
    editor.form.responsible_edit.setText("赵䶮")
    editor.form.ledger_editor.paste_text("2026/6/5\t记-1\t收承包费\t1,200.00\t\n")
    qtbot.mouseClick(editor.workflow.submit_button, Qt.MouseButton.LeftButton)  # saves first
    item_id = editor.item_id()
    assert services.items.get(item_id).status is Status.SUBMITTED
    assert editor.workflow.approve_button.isVisibleTo(editor)
    assert not editor.workflow.submit_button.isVisibleTo(editor)

    def fill_review(dialog):
        assert not dialog.ok_button.isEnabled()  # a reviewer is required
        dialog.reviewer.setText("张监督")
        dialog.opinion.insertPlainText("经核对，同意公开。")
        dialog.ok_button.click()

    when_modal(fill_review)
    with qtbot.waitSignal(editor.saved):
        editor.workflow.approve_button.click()
    item = services.items.get(item_id)
    assert item.status is Status.REVIEWED
    assert (item.reviewer, item.review_date, item.review_opinion) == (
        "张监督",
        date(2026, 7, 8),
        "经核对，同意公开。",
    )
    assert editor.form.reviewer_edit.text() == "张监督"

    when_modal(lambda dialog: dialog.ok_button.click())
    editor.workflow.publish_button.click()
    item = services.items.get(item_id)
    assert item.status is Status.PUBLISHED
    assert item.number == "2026-001" and item.publish_date == date(2026, 7, 8)
    assert "2026-001" in editor.message() and "2026-001" in editor.header.number_label.text()
    # published: read-only with history
    assert editor.is_read_only()
    assert editor.form.title_edit.isReadOnly() and not editor.form.category_combo.isEnabled()
    assert not editor.save_button.isVisibleTo(editor)
    assert editor.workflow.withdraw_button.isVisibleTo(editor)
    assert editor.workflow.revise_button.isVisibleTo(editor)
    assert editor.form.history_group.isVisibleTo(editor)
    assert len(editor.form.history_view.audit_actions()) == 4  # create, submit, approve, publish
    assert not editor.has_unsaved_changes()

    # 修订: a new draft replacing the published item
    with qtbot.waitSignal(editor.saved) as blocker:
        editor.workflow.revise_button.click()
    revision_id = blocker.args[0]
    assert revision_id != item_id and editor.item_id() == revision_id
    assert not editor.is_read_only()
    assert editor.form.history_view.revisions.topLevelItemCount() == 2
    editor.form.body_edit.setPlainText("六月份收支情况如下（更正）。")
    assert editor.steps.submit()
    assert editor.steps.approve("张监督", date(2026, 7, 9), "同意")
    assert editor.steps.publish(date(2026, 7, 9))
    assert services.items.get(revision_id).number == "2026-002"
    assert services.items.get(item_id).status is Status.WITHDRAWN


def test_send_back_with_a_reason(editor, services, org, qtbot):
    item = saved_periodic_item(services, org)
    services.items.submit(item.id)
    editor.load_item(item.id)

    def fill(dialog):
        dialog.reason.setPlainText("凭证号不全，请补充。")
        dialog.ok_button.click()

    when_modal(fill)
    with qtbot.waitSignal(editor.saved):
        editor.workflow.send_back_button.click()
    stored = services.items.get(item.id)
    assert stored.status is Status.DRAFT
    assert stored.review_opinion == "凭证号不全，请补充。"
    assert "凭证号不全" in editor.form.review_label.text()
    assert editor.workflow.submit_button.isVisibleTo(editor)


def test_withdraw_is_confirmed_with_a_reason(editor, services, org, qtbot):
    item = saved_periodic_item(services, org)
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="张监督", on=date(2026, 7, 8))
    services.items.publish(item.id, on=date(2026, 7, 8))
    editor.load_item(item.id)

    when_modal(lambda dialog: dialog.reject())  # cancelling changes nothing
    editor.workflow.withdraw_button.click()
    assert services.items.get(item.id).status is Status.PUBLISHED

    def fill(dialog):
        assert not dialog.ok_button.isEnabled()
        dialog.reason.setPlainText("数据有误，撤下更正。")
        dialog.ok_button.click()

    when_modal(fill)
    editor.workflow.withdraw_button.click()
    stored = services.items.get(item.id)
    assert stored.status is Status.WITHDRAWN
    assert stored.withdrawn_reason == "数据有误，撤下更正。"
    assert editor.is_read_only()
    assert "数据有误" in editor.form.review_label.text()
    assert not editor.workflow.withdraw_button.isVisibleTo(editor)
    assert not editor.workflow.revise_button.isVisibleTo(editor)


def test_copy_to_next_period_carries_the_balance(editor, services, org, qtbot):
    item = saved_periodic_item(services, org)
    editor.load_item(item.id)
    assert editor.workflow.copy_next_button.isVisibleTo(editor)
    with qtbot.waitSignal(editor.saved) as blocker:
        editor.workflow.copy_next_button.click()
    new = services.items.get(blocker.args[0])
    assert new.period == "2026-07"
    assert new.title == "2026年7月财务收支明细"
    assert new.ledger == []
    assert new.opening_balance == Decimal("1399.50")
    assert editor.item_id() == new.id
    assert editor.form.opening_edit.text() == "1,399.50"
    assert editor.form.ledger_editor.model.rowCount() == 0


# ----- closing with changes -----------------------------------------------------------------------
def test_maybe_close_asks_save_discard_cancel(editor, services, org, qtbot):
    item = saved_periodic_item(services, org)
    editor.load_item(item.id)
    assert editor.maybe_close()  # nothing changed: no question

    editor.form.title_edit.setText("改过的标题")
    when_modal(lambda box: click_role(box, QMessageBox.ButtonRole.RejectRole))  # Cancel
    assert not editor.maybe_close()
    assert editor.form.title_edit.text() == "改过的标题"

    when_modal(lambda box: click_role(box, QMessageBox.ButtonRole.DestructiveRole))  # Discard
    assert editor.maybe_close()
    assert editor.form.title_edit.text() == item.title and not editor.has_unsaved_changes()

    editor.form.title_edit.setText("保存的标题")
    when_modal(lambda box: click_role(box, QMessageBox.ButtonRole.AcceptRole))  # Save
    with qtbot.waitSignal(editor.closed):
        editor.close_button.click()
    assert services.items.get(item.id).title == "保存的标题"


# ----- images -------------------------------------------------------------------------------------
def test_images_add_caption_reorder_remove(editor, services, org, tmp_path):
    editor.new_item(org.id)
    editor.form.title_edit.setText("村道硬化工程公示")
    images = editor.form.images_editor
    bad = tmp_path / "坏文件.jpg"
    bad.write_bytes(b"not an image")
    refused = images.add_files(
        [str(png_file(tmp_path / "a.png")), str(bad), str(png_file(tmp_path / "b.png", (0, 90, 0)))]
    )
    assert len(refused) == 1 and "坏文件.jpg" in refused[0]
    assert images.message_label.isVisibleTo(editor) and "坏文件.jpg" in images.message_label.text()
    assert images.list.count() == 2
    assert not images.list.item(0).icon().isNull()

    images.list.setCurrentRow(1)
    images.caption.setText("")
    images.caption.insert("施工现场")
    assert images.list.item(1).text() == "施工现场"
    images.move_selected(-1)
    assert [i.caption for i in images.images()] == ["施工现场", "a"]
    assert images.list.currentRow() == 0

    # drag and drop of a file from outside
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png_file(tmp_path / "c.png", (0, 0, 200))))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    images.list.dropEvent(event)
    assert images.list.count() == 3

    images.list.setCurrentRow(1)
    images.remove_selected()
    assert editor.save()
    stored = services.items.get(editor.item_id())
    assert [i.caption for i in stored.images] == ["施工现场", "c"]


def test_published_item_opens_read_only_with_history(editor, services, org):
    item = saved_periodic_item(services, org)
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="张监督", on=date(2026, 7, 8))
    services.items.publish(item.id)
    editor.load_item(item.id)
    assert editor.is_read_only()
    assert editor.form.body_edit.isReadOnly() and editor.form.opening_edit.isReadOnly()
    assert not editor.form.ledger_editor.add_button.isEnabled()
    assert not editor.form.images_editor.add_button.isEnabled()
    assert not editor.save_action.isEnabled()
    editor.form.title_edit.setText("不应保存")  # programmatic change: still refused
    assert not editor.save()
    assert not editor.has_unsaved_changes()
    assert editor.form.history_group.isVisibleTo(editor)
    assert editor.form.history_view.audit.topLevelItemCount() == 4


def test_a_scheduled_item_reads_pending_in_the_editor(editor, services, org):
    from support import publish_item

    later = NOW.date() + timedelta(days=18)
    item = Item(
        title="下月公示",
        publication_type=PublicationType.IMMEDIATE,
        organization_id=org.id,
        body="正文",
        responsible="王芳",
    )
    item = publish_item(services, item, later)
    editor.load_item(item.id)
    assert editor.header.status_chip.text().startswith("待公开")
    assert f"{later.month}月{later.day}日" in editor.header.status_chip.text()
