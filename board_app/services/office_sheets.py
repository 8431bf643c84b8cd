"""Reading the office's spreadsheets: .xlsx, .xls, .ods (python-calamine) and .csv.

A sheet is read into a grid of plain Python values (``str``, ``float``, ``int``, ``bool``,
``date``, ``datetime``) indexed from A1, so a cell's address can be named in every message
("明细!D7"). Values are turned into dates and amounts here with the rules clerks' files need:
Excel serial dates, text dates such as 2026.10.3 or 10月3日, amounts with commas, ￥ or 元.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from board_app.domain.money import CENT, MAX_DIGITS
from board_app.errors import UsageError
from board_app.i18n import _

#: File suffixes read as workbooks (by content: a .xls saved as .xlsx still opens).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_FILE = 200 * 1024 * 1024


@dataclass
class Sheet:
    """One sheet as a grid of values; ``rows[0][0]`` is cell A1."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    def value(self, row: int, col: int) -> object:
        """The value at 0-based (row, col), '' outside the grid."""
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                return cells[col]
        return ""

    def ref(self, row: int, col: int) -> str:
        """ "明细!D7" for 0-based (row, col)."""
        return f"{self.name}!{column_letter(col)}{row + 1}"

    def row_ref(self, row: int) -> str:
        """ "明细!7" style reference to a whole row (0-based)."""
        return _("{sheet}!row {row}").format(sheet=self.name, row=row + 1)


class CellError(ValueError):
    """A cell value that cannot be read as what its column holds; the message says why."""


def column_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def is_blank(value: object) -> bool:
    """Empty cell: None, '' or only spaces (including the full-width space)."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ".0", dates as ISO, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


# ----- reading files ---------------------------------------------------------------------------
def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of a workbook or the one "sheet" of a CSV file (named after the file).

    Raises UsageError naming the file when it cannot be read as a spreadsheet.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > _MAX_FILE:
            raise UsageError(
                _("{file}: the file is too large ({size} MB).").format(
                    file=path, size=size // (1024 * 1024)
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            _("{file}: cannot be read ({error}).").format(file=path, error=exc)
        ) from exc
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _read_workbook(path, data)
    if path.suffix.lower() != ".csv":
        raise UsageError(
            _("{file}: not an Excel, WPS or OpenDocument spreadsheet.").format(file=path)
        )
    return [Sheet(path.stem, _read_csv(path, data))]


def _read_workbook(path: Path, data: bytes) -> list[Sheet]:
    import python_calamine as pc

    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue  # chart and macro sheets hold no cells
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [((a, b), (c, d)) for (a, b), (c, d) in (sheet.merged_cell_ranges or [])]
            sheets.append(Sheet(meta.name, [list(r) for r in rows], merged))
    except pc.PasswordError:
        raise UsageError(
            _("{file}: the workbook is protected by a password; save it without one.").format(
                file=path
            )
        ) from None
    except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError) as exc:
        raise UsageError(
            _("{file}: not a readable spreadsheet ({error}).").format(file=path, error=exc)
        ) from None
    if not sheets:
        raise UsageError(_("{file}: the workbook has no sheets.").format(file=path))
    return sheets


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, what Excel in China
    writes), else a UsageError."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(
        _("{file}: the text is neither UTF-8 nor GBK; save it again as CSV (UTF-8).").format(
            file=path
        )
    )


def _read_csv(path: Path, data: bytes) -> list[list[object]]:
    text = decode_text(path, data)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise UsageError(
            _("{file}: not a readable CSV file ({error}).").format(file=path, error=exc)
        ) from None


def choose_sheet(sheets: list[Sheet], name: str | None, path: Path) -> list[Sheet]:
    """The sheet called ``name`` (as a one-element list), or all sheets when no name."""
    if name is None:
        return sheets
    for sheet in sheets:
        if sheet.name == name:
            return [sheet]
    raise UsageError(
        _("{file}: no sheet called “{name}” (sheets: {names}).").format(
            file=path, name=name, names="、".join(s.name for s in sheets)
        )
    )


# ----- values ----------------------------------------------------------------------------------
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－／：　", "0123456789.,-/: ")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YMD8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATETIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def serial_to_date(serial: float) -> date:
    """An Excel serial day number (1900 date system) as a date."""
    if not 1 <= serial < 2958466:
        raise CellError(_("not a valid date"))
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_cell_date(value: object, year: int | None) -> date:
    """A date cell: a date, an Excel serial number, or text (2026-10-03, 2026/10/3,
    2026.10.3, 2026年10月3日, 20261003, or 10月3日 / 10-3 with ``year``)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(_("not a valid date"))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer() and value - int(value) > 0.99999:
            value = round(value)
        if value < 3653:  # before 1910: "10.3" typed into a number cell, not a serial day
            raise CellError(_("not a valid date (a number such as 10.3; type 2026-10-03)"))
        return serial_to_date(float(value))
    text = cell_text(value).translate(_FULLWIDTH).strip()
    text = _DATETIME_TAIL.sub("", text)
    m = _YMD.match(text) or _YMD8.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _MD.match(text)
        if not m:
            raise CellError(_("not a valid date"))
        if year is None:
            raise CellError(_("the date has no year and the item has no period to take it from"))
        y, (mo, d) = year, (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise CellError(_("not a valid date")) from None


_AMOUNT_JUNK = re.compile(r"[\s¥￥元]|^RMB|^CNY|人民币")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_NEGATIVE_PAREN = re.compile(r"^[(（](.*)[)）]$")


def parse_cell_amount(value: object) -> Decimal | None:
    """An amount cell as a two-place Decimal, None for an empty cell or a dash.

    Numbers keep at most two decimals (binary noise such as 0.30000000000000004 is rounded
    away); text may carry thousands commas, ￥/¥, 元, full-width digits or (negative) in
    brackets. Negative amounts are returned negative: the caller decides whether they count.
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise CellError(_("not a valid amount"))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(_("not a valid amount"))
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        amount = exact.quantize(CENT)
        if abs(exact - amount) > Decimal("0.000001"):
            raise CellError(_("not a valid amount (more than two decimals)"))
        return _check_size(amount)
    if isinstance(value, (date, datetime)):
        raise CellError(_("not a valid amount"))
    text = cell_text(value).translate(_FULLWIDTH)
    if text in ("", "-", "—", "--", "——", "/", "－"):
        return None
    negative = False
    m = _NEGATIVE_PAREN.match(text)
    if m:
        negative, text = True, m.group(1)
    text = _AMOUNT_JUNK.sub("", text)
    if text.startswith("-"):
        negative, text = not negative, text[1:]
    if "," in text:
        if not _GROUPED.match(text):
            raise CellError(_("not a valid amount"))
        text = text.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise CellError(_("not a valid amount"))
    try:
        exact = Decimal(text)
    except InvalidOperation:
        raise CellError(_("not a valid amount")) from None
    amount = exact.quantize(CENT)
    if amount != exact:
        raise CellError(_("not a valid amount (more than two decimals)"))
    return _check_size(-amount if negative else amount)


def _check_size(amount: Decimal) -> Decimal:
    if abs(amount) >= Decimal(10) ** MAX_DIGITS:
        raise CellError(_("the amount is too large"))
    return amount


_CONTROL = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(text: str) -> str:
    """``text`` unless it holds a control character (tab and line breaks allowed)."""
    m = _CONTROL.search(text)
    if m:
        raise CellError(
            _("contains the control character U+{code:04X}").format(code=ord(m.group()))
        )
    return text


def problem(ref: str, message: str) -> str:
    """A problem line naming the cell: "明细!D7：不是有效金额"."""
    return _("{cell}: {message}").format(cell=ref, message=message)
