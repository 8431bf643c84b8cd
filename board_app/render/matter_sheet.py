"""The one-page A4 四议两公开 record sheet of a matter, for signing and the archive box.

Title, the matter's facts, one row per meeting held (date and place, chair and recorder,
attendance, vote, outcome, 村务监督委员会列席) with its discussion summary, the two disclosures,
and signature lines for 主持人, 记录人 and 村务监督委员会. Text goes through
:mod:`board_app.render.text` (CJK line breaking, fallback faces, everything embedded); when a
matter has many meetings the table is set smaller, then without the summaries (they stay in the
minutes), until the sheet fits one page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from board_app.domain.matter_texts import OUTCOME_ZH, body_zh, step_title, zh_date
from board_app.domain.matters import END, Matter, StepKind
from board_app.domain.money import format_money
from board_app.render import fonts
from board_app.render.text import CJKParagraph, TextStyle

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 18 * mm, 15 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
# (table text size, with discussion summaries) tried in turn until the sheet fits one page.
ATTEMPTS = (
    (10.5, True),
    (9.5, True),
    (8.5, True),
    (7.5, True),
    (8.5, False),
    (7.5, False),
    (6.5, False),
)


@dataclass
class Disclosure:
    """A disclosure of the matter as the sheet lists it."""

    label: str  # 决议公开 / 实施结果公开
    number: str = ""
    title: str = ""
    publish_date: date | None = None
    status: str = ""


@dataclass
class SheetData:
    """Everything printed on the sheet (labels are Chinese: the sheet is a record)."""

    org_name: str
    matter: Matter
    disclosures: list[Disclosure] = field(default_factory=list)
    printed_on: date | None = None
    created: datetime | None = None  # PDF creation date (fixed for deterministic output)


def _p(text: str, style: TextStyle) -> CJKParagraph:
    return CJKParagraph(text, style)


def _styles(size: float) -> dict[str, TextStyle]:
    lead = size * 1.35
    return {
        "title": TextStyle(role="title", size=18, leading=26, align="center"),
        "sub": TextStyle(role="sans", size=10, leading=14, align="center"),
        "cell": TextStyle(role="sans", size=size, leading=lead),
        "head": TextStyle(role="sans_bold", size=size, leading=lead, align="center"),
        "center": TextStyle(role="sans", size=size, leading=lead, align="center"),
        "sign": TextStyle(role="sans", size=11, leading=16),
    }


def _grid(extra: list[tuple[Any, ...]] | None = None) -> TableStyle:
    name = fonts.register_role("sans")
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), name),  # never Helvetica (platform-notes)
            ("GRID", (0, 0), (-1, -1), 0.6, "#000000"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        + (extra or [])
    )


def _facts(data: SheetData, st: dict[str, TextStyle], width: float) -> Table:
    m = data.matter
    budget = f"{format_money(m.budget)}元" if m.budget is not None else ""
    rows = [
        [
            _p("事项名称", st["head"]),
            _p(m.title, st["cell"]),
            _p("事项类别", st["head"]),
            _p(m.kind, st["cell"]),
        ],
        [
            _p("提议人", st["head"]),
            _p(m.proposer, st["cell"]),
            _p("预算金额", st["head"]),
            _p(budget, st["cell"]),
        ],
        [_p("事项内容", st["head"]), _p(m.description, st["cell"]), "", ""],
    ]
    widths = [22 * mm, width / 2 - 22 * mm, 22 * mm, width / 2 - 22 * mm]
    table = Table(rows, colWidths=widths)
    table.setStyle(
        _grid(
            [
                ("SPAN", (1, 2), (3, 2)),
                ("BACKGROUND", (0, 0), (0, -1), "#F2F2F2"),
                ("BACKGROUND", (2, 0), (2, 1), "#F2F2F2"),
            ]
        )
    )
    return table


_STEP_HEAD = [
    "程序",
    "时间、地点",
    "主持人\n记录人",
    "应到\n实到",
    "赞成/反对\n/弃权",
    "结果",
    "监委会列席",
]
_STEP_WIDTHS = [24, 36, 20, 15, 22, 18, 35]


def _steps(data: SheetData, st: dict[str, TextStyle], summaries: bool, width: float) -> Table:
    rows: list[list[Any]] = [[_p(h, st["head"]) for h in _STEP_HEAD]]
    commands: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), "#F2F2F2")]
    steps = data.matter.closed_steps() or []
    if not steps:
        rows.append([_p("尚未召开会议", st["center"]), "", "", "", "", "", ""])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    for step in steps:
        outcome = OUTCOME_ZH[step.outcome] if step.outcome else ""
        if step.outcome is not None and step.outcome.value != "passed" and step.then:
            outcome += "，终止" if step.then == END else f"，退回{StepKind(step.then).order + 1}"
        votes = (
            f"{step.votes_for}/{step.votes_against or 0}/{step.abstentions or 0}"
            if step.votes_for is not None
            else ""
        )
        rows.append(
            [
                _p(f"{step.kind.order + 1}. {step_title(step)}", st["cell"]),
                _p(f"{zh_date(step.held_on)}\n{step.place}\n{body_zh(step.body)}", st["cell"]),
                _p(f"{step.chair}\n{step.recorder}", st["center"]),
                _p(f"{step.members}\n{step.present}", st["center"]),
                _p(votes, st["center"]),
                _p(outcome, st["center"]),
                _p(step.supervisors if step.supervisors_attended else "—", st["cell"]),
            ]
        )
        if summaries and step.summary.strip():
            rows.append(
                [_p("议定要点：" + step.summary.strip(), st["cell"]), "", "", "", "", "", ""]
            )
            commands.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    table = Table(rows, colWidths=_scaled(_STEP_WIDTHS, width), repeatRows=1)
    table.setStyle(_grid(commands))
    return table


def _disclosures(data: SheetData, st: dict[str, TextStyle], width: float) -> Table:
    rows: list[list[Any]] = [
        [_p(h, st["head"]) for h in ("两公开", "公开编号", "公开日期", "状态", "标题")]
    ]
    for d in data.disclosures:
        rows.append(
            [
                _p(d.label, st["center"]),
                _p(d.number, st["center"]),
                _p(d.publish_date.isoformat() if d.publish_date else "", st["center"]),
                _p(d.status, st["center"]),
                _p(d.title, st["cell"]),
            ]
        )
    table = Table(rows, colWidths=_scaled([26, 24, 24, 18, 78], width))
    table.setStyle(_grid([("BACKGROUND", (0, 0), (-1, 0), "#F2F2F2")]))
    return table


def _signatures(st: dict[str, TextStyle], width: float) -> Table:
    line = "________________"
    rows = [
        [_p(f"主持人（签字）：{line}", st["sign"]), _p(f"记录人（签字）：{line}", st["sign"])],
        [
            _p("村务监督委员会（签字）：__________", st["sign"]),
            _p("日期：______年____月____日", st["sign"]),
        ],
    ]
    table = Table(rows, colWidths=[width / 2] * 2, rowHeights=[14 * mm, 14 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.register_role("sans")),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table


def _scaled(widths_mm: list[int], width: float) -> list[float]:
    """Column widths in mm scaled to fill ``width`` points."""
    total = sum(widths_mm)
    return [w * width / total for w in widths_mm]


def record_parts(
    data: SheetData, size: float, summaries: bool = True, width: float = FRAME_W
) -> list[Flowable]:
    """The matter, its meetings, the two disclosures and the signature lines."""
    st = _styles(size)
    return [
        _facts(data, st, width),
        Spacer(1, 4 * mm),
        _steps(data, st, summaries, width),
        Spacer(1, 4 * mm),
        _disclosures(data, st, width),
        Spacer(1, 2 * mm),
        _signatures(st, width),
    ]


def _story(data: SheetData, size: float, summaries: bool = True) -> list[Flowable]:
    st = _styles(size)
    printed = zh_date(data.printed_on) if data.printed_on else ""
    return [
        _p(f"{data.org_name}“四议两公开”记录表", st["title"]),
        _p(f"打印日期：{printed}" if printed else "", st["sub"]),
        Spacer(1, 4 * mm),
        *record_parts(data, size, summaries),
    ]


def _build(
    data: SheetData, size: float, summaries: bool, *, deterministic: bool
) -> tuple[bytes, int]:
    buf = io.BytesIO()
    pages: list[int] = []
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=1 if deterministic else 0,
        initialFontName=fonts.register_role("sans"),
        initialFontSize=10,
        title=f"{data.matter.title}“四议两公开”记录表",
        author=data.org_name,
        creator="board-app",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, 0, 0, 0, 0)
    doc.addPageTemplates(
        [PageTemplate(frames=[frame], onPage=lambda c, d: pages.append(c.getPageNumber()))]
    )
    doc.build(_story(data, size, summaries))
    return buf.getvalue(), len(pages)


def render_sheet(data: SheetData, *, deterministic: bool = False) -> tuple[bytes, int]:
    """The record sheet as PDF bytes and its page count (1 unless it cannot fit)."""
    for size, summaries in ATTEMPTS:
        pdf, count = _build(data, size, summaries, deterministic=deterministic)
        if count == 1:
            break
    return pdf, count


def sheet_flowables(data: SheetData, width: float) -> list[Flowable]:
    """The record as flowables ``width`` points wide, for the archive's 件 of the matter."""
    heading = TextStyle(role="sans_bold", size=14, leading=24, space_before=10)
    return [
        _p("附件：“四议两公开”记录表（两公开情况见“两公开”栏）", heading),
        *record_parts(data, 9.5, True, width),
    ]
