"""A4 report PDFs of the feedback register: the yearly summary and the archived register.

The caller hands over plain rows (already translated); this module only draws them: a title,
then for each block a heading, optional lines of text and an optional grid table. All text goes
through :mod:`board_app.render.text` (CJK line breaking, embedded subset fonts, no Helvetica).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer, Table, TableStyle

from board_app.render import fonts
from board_app.render.text import CJKParagraph, TextStyle, draw_text


@dataclass
class ReportBlock:
    """A heading with lines of text and/or a table (``widths`` are fractions of the frame)."""

    heading: str
    lines: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)


@dataclass
class Report:
    """A whole report: title, subtitle and blocks; ``wide`` prints on landscape A4."""

    title: str
    subtitle: str
    blocks: list[ReportBlock]
    author: str = ""
    wide: bool = False
    footer: str = ""
    deterministic: bool = False


_TITLE = TextStyle(role="title", size=20, leading=30, align="center", space_after=4)
_SUB = TextStyle(role="sans", size=11, leading=18, align="center", space_after=10)
_HEADING = TextStyle(role="sans_bold", size=13, leading=22, space_before=10, space_after=4)
_LINE = TextStyle(role="sans", size=11, leading=18)
_CELL = TextStyle(role="sans", size=9.5, leading=13)
_CELL_HEAD = TextStyle(role="sans_bold", size=9.5, leading=13, align="center")
_FOOT = TextStyle(role="sans", size=9, leading=12, align="center", color="#555555")


def _table(block: ReportBlock, width: float) -> Table:
    cols = [w * width for w in block.widths] if block.widths else None
    data: list[list[Any]] = [[CJKParagraph(h, _CELL_HEAD) for h in block.header]]
    data += [[CJKParagraph(c, _CELL) for c in row] for row in block.rows]
    # (a table's first row repeats on every page it runs over)
    table = Table(data, colWidths=cols, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.register_role("sans")),
                ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
                ("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def render_report(report: Report, out: Path | BinaryIO) -> int:
    """Write ``report`` to ``out`` (a path or a binary file); returns the number of pages."""
    size = landscape(A4) if report.wide else A4
    margin = 18 * mm
    width = size[0] - 2 * margin
    pages: list[int] = []

    def on_page(canvas: Any, doc: BaseDocTemplate) -> None:
        number = canvas.getPageNumber()
        pages.append(number)
        text = f"{report.footer}  — {number} —" if report.footer else f"— {number} —"
        draw_text(canvas, text, margin, 12 * mm, _FOOT, width)

    doc = BaseDocTemplate(
        out if hasattr(out, "write") else str(out),
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        invariant=1 if report.deterministic else 0,
        initialFontName=fonts.register_role("sans"),
        title=report.title,
        author=report.author,
        creator="board-app",
    )
    frame = Frame(margin, margin, width, size[1] - 2 * margin, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    story: list[Any] = [CJKParagraph(report.title, _TITLE), CJKParagraph(report.subtitle, _SUB)]
    for block in report.blocks:
        heading = CJKParagraph(block.heading, _HEADING)
        heading.keepWithNext = True  # never a heading alone at the foot of a page
        story.append(heading)
        story.extend(CJKParagraph(line, _LINE) for line in block.lines)
        if block.header:
            story.append(_table(block, width))
        story.append(Spacer(1, 4))
    doc.build(story)
    return max(pages, default=0)
