"""Excel/Word in the desktop app: 从 Excel 导入… with its preview, 导出为 Word, 导出为 Excel,
导出统计表, and File ▸ Import of a workbook."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from decimal import Decimal
from pathlib import Path

import openpyxl
from docx import Document

from board_app.domain.items import PublicationType, Status
from tests.office_files import agency_export


def draft_id(services) -> int:
    org = services.orgs.by_name("东风村村民委员会")
    return next(
        i.id
        for i in services.items.all_for(org.id, details=False)
        if i.status is Status.DRAFT and i.publication_type is PublicationType.PERIODIC
    )


def test_ledger_import_preview_then_fill_the_editor(
    window, demo_services, qtbot, tmp_path, message_boxes
):
    from board_app.ui.office.ledger_import import import_ledger_into_editor

    editor = window.items_page.editor
    editor.load_item(draft_id(demo_services))
    bad = agency_export(tmp_path / "bad.xlsx", bad_amount="abc")
    dialog = import_ledger_into_editor(editor, bad)
    assert dialog is not None
    assert "Sheet1!F7：不是有效金额" in dialog.problem_texts()
    assert not dialog.import_button.isEnabled()
    dialog.reject()

    dialog = import_ledger_into_editor(editor, agency_export(tmp_path / "good.xlsx"))
    assert dialog.import_button.isEnabled() and dialog.table.rowCount() == 3
    assert dialog.table.item(0, 3).text() == "收到党费（张三 13812345678）"
    assert dialog.table.item(2, 6).text() == "4,900.50"
    dialog.grab().save(str(tmp_path / "preview.png"))
    dialog.import_button.click()
    assert [r.summary for r in editor.form.ledger_editor.ledger()][2] == "慰问困难党员"
    assert editor.form.opening_edit.text() == "5,000.00"
    assert editor.has_unsaved_changes()
    editor.save()
    stored = demo_services.items.get(editor.item_id())
    assert stored.opening_balance == Decimal("5000.00") and len(stored.ledger) == 3


def test_published_item_refuses_ledger_import(window, demo_services, tmp_path, message_boxes):
    from board_app.ui.office.ledger_import import import_ledger_into_editor

    org = demo_services.orgs.by_name("东风村村民委员会")
    published = next(
        i
        for i in demo_services.items.all_for(org.id, details=False)
        if i.status is Status.PUBLISHED
    )
    window.items_page.editor.load_item(published.id)
    assert (
        import_ledger_into_editor(window.items_page.editor, agency_export(tmp_path / "a.xlsx"))
        is None
    )
    assert message_boxes.texts("warning") == ["已公开的事项不能修改，请先修订"]


def test_word_excel_and_statistics_exports(window, demo_services, qtbot, tmp_path, message_boxes):
    from board_app.ui.office.exports import export_items_xlsx, export_notice, export_report

    editor = window.items_page.editor
    editor.load_item(draft_id(demo_services))
    editor.form.title_edit.setText("未保存的标题改动")
    out = export_notice(editor, path=tmp_path / "公告.docx")
    assert out is not None
    assert Document(str(out)).paragraphs[0].text == "未保存的标题改动"
    editor.discard_changes()

    export_items_xlsx(window, path=tmp_path / "事项")
    qtbot.waitUntil(lambda: (tmp_path / "事项.xlsx").exists(), timeout=10000)
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10000)
    assert openpyxl.load_workbook(tmp_path / "事项.xlsx")["公开事项"]["B1"].value

    calendar = window.board_pages.calendar
    export_report(calendar, year=2026, path=tmp_path / "统计.xlsx")
    assert openpyxl.load_workbook(tmp_path / "统计.xlsx").sheetnames == ["汇总", "明细"]
    assert any(t.startswith("已导出到") for t in message_boxes.texts("information"))
    labels = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "导出为 Excel…" in labels


def test_file_import_takes_a_workbook(window, demo_services, qtbot, tmp_path, message_boxes):
    template = demo_services.office.write_template(tmp_path / "t.xlsx", org_name="东风村村民委员会")
    wb = openpyxl.load_workbook(template)
    ws = wb["公开事项"]
    ws["C4"], ws["D4"], ws["J4"] = "村民小组长名单", "长期公开", "无效日期"
    wb.save(template)
    flow = window.files.import_items(Path(template))
    qtbot.waitUntil(lambda: flow.report_dialog is not None, timeout=10000)
    problems = [
        flow.report_dialog.list.item(i).text() for i in range(flow.report_dialog.list.count())
    ]
    assert problems == ["公开事项!J4：不是有效日期"]
