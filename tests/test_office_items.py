"""Items from and to workbooks: the template, import with the JSON rules, export, round trips."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support import dump_rows

from board_app.domain.items import Item, LedgerRow, PublicationType, Status
from board_app.errors import UsageError, ValidationError

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines


def dump(services) -> list[str]:
    return dump_rows(services)


def fill_template(path: Path, rows: list[dict], ledger: list[list] = ()) -> Path:
    """Fill the template as a clerk would (values typed into the cells)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["公开事项"]
    headers = {ws.cell(row=3, column=c).value.rstrip("*"): c for c in range(1, ws.max_column + 1)}
    for n, values in enumerate(rows, start=4):
        for name, value in values.items():
            ws.cell(row=n, column=headers[name], value=value)
    sheet = wb["收支明细"]
    for r, values in enumerate(ledger, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


def test_template_has_lists_ledger_sheet_and_instructions(services, party_org, tmp_path):
    out = services.office.write_template(tmp_path / "公开事项模板.xlsx", org_name=party_org.name)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["填写说明", "公开事项", "收支明细", "选项"]
    assert wb.active.title == "公开事项"
    ws = wb["公开事项"]
    assert ws["B1"].value == party_org.name and ws["E1"].value == "党支部/党总支/党委"
    assert ws.freeze_panes == "D4"
    lists = {
        str(dv.sqref).split(":")[0]
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    # type, category, domain, scope, status, retention and the organization kind
    assert lists == {"D4", "E4", "F4", "G4", "H4", "P4", "E1"}
    options = wb["选项"]
    assert options.sheet_state == "hidden"
    assert [c.value for c in options["A"] if c.value] == ["长期公开", "定期公开", "即时公开"]
    categories = {c.name for c in services.orgs.categories(party_org.id)}
    assert {c.value for c in options["F"] if c.value} == categories
    assert wb["收支明细"]["A1"].value == "事项序号"


def test_template_import_with_ledger_then_reimport_skips(services, party_org, tmp_path):
    cat = next(
        c
        for c in services.orgs.categories(party_org.id)
        if c.publication_type is PublicationType.PERIODIC
    )
    path = services.office.write_template(tmp_path / "t.xlsx", org_name=party_org.name)
    fill_template(
        path,
        [
            {
                "标题": "2026年第三季度党费收缴使用情况",
                "公开类型": "定期公开",
                "公开类别": cat.name,
                "公开期间": "2026-Q3",
                "责任人": "王芳",
                "正文": "　　本季度收缴党费如下。\n第二段=1+1",
            },
            {
                "标题": "支部委员分工",
                "公开类型": "长期",
                "公开日期": "2026年9月1日",
                "公开范围": "党内公开",
            },
        ],
        ledger=[
            [1, None, None, "上期结余", 500],
            [1, "7月5日", "记-1", "收缴党费", "1,200.00", None],
            [1, date(2026, 8, 9), "记-2", "订阅党报", None, 300.5],
        ],
    )
    report = services.interchange.import_file(path, dry_run=True)
    assert report.dry_run and len(report.added) == 2
    report = services.interchange.import_file(path)
    assert len(report.added) == 2 and not report.organization_created
    items = {i.title: i for i in services.items.all_for(party_org.id)}
    dues = items["2026年第三季度党费收缴使用情况"]
    assert dues.body == "　　本季度收缴党费如下。\n第二段=1+1"
    assert dues.opening_balance == Decimal("500.00")
    assert [(r.date, r.voucher, r.income, r.expense) for r in dues.ledger] == [
        (date(2026, 7, 5), "记-1", Decimal("1200.00"), Decimal("0.00")),
        (date(2026, 8, 9), "记-2", Decimal("0.00"), Decimal("300.50")),
    ]
    assert items["支部委员分工"].publish_date == date(2026, 9, 1)
    again = services.interchange.import_file(path)
    assert again.added == [] and len(again.skipped) == 2


def test_bad_cells_refuse_the_whole_workbook(services, party_org, tmp_path):
    path = services.office.write_template(tmp_path / "t.xlsx", org_name=party_org.name)
    fill_template(
        path,
        [
            {"标题": "甲", "公开类型": "定期公开", "公开期间": "2026-Q3", "公开日期": "明天"},
            {"标题": "乙", "公开类型": "每周公开"},
            {"标题": "丙", "公开类型": "即时公开", "状态": "已公开"},
            {"标题": "丁", "公开类型": "长期公开", "公开期间": "2026"},
        ],
        ledger=[[9, "2026-07-01", "", "x", "abc"]],
    )
    before = dump(services)
    with pytest.raises(ValidationError) as err:
        services.interchange.import_file(path)
    problems = err.value.problems
    assert "公开事项!J4：不是有效日期" in problems
    assert any(p.startswith("公开事项!D5：“每周公开”不是") for p in problems)
    assert "公开事项!J6：已公开和已撤下的事项必须填写" in " ".join(problems) or any(
        p.startswith("公开事项!J6：") for p in problems
    )
    assert any(p.startswith("公开事项!I7：") for p in problems)
    assert "收支明细!A2：公开事项表中没有序号为 9 的事项" in problems
    assert dump(services) == before


def test_conflict_with_database_is_refused(services, party_org, tmp_path):
    item = Item(
        title="支部委员分工",
        publication_type=PublicationType.LONG_TERM,
        organization_id=party_org.id,
        category_id=services.orgs.categories(party_org.id)[0].id,
        body="原文",
        responsible="张三",
    )
    services.items.save(item)
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="李四", on=date(2026, 9, 1))
    published = services.items.publish(item.id, on=date(2026, 9, 2))
    path = services.office.write_template(tmp_path / "t.xlsx", org_name=party_org.name)
    fill_template(
        path,
        [
            {
                "公开编号": published.number,
                "标题": "支部委员分工",
                "公开类型": "长期公开",
                "正文": "改过的正文",
            }
        ],
    )
    with pytest.raises(ValidationError, match="body"):
        services.interchange.import_file(path)


def test_export_round_trip_workbook_items_workbook(services, party_org, tmp_path):
    cat = next(
        c
        for c in services.orgs.categories(party_org.id)
        if c.publication_type is PublicationType.PERIODIC
    )
    item = Item(
        title="2026年第三季度党费收缴使用情况𠮷",
        publication_type=PublicationType.PERIODIC,
        organization_id=party_org.id,
        category_id=cat.id,
        period="2026-Q3",
        body='=HYPERLINK("http://x")\n\n张三 110105194912310021',
        opening_balance=Decimal("-20.00"),
        ledger=[
            LedgerRow(date(2026, 7, 3), "记-1", "收缴党费", Decimal("1234567.89")),
            LedgerRow(None, "", "购买书籍", Decimal(0), Decimal("0.01")),
        ],
    )
    services.items.save(item)
    services.items.save(
        Item(
            title="草稿",
            publication_type=PublicationType.IMMEDIATE,
            organization_id=party_org.id,
            category_id=cat.id,
            status=Status.DRAFT,
        )
    )
    out = tmp_path / "export.xlsx"
    report = services.office.export_items(party_org.name, out)
    assert (report.items, report.ledgers) == (2, 1)
    wb = openpyxl.load_workbook(out)
    ws = wb["公开事项"]
    assert ws.freeze_panes == "D4" and ws.auto_filter.ref == "A3:U5"
    body = next(c for c in ws[4] if c.column == 21)
    assert body.data_type == "s" and body.value.startswith("=HYPERLINK")
    ledger = wb[wb.sheetnames[1]]
    rows = list(ledger.iter_rows(min_row=4, values_only=True))
    assert rows[0][2] == "期初余额" and rows[-1][2] == "合计"
    assert rows[-1][3] == Decimal("1234567.89") or rows[-1][3] == 1234567.89
    assert ledger["D5"].number_format == "#,##0.00"
    # workbook -> items (new database) -> workbook again: the same items
    from board_app.services.context import open_services

    with open_services(tmp_path / "other.sqlite3", operator="测试员") as other:
        imported = other.interchange.import_file(out)
        assert imported.organization_created and len(imported.added) == 2
        out2 = tmp_path / "export2.xlsx"
        other.office.export_items(party_org.name, out2)
        services.interchange.export_file(party_org.name, tmp_path / "a.json")
        other.interchange.export_file(party_org.name, tmp_path / "b.json")
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["items"]
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["items"]
    assert a == b
    first = [list(r) for r in openpyxl.load_workbook(out)["公开事项"].iter_rows(values_only=True)]
    second = [list(r) for r in openpyxl.load_workbook(out2)["公开事项"].iter_rows(values_only=True)]
    assert first[2:] == second[2:]


def test_items_from_a_gbk_csv_and_not_a_workbook(services, party_org, tmp_path):
    lines = [
        f"单位名称,{party_org.name},,单位类型,党支部/党总支/党委",
        "",
        "序号,公开编号,标题,公开类型,公开类别,公开日期",
        "1,,支部书记联系方式,长期公开,,2026/9/1",
    ]
    path = tmp_path / "items.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    report = services.interchange.import_file(path)
    assert report.added == ["支部书记联系方式"]
    stray = tmp_path / "notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["随便", "写写"])
    wb.save(stray)
    with pytest.raises(UsageError, match="找不到公开事项表"):
        services.interchange.import_file(stray)
