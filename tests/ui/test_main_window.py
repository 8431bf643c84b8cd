"""The main window through its widgets: tree, filters, search, sorting, paging, tasks, startup."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from board_app.domain.items import PublicationType, Status
from board_app.domain.queries import ItemFilter
from board_app.ui.models.item_table_model import COL_STATUS, COL_TITLE, HEADERS, SummaryRole
from board_app.ui.models.org_tree_model import Node


def titles(win) -> list[str]:
    return [s.title for s in win.items_page.model.rows]


def test_window_shows_tree_table_and_status_bar(window, demo_services):
    total = demo_services.items.count(ItemFilter())
    assert window.items_page.model.total == total
    assert window.items_page.model.rowCount() == min(total, window.items_page.model.PAGE)
    assert str(total) in window.count_label.text()
    assert str(demo_services.path) in window.path_label.text()
    # tree: everything, then each organization with its count
    names = [
        window.items_page.tree_model.item(r).text()
        for r in range(window.items_page.tree_model.rowCount())
    ]
    assert names[0].startswith("全部单位")
    assert any(n.startswith("东风村党支部") for n in names)
    headers = [
        window.items_page.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(len(HEADERS))
    ]
    assert headers == [
        "公开编号",
        "单位",
        "标题",
        "类型",
        "类别",
        "期间",
        "状态",
        "公开日期",
        "截止日期",
    ]
    assert window.menuBar().actions()[0].text() == "文件(&F)"


def test_tree_selection_filters_by_organization_and_category(window, demo_services):
    org = demo_services.orgs.all()[0]
    row = window.items_page.tree_model.find(Node("org", org.id))
    window.items_page.tree.setCurrentIndex(row.index())
    assert window.items_page.model.total == demo_services.items.count(
        ItemFilter(organization_id=org.id)
    )
    assert {s.organization_id for s in window.items_page.model.rows} == {org.id}
    assert f"({window.items_page.model.total})" in row.text()
    cat = next(
        c
        for c in demo_services.orgs.categories(org.id)
        if demo_services.items.count(ItemFilter(category_id=c.id))
    )
    cat_row = window.items_page.tree_model.find(Node("category", org.id, None, cat.id))
    window.items_page.tree.setCurrentIndex(cat_row.index())
    assert {s.category_id for s in window.items_page.model.rows} == {cat.id}


def test_type_tabs_status_and_search(window, qtbot):
    window.items_page.filters.tabs.setCurrentIndex(2)  # 定期公开
    assert window.items_page.model.total > 0
    assert {s.publication_type for s in window.items_page.model.rows} == {PublicationType.PERIODIC}
    window.items_page.filters.tabs.setCurrentIndex(0)
    window.items_page.filters.status.setCurrentIndex(1 + list(Status).index(Status.DRAFT))
    assert {s.status for s in window.items_page.model.rows} == {Status.DRAFT}
    window.items_page.filters.status.setCurrentIndex(0)
    # two characters: titles and bodies (LIKE); the search waits for a pause in typing,
    # Enter applies at once
    window.items_page.filters.search.setText("财务")
    window.items_page.filters.flush()
    assert window.items_page.model.total > 0 and all(
        "财务" in window.services.items.get(s.id).title + window.services.items.get(s.id).body
        for s in window.items_page.model.rows
    )
    window.items_page.filters.search.clear()
    window.items_page.filters.search.insert("收支明细")
    qtbot.waitUntil(lambda: window.items_page.model.filter.text == "收支明细", timeout=2000)
    assert all(
        "收支明细" in window.services.items.get(s.id).title + window.services.items.get(s.id).body
        for s in window.items_page.model.rows
    )
    window.items_page.filters.search.setText("没有这样的事项")
    window.items_page.filters.flush()
    assert window.items_page.model.total == 0 and "0" in window.count_label.text()


def test_sorting_by_any_column_asks_the_service(window):
    window.items_page.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
    got = titles(window)
    assert got == sorted(got)
    window.items_page.table.sortByColumn(COL_STATUS, Qt.SortOrder.DescendingOrder)
    statuses = [s.status.value for s in window.items_page.model.rows]
    assert statuses == sorted(statuses, reverse=True)


def test_model_pages_rows_instead_of_loading_all(window, monkeypatch):
    monkeypatch.setattr(window.items_page.model, "PAGE", 10)
    window.items_page.model.reload()
    assert window.items_page.model.rowCount() == 10
    assert window.items_page.model.canFetchMore()
    window.items_page.model.fetchMore()
    assert window.items_page.model.rowCount() == 20
    while window.items_page.model.canFetchMore():
        window.items_page.model.fetchMore()
    assert window.items_page.model.rowCount() == window.items_page.model.total


def test_new_item_through_the_editor(window, demo_services, qtbot):
    org = demo_services.orgs.all()[0]
    window.items_page.tree.setCurrentIndex(
        window.items_page.tree_model.find(Node("org", org.id)).index()
    )
    before = window.items_page.model.total
    window.commands.act_new_item.trigger()
    window.items_page.editor.form.title_edit.setText("关于召开党员大会的通知")
    window.items_page.editor.form.body_edit.setPlainText("定于本月召开全体党员大会。")
    with qtbot.waitSignal(window.items_page.editor.saved, timeout=3000):
        assert window.items_page.editor.save()
    qtbot.waitUntil(lambda: window.items_page.model.total == before + 1, timeout=3000)
    assert "关于召开党员大会的通知" in titles(window)


def test_an_editor_that_fails_to_start_is_not_hidden(qtbot, demo_services, monkeypatch):
    """No placeholder swallows the error: the caller (and the app's exception hook) sees it."""
    from board_app.settings import MachineSettings
    from board_app.ui.editor import item_editor
    from board_app.ui.main_window import MainWindow

    def broken(self, *_args):
        raise RuntimeError("editor broken")

    monkeypatch.setattr(item_editor.ItemEditor, "_build", broken)
    with pytest.raises(RuntimeError, match="editor broken"):
        MainWindow(demo_services, MachineSettings(operator="测试员"))


def test_selecting_a_row_loads_it_into_the_editor(window, monkeypatch):
    loaded = []
    monkeypatch.setattr(window.items_page.editor, "load_item", loaded.append)
    monkeypatch.setattr(window.items_page.editor, "has_unsaved_changes", lambda: False)
    window.items_page.table.selectRow(3)
    assert loaded == [window.items_page.model.item_id(3)]


def test_busy_task_disables_database_actions(window, qtbot):
    gate = threading.Event()
    task = window.runner.run(lambda r: gate.wait(5), parent=window, show_progress=False)
    assert task is not None
    assert (
        not window.commands.act_new_item.isEnabled() and not window.commands.act_import.isEnabled()
    )
    assert not window.items_page.table.isEnabled() and window.items_page.model.blocked
    assert window.runner.run(lambda r: None) is None  # one user of the database at a time
    gate.set()
    qtbot.waitUntil(lambda: window.commands.act_new_item.isEnabled(), timeout=5000)
    assert window.commands.act_find.isEnabled() and not window.items_page.model.blocked


def test_task_reports_progress_cancels_and_fails_on_ui_thread(window, qtbot):
    seen, errors, results = [], [], []
    main = threading.get_ident()

    def work(reporter):
        for n in range(3):
            reporter.progress(n + 1, 3)
        return threading.get_ident()

    window.runner.run(
        work, on_success=results.append, show_progress=True, delay_ms=0, parent=window
    )
    qtbot.waitUntil(lambda: bool(results), timeout=3000)
    assert results[0] != main

    def slow(reporter):
        while True:
            reporter.progress(1, 2)
            threading.Event().wait(0.01)

    task = window.runner.run(slow, on_success=seen.append, on_failure=errors.append)
    task.cancel()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=3000)
    assert seen == [] and errors == []  # cancelled quietly

    def boom(reporter):
        raise ValueError("坏了")

    window.runner.run(boom, on_failure=lambda exc: errors.append((exc, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0][0], ValueError) and errors[0][1] == main


def test_add_page_and_shortcuts(window):
    page = QLabel("公开栏预览")
    index = window.add_page(page, "公开栏预览")
    assert window.pages.tabText(index) == "公开栏预览"
    assert window.commands.act_new_item.shortcut().toString() == "Ctrl+N"
    assert window.commands.act_find.shortcut().toString() == "Ctrl+F"
    window.commands.act_find.trigger()
    assert (
        window.items_page.filters.search.hasFocus()
        or window.focusWidget() is window.items_page.filters.search
    )


def test_import_refused_file_lists_every_problem(window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "board-app.items/1",
                "organization": {"name": "测试村党支部", "kind": "party_branch"},
                "items": [
                    {"title": "", "publication_type": "long_term"},
                    {"title": "好", "publication_type": "weird"},
                    {
                        "title": "2026年第三季度财务",
                        "publication_type": "periodic",
                        "period": "2026-Q9",
                    },
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    before = window.items_page.model.total
    flow = window.files.import_items(bad)
    from PySide6.QtTest import QTest

    for _ in range(100):
        if flow.report_dialog is not None:
            break
        QTest.qWait(20)
    assert flow.report_dialog is not None
    assert flow.report_dialog.list.count() == 3
    assert window.items_page.model.total == before


def test_import_checks_then_imports(window, tmp_path, qtbot, message_boxes):
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "format": "board-app.items/1",
                "organization": {"name": "西山村党支部", "kind": "party_branch"},
                "items": [
                    {"title": "村规民约", "publication_type": "long_term", "domain": "party"},
                    {
                        "title": "2026年第三季度党费收缴",
                        "publication_type": "periodic",
                        "period": "2026-Q3",
                        "domain": "party",
                    },
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    confirmed = []
    flow = window.files.import_items(good)
    flow.ask_confirm = lambda report: confirmed.append(report) or True
    qtbot.waitUntil(lambda: any("2" in t for t in message_boxes.texts("information")), timeout=5000)
    assert confirmed and confirmed[0].dry_run
    assert window.services.orgs.by_name("西山村党支部")
    names = [
        window.items_page.tree_model.item(r).text()
        for r in range(window.items_page.tree_model.rowCount())
    ]
    assert any(n.startswith("西山村党支部") for n in names)


def test_daily_backup_runs_off_the_ui_thread(window, qtbot):
    from board_app.services import backups_service

    window.files.start_daily_backup()
    qtbot.waitUntil(lambda: bool(backups_service.list_backups(window.services.path)), timeout=5000)


def test_run_gui_refuses_a_locked_database(tmp_path, qtbot, message_boxes, monkeypatch):
    from board_app.services.context import open_services
    from board_app.settings import MachineSettings, save_settings
    from board_app.ui import main

    save_settings(MachineSettings(operator="测试员"))  # no first-start name question
    db = tmp_path / "locked.sqlite3"
    holder = open_services(db)
    try:
        assert main.run_gui(db, explicit_db=True) == main.EXIT_DATABASE_UNUSABLE
    finally:
        holder.close()
    kind, _title, text = message_boxes.calls[-1]
    assert kind == "critical" and str(db.name) in text


def test_run_gui_shows_a_window_that_fails_to_start(tmp_path, qtbot, message_boxes, monkeypatch):
    import sys

    from board_app.settings import MachineSettings, save_settings
    from board_app.ui import main
    from board_app.ui.editor import item_editor

    save_settings(MachineSettings(operator="测试员"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own hook

    def broken(self, *_args):
        raise RuntimeError("editor broken")

    monkeypatch.setattr(item_editor.ItemEditor, "_build", broken)
    assert main.run_gui(tmp_path / "board.sqlite3", explicit_db=True) == 1
    kind, _title, text = message_boxes.calls[-1]  # the hook's message, with the crash log
    assert kind == "critical" and "editor broken" in text


def test_excepthook_shows_a_friendly_message(qapp, message_boxes, monkeypatch, tmp_path):
    from board_app.ui import main

    monkeypatch.setattr(main, "_write_crash_log", lambda text: tmp_path / "error.log")
    old = sys.excepthook
    main.install_excepthook()
    try:
        try:
            raise RuntimeError("意外")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert message_boxes.calls[-1][0] == "critical"
    assert "意外" in message_boxes.calls[-1][2]


def test_bundled_font_is_the_application_font(qapp):
    from board_app.ui.main import load_bundled_font

    family = load_bundled_font(qapp)
    assert family and "Noto Sans" in family
    assert qapp.font().family() == family


def test_english_when_chosen(qtbot, demo_services):
    from board_app import i18n
    from board_app.ui.main_window import MainWindow

    i18n.set_language("en")
    win = MainWindow(demo_services)
    qtbot.addWidget(win)
    assert win.items_page.model.headerData(COL_TITLE, Qt.Orientation.Horizontal) == "Title"
    assert win.menuBar().actions()[0].text() == "&File"
    win.shutdown()


def test_switch_database_opens_another_file(window, tmp_path):
    other = tmp_path / "other.sqlite3"
    assert window.files.switch_database(other, create=True)
    assert Path(window.services.path) == other.resolve()
    assert window.items_page.model.total == 0
    assert isinstance(window.items_page.editor, QWidget)


def test_window_fits_a_1366x768_office_screen(window, qtbot):
    from board_app.ui.main_window import fitted_size

    # a 1366×768 screen with a 40 px task bar: smaller than the default, so maximized
    width, height, maximize = fitted_size(1366, 728)
    assert width <= 1366 and height <= 728 - 40 and maximize
    assert fitted_size(1920, 1040) == (1480, 900, False)
    for page in range(window.pages.count()):
        window.pages.setCurrentIndex(page)
        assert window.minimumSizeHint().width() <= 1366 - 16
    # the editor beside the table needs no sideways scrolling at that size
    window.pages.setCurrentWidget(window.items_page)
    window.resize(width, height)
    window.items_page.table.selectRow(3)
    qtbot.waitUntil(lambda: window.items_page.editor.item_id() is not None)
    qtbot.wait(50)
    assert window.items_page.editor.scroll_area.horizontalScrollBar().maximum() == 0


def test_window_title_names_the_database_once(window, demo_services):
    # Qt appends the application display name to window titles itself
    assert window.windowTitle() == Path(demo_services.path).name


def test_english_columns_are_wide_enough_for_their_labels(qtbot, demo_services):
    from board_app import i18n
    from board_app.domain import labels
    from board_app.ui.main_window import MainWindow

    i18n.set_language("en")
    win = MainWindow(demo_services)
    qtbot.addWidget(win)
    header, fm = win.items_page.table.horizontalHeader(), win.items_page.table.fontMetrics()
    widest = max(fm.horizontalAdvance(labels.status(s)) for s in Status)
    assert header.sectionSize(COL_STATUS) >= widest + 8
    win.shutdown()


def test_rows_say_which_organization_they_belong_to(window, demo_services):
    names = {o.id: o.name for o in demo_services.orgs.all()}
    model = window.items_page.model
    for row in range(min(model.rowCount(), 40)):
        summary = model.index(row, 0).data(SummaryRole)
        tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert names[summary.organization_id] in tip


def test_help_is_the_last_menu_whatever_the_pages_add(window):
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus[-1].startswith("帮助"), menus
    assert menus[0].startswith("文件") and len(menus) > 5, menus
