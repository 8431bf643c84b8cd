"""Writing workbooks with openpyxl: the item template and the pieces the export shares.

Text cells are always written as text (a summary starting with "=" never becomes a formula),
dates as dates, amounts as numbers with two decimals; widths follow the content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from board_app.domain.items import Item, Organization
from board_app.domain.money import running_balances
from board_app.errors import UsageError
from board_app.i18n import _
from board_app.services.office_items import (
    COLUMNS,
    ENUM_KEYS,
    HEADER_ROW,
    HELP_SHEET,
    ITEMS_SHEET,
    KEY_HEADER,
    LEDGER_SHEET,
    LISTS_SHEET,
    ORG_KIND_LABEL,
    ORG_NAME_LABEL,
    enum_choices,
    enum_label,
    kind_choices,
)

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
CELL_LIMIT = 32767
TEMPLATE_ROWS = 500
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HEADER_FILL = PatternFill("solid", fgColor="FCE4E4")
HEADER_FONT = Font(bold=True)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def put(ws: Worksheet, row: int, col: int, value: Any, *, fmt: str | None = None) -> Any:
    """Write one cell: text stays text, Decimal/int are numbers, dates are dates."""
    cell = ws.cell(row=row, column=col)
    if value is None or value == "":
        return cell
    if isinstance(value, str):
        text = _ILLEGAL.sub("", value)
        if len(text) > CELL_LIMIT:
            raise UsageError(
                _(
                    "A text of {count} characters does not fit into an Excel cell "
                    "(at most 32,767); export to JSON instead."
                ).format(count=len(text))
            )
        cell.value = text
        cell.data_type = "s"
    else:
        cell.value = value
    if fmt:
        cell.number_format = fmt
    elif isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def header(ws: Worksheet, row: int, names: Iterable[str]) -> None:
    """A bold, filled header row with borders."""
    for col, name in enumerate(names, start=1):
        cell = put(ws, row, col, name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def text_width(text: str) -> int:
    """Display width: CJK characters count two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def fit_columns(
    ws: Worksheet, minimum: dict[int, int], *, cap: int = 60, start_row: int = 1
) -> None:
    """Column widths from the content from ``start_row`` (2,000 rows), at least ``minimum``."""
    widths = dict(minimum)
    for r, row in enumerate(ws.iter_rows(min_row=start_row, values_only=True)):
        if r > 2000:
            break
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            if isinstance(value, date):
                n = 11
            elif isinstance(value, Decimal):
                n = len(f"{value:,.2f}") + 1
            else:
                n = max((text_width(x) for x in str(value).split("\n")), default=0)
            widths[c] = max(widths.get(c, 0), min(cap, n + 2))
    for c, w in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = w


def save(wb: Workbook, out: Path) -> Path:
    """Write the workbook all or nothing (board_app.files.atomic_output: never over the
    program's own files, no half-written file); the hidden 选项 sheet goes last."""
    from board_app.files import atomic_output

    out = Path(out)
    if LISTS_SHEET in wb.sheetnames:
        wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    with atomic_output(out, suffix=".xlsx") as tmp:
        wb.save(tmp)
    return out


# ----- the item sheet --------------------------------------------------------------------------
def items_sheet(
    wb: Workbook,
    org: Organization | None,
    categories: list[str],
    *,
    data_rows: int,
    note: str = "",
) -> Worksheet:
    """The 公开事项 sheet with the organization rows, the header, lists and validations."""
    ws = wb.active
    ws.title = ITEMS_SHEET
    put(ws, 1, 1, ORG_NAME_LABEL).font = HEADER_FONT
    put(ws, 1, 2, org.name if org else "")
    put(ws, 1, 4, ORG_KIND_LABEL).font = HEADER_FONT
    put(ws, 1, 5, enum_label(org.kind) if org else "")
    put(ws, 2, 1, note)
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=3)
    required = {"title", "publication_type"}
    header(ws, HEADER_ROW, [h + ("*" if k in required else "") for k, h, _w in COLUMNS])
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=4)
    ws.row_dimensions[HEADER_ROW].height = 22
    _lists(wb, ws, categories, data_rows)
    for col, (key, _h, _w) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        if key.endswith("_date"):
            for r in range(HEADER_ROW + 1, HEADER_ROW + 1 + data_rows):
                ws[f"{letter}{r}"].number_format = DATE_FORMAT
        elif key == "opening_balance":
            for r in range(HEADER_ROW + 1, HEADER_ROW + 1 + data_rows):
                ws[f"{letter}{r}"].number_format = MONEY_FORMAT
    return ws


def _lists(wb: Workbook, ws: Worksheet, categories: list[str], data_rows: int) -> None:
    """Hidden sheet 选项 with the drop-down lists, and the validations that use them."""
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    columns: list[tuple[str, list[str]]] = [(k, enum_choices(k)) for k in ENUM_KEYS]
    columns.append(("category", categories))
    columns.append(("kind", kind_choices()))
    last = HEADER_ROW + max(data_rows, 1)
    keys = [k for k, _h, _w in COLUMNS]
    for c, (key, values) in enumerate(columns, start=1):
        for r, value in enumerate(values, start=1):
            put(lists, r, c, value)
        if not values:
            continue
        letter = get_column_letter(c)
        source = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
        strict = key != "category"  # a new category may be typed in (it is created)
        dv = DataValidation(
            type="list",
            formula1=f"={source}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "warning",
        )
        dv.error = _("Choose a value from the list.")
        ws.add_data_validation(dv)
        if key == "kind":
            dv.add("E1")
            continue
        target = get_column_letter(keys.index(key) + 1)
        dv.add(f"{target}{HEADER_ROW + 1}:{target}{last}")


def item_cells(
    ws: Worksheet, row: int, key: int, item: Item, category: str, replaces: str | None
) -> None:
    """One item row with typed cells."""
    values: dict[str, Any] = {
        "row_key": key,
        "number": item.number,
        "title": item.title,
        "publication_type": enum_label(item.publication_type),
        "category": category,
        "domain": enum_label(item.domain),
        "scope": enum_label(item.scope),
        "status": enum_label(item.status),
        "period": item.period,
        "publish_date": item.publish_date,
        "expire_date": item.expire_date,
        "responsible": item.responsible,
        "reviewer": item.reviewer,
        "review_date": item.review_date,
        "review_opinion": item.review_opinion,
        "retention": enum_label(item.retention),
        "opening_balance": item.opening_balance,
        "withdrawn_date": item.withdrawn_date,
        "withdrawn_reason": item.withdrawn_reason,
        "replaces": replaces,
        "body": item.body,
    }
    for col, (name, _h, _w) in enumerate(COLUMNS, start=1):
        cell = put(ws, row, col, values[name])
        if name in ("body", "title"):
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# ----- ledger sheets ---------------------------------------------------------------------------
LEDGER_HEADER = ["日期", "凭证号", "摘要", "收入", "支出", "余额"]


def ledger_sheet(wb: Workbook, name: str, key: int, item: Item) -> Worksheet:
    """One item's ledger: 事项序号 marker, header, 期初余额, rows, 合计 (values, not formulas,
    so any reader sees the figures)."""
    ws = wb.create_sheet(name)
    put(ws, 1, 1, KEY_HEADER).font = HEADER_FONT
    put(ws, 1, 2, key)
    put(ws, 1, 3, "标题").font = HEADER_FONT
    put(ws, 1, 4, item.title)
    ws.merge_cells(start_row=1, start_column=4, end_row=1, end_column=6)
    header(ws, 3, LEDGER_HEADER)
    r = 4
    if item.opening_balance is not None:
        put(ws, r, 3, "期初余额")
        put(ws, r, 6, item.opening_balance)
        r += 1
    balances = running_balances(item.ledger, item.opening_balance)
    for row, balance in zip(item.ledger, balances, strict=True):
        put(ws, r, 1, row.date)
        put(ws, r, 2, row.voucher)
        put(ws, r, 3, row.summary)
        put(ws, r, 4, row.income if row.income else None, fmt=MONEY_FORMAT)
        put(ws, r, 5, row.expense if row.expense else None, fmt=MONEY_FORMAT)
        put(ws, r, 6, balance)
        r += 1
    income = sum((x.income for x in item.ledger), Decimal("0.00"))
    expense = sum((x.expense for x in item.ledger), Decimal("0.00"))
    closing = balances[-1] if balances else (item.opening_balance or Decimal("0.00"))
    for col, value in ((3, "合计"), (4, income), (5, expense), (6, closing)):
        put(ws, r, col, value).font = HEADER_FONT
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:F{max(r - 1, 3)}"
    fit_columns(ws, {1: 12, 2: 9, 3: 30, 4: 13, 5: 13, 6: 14}, start_row=3)
    return ws


def keyed_ledger_sheet(wb: Workbook, rows: int) -> Worksheet:
    """The template's 收支明细 sheet: rows keyed by 事项序号."""
    ws = wb.create_sheet(LEDGER_SHEET)
    header(ws, 1, [KEY_HEADER, *LEDGER_HEADER[:5]])
    ws.freeze_panes = "A2"
    for r in range(2, rows + 2):
        ws.cell(row=r, column=2).number_format = DATE_FORMAT
        ws.cell(row=r, column=5).number_format = MONEY_FORMAT
        ws.cell(row=r, column=6).number_format = MONEY_FORMAT
    dv = DataValidation(
        type="whole", operator="greaterThan", formula1="0", allow_blank=True, showErrorMessage=True
    )
    dv.error = _("Enter the 序号 of the item on the sheet 公开事项.")
    ws.add_data_validation(dv)
    dv.add(f"A2:A{rows + 1}")
    fit_columns(ws, {1: 10, 2: 12, 3: 10, 4: 36, 5: 13, 6: 13})
    return ws


def help_sheet(wb: Workbook) -> Worksheet:
    """Instructions for filling in the template."""
    ws = wb.create_sheet(HELP_SHEET)
    lines = [
        _("How to fill in this workbook"),
        _(
            "1. Sheet 公开事项: one item per row. 标题 and 公开类型 are required; 定期公开 items "
            "need 公开期间 (2026, 2026-H2, 2026-Q3 or 2026-09)."
        ),
        _(
            "2. Choose 公开类型, 公开类别, 公开领域, 公开范围, 状态 and 保管期限 from the "
            "drop-down lists. A new 公开类别 is created on import."
        ),
        _(
            "3. Dates as dates or as text such as 2026-10-03 or 2026年10月3日; amounts as numbers "
            "(commas, ￥ and 元 are accepted)."
        ),
        _(
            "4. Sheet 收支明细: the ledger rows; 事项序号 is the 序号 of the item they belong to. "
            "A row with 摘要 上期结余 gives the opening balance."
        ),
        _(
            "5. Import: board-app import FILE.xlsx, or File ▸ Import… in the app. The whole file "
            "is checked first; any problem is listed with its cell and nothing is imported."
        ),
        _(
            "6. An item that is already in the database (same 公开编号) is skipped when equal "
            "and reported as a conflict when different."
        ),
    ]
    for r, line in enumerate(lines, start=1):
        put(ws, r, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 100
    return ws


def build_template(org: Organization | None, categories: list[str]) -> Workbook:
    """The workbook for entering items (board-app template)."""
    wb = Workbook()
    ws = items_sheet(
        wb,
        org,
        categories,
        data_rows=TEMPLATE_ROWS,
        note=_(
            "Columns marked * are required; the drop-down lists show the allowed words. Ledgers "
            "go on the sheet 收支明细, keyed by 序号."
        ),
    )
    for n in range(1, 51):
        put(ws, HEADER_ROW + n, 1, n)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{HEADER_ROW + 50}"
    for col, (_k, _h, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    keyed_ledger_sheet(wb, TEMPLATE_ROWS)
    help_sheet(wb)
    wb.move_sheet(HELP_SHEET, offset=-(len(wb.sheetnames) - 1))
    wb.active = wb.sheetnames.index(ITEMS_SHEET)
    return wb
