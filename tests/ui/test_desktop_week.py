"""Issue 12, the desktop app through a clerk's first week: fit, language and everyday flow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QMessageBox

from board_app import i18n
from board_app.domain import labels
from board_app.domain.items import Cadence, Item, PublicationType, Status
from board_app.domain.queries import ItemFilter
from board_app.errors import ValidationError
from board_app.ui.models.item_table_model import (
    COL_ORG,
    COL_STATUS,
    COL_TITLE,
    COL_TYPE,
    period_text,
)
from board_app.ui.models.org_tree_model import Node

LONG_TITLE = "2026年第三季度东风村村民委员会村级财务收支明细及集体资产处置情况公示"


def _draft(svc, org, category=None, **fields) -> Item:
    """Save an item; with status=PUBLISHED, submit, approve and publish it (on publish_date)."""
    publish = fields.pop("status", Status.DRAFT) is Status.PUBLISHED
    item = Item(
        title=fields.pop("title", "测试事项"),
        publication_type=fields.pop("publication_type", PublicationType.IMMEDIATE),
        organization_id=org.id,
        category_id=category.id if category else None,
        body=fields.pop("body", "正文"),
        responsible=fields.pop("responsible", "村委会"),  # submission needs a 责任人
        **fields,
    )
    if not publish:
        return svc.items.save(item)
    on = item.publish_date or date(2026, 10, 1)
    item = svc.items.save(item)
    svc.items.submit(item.id)
    svc.items.approve(item.id, reviewer="村务监督委员会", on=on, opinion="同意")
    return svc.items.publish(item.id, on=on)


def _category(svc, org, name):
    return next(c for c in svc.orgs.categories(org.id) if c.name == name)


def _village(svc):
    return next(o for o in svc.orgs.all() if "村民委员会" in o.name)


# ----- fit ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_titles_get_the_room_at_1366(qtbot, demo_services, lang):
    from board_app.ui.main_window import MainWindow

    i18n.set_language(lang)
    org = demo_services.orgs.all()[0]
    _draft(demo_services, org, title=LONG_TITLE)
    win = MainWindow(demo_services)
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    win.pages.setCurrentWidget(win.items_page)
    qtbot.wait(20)
    table = win.items_page.table
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    title_width = table.columnWidth(COL_TITLE)
    assert title_width >= 0.33 * table.viewport().width()
    assert title_width >= table.fontMetrics().horizontalAdvance("汉") * 12
    # the all-organizations view names the organization; the tooltip has the whole title
    assert not table.isColumnHidden(COL_ORG)
    header = win.items_page.model.headerData(COL_ORG, Qt.Orientation.Horizontal)
    assert header == ("单位" if lang == "zh_CN" else "Organization")
    row = win.items_page.model.row_of(
        next(s.id for s in win.items_page.model.rows if s.title == LONG_TITLE)
    )
    assert LONG_TITLE in win.items_page.model.index(row, COL_TITLE).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert win.items_page.model.index(row, COL_ORG).data() == org.name
    # one organization: no organization column; a type tab: no type column
    win.items_page.show_node(Node("org", org.id))
    assert table.isColumnHidden(COL_ORG)
    win.items_page.filters.tabs.setCurrentIndex(1)
    assert table.isColumnHidden(COL_TYPE)
    win.shutdown()


def test_rare_characters_fall_back_to_the_bundled_faces(qapp):
    from board_app.ui.app_setup import load_bundled_fonts

    family = load_bundled_fonts(qapp)
    assert family and "Noto Sans" in family
    assert any("HanaMin" in f for f in qapp.font().families())
    layout = QTextLayout("王𠮷", qapp.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = set()
    for run in layout.glyphRuns():
        assert 0 not in run.glyphIndexes()  # glyph 0 is the "missing" box
        families.add(run.rawFont().familyName())
    assert any("HanaMin" in f for f in families), families


def test_message_boxes_and_qt_dialogs_speak_chinese(qapp):
    from board_app.ui.app_setup import install_qt_translations

    try:
        assert install_qt_translations(qapp, "zh_CN")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "x",
            "y",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        texts = [b.text() for b in box.buttons()]
        assert any("是" in t for t in texts) and any("否" in t for t in texts), texts
        assert QCoreApplication.translate("QFileDialog", "Save As") != "Save As"
        assert QCoreApplication.translate("QPrintDialog", "Print") != "Print"
    finally:
        assert install_qt_translations(qapp, "en") == []
    assert QCoreApplication.translate("QFileDialog", "Save As") == "Save As"


def test_period_labels_stay_chinese_in_the_english_ui(qtbot, demo_services):
    from board_app.ui.calendar_view import CalendarView

    i18n.set_language("en")
    assert period_text("2026-Q3") == "2026年第三季度"
    assert period_text("2026-11") == "2026年11月"
    view = CalendarView(demo_services, today=date(2026, 12, 3))
    qtbot.addWidget(view)
    periods = {r[1] for r in view.rows() if r[1]}
    assert periods and all("年" in p for p in periods)


# ----- cadence and items without a category ---------------------------------------------
def test_the_organization_picks_a_categorys_cadence(qtbot, demo_services, message_boxes):
    from board_app.domain.schedule import DueState, disclosure_calendar
    from board_app.ui.dialogs.catalogue_dialog import CatalogueDialog

    svc = demo_services
    org = _village(svc)
    finance = _category(svc, org, "财务收支明细")
    assert finance.cadence is Cadence.MONTHLY
    dialog = CatalogueDialog(svc, org.id)
    qtbot.addWidget(dialog)
    box = dialog.cadence_box(finance.id)
    assert box is not None
    box.set_value(Cadence.QUARTERLY)
    assert svc.orgs.category(finance.id).cadence is Cadence.QUARTERLY and dialog.changed
    with pytest.raises(ValidationError):
        svc.orgs.set_cadence(finance.id, Cadence.AS_NEEDED)
    # the monthly reports filed before the switch still count for their quarter
    for month in ("07", "08", "09"):
        item = _draft(
            svc,
            org,
            svc.orgs.category(finance.id),
            title=f"2026年{month}月财务",
            publication_type=PublicationType.PERIODIC,
            period=f"2026-{month}",
            status=Status.PUBLISHED,
            publish_date=date(2026, 10, 1),
        )
        assert item.id
    org = svc.orgs.get(org.id)
    cats = svc.orgs.categories(org.id)
    items = svc.items.all_for(org.id)
    entries = disclosure_calendar(org, cats, items, date(2026, 12, 3), date(2026, 7, 1))
    q3 = next(e for e in entries if e.category.id == finance.id and str(e.period) == "2026-Q3")
    assert q3.state is DueState.DONE
    q4 = next(e for e in entries if e.category.id == finance.id and str(e.period) == "2026-Q4")
    assert q4.state is not DueState.DONE


def test_items_whose_category_was_removed_stay_visible(qtbot, window, demo_services):
    svc = demo_services
    org = _village(svc)
    cat = _category(svc, org, "低保与救助")
    ids = [s.id for s in svc.items.page(ItemFilter(category_id=cat.id), offset=0, limit=50)]
    assert ids
    svc.orgs.delete_category(cat.id)
    window.reload_all()
    row = window.items_page.tree_model.find(Node("nocat", org.id))
    assert row is not None and f"({len(ids)})" in row.text()
    window.items_page.show_node(Node("nocat", org.id))
    assert sorted(s.id for s in window.items_page.model.rows) == sorted(ids)
    assert window.items_page.model.index(0, 4).data() == "（无类别）"
    calendar = window.board_pages.calendar
    calendar.refresh()
    opened = [r[4] for r in calendar.rows() if r[4] and r[4][0] == "open"]
    assert all(("open", i) in opened for i in ids)
    assert any(r[0].startswith("无类别的事项") for r in calendar.rows())


# ----- filters and search ------------------------------------------------------------------
def test_a_quarter_filter_includes_its_months(demo_services):
    svc = demo_services
    org = _village(svc)
    finance = _category(svc, org, "财务收支明细")
    for month in ("10", "11"):
        _draft(
            svc,
            org,
            finance,
            title=f"{month}月",
            publication_type=PublicationType.PERIODIC,
            period=f"2026-{month}",
        )
    quarter = {s.period for s in svc.items.page(ItemFilter(period="2026-Q4"), offset=0, limit=500)}
    assert {"2026-10", "2026-11"} <= quarter
    assert quarter <= {"2026-Q4", "2026-10", "2026-11", "2026-12"}
    year = {s.period for s in svc.items.page(ItemFilter(period="2026"), offset=0, limit=500)}
    assert {"2026-10", "2026-Q3", "2026"} & year and not {p for p in year if "2025" in p}
    # a month lists only itself
    assert {
        s.period for s in svc.items.page(ItemFilter(period="2026-10"), offset=0, limit=500)
    } == {"2026-10"}


def test_short_searches_find_names_in_bodies(demo_services):
    svc = demo_services
    org = _village(svc)
    item = _draft(
        svc, org, title="困难群众临时救助名单", body="救助对象：孙宝（一户三人），金额 500 元。"
    )
    for text in ("孙宝", "宝", "孙宝 临时救助"):
        found = [s.id for s in svc.items.page(ItemFilter(text=text), offset=0, limit=500)]
        assert item.id in found, text
    assert svc.items.count(ItemFilter(text="孙宝 不存在的")) == 0
    # LIKE wildcards are searched for literally
    every = [svc.items.get(s.id) for s in svc.items.page(ItemFilter(), offset=0, limit=500)]
    for wildcard in ("%", "_"):
        expected = sum(1 for i in every if wildcard in i.title + i.body)
        assert svc.items.count(ItemFilter(text=wildcard)) == expected < len(every)


# ----- everyday flow -------------------------------------------------------------------------
def test_an_overdue_entry_creates_the_item_in_its_organization(qtbot, window, demo_services):
    party, village = demo_services.orgs.all()[0], _village(demo_services)
    window.items_page.show_node(Node("org", party.id))
    calendar = window.board_pages.calendar
    window.pages.setCurrentWidget(calendar)
    action = next(
        r[4] for r in calendar.rows() if r[4] and r[4][0] == "create" and r[4][1] == village.id
    )
    row = next(r for r in calendar.rows() if r[4] == action)
    calendar.activate(calendar.find_row(row[0], row[1]))
    assert window.items_page.current_org_id() == village.id
    window.items_page.editor.form.title_edit.setText("补报：财务收支明细")
    window.items_page.editor.save()
    saved = demo_services.items.get(window.items_page.editor.item_id())
    assert saved.organization_id == village.id and saved.category_id == action[2]


def test_a_scheduled_item_reads_pending_with_its_date(window, demo_services):
    today = demo_services.ctx.today()
    assert labels.status_on(Status.PUBLISHED, date(2026, 12, 8), date(2026, 12, 3)) == (
        "待公开（12月8日）"
    )
    assert labels.status_on(Status.PUBLISHED, date(2026, 12, 3), date(2026, 12, 3)) == "已公开"
    org = demo_services.orgs.all()[0]
    later = date.fromordinal(today.toordinal() + 5)
    item = _draft(
        demo_services, org, title="下周公开的事项", status=Status.PUBLISHED, publish_date=later
    )
    window.reload_all()
    row = window.items_page.model.row_of(item.id)
    assert (
        window.items_page.model.index(row, COL_STATUS).data()
        == f"待公开（{later.month}月{later.day}日）"
    )
    i18n.set_language("en")
    assert labels.status_on(Status.PUBLISHED, later, today).startswith("Scheduled (")


def test_save_dialogs_remember_folders_and_suggest_chinese_names(
    qtbot, window, monkeypatch, tmp_path
):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    from board_app.ui import save_dialogs

    docs = tmp_path / "文档"
    docs.mkdir()
    monkeypatch.setattr(save_dialogs, "documents_dir", lambda: docs)
    asked: list[str] = []
    target = tmp_path / "公开栏存档"
    target.mkdir()

    def fake_save(_parent, _title, start, _filter):
        asked.append(start)
        return str(target / "东风村党支部公开栏"), ""  # typed without .pdf

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url.toLocalFile()) or True),
    )

    def click(text: str):
        def exec_(box):
            next(b for b in box.buttons() if b.text() == text).click()
            return 0

        return exec_

    monkeypatch.setattr(QMessageBox, "exec", click("打开所在文件夹"))
    board = window.board_pages.board
    window.pages.setCurrentWidget(board)
    qtbot.waitUntil(lambda: board.current is not None and not board.is_rendering(), timeout=20000)
    org = board.organization()
    path = board.export_pdf()
    assert path == target / "东风村党支部公开栏.pdf" and path.is_file()
    assert Path(asked[0]) == docs / f"{org.name}公开栏-{board.board_date().isoformat()}.pdf"
    assert opened == [str(target)]
    # the next board export starts in the folder used last; exports have their own folder
    monkeypatch.setattr(QMessageBox, "exec", click("打开文件"))
    board.export_pdf()
    assert Path(asked[1]).parent == target and opened[-1] == str(path)
    assert save_dialogs.last_folder(save_dialogs.KIND_EXPORT) == docs
    assert save_dialogs.export_file_name("东风村党支部", 2026) == "东风村党支部公开事项-2026.json"
    assert save_dialogs.safe_file_name('a/b:c*?"<>|') == "a-b-c-"


def test_the_demo_is_remembered_and_the_name_asked_once(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from board_app.settings import load_settings
    from board_app.ui import main
    from board_app.ui.dialogs import operator_dialog

    demo = tmp_path / "demo.sqlite3"
    first = []
    monkeypatch.setattr(main, "_first_start", lambda *a: first.append(1) or (demo, True))
    asked = []

    def answer(dialog):
        asked.append(1)
        dialog.edit.setText("  孙 会计 ")
        return 1

    monkeypatch.setattr(operator_dialog.OperatorDialog, "exec", answer)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    default = tmp_path / "board.sqlite3"
    assert main.run_gui(default) == 0
    settings = load_settings()
    assert Path(settings.last_database) == demo.resolve() and settings.operator == "孙 会计"
    assert first == [1] and asked == [1]
    # the next start opens the demo without the first-start question or the name question
    from board_app.settings import resolve_database

    assert main.run_gui(resolve_database(None)) == 0
    assert first == [1] and asked == [1]
    from board_app.services.context import open_services

    svc = open_services(demo, wait=0)
    try:  # the demo was written by the first start: the change log names the operator
        item = svc.items.page(ItemFilter(), offset=0, limit=1)[0]
        assert {entry.operator for entry in svc.items.history(item.id)} == {"孙 会计"}
    finally:
        svc.close()


def test_help_opens_the_bundled_user_guide_rendered(qtbot, window):
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    from fnmatch import fnmatch

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from board_app.ui.dialogs.help_dialog import referenced_images, user_guide_path

    menu_texts = [a.text() for a in window.menuBar().actions()]
    help_menu = window.menuBar().actions()[menu_texts.index("帮助(&H)")].menu()
    assert "使用说明" in [a.text() for a in help_menu.actions()]
    window.commands.act_guide.trigger()
    dialog = window._help_dialog
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "第一次启动" in text and "![" not in text and "**" not in text  # rendered Markdown
    for image in referenced_images(user_guide_path().read_text(encoding="utf-8")):
        resource = dialog.browser.document().resource(
            QTextDocument.ResourceType.ImageResource, QUrl(image)
        )
        assert resource is not None and not resource.isNull(), image
    # packaged with the resources of a regular install
    root = Path(__file__).resolve().parents[2]
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    files = data["tool"]["setuptools"]["data-files"]
    assert "docs/user-guide.md" in files["share/board-app/resources/docs"]
    patterns = files["share/board-app/resources/docs/images"]
    for image in referenced_images((root / "docs" / "user-guide.md").read_text(encoding="utf-8")):
        assert any(fnmatch(f"docs/{image}", p) for p in patterns), image
        assert (root / "docs" / image).is_file(), image


def test_ctrl_p_prints_the_board_of_the_organization_selected(
    qtbot, window, monkeypatch, message_boxes
):
    from PySide6.QtGui import QKeySequence

    from board_app.ui.board import print_support

    printed = []
    monkeypatch.setattr(
        print_support, "print_with_dialog", lambda *args, **kwargs: printed.append(args) or True
    )
    village = _village(window.services)
    window.pages.setCurrentWidget(window.items_page)
    window.items_page.show_node(Node("org", village.id))
    act = window.board_pages.act_print
    assert act.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    act.trigger()
    board = window.board_pages.board
    assert window.pages.currentWidget() is board
    qtbot.waitUntil(lambda: bool(printed or message_boxes.calls), timeout=20000)
    assert board.organization().id == village.id
    if message_boxes.calls:  # a board larger than A3 prints tiled: Ctrl+P says so
        assert "A3" in message_boxes.texts("information")[0] and not printed
        board.controls.tile_combo.setCurrentIndex(1)
        qtbot.waitUntil(lambda: not board.is_rendering(), timeout=20000)
        act.trigger()
    qtbot.waitUntil(lambda: bool(printed), timeout=20000)
    assert len(printed) == 1


def test_the_operator_name_is_required_in_its_dialog(qtbot, message_boxes):
    from board_app.ui.dialogs.operator_dialog import OperatorDialog

    dialog = OperatorDialog()
    qtbot.addWidget(dialog)
    dialog.edit.setText("   ")
    dialog._ok()
    assert dialog.result() == 0 and message_boxes.texts("warning") == ["请输入您的姓名。"]
    dialog.edit.setText(" 王𠮷 ")
    dialog._ok()
    assert dialog.result() == 1 and dialog.name() == "王𠮷"


def test_periods_within_a_period():
    from board_app.domain.periods import Period, periods_within

    def within(text):
        return [str(p) for p in periods_within(Period.parse(text))]

    assert within("2026-Q4") == ["2026-Q4", "2026-10", "2026-11", "2026-12"]
    assert within("2026-H1") == [
        "2026-H1",
        "2026-Q1",
        "2026-Q2",
        *(f"2026-0{m}" for m in range(1, 7)),
    ]
    assert len(within("9999")) == 1 + 2 + 4 + 12 and within("2026-03") == ["2026-03"]


def test_titles_stay_readable_with_the_window_at_its_smallest(qtbot, demo_services):
    """The smallest window with an item open: organization and period columns give way
    before the title is cut to a few characters."""
    from board_app.ui.main_window import MainWindow

    i18n.set_language("zh_CN")
    org = demo_services.orgs.all()[0]
    _draft(demo_services, org, title=LONG_TITLE)
    win = MainWindow(demo_services)
    qtbot.addWidget(win)
    win.show()
    win.resize(win.minimumSizeHint().width(), 700)
    win.pages.setCurrentWidget(win.items_page)
    table = win.items_page.table
    table.selectRow(0)
    qtbot.wait(50)
    table.fit_columns()
    assert table.columnWidth(COL_TITLE) >= table.fontMetrics().horizontalAdvance("汉") * 12
    assert table.isColumnHidden(COL_ORG)
    win.shutdown()
