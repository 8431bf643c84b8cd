"""Editing safely: delete/close clear the editor, no raw database text, wheel guard, undo,
recycle bin, 复制为下一期 duplicates, submission checks, and the editor's fit at 1366×768.

Chinese text is entered with setText() (qtbot.keyClicks aborts on non-ASCII text).
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from board_app.domain.items import (
    Item,
    LedgerRow,
    Organization,
    OrgKind,
    PublicationType,
    Retention,
    Status,
)
from board_app.services.context import open_services
from board_app.ui.editor import ItemEditor
from board_app.ui.editor.ledger_editor import BALANCE, DATE, EXPENSE, SUMMARY, VOUCHER

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def services(tmp_path):
    svc = open_services(tmp_path / "board.sqlite3", operator="测试员")
    svc.ctx.clock = lambda: NOW
    yield svc
    svc.close()


@pytest.fixture
def org(services):
    return services.orgs.create(Organization(name="东风村党支部", kind=OrgKind.PARTY_BRANCH))


@pytest.fixture
def editor(qtbot, services):
    widget = ItemEditor(services)
    widget.resize(1000, 700)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def quarterly(services, org, **kw) -> Item:
    cat = next(c for c in services.orgs.categories(org.id) if c.name == "党费收缴使用")
    data = {
        "title": "2026年第四季度党费收缴使用情况",
        "publication_type": PublicationType.PERIODIC,
        "organization_id": org.id,
        "category_id": cat.id,
        "period": "2026-Q4",
        "body": "本季度应缴党费党员31名。",
        "responsible": "吴喆",
        "opening_balance": Decimal("1520.00"),
        "ledger": [
            LedgerRow(date(2026, 10, 5), "党-021", "收缴党费", Decimal("412.00")),
            LedgerRow(date(2026, 12, 9), "党-024", "上缴镇党委", expense=Decimal("1239.50")),
        ],
    }
    data.update(kw)
    return services.items.save(Item(**data))


def wheel(widget, steps: int = -1) -> None:
    pos = QPointF(5, 5)
    event = QWheelEvent(
        pos,
        QPointF(widget.mapToGlobal(QPoint(5, 5))),
        QPoint(),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


# ----- safety ----------------------------------------------------------------------------------
def test_deleted_draft_empties_the_editor_and_no_sql_reaches_the_user(editor, services, org):
    item = quarterly(services, org)
    editor.load_item(item.id)
    services.items.delete_draft(item.id)  # deleted elsewhere (the list's 删除草稿)
    assert editor.workflow.submit_button.isVisibleTo(editor)  # still showing it
    assert not editor.steps.submit()  # the step fails with a sentence and empties the editor
    assert editor.item() is None
    assert "SELECT" not in editor.message() and "不存在" in editor.message()
    assert not editor.workflow.submit_button.isVisibleTo(editor)
    assert not editor.save_button.isEnabled() and not editor.scroll_area.isEnabled()


def test_main_window_delete_clears_the_editor_and_the_bin_restores(window, qtbot, message_boxes):
    from board_app.ui.editor.recycle_bin_dialog import RecycleBinDialog

    services = window.services
    draft = next(
        s for s in services.items.all_for(services.orgs.all()[0].id) if s.status is Status.DRAFT
    )
    window.items_page.refresh_items(draft.id)
    window.items_page.select_item(draft.id)
    window.items_page._current_item = draft.id
    window.items_page.editor.load_item(draft.id)
    window.items_page.delete_draft()
    assert window.items_page.editor.item() is None
    assert "回收站" in window.items_page.editor.message()
    assert not window.items_page.editor.workflow.submit_button.isVisibleTo(window.items_page.editor)
    assert window.commands.act_recycle_bin.text() == "回收站…"
    dialog = RecycleBinDialog(services, None, window)
    qtbot.addWidget(dialog)
    assert [e.title for e in dialog.entries] == [draft.title]
    dialog.select_row(0)
    assert draft.title in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.restored) as blocker:
        dialog.restore_button.click()
    assert blocker.args == [draft.id]
    assert services.items.get(draft.id).title == draft.title
    assert dialog.table.rowCount() == 0
    # 关闭 empties the editor and the same row opens again when clicked
    window.pages.setCurrentWidget(window.items_page)
    window.items_page.table.selectRow(2)
    qtbot.waitUntil(lambda: window.items_page.editor.item_id() is not None)
    item_id = window.items_page.editor.item_id()
    window.items_page.editor.close_button.click()
    assert window.items_page.editor.item() is None
    window.items_page.table.selectRow(2)
    qtbot.waitUntil(lambda: window.items_page.editor.item_id() == item_id)


def test_database_errors_become_sentences(caplog):
    import sqlite3

    from board_app.ui.error_text import user_message

    text = user_message(sqlite3.OperationalError("no such table: item SELECT * FROM item"))
    assert "SELECT" not in text and "item" not in text and "日志" in text
    assert "SELECT * FROM item" in caplog.text  # the details went to the log


def test_wheel_scrolls_the_form_unless_the_field_has_focus(editor, services, org, qtbot):
    item = quarterly(services, org)
    editor.load_item(item.id)
    editor.resize(600, 400)
    qtbot.wait(20)
    combo = editor.form.retention_combo
    before = combo.currentIndex()
    bar = editor.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0
    wheel(combo, -1)
    assert combo.currentIndex() == before and bar.value() > 0
    assert combo.currentData() == Retention.PERMANENT.value
    year = editor.form.period_picker.year
    value = year.value()
    wheel(year, -1)
    assert year.value() == value
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo, -1)
    assert combo.currentIndex() != before


def test_close_button_empties_the_editor(editor, services, org, qtbot):
    editor.load_item(quarterly(services, org).id)
    with qtbot.waitSignal(editor.closed):
        editor.close_button.click()
    assert editor.item() is None and not editor.save_button.isEnabled()


def test_ctrl_z_undoes_text_and_ledger_edits(editor, services, org, qtbot):
    editor.load_item(quarterly(services, org).id)
    editor.form.title_edit.setFocus()
    editor.form.title_edit.selectAll()
    qtbot.keyClicks(editor.form.title_edit, "abc")
    assert editor.form.title_edit.text() == "abc"
    qtbot.keyClick(editor.form.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.form.title_edit.text() == "2026年第四季度党费收缴使用情况"

    ledger = editor.form.ledger_editor
    model = ledger.model
    model.setData(model.index(0, SUMMARY), "收缴十月党费")
    model.remove_rows_at([1])
    assert model.rowCount() == 1
    ledger.view.setFocus()
    qtbot.waitUntil(ledger.view.hasFocus)
    qtbot.keyClick(ledger.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.rowCount() == 2
    qtbot.keyClick(ledger.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.index(0, SUMMARY).data() == "收缴党费"
    assert not editor.has_unsaved_changes()
    qtbot.keyClick(ledger.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert model.index(0, SUMMARY).data() == "收缴十月党费"


def test_tab_on_the_last_cell_adds_a_row(editor, services, org, qtbot):
    editor.load_item(quarterly(services, org).id)
    view = editor.form.ledger_editor.view
    model = editor.form.ledger_editor.model
    view.setFocus()
    view.setCurrentIndex(model.index(1, EXPENSE))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert model.rowCount() == 3
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, DATE)


def test_copy_to_next_period_warns_about_a_duplicate_and_clears_the_review(
    editor, services, org, message_boxes
):
    from support import publish_item

    q3 = publish_item(
        services,
        Item(
            **{
                **quarterly(services, org).__dict__,
                "id": None,
                "period": "2026-Q3",
                "title": "2026年第三季度党费收缴使用情况",
                "ledger": [],
                "images": [],
            }
        ),
        date(2026, 10, 9),
    )
    assert q3.reviewer
    existing = quarterly(services, org)  # Q4 already has an item
    editor.load_item(q3.id)
    message_boxes.answer = QMessageBox.StandardButton.No
    assert not editor.steps.copy_to_next_period()
    assert "2026年第四季度" in message_boxes.texts("question")[0]
    assert existing.title in message_boxes.texts("question")[0]
    assert editor.item_id() == q3.id
    message_boxes.answer = QMessageBox.StandardButton.Yes
    assert editor.steps.copy_to_next_period()
    new = services.items.get(editor.item_id())
    assert new.period == "2026-Q4" and new.status is Status.DRAFT
    assert (new.reviewer, new.review_date, new.review_opinion) == ("", None, "")


def test_warnings_on_save_block_submission_with_the_reason(editor, services, org, qtbot):
    item = quarterly(services, org)
    editor.load_item(item.id)
    editor.form.body_edit.setPlainText("")
    editor.form.responsible_edit.setText("")
    editor.form.ledger_editor.model.setData(
        editor.form.ledger_editor.model.index(1, DATE), "2027-01-04"
    )
    assert editor.save()
    assert "已保存" in editor.message() and "正文为空" in editor.message()
    assert "责任人" in editor.message() and "2027-01-04" in editor.message()
    button = editor.workflow.submit_button
    assert button.isVisibleTo(editor) and not button.isEnabled()
    assert "2026年第四季度" in button.toolTip()
    assert not editor.steps.submit()
    assert "未提交" in editor.message()
    assert services.items.get(item.id).status is Status.DRAFT
    editor.form.body_edit.setPlainText("本季度党费。")
    editor.form.responsible_edit.setText("吴喆")
    editor.form.ledger_editor.model.setData(
        editor.form.ledger_editor.model.index(1, DATE), "2026-12-09"
    )
    assert button.isEnabled()
    assert editor.steps.submit()
    assert services.items.get(item.id).status is Status.SUBMITTED


# ----- fit --------------------------------------------------------------------------------------
def test_editor_fits_a_narrow_pane_with_a_quarterly_ledger(editor, services, org, qtbot):
    item = quarterly(services, org)
    editor.load_item(item.id)
    editor.resize(420, 700)  # the editor beside the list at 1366×768
    qtbot.wait(50)
    assert editor.scroll_area.horizontalScrollBar().maximum() == 0
    part = editor.form.period_picker.part
    assert part.currentText().replace(" ", "") == "第4季度"
    assert part.width() >= part.fontMetrics().horizontalAdvance(part.currentText()) + 16
    assert "东风村党支部" in editor.header.org_label.text()
    view = editor.form.ledger_editor.view
    visible = [c for c in range(6) if not view.isColumnHidden(c)]
    assert BALANCE in visible and view.horizontalScrollBar().maximum() == 0
    assert sum(view.columnWidth(c) for c in visible) <= view.viewport().width() + 1
    assert view.isColumnHidden(VOUCHER) == editor.form.ledger_editor.narrow_note.isVisibleTo(editor)
    # in its own window every column shows, still without sideways scrolling
    large = editor.form.ledger_editor.open_large_window()
    qtbot.addWidget(large)
    qtbot.waitExposed(large)
    big = large.editor.view
    assert not big.isColumnHidden(VOUCHER) and big.horizontalScrollBar().maximum() == 0
    assert big.columnWidth(BALANCE) >= big.fontMetrics().horizontalAdvance("1,520.00")


def test_buttons_stay_put_when_a_long_title_arrives(editor, services, org, qtbot):
    item = quarterly(services, org)
    editor.load_item(item.id)
    editor.resize(420, 700)
    qtbot.wait(20)
    y = editor.workflow.mapTo(editor, QPoint(0, 0)).y()
    editor.form.title_edit.setText("关于" + "东风村村民委员会" * 12 + "的公示")
    assert editor.save()
    qtbot.wait(20)
    assert editor.workflow.mapTo(editor, QPoint(0, 0)).y() == y
    assert editor.header.heading.toolTip().startswith("关于东风村")


def test_editor_goes_to_its_own_window_and_back(window, qtbot, tmp_path):
    editor = window.items_page.editor
    assert editor.detacher.can_detach()
    editor.header.detach_button.click()
    assert editor.detacher.is_detached() and editor.window() is editor.detacher.window
    assert window.items_page.count() == 3
    editor.header.detach_button.click()
    assert not editor.detacher.is_detached() and editor.parentWidget() is window.items_page
    # switching the database while detached: the new editor takes the splitter slot
    editor.toggle_own_window()
    assert window.files.switch_database(tmp_path / "other.sqlite3", create=True)
    assert window.items_page.indexOf(window.items_page.editor) >= 0
    assert not window.items_page.editor.detacher.is_detached()
