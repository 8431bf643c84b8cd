"""Draw a laid-out poster with the reportlab canvas: full-size pages or tiles on office paper.

All text goes through the poster font roles (embedded, subset TrueType; never Helvetica).
Tiled output draws each poster page once into a form XObject; every tile sheet clips to its
printable window, translates and reuses the form, then adds crop marks, overlap marks and a
label. The first sheet of each poster page is an overview of the grid.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from board_app.i18n import _
from board_app.layout.poster import PosterLayout
from board_app.layout.poster_model import BODY, HEADING, Line, Picture, Primitive, Rect, Text
from board_app.layout.tiling import TilePlan, blank_tiles, prim_boxes, registration_marks
from board_app.render import poster_fonts
from board_app.render.jpeg import JpegSource, embeddable_jpeg

MARK = "#000000"
GUIDE = "#888888"


@dataclass
class PdfInfo:
    """Document metadata."""

    title: str
    author: str
    subject: str = ""


def _canvas(out: Path | BinaryIO, info: PdfInfo, deterministic: bool) -> Canvas:
    target = str(out) if isinstance(out, Path) else out
    # The initial font is written into every page's preamble: make it an embedded face.
    c = Canvas(
        target,
        invariant=1 if deterministic else 0,
        pageCompression=1,
        initialFontName=poster_fonts.initial_font(),
        initialFontSize=12,
    )
    c.setTitle(info.title)
    c.setAuthor(info.author)
    c.setSubject(info.subject)
    c.setCreator("board-app")
    # The creation date is the current time (a fixed date in deterministic mode).
    return c


def draw_prims(c: Canvas, prims: list[Primitive], page_h: float) -> None:
    """Draw primitives (top-left origin) on the canvas (bottom-left origin)."""
    for p in prims:
        if isinstance(p, Rect):
            if p.fill:
                c.setFillColor(HexColor(p.fill))
            if p.stroke:
                c.setStrokeColor(HexColor(p.stroke))
                c.setLineWidth(p.line_width)
            c.rect(
                p.x,
                page_h - p.y - p.h,
                p.w,
                p.h,
                stroke=int(bool(p.stroke)),
                fill=int(bool(p.fill)),
            )
        elif isinstance(p, Line):
            c.setStrokeColor(HexColor(p.color))
            c.setLineWidth(p.width)
            c.line(p.x1, page_h - p.y1, p.x2, page_h - p.y2)
        elif isinstance(p, Text):
            _text(c, p, page_h)
        elif isinstance(p, Picture):
            y = page_h - p.y - p.h
            if embeddable_jpeg(p.data):  # photos: embedded as taken, not re-compressed
                c.drawImage(JpegSource(p.data), p.x, y, p.w, p.h)
            else:
                c.drawImage(ImageReader(io.BytesIO(p.data)), p.x, y, p.w, p.h, mask="auto")


def _text(c: Canvas, p: Text, page_h: float) -> None:
    if not p.text:
        return
    x = p.x
    if p.align in ("right", "center") and p.width:
        w = poster_fonts.measure_role(p.text, p.role, p.size)
        x += (p.width - w) if p.align == "right" else (p.width - w) / 2
    c.setFillColor(HexColor(p.color))
    poster_fonts.draw_text(c, x, page_h - p.y, p.text, p.role, p.size)


def render_poster(
    layout: PosterLayout,
    out: Path | BinaryIO,
    info: PdfInfo,
    *,
    deterministic: bool = False,
    plan: TilePlan | None = None,
) -> int:
    """Write the poster (or its tiles when ``plan`` is given); returns the pages written."""
    c = _canvas(out, info, deterministic)
    pages = 0
    if plan is None:
        for sheet in layout.sheets:
            c.setPageSize((sheet.width, sheet.height))
            draw_prims(c, sheet.prims, sheet.height)
            c.showPage()
            pages += 1
    else:
        for sheet in layout.sheets:
            name = f"poster{sheet.index + 1}"
            c.setPageSize((sheet.width, sheet.height))
            c.beginForm(name, lowerx=0, lowery=0, upperx=sheet.width, uppery=sheet.height)
            draw_prims(c, sheet.prims, sheet.height)
            c.endForm()
            pages += _tiles(c, layout, sheet.index, name, plan)
    c.save()
    return pages


def render_poster_bytes(
    layout: PosterLayout,
    info: PdfInfo,
    *,
    deterministic: bool = False,
    plan: TilePlan | None = None,
) -> bytes:
    """The PDF in memory (for previews)."""
    buf = io.BytesIO()
    render_poster(layout, buf, info, deterministic=deterministic, plan=plan)
    return buf.getvalue()


def _label(
    c: Canvas, x: float, y: float, text: str, size: float = 8, role: str = BODY, color: str = MARK
) -> None:
    c.setFillColor(HexColor(color))
    poster_fonts.draw_text(c, x, y, text, role, size)


def _tiles(c: Canvas, layout: PosterLayout, index: int, form: str, plan: TilePlan) -> int:
    """Overview sheet plus one sheet per printed (not blank) tile for poster page ``index``."""
    sheet = layout.sheets[index]
    W, H = sheet.width, sheet.height
    sw, sh, m = plan.sheet_w, plan.sheet_h, plan.margin
    blank = blank_tiles(plan, prim_boxes(sheet.prims))
    printed = [t for t in plan.tiles if t.number not in blank]
    total = len(printed)
    pages_label = len(layout.sheets)
    # Overview: the whole poster scaled down, with the grid and tile numbers; the overview
    # sheet takes the poster's orientation.
    ow, oh = (min(sw, sh), max(sw, sh)) if H >= W else (max(sw, sh), min(sw, sh))
    c.setPageSize((ow, oh))
    head = _(
        "Tiling overview: {rows} rows x {cols} columns, {n} sheets of {paper}, {overlap} mm overlap"
    ).format(
        rows=plan.rows,
        cols=plan.cols,
        n=total,
        paper=plan.paper,
        overlap=round(plan.overlap / 72 * 25.4),
    )
    finished = _("Finished size: {w} x {h} mm").format(
        w=round(W / 72 * 25.4), h=round(H / 72 * 25.4)
    )
    order = _(
        "Assembly: lay the sheets out row by row from the top left; each sheet overlaps its "
        "left and upper neighbours by the overlap, registration marks on top of each other."
    )
    notes = [head, finished, order]
    if blank:
        notes.append(
            _("Blank tiles not printed: {numbers}").format(
                numbers=", ".join(str(n) for n in sorted(blank))
            )
        )
    _label(
        c,
        m,
        oh - m - 4,
        layout.title + (f"  ({index + 1}/{pages_label})" if pages_label > 1 else ""),
        10,
        HEADING,
    )
    line_h = 10.0
    for k, text in enumerate(notes):
        _label(c, m, m + (len(notes) - 1 - k) * line_h, text, 7)
    foot = m + len(notes) * line_h + 4
    avail_w, avail_h = ow - 2 * m, oh - m - foot - 20
    scale = min(avail_w / W, avail_h / H)
    ox = m + (avail_w - W * scale) / 2
    oy = foot + (avail_h - H * scale) / 2
    c.saveState()
    c.translate(ox, oy)
    c.scale(scale, scale)
    c.doForm(form)
    c.restoreState()
    c.setStrokeColor(HexColor("#0050B4"))
    c.setLineWidth(0.6)
    for t in plan.tiles:
        x0, y0 = ox + t.x * scale, oy + (H - t.y - t.h) * scale
        if t.number in blank:
            c.setFillColor(HexColor("#DDDDDD"))
            c.rect(x0, y0, t.w * scale, t.h * scale, stroke=1, fill=1)
            _label(c, x0 + 4, y0 + t.h * scale - 10, _("blank"), 7, BODY, "#555555")
            continue
        c.rect(x0, y0, t.w * scale, t.h * scale, stroke=1, fill=0)
        c.setFillColor(HexColor("#FFFFFF"))
        c.rect(x0 + 2, y0 + t.h * scale - 13, 24, 11, stroke=0, fill=1)
        _label(c, x0 + 4, y0 + t.h * scale - 10, str(t.number), 8, HEADING, "#0050B4")
    c.showPage()
    marks = registration_marks(plan)
    # Tile sheets.
    for n, t in enumerate(printed, 1):
        c.setPageSize((sw, sh))
        c.saveState()
        p = c.beginPath()
        p.rect(m, sh - m - t.h, t.w, t.h)
        c.clipPath(p, stroke=0, fill=0)
        c.translate(m - t.x, sh - m - (H - t.y))
        c.doForm(form)
        c.restoreState()
        _marks(c, plan, t, sh)
        for mx, my in marks:
            if t.x - 0.01 <= mx <= t.x + t.w + 0.01 and t.y - 0.01 <= my <= t.y + t.h + 0.01:
                _register(c, m + mx - t.x, sh - m - (my - t.y))
        label = (
            _("Row {row}, column {col} (of {rows} rows, {cols} columns)").format(
                row=t.row + 1, col=t.col + 1, rows=plan.rows, cols=plan.cols
            )
            + "  "
            + _("sheet {n} of {m}").format(n=n, m=total)
        )
        if pages_label > 1:
            label += f"  ({index + 1}/{pages_label})"
        _label(c, m + 14, m * 0.55, label, 7)
        c.showPage()
    return total + 1


def _register(c: Canvas, x: float, y: float) -> None:
    """A registration mark (circle and cross) at a poster point, on top of the content."""
    c.setStrokeColor(HexColor(MARK))
    c.setLineWidth(0.3)
    c.circle(x, y, 3, stroke=1, fill=0)
    c.line(x - 6, y, x + 6, y)
    c.line(x, y - 6, x, y + 6)


def _marks(c: Canvas, plan: TilePlan, t: object, sh: float) -> None:
    """Crop marks at the window corners and ticks where the overlap starts."""
    from board_app.layout.tiling import Tile

    assert isinstance(t, Tile)
    m, ov = plan.margin, plan.overlap
    x0, x1 = m, m + t.w
    y1, y0 = sh - m, sh - m - t.h
    L = min(m - 2, 8.0)
    c.setStrokeColor(HexColor(MARK))
    c.setLineWidth(0.3)
    for x, y, dx, dy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        c.line(x + dx * 1.5, y, x + dx * (1.5 + L), y)
        c.line(x, y + dy * 1.5, x, y + dy * (1.5 + L))
    # Overlap guides: the next sheet starts ``overlap`` before this window's right/bottom edge.
    c.setStrokeColor(HexColor(GUIDE))
    c.setDash(2, 2)
    if t.col + 1 < plan.cols:
        xs = x1 - ov
        c.line(xs, y1 + 1.5, xs, y1 + L + 1.5)
        c.line(xs, y0 - 1.5, xs, y0 - L - 1.5)
    if t.row + 1 < plan.rows:
        ys = y0 + ov
        c.line(x0 - 1.5, ys, x0 - L - 1.5, ys)
        c.line(x1 + 1.5, ys, x1 + L + 1.5, ys)
    c.setDash()
