"""Real-looking office files made by the tests themselves: a 代理记账 export, a GBK CSV, an
.xls (xlwt), a WPS-saved .xlsx (inline strings, WPS app properties) and an .ods (odfpy)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

EXCEL_EPOCH = date(1899, 12, 30)


def serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def agency_export(
    path: Path,
    *,
    total_expense: float = 1300.0,
    bad_amount: str | None = None,
    with_opening: bool = True,
) -> Path:
    """代理记账-style 现金日记账: two title rows, a merged two-row header (2026年 over 月/日,
    凭证 over 字/号), serial dates in a date column, 上期结余, 本月合计 and 本年累计 rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "现金日记账"
    ws.merge_cells("A1:H1")
    ws["A2"] = "核算单位：东风村村民委员会　　　　2026年第四季度　　　　单位：元"
    ws.merge_cells("A2:H2")
    ws["A3"] = "日期"
    ws.merge_cells("A3:A4")
    ws["B3"] = "凭证"
    ws.merge_cells("B3:C3")
    ws["B4"], ws["C4"] = "字", "号"
    ws["D3"] = "摘　要"
    ws.merge_cells("D3:D4")
    ws["E3"] = "金额"
    ws.merge_cells("E3:F3")
    ws["E4"], ws["F4"] = "借方（收入）", "贷方（支出）"
    ws["G3"] = "余额"
    ws.merge_cells("G3:G4")
    rows = [
        (None, None, None, "上期结余", None, None, 5000),
        (serial(date(2026, 10, 3)), "记", 1, "收到党费（张三 13812345678）", 1200.5, None, 6200.5),
        (serial(date(2026, 10, 9)), "记", 2, "购买办公用品𠮷", None, "300.00", 5900.5),
        (None, None, None, None, None, None, None),
        (None, None, None, "本月合计", 1200.5, 300, 5900.5),
        (serial(date(2026, 11, 2)), "记", 3, "慰问困难党员", None, "￥1,000.00元", 4900.5),
        (None, None, None, "本月合计", None, 1000, 4900.5),
        (None, None, None, "本年累计", 9000, total_expense, None),
    ]
    if not with_opening:
        rows = rows[1:]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    if bad_amount is not None:
        ws.cell(row=7 if with_opening else 6, column=6, value=bad_amount)
    wb.save(path)
    return path


def gbk_csv(path: Path, encoding: str = "gbk") -> Path:
    """What Excel in China writes for "CSV (逗号分隔)": GBK, CRLF, text dates."""
    lines = [
        "2026年10月收支明细表,,,,,",
        "日期,凭证号,摘要,收入,支出,余额",
        '2026/10/3,记-1,收党费,"1,200.00",,1200',
        "2026.10.5,记-2,购买慰问品,,300元,900",
        "10月8日,记-3,退回多收款项,,￥100.00,800",
        ',,合计,"1,200.00",400.00,',
    ]
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def xls_ledger(path: Path) -> Path:
    """An .xls (BIFF8) ledger written with xlwt: merged title, date cells, numbers."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("收支明细")
    ws.write_merge(0, 0, 0, 4, "2026年9月村级财务收支明细")
    for c, name in enumerate(["日期", "凭证号", "摘要", "收入", "支出"]):
        ws.write(1, c, name)
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write(2, 0, date(2026, 9, 2), day)
    ws.write(2, 1, "记-01")
    ws.write(2, 2, "上级转移支付")
    ws.write(2, 3, 50000)
    ws.write(3, 0, date(2026, 9, 18), day)
    ws.write(3, 1, "记-02")
    ws.write(3, 2, "村道维修（䶮堃喆）")
    ws.write(3, 4, 12800.5)
    ws.write(4, 2, "合计")
    ws.write(4, 3, 50000)
    ws.write(4, 4, 12800.5)
    wb.save(str(path))
    return path


def wps_xlsx(path: Path) -> Path:
    """An .xlsx as WPS 表格 writes it: inline strings, its app properties, a date style."""
    rows = [
        ["东风村2026年第三季度财务公开", None, None, None, None],
        ["记账日期", "凭证字号", "摘要", "收入金额（元）", "支出金额（元）"],
        [serial(date(2026, 7, 6)), "记-5", "收到土地承包费", 36000, None],
        ["2026年8月1日", "记-9", "支付保洁员工资", None, "2,400.00"],
    ]
    cells = []
    for r, row in enumerate(rows, start=1):
        out = []
        for c, value in enumerate(row):
            ref = f"{'ABCDE'[c]}{r}"
            if value is None:
                continue
            if isinstance(value, str):
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
            elif c == 0:
                out.append(f'<c r="{ref}" s="1"><v>{value}</v></c>')
            else:
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(cells)}</sheetData>"
        '<mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells></worksheet>'
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName'
            '="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"'
            '/><Override PartName="/docProps/app.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.extended-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>'
        ),
        "docProps/app.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.'
            'openxmlformats.org/officeDocument/2006/extended-properties"><Application>WPS 表格'
            "</Application><AppVersion>12.1.0</AppVersion></Properties>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="财务公开" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="'
            'worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/>'
            '<name val="宋体"/></font></fonts><fills count="1"><fill><patternFill '
            'patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def ods_ledger(path: Path) -> Path:
    """An OpenDocument spreadsheet (LibreOffice/WPS can save these) written with odfpy."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="明细")
    rows = [
        ["日期", "摘要", "收入", "支出"],
        [date(2026, 12, 1), "收到党费", 860, None],
        ["2026-12-15", "订阅党报党刊", None, "420.50"],
    ]
    for values in rows:
        tr = TableRow()
        for value in values:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            elif value is None:
                cell = TableCell()
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path
