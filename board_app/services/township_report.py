"""The 公开情况统计表 of a township on paper (PDF, A4 landscape) and as a workbook (.xlsx).

The rows come from :class:`board_app.services.township.TownshipStatistics`; the PDF is drawn by
:mod:`board_app.render.feedback_pdf` (embedded subset CJK fonts, no Helvetica) and the workbook
with the office export's helpers. Both are written all or nothing through the output guard.
"""

from __future__ import annotations

import io
from pathlib import Path

from board_app import files
from board_app.domain import labels
from board_app.domain.items import PublicationType
from board_app.domain.schedule import DueState
from board_app.domain.township import VillageStats
from board_app.i18n import _
from board_app.render.feedback_pdf import Report, ReportBlock, render_report
from board_app.services.township import TownshipStatistics, period_label


def headers() -> list[str]:
    """Column titles of the table (shared by the PDF, the workbook, the CLI and the GUI)."""
    return [
        _("Row no."),
        _("Organization"),
        *[labels.publication_type(t) for t in PublicationType],
        _("Published"),
        _("Reports due"),
        _("On time"),
        _("Late"),
        _("Overdue, not published"),
        _("Not due yet"),
        _("On-time rate"),
        _("Feedback received"),
        _("Replied"),
        _("Reply overdue"),
    ]


def _rate(stats: VillageStats) -> str:
    rate = stats.on_time_rate
    return "—" if rate is None else f"{rate}%"


def row_values(stats: VillageStats) -> list[str]:
    """One row's cells after the 序号 (as text)."""
    return [
        stats.org.name,
        *[str(stats.published[t]) for t in PublicationType],
        str(stats.published_total),
        str(stats.due),
        str(stats.on_time),
        str(stats.late),
        str(stats.overdue),
        str(stats.pending),
        _rate(stats),
        str(stats.feedback_received),
        str(stats.feedback_replied),
        str(stats.feedback_overdue),
    ]


def table_rows(stats: TownshipStatistics) -> list[list[str]]:
    """Numbered village rows and the total row."""
    rows = [[str(n), *row_values(s)] for n, s in enumerate(stats.rows, start=1)]
    rows.append(["", *row_values(stats.total)])
    return rows


def title(stats: TownshipStatistics) -> str:
    return _("{township} disclosure statistics").format(township=stats.township)


def subtitle(stats: TownshipStatistics) -> str:
    return _("Period: {label} ({start} to {end}); as of {on}").format(
        label=period_label(stats.period),
        start=stats.period.start.isoformat(),
        end=stats.period.end.isoformat(),
        on=stats.on.isoformat(),
    )


def missed_rows(stats: TownshipStatistics) -> list[list[str]]:
    """The reports due in the period that were late or are overdue, per village."""
    rows = []
    for s in stats.rows:
        for entry in s.missed:
            published = entry.item.publish_date if entry.item else None
            state = (
                _("Published late on {date}").format(date=published.isoformat())
                if entry.state is DueState.DONE and published
                else entry.state.label
            )
            rows.append(
                [s.org.name, entry.category.name, str(entry.period), entry.due.isoformat(), state]
            )
    return rows


def statistics_report(stats: TownshipStatistics) -> Report:
    """The 统计表 as report blocks: the table and its signatures, then the late/overdue list."""
    widths = [0.04, 0.16] + [0.06] * 4 + [0.06] * 5 + [0.07, 0.06, 0.06, 0.06]
    blocks = [
        ReportBlock(
            heading=_("Per village"),
            lines=[
                _(
                    "Published: items whose publication date is in the period. Reports due: "
                    "periodic reports whose due date is in the period. Feedback: opinions "
                    "received in the period."
                )
            ],
            header=headers(),
            rows=table_rows(stats),
            widths=[w / sum(widths) for w in widths],
        )
    ]
    blocks.append(
        ReportBlock(
            heading=_("Signatures"),
            lines=[
                _("Filled in by: ____________    Checked by: ____________    Date: {on}").format(
                    on=stats.on.isoformat()
                )
            ],
        )
    )
    missed = missed_rows(stats)
    blocks.append(
        ReportBlock(
            heading=_("Reports late or overdue"),
            lines=[] if missed else [_("None: every report due in the period was on time.")],
            header=[_("Organization"), _("Category"), _("Period"), _("Due date"), _("Result")]
            if missed
            else [],
            rows=missed,
            widths=[0.26, 0.30, 0.12, 0.12, 0.20],
        )
    )
    return Report(
        title=title(stats),
        subtitle=subtitle(stats),
        blocks=blocks,
        author=stats.township,
        wide=True,
        footer=title(stats),
    )


def write_statistics_pdf(
    stats: TownshipStatistics, out: Path, *, deterministic: bool = False
) -> Path:
    """The 统计表 as an A4 landscape PDF."""
    out = Path(out)
    files.check_output(out)
    report = statistics_report(stats)
    report.deterministic = deterministic
    buf = io.BytesIO()
    render_report(report, buf)
    return files.write_bytes_atomic(out, buf.getvalue())


def write_statistics_xlsx(stats: TownshipStatistics, out: Path) -> Path:
    """The 统计表 as a workbook: the table (numbers as numbers) and the late/overdue list."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from board_app.services.office_workbook import HEADER_FONT, fit_columns, header, put

    out = Path(out)
    files.check_output(out)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Statistics")
    put(ws, 1, 1, title(stats)).font = Font(bold=True, size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers()))
    ws["A1"].alignment = Alignment(horizontal="center")
    put(ws, 2, 1, subtitle(stats))
    header(ws, 3, headers())
    rows = table_rows(stats)
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            cell_value: object = value
            if c == 1:
                cell_value = int(value) if value else _("Total")
            elif c > 2 and value.isdigit():
                cell_value = int(value)
            cell = put(ws, r, c, cell_value)
            if r == 3 + len(rows):
                cell.font = HEADER_FONT
    ws.freeze_panes = "C4"
    fit_columns(ws, {1: 6, 2: 26, **{c: 10 for c in range(3, len(headers()) + 1)}}, start_row=3)
    detail = wb.create_sheet(_("Late or overdue"))
    header(detail, 1, [_("Organization"), _("Category"), _("Period"), _("Due date"), _("Result")])
    for r, values in enumerate(missed_rows(stats), start=2):
        for c, value in enumerate(values, start=1):
            put(detail, r, c, value)
    fit_columns(detail, {1: 26, 2: 28, 3: 10, 4: 12, 5: 24})
    buf = io.BytesIO()
    wb.save(buf)
    return files.write_bytes_atomic(out, buf.getvalue())
