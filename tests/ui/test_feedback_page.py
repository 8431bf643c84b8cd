"""The 意见 page: list with filters, editor, reply and close dialogs, links and calendar rows."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import date, datetime, timezone

import pytest

from board_app.demo import VILLAGE
from board_app.domain.feedback import FeedbackStatus, ReplyMethod, Satisfaction

FIXED = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
ON = date(2026, 11, 20)


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-template")


@pytest.fixture
def fb_services(template_dir, tmp_path):
    from support import demo_copy

    from board_app.services.context import open_services

    svc = open_services(demo_copy(template_dir, tmp_path / "fb.sqlite3", ON), operator="测试员")
    svc.ctx.clock = lambda: FIXED
    yield svc
    svc.close()


@pytest.fixture
def page(qtbot, fb_services, message_boxes):
    from board_app.ui.feedback.page import FeedbackPage

    p = FeedbackPage(fb_services)
    qtbot.addWidget(p)
    p.resize(1300, 800)
    p.show()
    village = fb_services.orgs.by_name(VILLAGE)
    p.reload_orgs(select=village.id)
    return p


def row_texts(page) -> list[list[str]]:
    m = page.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_list_filters_and_overdue_rows(page):
    from board_app.ui.feedback.model import OVERDUE

    rows = row_texts(page)
    assert len(rows) == 5
    overdue = [r for r in rows if "逾期" in r[6]]
    assert len(overdue) == 1 and overdue[0][2] == "来访"
    row = next(i for i, r in enumerate(rows) if "逾期" in r[6])
    assert page.model.index(row, 0).data(0x9).color() == OVERDUE  # ForegroundRole
    page.status.set_value(FeedbackStatus.CLOSED)
    assert [r[6] for r in row_texts(page)] == ["已办结"]
    page.status.set_value(None)
    page.search.setText("路灯")
    page.refresh()
    assert len(row_texts(page)) == 1


def test_register_reply_and_close_through_the_page(page, fb_services, message_boxes):
    from board_app.ui.feedback.dialogs import CloseDialog, ReplyDialog

    page.new_record()
    ed = page.editor
    ed.content.setPlainText("村里的垃圾清运时间能否固定？")
    ed.submitter.setText("钱𠮷")
    ed.contact.setText("13600001111")
    record = ed.save()
    assert record is not None and record.status is FeedbackStatus.REGISTERED
    assert record.due == date(2026, 12, 1)
    assert page.selected().id == record.id

    dialog = ReplyDialog(fb_services, record, ON, page)
    dialog.text.setPlainText("每周二、周五上午清运。")
    dialog.by.setText("钱喆")
    dialog.method.set_value(ReplyMethod.PUBLIC)
    dialog.post.setChecked(True)
    dialog.summary.setText("村民询问垃圾清运时间")
    dialog._ok()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert fb_services.feedback.get(record.id).post_from == ON

    close = CloseDialog(fb_services, fb_services.feedback.get(record.id), ON, page)
    close.response.set_value(Satisfaction.MOSTLY)
    close._ok()
    done = fb_services.feedback.get(record.id)
    assert done.status is FeedbackStatus.CLOSED and done.response is Satisfaction.MOSTLY
    page.refresh(select=record.id)
    page._row(page.table.currentIndex().row())
    assert "基本满意" in page.editor.reply_label.text()
    history = [page.editor.history.item(i).text() for i in range(page.editor.history.count())]
    assert [h.split()[3].split("：")[0] for h in history] == [
        "已登记",
        "开始办理",
        "已答复",
        "已办结",
    ]


def test_summary_and_register_pdfs_from_the_page(page, tmp_path):
    from pypdf import PdfReader

    page.year.setValue(2026)
    summary = page.summary_pdf(tmp_path / "summary.pdf")
    register = page.register_pdf(tmp_path / "register.pdf")
    assert len(PdfReader(summary).pages) == 1
    text = "".join(p.extract_text() for p in PdfReader(register).pages)
    assert "王大伟" in text and "13705353333" in text  # the archive is internal: unmasked


def test_bad_input_shows_a_message_and_writes_nothing(page, fb_services, message_boxes):
    before = page.model.rowCount()
    page.new_record()
    page.editor.content.setPlainText("问题")
    page.editor.item_number.setText("2099-999")
    assert page.editor.save() is None
    assert any("2099-999" in t for t in message_boxes.texts("warning"))
    page.refresh()
    assert page.model.rowCount() == before


def test_link_to_the_item_and_back(qtbot, window, message_boxes):
    pages = window.feedback_pages
    village = window.services.orgs.by_name(VILLAGE)
    pages.page.reload_orgs(select=village.id)
    linked = next(r for r in pages.page.model.records if r.item_number)
    pages.page.table.selectRow(pages.page.model.row_of(linked.id))
    with qtbot.waitSignal(pages.page.open_item, timeout=1000) as blocker:
        pages.page.editor.open_item_button.click()
    item_id = blocker.args[0]
    assert window.services.items.get(item_id).number == linked.item_number
    assert window.pages.currentWidget() is window.items_page
    window.items_page.select_item(item_id)
    assert pages.for_selected_item()
    assert window.pages.currentWidget() is pages.page
    assert [r.id for r in pages.page.model.records] == [linked.id]


def test_calendar_shows_feedback_due_and_overdue(qtbot, fb_services):
    from board_app.ui.calendar_view import CalendarView
    from board_app.ui.feedback.calendar_rows import RED

    view = CalendarView(fb_services, today=ON)
    qtbot.addWidget(view)
    rows = view.rows()
    overdue = [r for r in rows if r[3].startswith("已逾期") and r[4] and r[4][0] == "feedback"]
    assert len(overdue) == 1
    soon = [r for r in rows if r[4] and r[4][0] == "feedback" and "天" in r[3] and r not in overdue]
    assert soon
    box = [r for r in rows if r[0] == "开启意见箱"]
    assert box and box[0][2] == "2026-11-23"
    row = view.find_row(overdue[0][0])
    assert row.foreground(0).color() == RED
    with qtbot.waitSignal(view.open_feedback, timeout=1000) as blocker:
        view.activate(row)
    assert blocker.args[0] == overdue[0][4][1]
