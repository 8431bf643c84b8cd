"""Ledgers from spreadsheets: 代理记账 export, GBK CSV, .xls, WPS .xlsx, .ods; every problem by
cell, all or nothing, published items refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support import dump_rows

from board_app.domain.items import Item, LedgerRow, PublicationType, Status
from board_app.errors import NotFoundError, UsageError, ValidationError
from board_app.services.office_ledger import read_ledger
from board_app.services.office_sheets import CellError, parse_cell_amount, parse_cell_date
from tests.office_files import agency_export, gbk_csv, ods_ledger, wps_xlsx, xls_ledger

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines


def test_agency_export_title_rows_merged_header_serial_dates_totals(tmp_path: Path):
    preview = read_ledger(agency_export(tmp_path / "a.xlsx"), period="2026-Q4")
    assert preview.problems == [] and preview.warnings == []
    assert preview.header_row == 4
    assert preview.opening_balance == Decimal("5000.00")
    assert [(r.row.date, r.row.voucher, r.row.income, r.row.expense) for r in preview.rows] == [
        (date(2026, 10, 3), "记-1", Decimal("1200.50"), Decimal("0.00")),
        (date(2026, 10, 9), "记-2", Decimal("0.00"), Decimal("300.00")),
        (date(2026, 11, 2), "记-3", Decimal("0.00"), Decimal("1000.00")),
    ]
    assert preview.rows[1].row.summary == "购买办公用品𠮷"
    assert preview.checked_totals == ["Sheet1!第 9 行", "Sheet1!第 11 行", "Sheet1!第 12 行"]


def test_total_mismatch_and_bad_amount_are_named_by_cell(tmp_path: Path):
    wrong_total = read_ledger(
        agency_export(tmp_path / "t.xlsx", total_expense=1000), period="2026-Q4"
    )
    assert wrong_total.problems == ["Sheet1!F12：“本年累计”为 1,000.00，上面各行合计 1,300.00"]
    bad = read_ledger(agency_export(tmp_path / "b.xlsx", bad_amount="12,00.0元"), period="2026-Q4")
    assert bad.problems == ["Sheet1!F7：不是有效金额"]


def test_gbk_csv_text_dates_with_the_period_year(tmp_path: Path):
    for encoding in ("gbk", "gb18030", "utf-8-sig"):
        preview = read_ledger(gbk_csv(tmp_path / f"g-{encoding}.csv", encoding), period="2026-10")
        assert preview.problems == []
        assert [r.row.date for r in preview.rows] == [
            date(2026, 10, 3),
            date(2026, 10, 5),
            date(2026, 10, 8),
        ]
        assert preview.totals() == (Decimal("1200.00"), Decimal("400.00"))


def test_xls_wps_and_ods(tmp_path: Path):
    xls = read_ledger(xls_ledger(tmp_path / "l.xls"), period="2026-09")
    assert xls.problems == [] and xls.rows[1].row.summary == "村道维修（䶮堃喆）"
    assert xls.totals() == (Decimal("50000.00"), Decimal("12800.50"))
    wps = read_ledger(wps_xlsx(tmp_path / "w.xlsx"), period="2026-Q3")
    assert wps.problems == [] and [r.row.date for r in wps.rows] == [
        date(2026, 7, 6),
        date(2026, 8, 1),
    ]
    ods = read_ledger(ods_ledger(tmp_path / "o.ods"), period="2026-12")
    assert ods.problems == [] and ods.totals() == (Decimal("860.00"), Decimal("420.50"))


def test_cell_values():
    assert parse_cell_date(46298, None) == date(2026, 10, 3)
    assert parse_cell_date("2026.10.3", None) == date(2026, 10, 3)
    assert parse_cell_date("２０２６年１０月３日", None) == date(2026, 10, 3)
    assert parse_cell_date("10月3日", 2025) == date(2025, 10, 3)
    assert parse_cell_date("20261003", None) == date(2026, 10, 3)
    for bad in ("10月3日", "2026-13-01", "明天", True, 10.3):
        with pytest.raises(CellError):
            parse_cell_date(bad, None)
    assert parse_cell_amount("￥1,234.50元") == Decimal("1234.50")
    assert parse_cell_amount(0.1 + 0.2) == Decimal("0.30")
    assert parse_cell_amount("(100.00)") == Decimal("-100.00")
    assert parse_cell_amount("—") is None
    for bad in ("12,00.0", "1.234", 1.005, "abc", "1e5", float("nan")):
        with pytest.raises(CellError):
            parse_cell_amount(bad)


def test_rows_that_are_not_data(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    for row in [
        ["日期", "摘要", "收入", "支出", "余额"],
        ["2026-10-01", "上期结余", None, None, "100"],
        ["2026-10-02", "收款", "50", None, "150"],
        ["2026-10-03", "付款", "-20", None, None],
        ["2026-10-04", "两栏都有", "1", "2", None],
        ["2026-10-05", "上期结余", None, None, "100"],
        ["2026-10-06", "付款", None, "30", "999"],
        [None, "以下空白", None, None, None],
    ]:
        ws.append(row)
    wb.save(tmp_path / "x.xlsx")
    preview = read_ledger(tmp_path / "x.xlsx", period="2026-10")
    assert preview.problems == [
        "明细!C4：金额为负数；请在另一栏填写正数",
        "明细!第 5 行：每行只能填收入或支出，不能同时填写",
        "明细!第 6 行：期初余额行必须在第一行明细之前",
    ]
    assert preview.warnings == ["明细!E7：余额 999.00 与计算出的 120.00 不符"]
    assert preview.skipped and "以下空白" in preview.skipped[0]


def test_no_header_and_missing_sheet(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "n.xlsx")
    with pytest.raises(UsageError, match="找不到明细表头"):
        read_ledger(tmp_path / "n.xlsx")
    with pytest.raises(UsageError, match="没有名为“乙”的工作表"):
        read_ledger(tmp_path / "n.xlsx", sheet="乙")
    (tmp_path / "fake.xlsx").write_bytes(b"not a workbook at all")
    with pytest.raises(UsageError, match="fake.xlsx"):
        read_ledger(tmp_path / "fake.xlsx")


@pytest.fixture
def finance_draft(services, party_org):
    cat = next(
        c
        for c in services.orgs.categories(party_org.id)
        if c.publication_type is PublicationType.PERIODIC
    )
    item = Item(
        title="2026年第四季度党费收支",
        publication_type=PublicationType.PERIODIC,
        organization_id=party_org.id,
        category_id=cat.id,
        period="2026-Q4",
        body="本季度党费收支。",
        responsible="张三",
        ledger=[LedgerRow(date(2026, 10, 1), "", "旧行", Decimal("1.00"))],
    )
    return services.items.save(item)


def dump(services) -> list[str]:
    return dump_rows(services)


def test_import_into_a_draft_all_or_nothing(services, party_org, finance_draft, tmp_path):
    office = services.office
    bad = agency_export(tmp_path / "bad.xlsx", bad_amount="abc")
    before = dump(services)
    with pytest.raises(ValidationError) as err:
        office.import_ledger(party_org.name, str(finance_draft.id), bad)
    assert err.value.problems == ["Sheet1!F7：不是有效金额"]
    assert dump(services) == before
    good = agency_export(tmp_path / "good.xlsx")
    office.import_ledger(party_org.name, f"#{finance_draft.id}", good, dry_run=True)
    assert dump(services) == before
    office.import_ledger(party_org.name, str(finance_draft.id), good)
    stored = services.items.get(finance_draft.id)
    assert stored.opening_balance == Decimal("5000.00")
    assert stored.ledger[0].summary == "收到党费（张三 13812345678）"
    assert len(stored.ledger) == 3
    assert services.items.history(finance_draft.id)[-1].action == "item.update"


def test_published_item_is_refused(services, party_org, finance_draft, tmp_path):
    services.items.submit(finance_draft.id)
    services.items.approve(finance_draft.id, reviewer="李四", on=date(2026, 11, 1))
    published = services.items.publish(finance_draft.id, on=date(2026, 11, 2))
    assert published.status is Status.PUBLISHED
    with pytest.raises(ValidationError, match="已公开的事项不能修改，请先修订"):
        services.office.import_ledger(
            party_org.name, published.number, agency_export(tmp_path / "a.xlsx")
        )
    with pytest.raises(NotFoundError):
        services.office.import_ledger(party_org.name, "2026-999", tmp_path / "a.xlsx")


def test_control_characters_are_refused_by_cell(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text("日期,摘要,收入\n2026-10-01,收\x0b款,5\n", encoding="utf-8")
    assert read_ledger(path).problems == ["c!B2：含有控制字符 U+000B"]


def test_a_data_row_right_below_the_header_is_not_a_second_header_row(tmp_path: Path):
    path = tmp_path / "v.csv"
    path.write_text("日期,凭证,摘要,收入,支出\n2026-10-01,收,收到党费,5,\n", encoding="utf-8")
    preview = read_ledger(path)
    assert preview.problems == [] and preview.rows[0].row.voucher == "收"
