"""Workbooks for the township: the items export and the 公开情况统计表.

The export is the template's layout filled in (typed cells, frozen header, filters, widths)
plus one sheet per ledger with 期初余额 and 合计 rows, so it imports back unchanged. The
statistics come from the disclosure calendar (``domain.schedule.disclosure_calendar``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from board_app.domain.items import Category, Item, Organization
from board_app.domain.schedule import DueEntry, DueState, disclosure_calendar
from board_app.i18n import _
from board_app.services.office_items import COLUMNS, HEADER_ROW, today_text
from board_app.services.office_workbook import (
    HEADER_FONT,
    fit_columns,
    header,
    item_cells,
    items_sheet,
    ledger_sheet,
    put,
)

Progress = Callable[[int, int], None]
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def build_items_workbook(
    org: Organization,
    categories: list[Category],
    items: list[Item],
    numbers: dict[int, str | None],
    progress: Progress | None = None,
) -> Workbook:
    """All ``items`` of ``org`` in the template's layout, one sheet per ledger."""
    wb = Workbook()
    names = {c.id: c.name for c in categories}
    ws = items_sheet(
        wb,
        org,
        [c.name for c in categories],
        data_rows=max(len(items), 1) + 200,
        note=_(
            "Each ledger is on a sheet of its own (明细…), with its 合计 row; "
            "the workbook imports back with board-app import."
        ),
    )
    used: set[str] = set(wb.sheetnames)
    for n, item in enumerate(items, start=1):
        replaces = numbers.get(item.replaces_id) if item.replaces_id else None
        item_cells(ws, HEADER_ROW + n, n, item, names.get(item.category_id, ""), replaces)
        if item.ledger or item.opening_balance is not None:
            ledger_sheet(wb, _sheet_name(item, n, used), n, item)
        if progress:
            progress(n, len(items))
    last = HEADER_ROW + max(len(items), 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last}"
    fit_columns(
        ws, {c: w for c, (_k, _h, w) in enumerate(COLUMNS, start=1)}, cap=60, start_row=HEADER_ROW
    )
    ws.column_dimensions[get_column_letter(len(COLUMNS))].width = 60
    return wb


def _sheet_name(item: Item, n: int, used: set[str]) -> str:
    base = f"明细{item.number}" if item.number else f"明细-序号{n}"
    name = base.translate(_BAD_SHEET_CHARS)[:31]
    k = 2
    while name in used:
        name = f"{base[:27]}({k})"
        k += 1
    used.add(name)
    return name


# ----- 公开情况统计表 ----------------------------------------------------------------------------
ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"


@dataclass
class ReportLine:
    """One category and period of one organization."""

    org: str
    category: str
    period: str
    due: date
    outcome: str
    item: Item | None = None


@dataclass
class DisclosureReport:
    """The year's lines and the per-organization/category counts."""

    year: int
    on: date
    lines: list[ReportLine] = field(default_factory=list)

    def counts(self) -> list[tuple[str, str, int, int, int, int]]:
        """(org, category, due, on time, late, missing) in first-seen order."""
        table: dict[tuple[str, str], list[int]] = {}
        for line in self.lines:
            row = table.setdefault((line.org, line.category), [0, 0, 0, 0])
            if line.outcome == PENDING:
                continue
            row[0] += 1
            row[{ON_TIME: 1, LATE: 2, MISSING: 3}[line.outcome]] += 1
        return [(o, c, v[0], v[1], v[2], v[3]) for (o, c), v in table.items()]


def outcome_label(outcome: str) -> str:
    """按时公开 / 逾期公开 / 未公开 / 未到期."""
    return {
        ON_TIME: _("Disclosed on time"),
        LATE: _("Disclosed late"),
        MISSING: _("Missing"),
        PENDING: _("Not due yet"),
    }[outcome]


def report_lines(
    org: Organization, categories: list[Category], items: list[Item], year: int, on: date
) -> list[ReportLine]:
    """The calendar of ``org`` for the periods of ``year``, from 1 January or from the
    organization's own tracking start when that is later (earlier periods were not tracked)."""
    start = max(date(year, 1, 1), org.tracking_start or date(year, 1, 1))
    if start.year > year:
        return []
    entries = disclosure_calendar(org, categories, items, on, tracking_start=start)
    out = []
    for e in entries:
        if e.period.year != year:
            continue
        out.append(
            ReportLine(org.name, e.category.name, str(e.period), e.due, _outcome(e, on), e.item)
        )
    return out


def _outcome(entry: DueEntry, on: date) -> str:
    if entry.state is DueState.DONE:
        published = entry.item.publish_date if entry.item else None
        return ON_TIME if published is None or published <= entry.due else LATE
    if entry.state is DueState.OVERDUE:
        return MISSING
    return PENDING


def build_report_workbook(report: DisclosureReport) -> Workbook:
    """汇总 (per organization and category) and 明细 (per period) sheets."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Overview")
    title = _("Disclosure statistics {year}").format(year=report.year)
    put(ws, 1, 1, title).font = Font(bold=True, size=16)
    ws.merge_cells("A1:G1")
    ws["A1"].alignment = Alignment(horizontal="center")
    put(ws, 2, 1, _("As of {date}").format(date=today_text(report.on)))
    heads = [
        _("Organization"),
        _("Category"),
        _("Due"),
        _("Disclosed on time"),
        _("Disclosed late"),
        _("Missing"),
        _("On-time rate"),
    ]
    header(ws, 3, heads)
    r = 4
    totals = [0, 0, 0, 0]
    for org, cat, due, on_time, late, missing in report.counts():
        for col, value in enumerate((org, cat, due, on_time, late, missing), start=1):
            put(ws, r, col, value)
        put(ws, r, 7, on_time / due if due else None, fmt="0.0%")
        totals = [a + b for a, b in zip(totals, (due, on_time, late, missing), strict=True)]
        r += 1
    put(ws, r, 1, _("Total")).font = HEADER_FONT
    for col, value in enumerate(totals, start=3):
        put(ws, r, col, value).font = HEADER_FONT
    put(ws, r, 7, totals[1] / totals[0] if totals[0] else None, fmt="0.0%")
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:G{max(r - 1, 3)}"
    fit_columns(ws, {1: 24, 2: 24, 3: 8, 4: 12, 5: 12, 6: 12, 7: 10}, start_row=3)

    detail = wb.create_sheet(_("Details"))
    header(
        detail,
        1,
        [
            _("Organization"),
            _("Category"),
            _("Period"),
            _("Due date"),
            _("Publish date"),
            _("Disclosure no."),
            _("Result"),
        ],
    )
    for r, line in enumerate(report.lines, start=2):
        item = line.item
        values = (
            line.org,
            line.category,
            line.period,
            line.due,
            item.publish_date if item else None,
            item.number if item else None,
            outcome_label(line.outcome),
        )
        for col, value in enumerate(values, start=1):
            put(detail, r, col, value)
    detail.freeze_panes = "A2"
    detail.auto_filter.ref = f"A1:G{max(len(report.lines) + 1, 1)}"
    fit_columns(detail, {1: 24, 2: 24, 3: 10, 4: 12, 5: 12, 6: 11, 7: 12})
    return wb
