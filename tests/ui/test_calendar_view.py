"""Disclosure calendar (home page): due/overdue/done periods, ending soon, awaiting review."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import date, datetime, timezone

import pytest

from board_app.demo import PARTY, VILLAGE, build_demo

FIXED = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
ON = date(2026, 11, 20)


@pytest.fixture
def cal_services(ui_services):
    ui_services.ctx.clock = lambda: FIXED
    build_demo(ui_services, ON)
    from dataclasses import replace

    for org in ui_services.orgs.all():  # track the whole year: many overdue periods
        ui_services.orgs.update(replace(org, tracking_start=date(2026, 1, 1)))
    return ui_services


@pytest.fixture
def view(qtbot, cal_services):
    from board_app.ui.calendar_view import CalendarView

    v = CalendarView(cal_services)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    return v


def test_overdue_periods_are_red_and_start_a_prefilled_item(view, qtbot, cal_services):
    from board_app.ui.calendar_view import STATE_COLOURS, DueState

    party = cal_services.orgs.by_name(PARTY)
    row = view.find_row("三会一课", "2026年第一季度")
    assert row is not None and row.text(2) == "2026-04-10" and row.text(3) == "已逾期"
    assert row.foreground(0).color() == STATE_COLOURS[DueState.OVERDUE]
    assert "2026-Q1" in row.toolTip(0)
    cat_id = next(c.id for c in cal_services.orgs.categories(party.id) if c.name == "三会一课")
    with qtbot.waitSignal(view.create_item, timeout=1000) as blocker:
        view.tree.itemClicked.emit(row, 0)
    assert blocker.args == [party.id, cat_id, "2026-Q1"]
    assert "2026年11月20日" not in view.heading.text() and "2026-11-20" in view.heading.text()
    assert "逾期" in view.summary.text()


def test_done_periods_open_their_item(view, qtbot):
    row = view.find_row("三会一课", "2026年第三季度")
    assert row.text(3).startswith("已公开")
    action = __import__("board_app.ui.calendar_view").ui.calendar_view.action_of(row)
    with qtbot.waitSignal(view.open_item, timeout=1000) as blocker:
        view.activate(row)
    assert blocker.args == [action[1]]


def test_ending_soon_and_awaiting_review_are_listed(view):
    texts = [r[0] for r in view.rows()]
    assert any(t.startswith("关于接收王") for t in texts)
    assert "关于推选出席镇党代会代表的决定" in texts
    assert "一事一议筹资筹劳方案（征求意见）" in texts
    row = view.find_row("关于推选出席镇党代会代表的决定")
    assert __import__("board_app.ui.calendar_view").ui.calendar_view.action_of(row)[0] == "open"


def test_tracking_start_is_saved_and_hides_older_periods(view, cal_services):
    village = cal_services.orgs.by_name(VILLAGE)
    assert view.find_row("财务收支明细", "2026年1月") is not None
    view.set_tracking_start(village.id, date(2026, 8, 1))
    assert cal_services.orgs.by_name(VILLAGE).tracking_start == date(2026, 8, 1)
    view.refresh()
    assert view.find_row("财务收支明细", "2026年1月") is None
    assert view.find_row("财务收支明细", "2026年8月") is not None
    assert view.track_edits[village.id].date().toString("yyyy-MM-dd") == "2026-08-01"
    # the party branch is unchanged
    assert view.find_row("三会一课", "2026年第一季度") is not None


def test_track_from_control_saves_after_a_pause(view, qtbot, cal_services):
    party = cal_services.orgs.by_name(PARTY)
    edit = view.track_edits[party.id]
    edit.setDate(edit.date().addMonths(6))
    qtbot.waitUntil(
        lambda: cal_services.orgs.by_name(PARTY).tracking_start == date(2026, 7, 1), timeout=3000
    )


def test_hide_done_periods(view):
    view.show_done.setChecked(False)
    states = {
        r[3]
        for r in view.rows()
        if r[4] and r[4][0] == "create" or (r[3] and r[3].startswith("已公开"))
    }
    assert not any(s.startswith("已公开") for s in states)


def test_main_window_opens_on_the_calendar_and_links_reach_the_editor(window, qtbot, monkeypatch):
    pages = window.board_pages
    assert window.pages.currentWidget() is pages.calendar
    assert window.pages.indexOf(pages.board) > 0
    opened, created = [], []
    monkeypatch.setattr(window.items_page.editor, "load_item", lambda i: opened.append(i))
    monkeypatch.setattr(window.items_page.editor, "new_item", lambda *a: created.append(a))
    from board_app.ui.calendar_view import action_of

    row = next(
        r for r in _iter_rows(pages.calendar) if action_of(r) and action_of(r)[0] == "create"
    )
    pages.calendar.activate(row)
    assert window.pages.currentWidget() is window.items_page
    action = action_of(row)
    assert created == [(action[1], action[2], action[3])]
    pages.board.open_item.emit(opened_id := _any_item_id(window))
    assert opened == [opened_id]


def _iter_rows(view):
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    it = QTreeWidgetItemIterator(view.tree)
    while it.value() is not None:
        yield it.value()
        it += 1


def _any_item_id(window) -> int:
    org = window.services.orgs.all()[0]
    return window.services.repo.list_items(org.id)[0].id
