"""A 收支明细 spreadsheet (代理记账 export, a colleague's workbook, a CSV) → ledger rows.

* The header row is found below any title rows by its names (日期, 凭证号/凭证字号, 摘要,
  收入/借方, 支出/贷方, 余额; also 月 + 日 under a "2026年" group and 字 + 号 under 凭证),
  over one or two rows (merged header cells).
* Dates: date cells, Excel serial numbers, text (2026-10-03, 2026.10.3, 2026年10月3日, and
  10月3日 with the year of the item's period). Amounts: numbers or text with commas, ￥, 元.
* Blank rows and "以下空白" are skipped; an opening row (上期结余, 期初余额 …) becomes the
  opening balance; 合计/本月合计/小计 rows and 累计 rows are checked against the sum of the
  rows they cover, and a mismatch is a problem naming the cell.
* Every problem names its cell ("明细!D7：不是有效金额"); a file with any problem is refused
  as a whole. Differences in the file's own 余额 column are warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from board_app.domain.items import LedgerRow
from board_app.domain.money import format_money
from board_app.domain.periods import Period, PeriodError
from board_app.errors import UsageError
from board_app.i18n import _
from board_app.services.office_sheets import (
    CellError,
    Sheet,
    cell_text,
    check_text,
    choose_sheet,
    is_blank,
    parse_cell_amount,
    parse_cell_date,
    problem,
    read_sheets,
)

ZERO = Decimal("0.00")
HEADER_SCAN_ROWS = 40
MAX_LISTED = 200

_ROLE_NAMES = {
    "date": ("日期", "记账日期", "业务日期", "凭证日期", "发生日期", "收支日期", "时间", "date"),
    "month": ("月", "月份"),
    "day": ("日",),
    "voucher": (
        "凭证号",
        "凭证字号",
        "凭证号码",
        "凭证编号",
        "凭证",
        "票据号",
        "单据号",
        "凭单号",
        "voucher",
    ),
    "voucher_word": ("字",),
    "voucher_no": ("号",),
    "summary": (
        "摘要",
        "事由",
        "摘要说明",
        "内容",
        "收支项目",
        "开支项目",
        "项目",
        "说明",
        "summary",
    ),
    "income": ("收入", "借方", "收", "借", "收入数", "收款", "income"),
    "expense": ("支出", "贷方", "支", "贷", "支出数", "付款", "expense"),
    "balance": ("余额", "结余", "结存", "balance"),
    "direction": ("借或贷", "方向", "余额方向"),
    "key": ("事项序号",),
}
_NAME_ROLE = {name: role for role, names in _ROLE_NAMES.items() for name in names}
_UNIT = re.compile(r"[（(][^）)]*[）)]|/元|金额|发生额|[:：*＊]")
_YEAR_HEADER = re.compile(r"^(\d{4})\s*年(度)?$")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年")

OPENING_ROW = re.compile(
    r"^(上期|上月|上季|上年|期初|年初|月初|上年度)(结余|结存|余额|结转|转入)?$"
    r"|^承前页$|^上年结转$|^期初$"
)
TOTAL_ROW = re.compile(r"^(本[日月季年期页]|全年|当月|当期)?(合计|小计|总计)(数)?$")
CUMULATIVE_ROW = re.compile(r"^(本[月季年期]|全年|年)?累计(数|发生额)?$")
CLOSING_ROW = re.compile(r"^(本[月季年期]|期末|月末|年末|季末)(结余|结存|余额)$|^过次页$")
FILLER_ROW = re.compile(r"^以下(空白|无正文|无)$|^空白$")


def _norm(value: object) -> str:
    text = cell_text(value).replace(" ", "").replace("\n", "")
    return _UNIT.sub("", text).lower()


@dataclass
class LedgerColumns:
    """Where each column is (0-based; None when absent) and the header's last row."""

    header_first: int
    header_last: int
    roles: dict[str, int]
    year: int | None = None

    def col(self, role: str) -> int | None:
        return self.roles.get(role)

    @property
    def has_date(self) -> bool:
        return "date" in self.roles or ("month" in self.roles and "day" in self.roles)


def _roles_of_row(sheet: Sheet, row: int) -> dict[int, str]:
    out: dict[int, str] = {}
    for col, value in enumerate(sheet.rows[row] if row < len(sheet.rows) else []):
        role = _NAME_ROLE.get(_norm(value))
        if role is not None:
            out[col] = role
    return out


def find_header(sheet: Sheet, *, need_key: bool = False) -> LedgerColumns | None:
    """The ledger header of a sheet (one or two rows), or None."""
    limit = min(len(sheet.rows), HEADER_SCAN_ROWS)
    for r in range(limit):
        first = _roles_of_row(sheet, r)
        if "summary" not in first.values() and not (r + 1 < limit):
            continue
        second = _roles_of_row(sheet, r + 1) if r + 1 < len(sheet.rows) else {}
        if second and any(
            not is_blank(v) and c not in second for c, v in enumerate(sheet.rows[r + 1])
        ):
            second = {}  # a data row (a voucher "收" is not a header): one header row only
        for rows_used, combined in ((2, {**first, **second}), (1, first)):
            if rows_used == 2 and not second:
                continue
            roles: dict[str, int] = {}
            for col in sorted(combined):
                roles.setdefault(combined[col], col)
            cols = LedgerColumns(r, r + rows_used - 1, roles)
            if (
                "summary" in roles
                and ("income" in roles or "expense" in roles)
                and cols.has_date
                and (not need_key or "key" in roles)
            ):
                cols.year = _header_year(sheet, cols)
                return cols
    return None


def _header_year(sheet: Sheet, cols: LedgerColumns) -> int | None:
    for r in range(cols.header_first, cols.header_last + 1):
        for value in sheet.rows[r]:
            m = _YEAR_HEADER.match(cell_text(value))
            if m:
                return int(m.group(1))
    return None


def _title_year(sheet: Sheet, cols: LedgerColumns) -> int | None:
    for r in range(cols.header_first):
        for value in sheet.rows[r]:
            m = _TITLE_YEAR.search(cell_text(value))
            if m and 1900 <= int(m.group(1)) <= 2100:
                return int(m.group(1))
    return None


@dataclass
class PreviewRow:
    """A ledger row as it will be stored and the spreadsheet row (1-based) it came from."""

    source_row: int
    row: LedgerRow


@dataclass
class LedgerPreview:
    """What an import would store, and every problem (refusing it) and warning."""

    path: Path
    sheet: str
    header_row: int
    rows: list[PreviewRow] = field(default_factory=list)
    opening_balance: Decimal | None = None
    opening_ref: str | None = None
    checked_totals: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def ledger(self) -> list[LedgerRow]:
        """The rows to store."""
        return [p.row for p in self.rows]

    def totals(self) -> tuple[Decimal, Decimal]:
        """(income, expense) of the rows."""
        return (
            sum((p.row.income for p in self.rows), ZERO),
            sum((p.row.expense for p in self.rows), ZERO),
        )


class RowReader:
    """Turns the data rows of one sheet into ledger rows, collecting cell problems."""

    def __init__(self, sheet: Sheet, cols: LedgerColumns, year: int | None) -> None:
        self.sheet = sheet
        self.cols = cols
        self.year = year
        self.problems: list[str] = []
        self.failed_rows = 0  # rows left out for a bad cell: sums after them are not checked
        self._month: int | None = None

    def text(self, r: int, role: str) -> str:
        col = self.cols.col(role)
        return cell_text(self.sheet.value(r, col)) if col is not None else ""

    def amount(self, r: int, role: str, *, signed: bool = False) -> Decimal | None:
        col = self.cols.col(role)
        if col is None:
            return None
        try:
            value = parse_cell_amount(self.sheet.value(r, col))
        except CellError as exc:
            self.problems.append(problem(self.sheet.ref(r, col), str(exc)))
            return None
        if value is not None and value < 0 and not signed:
            self.problems.append(
                problem(
                    self.sheet.ref(r, col),
                    _("a negative amount; enter it as a positive amount in the other column"),
                )
            )
            return None
        return value

    def balance(self, r: int) -> Decimal | None:
        value = self.amount(r, "balance", signed=True)
        if value is not None and self.text(r, "direction") == "贷":
            value = -value
        return value

    def day(self, r: int) -> date | None:
        """The row's date (None when its cell is empty); month columns carry down."""
        col = self.cols.col("date")
        if col is not None:
            value = self.sheet.value(r, col)
            if is_blank(value):
                return None
            try:
                return parse_cell_date(value, self.year)
            except CellError as exc:
                self.problems.append(problem(self.sheet.ref(r, col), str(exc)))
                return None
        mcol, dcol = self.cols.col("month"), self.cols.col("day")
        assert mcol is not None and dcol is not None
        month_text, day_text = self.text(r, "month"), self.text(r, "day").removesuffix("日")
        if not day_text:
            return None
        if month_text and not self.note_month(r):
            self.problems.append(problem(self.sheet.ref(r, mcol), _("not a valid month")))
            return None
        if self._month is None:
            self.problems.append(problem(self.sheet.ref(r, mcol), _("the month is missing")))
            return None
        if self.year is None:
            self.problems.append(
                problem(
                    self.sheet.ref(r, dcol),
                    _("the date has no year and the item has no period to take it from"),
                )
            )
            return None
        try:
            return date(self.year, self._month, int(day_text))
        except ValueError:
            self.problems.append(problem(self.sheet.ref(r, dcol), _("not a valid date")))
            return None

    def note_month(self, r: int) -> bool:
        """Remember the month of a row in 月/日 layout (it carries down); False if invalid."""
        text = self.text(r, "month").removesuffix("月")
        if self.cols.col("month") is None or not text:
            return True
        if not text.isdigit() or not 1 <= int(text) <= 12:
            return False
        self._month = int(text)
        return True

    def voucher(self, r: int) -> str:
        if self.cols.col("voucher") is not None:
            return self.text(r, "voucher")
        word, number = self.text(r, "voucher_word"), self.text(r, "voucher_no")
        return f"{word}-{number}" if word and number else word or number

    def label(self, r: int) -> str:
        """The row's summary, or when empty its first text cell (合计 may sit under 日期)."""
        summary = self.text(r, "summary")
        if summary:
            return summary.replace(" ", "")
        for value in self.sheet.rows[r]:
            text = cell_text(value).replace(" ", "")
            if text and isinstance(value, str):
                return text
        return ""

    def data_row(self, r: int) -> LedgerRow | None:
        """A data row; None (with problems recorded) when a cell is unreadable."""
        before = len(self.problems)
        day = self.day(r)
        income = self.amount(r, "income") or ZERO
        expense = self.amount(r, "expense") or ZERO
        if income > 0 and expense > 0:
            self.problems.append(
                problem(
                    self.sheet.row_ref(r), _("a row has either an income or an expense, not both")
                )
            )
        texts = {}
        for role in ("voucher", "summary"):
            value = self.voucher(r) if role == "voucher" else self.text(r, role)
            try:
                texts[role] = check_text(value)
            except CellError as exc:
                col = self.cols.col(role)
                ref = self.sheet.ref(r, col) if col is not None else self.sheet.row_ref(r)
                self.problems.append(problem(ref, str(exc)))
        if len(self.problems) > before:
            self.failed_rows += 1
            return None
        return LedgerRow(
            date=day,
            voucher=texts["voucher"],
            summary=texts["summary"],
            income=income,
            expense=expense,
        )


@dataclass
class _Totals:
    income: Decimal = ZERO
    expense: Decimal = ZERO


def read_ledger(
    path: Path, *, sheet: str | None = None, period: str | None = None, year: int | None = None
) -> LedgerPreview:
    """Read a ledger spreadsheet into a preview (nothing is written).

    ``period`` (the item's, e.g. "2026-Q4") gives the year of dates written without one and
    the range outside which dates are a warning; ``year`` is used when there is no period.
    """
    path = Path(path)
    sheets = choose_sheet(read_sheets(path), sheet, path)
    for candidate in sheets:
        cols = find_header(candidate)
        if cols is not None:
            return read_sheet_ledger(path, candidate, cols, period, year)
    raise UsageError(
        _(
            "{file}: no ledger header found (a row with 日期, 摘要 and 收入/支出 or 借方/贷方) "
            "in {sheets}."
        ).format(file=path, sheets="、".join(s.name for s in sheets))
    )


def _period_of(text: str | None) -> Period | None:
    try:
        return Period.parse(text) if text else None
    except PeriodError:
        return None


def read_sheet_ledger(
    path: Path, sheet: Sheet, cols: LedgerColumns, period_text: str | None, year: int | None
) -> LedgerPreview:
    """The ledger below the header ``cols`` of one sheet."""
    period = _period_of(period_text)
    use_year = cols.year or (period.year if period else None) or year or _title_year(sheet, cols)
    reader = RowReader(sheet, cols, use_year)
    out = LedgerPreview(path, sheet.name, cols.header_last + 1, problems=reader.problems)
    since: dict[str, _Totals] = {}
    cumulative: dict[str, tuple[Decimal, Decimal]] = {}
    everything = _Totals()
    balance = _BalanceCheck(reader, out)
    outside: list[str] = []
    for r in range(cols.header_last + 1, len(sheet.rows)):
        if all(is_blank(v) for v in sheet.rows[r]):
            continue
        label = reader.label(r)
        if not _is_data_label(label):
            reader.note_month(r)
        skipped = _("{row}: “{text}” skipped").format(row=sheet.row_ref(r), text=label)
        if FILLER_ROW.match(label):
            out.skipped.append(skipped)
        elif label == "承前页" and out.rows:
            balance.check(r)
            out.skipped.append(skipped)
        elif OPENING_ROW.match(label):
            _opening(reader, r, out, balance)
        elif TOTAL_ROW.match(label) or CUMULATIVE_ROW.match(label):
            _check_total(reader, r, label, since, cumulative, everything, out)
            balance.check(r)
        elif CLOSING_ROW.match(label):
            balance.check(r)
            out.skipped.append(skipped)
        else:
            row = reader.data_row(r)
            if row is None:
                continue
            for totals in (everything, *since.values()):
                totals.income += row.income
                totals.expense += row.expense
            if (
                period is not None
                and row.date is not None
                and not (period.start <= row.date <= period.end)
            ):
                outside.append(sheet.ref(r, cols.col("date") or cols.col("day") or 0))
            balance.row(r, row)
            out.rows.append(PreviewRow(r + 1, row))
    if outside:
        out.warnings.append(
            _("{count} date(s) outside the period {period}: {cells}").format(
                count=len(outside),
                period=period_text,
                cells="、".join(outside[:10]) + ("…" if len(outside) > 10 else ""),
            )
        )
    if not out.rows and not out.problems:
        out.problems.append(
            _("{sheet}: no ledger rows below the header (row {row}).").format(
                sheet=sheet.name, row=cols.header_last + 1
            )
        )
    return out


def _is_data_label(label: str) -> bool:
    return not (
        FILLER_ROW.match(label)
        or OPENING_ROW.match(label)
        or TOTAL_ROW.match(label)
        or CUMULATIVE_ROW.match(label)
        or CLOSING_ROW.match(label)
    )


def _opening(reader: RowReader, r: int, out: LedgerPreview, balance: _BalanceCheck) -> None:
    sheet = reader.sheet
    if out.rows or out.opening_ref:
        reader.problems.append(
            problem(
                sheet.row_ref(r), _("an opening balance row must come before the first ledger row")
            )
        )
        return
    value = reader.balance(r)
    if value is None:
        income, expense = reader.amount(r, "income"), reader.amount(r, "expense")
        value = income if income else (-expense if expense else None)
    if value is None:
        reader.problems.append(
            problem(sheet.row_ref(r), _("the opening balance row has no amount"))
        )
        return
    out.opening_balance, out.opening_ref = value, sheet.row_ref(r)
    balance.running = value


class _BalanceCheck:
    """Follows the balance and compares it with the file's 余额 column (warnings only);
    after a difference it continues from the file's figure, so one typo is one warning."""

    def __init__(self, reader: RowReader, out: LedgerPreview) -> None:
        self.reader = reader
        self.out = out
        self.running: Decimal | None = None
        self.col = reader.cols.col("balance")

    def row(self, r: int, row: LedgerRow) -> None:
        if self.col is None:
            return
        if self.running is None:
            stated = self.reader.balance(r)
            opening = stated - row.income + row.expense if stated is not None else ZERO
            if opening and self.out.opening_balance is None and not self.out.rows:
                self.out.opening_balance = opening
                self.out.opening_ref = self.reader.sheet.ref(r, self.col)
                self.out.warnings.append(
                    problem(
                        self.out.opening_ref,
                        _(
                            "no opening balance row; the opening balance {amount} is worked out "
                            "from this balance"
                        ).format(amount=format_money(opening)),
                    )
                )
            self.running = stated
            return
        self.running += row.income - row.expense
        self.check(r)

    def check(self, r: int) -> None:
        if self.col is None:
            return
        stated = self.reader.balance(r)
        if stated is None or self.running is None:
            return
        if stated != self.running and len(self.out.warnings) < MAX_LISTED:
            self.out.warnings.append(
                problem(
                    self.reader.sheet.ref(r, self.col),
                    _("the balance {stated} differs from the computed {computed}").format(
                        stated=format_money(stated), computed=format_money(self.running)
                    ),
                )
            )
        self.running = stated


def _check_total(
    reader: RowReader,
    r: int,
    label: str,
    since: dict[str, _Totals],
    cumulative: dict[str, tuple[Decimal, Decimal]],
    everything: _Totals,
    out: LedgerPreview,
) -> None:
    """A 合计 row covers the rows since the previous row with the same label (or the
    start); a 累计 row the rows since the previous 累计 plus what that one said (the first
    may include amounts from before the file: it must not be less than the file's rows)."""
    income, expense = reader.amount(r, "income"), reader.amount(r, "expense")
    sheet, cols = reader.sheet, reader.cols
    if CUMULATIVE_ROW.match(label):
        previous = cumulative.get(label)
        covered = since.get(label, everything)
        base = previous or (ZERO, ZERO)
        expected = (base[0] + covered.income, base[1] + covered.expense)
        first = previous is None
        cumulative[label] = (
            income if income is not None else expected[0],
            expense if expense is not None else expected[1],
        )
    else:
        covered = since.get(label, everything)
        expected = (covered.income, covered.expense)
        first = False
    since[label] = _Totals()
    out.checked_totals.append(sheet.row_ref(r))
    if reader.failed_rows:
        return  # a row above could not be read: its cell is the problem, not this sum
    for role, stated, want in (("income", income, expected[0]), ("expense", expense, expected[1])):
        if stated is None:
            continue
        col = cols.col(role)
        ref = sheet.ref(r, col if col is not None else 0)
        if stated == want or (first and stated > want):
            continue
        out.problems.append(
            problem(
                ref,
                _("“{label}” says {stated}, the rows above add up to {computed}").format(
                    label=label, stated=format_money(stated), computed=format_money(want)
                ),
            )
        )
