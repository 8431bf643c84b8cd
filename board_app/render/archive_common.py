"""Shared pieces of the archive PDF: box content, GB/T 9704 page geometry, styles, helpers.

Page: A4, margins 37/35/28/26 mm (top, bottom, left, right), type area 156×225 mm. Title 22 pt
(二号) in the bold/小标宋 "title" role; body 16 pt (三号) in 仿宋 when one is installed or
configured, else the serif (宋体-style) chain, fixed leading 28 pt. Page numbers "— n —" in
14 pt (四号) serif, odd pages right and even pages left, one character in from the type area.
All text is drawn through :mod:`board_app.render.text` (CJK line breaking, per-character fallback,
embedded subset TrueType faces).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, TableStyle
from reportlab.platypus.flowables import Flowable

from board_app.domain.items import Item, Organization, Retention
from board_app.render import fonts
from board_app.render.text import CJKParagraph, TextStyle, draw_text

PAGE_W, PAGE_H = A4
TOP, BOTTOM, LEFT, RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
FRAME_W = PAGE_W - LEFT - RIGHT  # 156 mm
FRAME_H = PAGE_H - TOP - BOTTOM  # 225 mm
BODY_LEADING = 28.0


@dataclass
class ArchiveEntry:
    """One 件: the item, its 件号 and 档号, and what the catalogue says about it."""

    seq: int
    archive_no: str
    item: Item
    responsible: str
    remarks: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value) under the title
    revisions: list[list[str]] = field(default_factory=list)  # rows of the revision history
    attachments: list[Any] = field(default_factory=list)  # flowables after the 件 (附件)


@dataclass
class BoxContent:
    """Everything printed in one box PDF."""

    org: Organization
    year: int
    retention: Retention
    box: int
    entries: list[ArchiveEntry]
    compiled_on: date
    compiler: str
    created: datetime
    retention_label: str = ""
    quarter: int | None = None
    deterministic: bool = False

    @property
    def first_seq(self) -> int:
        return self.entries[0].seq if self.entries else 0

    @property
    def last_seq(self) -> int:
        return self.entries[-1].seq if self.entries else 0


def body_role() -> str:
    """ "fangsong" when a real 仿宋 face leads that chain (installed or configured), else "serif"."""
    specs = fonts.chain_specs("fangsong")
    if specs and specs[0].path.name != fonts.KAI and fonts.load_face(specs[0]) is not None:
        return "fangsong"
    return "serif"


@dataclass(frozen=True)
class Styles:
    """The text styles of the archive (built once per run: the body role depends on fonts)."""

    title: TextStyle
    heading: TextStyle
    body: TextStyle
    meta: TextStyle
    cell: TextStyle
    cell_bold: TextStyle
    cell_center: TextStyle
    small: TextStyle
    page_number: TextStyle


def make_styles() -> Styles:
    body = body_role()
    return Styles(
        title=TextStyle(role="title", size=22, leading=33, align="center", space_after=14),
        heading=TextStyle(role="sans_bold", size=16, leading=BODY_LEADING, space_before=10),
        body=TextStyle(role=body, size=16, leading=BODY_LEADING, align="justify", indent=2),
        meta=TextStyle(role=body, size=14, leading=22),
        cell=TextStyle(role="sans", size=10.5, leading=14),
        cell_bold=TextStyle(role="sans_bold", size=10.5, leading=14, align="center"),
        cell_center=TextStyle(role="sans", size=10.5, leading=14, align="center"),
        small=TextStyle(role="sans", size=9, leading=12),
        page_number=TextStyle(role="serif", size=14, leading=14),
    )


def para(text: str, style: TextStyle) -> CJKParagraph:
    return CJKParagraph(text, style)


def table_style(extra: list[tuple[Any, ...]] | None = None) -> TableStyle:
    """Grid table style with an embedded CJK FONTNAME (never Helvetica)."""
    name = fonts.register_role("sans")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), name),
        ("FONTSIZE", (0, 0), (-1, -1), 10.5),
        ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    return TableStyle(commands + (extra or []))


def ymd(value: date | None) -> str:
    """8-digit date (YYYYMMDD) as in the 归档文件目录; "" for none."""
    return value.strftime("%Y%m%d") if value else ""


def long_date(value: date | None) -> str:
    """ "2026-03-01" style date ("" for none)."""
    return value.isoformat() if value else ""


class PageMarker(Flowable):
    """Zero-size flowable that records the page it lands on in ``pages[key]``."""

    def __init__(self, pages: dict[Any, int], key: Any) -> None:
        super().__init__()
        self.pages, self.key = pages, key
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.pages[self.key] = self.canv.getPageNumber()


def draw_page_number(canvas: Any, number: int, style: TextStyle) -> None:
    """ "— n —" at the foot: odd pages right, even pages left, one character in (GB/T 9704)."""
    text = f"— {number} —"
    width = fonts.string_width(text, style.size, style.role)
    top = BOTTOM - 7 * mm + style.size * 0.2
    if number % 2:
        x = PAGE_W - RIGHT - style.size - width
    else:
        x = LEFT + style.size
    draw_text(canvas, text, x, top, style, width + 1)


def make_doc(
    target: Any, box: BoxContent, styles: Styles, *, number_offset: int, numbered_from: int = 1
) -> BaseDocTemplate:
    """A4 document with the GB/T 9704 type area and page numbers ``offset + page``.

    Pages before ``numbered_from`` (the cover) get no number.
    """

    def on_page(canvas: Any, doc: BaseDocTemplate) -> None:
        page = canvas.getPageNumber()
        if page >= numbered_from:
            draw_page_number(canvas, number_offset + page, styles.page_number)

    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        invariant=1 if box.deterministic else 0,
        pageCompression=1,
        initialFontName=fonts.register_role("sans"),
        initialFontSize=12,
        title=box.org.fonds_name or box.org.name,
        author=box.org.fonds_name or box.org.name,
        creator="board-app",
    )
    frame = Frame(LEFT, BOTTOM, FRAME_W, FRAME_H, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    return doc
