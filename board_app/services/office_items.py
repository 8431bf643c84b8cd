"""Items in a workbook: the layout shared by the template, the export and the import.

Sheet 公开事项: 单位名称/单位类型 in the first row, the header in row 3, one item per row.
Ledgers come from the sheet 收支明细 (rows keyed by 事项序号, the template) or from one
sheet per ledger whose A1 says 事项序号 (the export, with 期初余额 and 合计 rows).

Import turns the workbook into the same document as a ``board-app.items/1`` JSON file and
hands it to the JSON parser, so identity, conflicts, dry runs and the all-or-nothing write
are those of the JSON import. Cell problems name their cell ("公开事项!J7：不是有效日期").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from board_app.domain import labels
from board_app.domain.items import Domain, OrgKind, PublicationType, Retention, Scope, Status
from board_app.i18n import _, translate_to
from board_app.services.interchange_parse import FORMAT, ParsedFile
from board_app.services.office_ledger import (
    CLOSING_ROW,
    CUMULATIVE_ROW,
    FILLER_ROW,
    OPENING_ROW,
    TOTAL_ROW,
    RowReader,
    find_header,
    read_sheet_ledger,
)
from board_app.services.office_sheets import (
    CellError,
    Sheet,
    cell_text,
    check_text,
    is_blank,
    parse_cell_amount,
    parse_cell_date,
    problem,
    read_sheets,
)

ITEMS_SHEET = "公开事项"
LEDGER_SHEET = "收支明细"
HELP_SHEET = "填写说明"
LISTS_SHEET = "选项"
KEY_HEADER = "事项序号"
ORG_NAME_LABEL = "单位名称"
ORG_KIND_LABEL = "单位类型"
HEADER_ROW = 3  # 1-based row of the item header

#: (key, header, width). ``key`` is the JSON key (or "row_key" for 序号).
COLUMNS: list[tuple[str, str, int]] = [
    ("row_key", "序号", 6),
    ("number", "公开编号", 11),
    ("title", "标题", 34),
    ("publication_type", "公开类型", 10),
    ("category", "公开类别", 20),
    ("domain", "公开领域", 8),
    ("scope", "公开范围", 10),
    ("status", "状态", 8),
    ("period", "公开期间", 10),
    ("publish_date", "公开日期", 12),
    ("expire_date", "截止日期", 12),
    ("responsible", "责任人", 10),
    ("reviewer", "审核人", 10),
    ("review_date", "审核日期", 12),
    ("review_opinion", "审核意见", 16),
    ("retention", "保管期限", 8),
    ("opening_balance", "期初余额", 13),
    ("withdrawn_date", "撤下日期", 12),
    ("withdrawn_reason", "撤下原因", 16),
    ("replaces", "替代编号", 10),
    ("body", "正文", 60),
]
DATE_KEYS = {"publish_date", "expire_date", "review_date", "withdrawn_date"}
ENUM_KEYS: dict[str, tuple[type[Enum], dict]] = {
    "publication_type": (PublicationType, labels._PUBLICATION_TYPES),
    "domain": (Domain, labels._DOMAINS),
    "scope": (Scope, labels._SCOPES),
    "status": (Status, labels._STATUSES),
    "retention": (Retention, labels._RETENTIONS),
}
_HEADER_KEYS = {header: key for key, header, _w in COLUMNS} | {key: key for key, _h, _w in COLUMNS}


def enum_label(value: Enum | None) -> str:
    """The Chinese word written into a cell for an enum value (长期公开, 已公开 …)."""
    if value is None:
        return ""
    for enum_type, names in ENUM_KEYS.values():
        if isinstance(value, enum_type):
            return translate_to("zh_CN", names[value])
    if isinstance(value, OrgKind):
        return translate_to("zh_CN", labels._KINDS[value])
    return str(value.value)


def enum_choices(key: str) -> list[str]:
    """The drop-down list of an enum column."""
    enum_type, _names = ENUM_KEYS[key]
    return [enum_label(v) for v in enum_type]


def kind_choices() -> list[str]:
    return [enum_label(k) for k in OrgKind]


def _lookup(enum_type: type[Enum], names: dict, text: str) -> Enum | None:
    """A cell's word as an enum value: the Chinese or English label or the stored value."""
    wanted = text.strip().lower()
    for value in enum_type:
        candidates = {
            str(value.value).lower(),
            names[value].lower(),
            translate_to("zh_CN", names[value]).lower(),
        }
        zh = translate_to("zh_CN", names[value])
        if zh.endswith("公开") and len(zh) > 2:
            candidates.add(zh.removesuffix("公开"))
        if wanted in candidates:
            return value
    return None


# ----- reading ---------------------------------------------------------------------------------
@dataclass
class _ItemRow:
    row: int
    key: str
    record: dict[str, Any]
    failed: set[str]


def is_items_workbook(path: Path) -> bool:
    """Whether ``path`` has a workbook suffix (the JSON parser's hook asks)."""
    from board_app.services.office_sheets import WORKBOOK_SUFFIXES

    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def _find_items_header(sheets: list[Sheet]) -> tuple[Sheet, int, dict[int, str]] | None:
    ordered = sorted(sheets, key=lambda s: s.name != ITEMS_SHEET)
    for sheet in ordered:
        for r in range(min(len(sheet.rows), 20)):
            cols = {
                c: _HEADER_KEYS[cell_text(v).replace(" ", "").rstrip("*＊")]
                for c, v in enumerate(sheet.rows[r])
                if cell_text(v).replace(" ", "").rstrip("*＊") in _HEADER_KEYS
            }
            if "title" in cols.values() and "publication_type" in cols.values():
                return sheet, r, cols
    return None


def _label_value(sheet: Sheet, last_row: int, label: str) -> tuple[str, str | None]:
    """The text right of a cell saying ``label`` above the header, and that cell's address."""
    for r in range(last_row):
        for c, value in enumerate(sheet.rows[r]):
            if cell_text(value).replace(" ", "").rstrip("：:") == label:
                for c2 in range(c + 1, len(sheet.rows[r])):
                    if not is_blank(sheet.rows[r][c2]):
                        return cell_text(sheet.rows[r][c2]), sheet.ref(r, c2)
                return "", sheet.ref(r, c + 1)
    return "", None


def read_items_workbook(path: Path) -> tuple[dict[str, Any], list[str], dict]:
    """The workbook as a ``board-app.items/1`` document, the cell problems, and where each
    item came from (for naming cells in the JSON parser's messages)."""
    path = Path(path)
    sheets = read_sheets(path)
    found = _find_items_header(sheets)
    from board_app.errors import UsageError

    if found is None:
        raise UsageError(
            _(
                "{file}: no item sheet found (a header row with 标题 and 公开类型); start from "
                "the template (board-app template)."
            ).format(file=path)
        )
    sheet, header, cols = found
    problems: list[str] = []
    org_name, name_ref = _label_value(sheet, header, ORG_NAME_LABEL)
    kind_text, kind_ref = _label_value(sheet, header, ORG_KIND_LABEL)
    organization: dict[str, Any] = {"name": org_name.strip()}
    if not org_name.strip():
        problems.append(
            problem(name_ref or sheet.ref(0, 1), _("the organization name (单位名称) is missing"))
        )
    if kind_text:
        kind = _lookup(OrgKind, labels._KINDS, kind_text)
        if kind is None:
            problems.append(
                problem(
                    kind_ref or "",
                    _("“{value}” is not one of {allowed}").format(
                        value=kind_text, allowed="、".join(kind_choices())
                    ),
                )
            )
        else:
            organization["kind"] = kind.value
    rows: list[_ItemRow] = []
    keys: dict[str, _ItemRow] = {}
    for r in range(header + 1, len(sheet.rows)):
        values = {key: sheet.value(r, c) for c, key in cols.items()}
        if all(is_blank(v) for k, v in values.items() if k != "row_key"):
            continue
        item = _item_row(sheet, r, cols, values, problems)
        rows.append(item)
        if item.key:
            if item.key in keys:
                problems.append(
                    problem(
                        sheet.ref(r, _col(cols, "row_key")),
                        _("序号 {key} is also used in row {row}").format(
                            key=item.key, row=keys[item.key].row + 1
                        ),
                    )
                )
            keys[item.key] = item
    _read_ledgers(path, sheets, keys, problems)
    document = {"format": FORMAT, "organization": organization, "items": [i.record for i in rows]}
    origin = {n: (sheet, i.row, cols, i.failed) for n, i in enumerate(rows, start=1)}
    return document, problems, origin


def _col(cols: dict[int, str], key: str) -> int:
    return next((c for c, k in cols.items() if k == key), 0)


def _item_row(
    sheet: Sheet, r: int, cols: dict[int, str], values: dict[str, object], problems: list[str]
) -> _ItemRow:
    record: dict[str, Any] = {}
    failed: set[str] = set()
    for key, value in values.items():
        if is_blank(value) or key == "row_key":
            continue
        ref = sheet.ref(r, _col(cols, key))
        try:
            record[key] = _cell_value(key, value)
        except CellError as exc:
            problems.append(problem(ref, str(exc)))
            failed.add(key)
    return _ItemRow(r, cell_text(values.get("row_key")), record, failed)


def _cell_value(key: str, value: object) -> Any:
    if key in DATE_KEYS:
        return parse_cell_date(value, None).isoformat()
    if key == "opening_balance":
        amount = parse_cell_amount(value)
        return None if amount is None else f"{amount:.2f}"
    if key in ENUM_KEYS:
        enum_type, names = ENUM_KEYS[key]
        found = _lookup(enum_type, names, cell_text(value))
        if found is None:
            allowed = "、".join(enum_choices(key))
            raise CellError(
                _("“{value}” is not one of {allowed}").format(
                    value=cell_text(value), allowed=allowed
                )
            )
        return found.value
    if key in (
        "body",
        "title",
        "review_opinion",
        "withdrawn_reason",
        "responsible",
        "reviewer",
        "category",
    ):
        return check_text(value if isinstance(value, str) else cell_text(value))
    return check_text(cell_text(value))


def _period_year(record: dict[str, Any]) -> tuple[str | None, int | None]:
    period = record.get("period")
    year = None
    if isinstance(period, str) and re.match(r"^\d{4}", period):
        year = int(period[:4])
    elif record.get("publish_date"):
        year = int(str(record["publish_date"])[:4])
    return period, year


def _read_ledgers(
    path: Path, sheets: list[Sheet], keys: dict[str, _ItemRow], problems: list[str]
) -> None:
    """Fill each item's "ledger" (and opening balance) from the ledger sheets."""
    done: dict[str, str] = {}
    for sheet in sheets:
        if find_header(sheet, need_key=True) is not None:
            _keyed_ledger(sheet, keys, done, problems)
        elif cell_text(sheet.value(0, 0)) == KEY_HEADER:
            key = cell_text(sheet.value(0, 1))
            target = keys.get(key)
            if target is None:
                problems.append(
                    problem(
                        sheet.ref(0, 1),
                        _("no item with 序号 {key} in the item sheet").format(key=key or "-"),
                    )
                )
                continue
            cols = find_header(sheet)
            if cols is None:
                problems.append(
                    problem(
                        sheet.ref(0, 0),
                        _("no ledger header (日期, 摘要, 收入, 支出) on this sheet"),
                    )
                )
                continue
            period, year = _period_year(target.record)
            preview = read_sheet_ledger(path, sheet, cols, period, year)
            problems.extend(preview.problems)
            if _claim(done, key, sheet.name, problems, sheet):
                target.record["ledger"] = [_ledger_record(p.row) for p in preview.rows]
                if preview.opening_balance is not None:
                    _set_opening(target, preview.opening_balance, sheet, problems)


def _claim(done: dict[str, str], key: str, name: str, problems: list[str], sheet: Sheet) -> bool:
    if key in done and done[key] != name:
        problems.append(
            problem(
                sheet.ref(0, 0),
                _("the ledger of 序号 {key} is also on sheet {other}").format(
                    key=key, other=done[key]
                ),
            )
        )
        return False
    done[key] = name
    return True


def _set_opening(target: _ItemRow, amount: Decimal, sheet: Sheet, problems: list[str]) -> None:
    text = f"{amount:.2f}"
    stated = target.record.get("opening_balance")
    if stated is not None and stated != text:
        problems.append(
            problem(
                sheet.name,
                _(
                    "the opening balance {ledger} differs from 期初余额 {item} in the item sheet"
                ).format(ledger=text, item=stated),
            )
        )
    target.record["opening_balance"] = text


def _ledger_record(row: Any) -> dict[str, Any]:
    record = {
        "voucher": row.voucher,
        "summary": row.summary,
        "income": f"{row.income:.2f}",
        "expense": f"{row.expense:.2f}",
    }
    if row.date is not None:
        record["date"] = row.date.isoformat()
    return record


def _keyed_ledger(
    sheet: Sheet, keys: dict[str, _ItemRow], done: dict[str, str], problems: list[str]
) -> None:
    cols = find_header(sheet, need_key=True)
    if cols is None:
        return
    reader = RowReader(sheet, cols, None)
    reader.problems = problems
    key_col = cols.col("key")
    assert key_col is not None
    for r in range(cols.header_last + 1, len(sheet.rows)):
        if all(is_blank(v) for c, v in enumerate(sheet.rows[r]) if c != key_col):
            continue
        label = reader.label(r)
        if (
            FILLER_ROW.match(label)
            or TOTAL_ROW.match(label)
            or CUMULATIVE_ROW.match(label)
            or (CLOSING_ROW.match(label))
        ):
            continue
        key = cell_text(sheet.value(r, key_col))
        target = keys.get(key)
        if target is None:
            problems.append(
                problem(
                    sheet.ref(r, key_col),
                    _("no item with 序号 {key} in the item sheet").format(key=key or "-"),
                )
            )
            continue
        if not _claim(done, key, sheet.name, problems, sheet):
            continue
        reader.year = _period_year(target.record)[1]
        if OPENING_ROW.match(label):
            amount = reader.amount(r, "balance", signed=True) or reader.amount(r, "income")
            if amount is not None:
                _set_opening(target, amount, sheet, problems)
            continue
        row = reader.data_row(r)
        if row is not None:
            target.record.setdefault("ledger", []).append(_ledger_record(row))


def parse_workbook(path: Path) -> ParsedFile:
    """Parse an items workbook the way a JSON file is parsed; problems name cells."""
    from board_app.services.interchange_parse import parse_data

    document, problems, origin = read_items_workbook(path)
    records = [dict(r) for r in document["items"]]  # the parser may release what it read
    parsed = parse_data(document, Path(path), load_images=False)
    parsed.problems[:0] = problems
    start = len(problems)
    mapped = [_map_problem(p, records, origin) for p in parsed.problems[start:]]
    parsed.problems[start:] = [m for m in mapped if m]
    return parsed


_KEY_OF = {key: key for key, _h, _w in COLUMNS}


def _map_problem(message: str, records: list[dict], origin: dict) -> str | None:
    """ "item 3 “X”, publish_date: required …" → "公开事项!J7: required …"; None when the cell
    already has a problem of its own."""
    for n, record in enumerate(records, start=1):
        title = record.get("title") if isinstance(record.get("title"), str) else ""
        where = _("item {n}").format(n=n)
        if record.get("number"):
            where += f" [{record['number']}]"
        where += f" “{title}”"
        if not message.startswith(where + ", "):
            continue
        sheet, row, cols, failed = origin[n]
        rest = message[len(where) + 2 :]
        fld, sep, text = rest.partition(": ")
        if sep and fld in _KEY_OF:
            if fld in failed:
                return None
            col = _col(cols, fld) if fld in cols.values() else None
            ref = sheet.ref(row, col) if col is not None else sheet.row_ref(row)
            return problem(ref, text)
        return problem(sheet.row_ref(row), rest)
    return message


def today_text(on: date) -> str:
    """2026年10月3日."""
    return f"{on.year}年{on.month}月{on.day}日"
