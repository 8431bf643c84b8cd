"""Shared pieces of the archive PDF: box content, GB/T 9704 page geometry, styles, helpers.

Page: A4, margins 37/35/28/26 mm (top, bottom, left, right), type area 156×225 mm. Title 22 pt
(二号) in the "title" role (方正小标宋 when installed or configured, else bold sans); body 三号
on the 28-characters-per-line grid (156 mm / 28 ≈ 15.8 pt, as Word's 文档网格 sets it) in 仿宋
when one is installed or configured, else the serif (宋体-style) chain, fixed leading 28 pt
(22 lines a page). Page numbers "— n —" in
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
BODY_LEADING = 28.0  # 22 lines in the 225 mm type area
CHARS_PER_LINE = 28
BODY_SIZE = FRAME_W / CHARS_PER_LINE  # ≈15.8 pt: 三号 on the 28-character grid (GB/T 9704 §5.2.2)


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
    category: str = ""  # the 公开类别 printed (kept in the manifest: verify compares it)
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
    """ "fangsong" when a real 仿宋 face leads that chain (installed or configured), else
    "serif"."""
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
        title=TextStyle(
            role="title", size=22, leading=33, align="center", space_after=14, balance=True
        ),
        heading=TextStyle(role="sans_bold", size=16, leading=BODY_LEADING, space_before=10),
        body=TextStyle(role=body, size=BODY_SIZE, leading=BODY_LEADING, align="justify", indent=2),
        meta=TextStyle(role=body, size=14, leading=22),
        cell=TextStyle(role="sans", size=10.5, leading=14),
        cell_bold=TextStyle(role="sans_bold", size=10.5, leading=14, align="center"),
        cell_center=TextStyle(role="sans", size=10.5, leading=14, align="center"),
        small=TextStyle(role="sans", size=9, leading=12),
        page_number=TextStyle(role="serif", size=14, leading=14),
    )


def para(text: str, style: TextStyle) -> CJKParagraph:
    return CJKParagraph(text, style)


def table_style(extra: list[tuple[Any, ...]] | None = None, *, grid: bool = True) -> TableStyle:
    """Grid table style (no grid with ``grid=False``) with an embedded CJK FONTNAME (never
    Helvetica)."""
    name = fonts.register_role("sans")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), name),
        ("FONTSIZE", (0, 0), (-1, -1), 10.5),
        *([("GRID", (0, 0), (-1, -1), 0.5, "#000000")] if grid else []),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    return TableStyle(commands + (extra or []))


CELL_PADDING = 3.0  # points on each side of a table cell (see table_style)
MAX_ROW_HEIGHT = FRAME_H / 2  # a taller row is cut into continuation rows


def split_tall_rows(
    rows: list[list[Any]],
    widths: list[float],
    *,
    max_height: float = MAX_ROW_HEIGHT,
    row_widths: dict[int, list[float]] | None = None,
) -> tuple[list[list[Any]], list[int]]:
    """Cut every row taller than ``max_height`` into rows of at most that height.

    reportlab cannot split a table row across pages (a 600-character title in the catalogue
    raised LayoutError): the paragraphs of such a row are cut between lines and continue in the
    next row(s), the other cells of a continuation row staying empty. ``row_widths`` gives the
    column widths of rows with spans. Returns the rows and, for each, the index of the row it
    came from (to repeat SPAN commands).
    """
    out: list[list[Any]] = []
    origin: list[int] = []
    limit = max_height - 2 * CELL_PADDING
    for r, row in enumerate(rows):
        cols = (row_widths or {}).get(r, widths)
        parts: list[list[Any]] = []
        for cell, width in zip(row, cols, strict=True):
            if not isinstance(cell, CJKParagraph):
                parts.append([cell])
                continue
            inner = width - 2 * CELL_PADDING
            cell.wrap(inner, limit)
            per = max(1, int((limit + 1e-6) // cell.style.line_height))
            pieces: list[Any] = []
            rest: Any = cell
            while rest is not None:
                got = rest.split(inner, per * rest.style.line_height) if rest.height > limit else []
                if len(got) == 2:
                    pieces.append(got[0])
                    rest = got[1]
                    rest.wrap(inner, limit)
                else:
                    pieces.append(rest)
                    rest = None
            parts.append(pieces)
        count = max(len(p) for p in parts) if parts else 1
        for k in range(count):
            out.append([p[k] if k < len(p) else "" for p in parts])
            origin.append(r)
    return out, origin


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
    x = PAGE_W - RIGHT - style.size - width if number % 2 else LEFT + style.size
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


def missing_glyphs(box: BoxContent, styles: Styles) -> list[tuple[str, str, str]]:
    """``(item, field, character)`` for every character of the box no font can draw.

    ``item`` is the 档号 (or the organization for the cover), ``field`` a translated field
    name. Such characters would print as .notdef boxes, which PDF/A forbids.
    """
    from board_app.i18n import _

    found: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()

    def check(owner: str, name: str, text: str | None, role: str) -> None:
        for ch in sorted(fonts.missing_characters(text or "", role)):
            key = (owner, name, ch)
            if key not in seen:
                seen.add(key)
                found.append(key)

    org = box.org
    for text in (org.name, org.fonds_name, org.fonds_code, box.compiler):
        check(_("Cover"), _("Fonds name"), text, "title")
        check(_("Cover"), _("Fonds name"), text, "sans")
    for entry in box.entries:
        item, owner = entry.item, entry.archive_no
        check(owner, _("Title"), item.title, styles.title.role)
        check(owner, _("Title"), item.title, styles.cell.role)
        check(owner, _("Body"), item.body, styles.body.role)
        for label, value in entry.facts:
            check(owner, label, value, styles.cell.role)
        for row in item.ledger:
            check(owner, _("Voucher"), row.voucher, styles.cell.role)
            check(owner, _("Summary"), row.summary, styles.cell.role)
        for image in item.images:
            check(owner, _("Caption"), image.caption, styles.cell.role)
        check(owner, _("Reviewer"), item.reviewer, styles.cell.role)
        check(owner, _("Opinion"), item.review_opinion, styles.cell.role)
        for revision in entry.revisions:
            check(owner, _("Revision history"), " ".join(revision), styles.cell.role)
        check(owner, _("Remarks"), entry.remarks, styles.small.role)
    return found
