"""The township page through its widgets: villages worst first, the 统计表 of a chosen period
with its exports, a village's board read-only; the township field of the organization dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit
from township_data import TOWN, town_database

from board_app.domain.items import Organization, OrgKind
from board_app.domain.periods import Period
from board_app.ui.colors import alert_color
from board_app.ui.dialogs.organization_dialog import OrganizationDialog
from board_app.ui.township.page import TownshipPage


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("town")


@pytest.fixture
def town_services(town_dir: Path, tmp_path: Path):
    """Services over a copy of the 测试镇 database (see tests/township_data.py)."""
    from board_app.services.context import open_services

    svc = open_services(town_database(town_dir, tmp_path / "town.sqlite3"), operator="测试员")
    yield svc
    svc.close()


@pytest.fixture
def page(qtbot, town_services):
    page = TownshipPage(town_services)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.as_of.setDate(QDate(2026, 11, 20))
    page.township.setCurrentText(TOWN)
    return page


def _column(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_calendar_lists_the_worst_village_first(page) -> None:
    assert page.township.currentText() == TOWN
    assert _column(page.villages, 0) == [
        "乙村村民委员会",
        "甲村村民委员会",
        "丙村村民委员会",
        "丁村村民委员会",
    ]
    assert _column(page.villages, 1) == ["5", "1", "0", "0"]
    assert page.villages.item(0, 0).foreground().color() == alert_color()
    assert page.villages.item(3, 0).foreground().color() != alert_color()
    page.villages.setCurrentCell(1, 0)
    shown = [page.entries.topLevelItem(i).text(1) for i in range(page.entries.topLevelItemCount())]
    assert shown[0] == "2026-09"  # 甲村's overdue report first, then what is not yet due
    assert page.entries.topLevelItem(0).text(3) == "已逾期"


def test_statistics_of_a_quarter_and_its_exports(page, tmp_path: Path) -> None:
    assert page.stats.data is None  # computed when its tab is first shown
    page.tabs.setCurrentWidget(page.stats)
    assert page.stats.data is not None
    page.stats.set_period(Period.parse("2026-Q3"))
    assert "2026年第3季度" in page.stats.subtitle.text()
    table = page.stats.table
    row = _column(table, 1).index("甲村村民委员会")
    values = [table.item(row, c).text() for c in range(2, table.columnCount())]
    assert values == ["1", "2", "1", "4", "2", "1", "1", "0", "0", "50.0%", "1", "1", "0"]
    assert _column(table, 1)[-1] == "合计"
    assert table.item(table.rowCount() - 1, 6).text() == "6"  # reports due, all villages
    page.stats.set_period(Period.parse("2026-10"))
    assert page.stats.index.isVisible() and page.stats.index.maximum() == 12
    assert "2026年10月" in page.stats.subtitle.text()
    pdf = page.stats.export("pdf", tmp_path / "统计表.pdf")
    xlsx = page.stats.export("xlsx", tmp_path / "统计表.xlsx")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert xlsx is not None and xlsx.stat().st_size > 0


def test_a_villages_board_is_shown_read_only(page, town_services) -> None:
    audit_before = len(town_services.repo.recent_audit(10_000))
    page.villages.setCurrentCell(1, 0)  # 甲村
    page.preview_button.click()
    preview = page.preview
    assert page.tabs.currentWidget() is preview
    assert preview.village.currentText() == "甲村村民委员会"
    assert preview.page_count() >= 1 and not preview.image.pixmap().isNull()
    assert not preview.problem.isVisible()
    # nothing to type into and no button but page turning
    assert not preview.findChildren(QLineEdit) and not preview.findChildren(QTextEdit)
    assert not preview.findChildren(QPlainTextEdit)
    buttons = {b.text() for b in preview.findChildren(QAbstractButton)}
    assert buttons == {"◀ 上一页", "下一页 ▶"}
    preview.village.setCurrentIndex(preview.village.findText("乙村村民委员会"))
    assert preview.page_count() >= 1
    assert len(town_services.repo.recent_audit(10_000)) == audit_before  # nothing was written


def test_without_townships_the_page_says_how_to_set_one(qtbot, ui_services) -> None:
    ui_services.orgs.create(Organization(name="孤村村民委员会", kind=OrgKind.VILLAGE_COMMITTEE))
    page = TownshipPage(ui_services)
    qtbot.addWidget(page)
    page.show()
    assert page.empty_label.isVisible() and not page.tabs.isEnabled()
    assert page.township.count() == 0


def test_organization_dialog_edits_the_township(qtbot, ui_services) -> None:
    org = ui_services.orgs.create(
        Organization(name="新村村民委员会", kind=OrgKind.VILLAGE_COMMITTEE)
    )
    dialog = OrganizationDialog(ui_services, ui_services.orgs.get(org.id))
    qtbot.addWidget(dialog)
    assert dialog.township.text() == ""
    dialog.township.setText(" 𠮷 镇 ")
    dialog.save()
    assert ui_services.orgs.get(org.id).township == "𠮷 镇"
    dialog = OrganizationDialog(ui_services, ui_services.orgs.get(org.id))
    qtbot.addWidget(dialog)
    assert dialog.township.text() == "𠮷 镇"
    dialog.township.setText("镇" * 201)
    dialog.save()
    assert not dialog.problems.isHidden() and "最多 200 个字" in dialog.problems.text()


def test_main_window_has_the_township_page(qtbot, demo_services) -> None:
    from board_app.ui.main_window import MainWindow

    win = MainWindow(demo_services)
    qtbot.addWidget(win)
    win.show()
    win.pages.setCurrentWidget(win.township_page)
    assert win.pages.tabText(win.pages.currentIndex()) == "乡镇"
    assert win.township_page.township.currentText() == "东风镇"
    # the demo's 党支部 and 村民委员会 belong to 东风镇
    assert win.township_page.villages.rowCount() == 2
