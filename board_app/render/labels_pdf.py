"""Printable labels for archive boxes (档案盒, 310×220 mm, spine 20/30/40/50 mm).

Spine labels are strips as wide as the spine and 270 mm tall (A4 portrait, trimmed and centred
on the 310 mm spine), laid side by side; top to bottom they give 全宗号, 年度, 保管期限,
起止件号 (first above, last below) and 盒号. Cover labels (150×80 mm, three per A4 page) give the
全宗名称 with year, retention and box number in small type. Every box has one of each; cut lines
are drawn thin grey. All text goes through :mod:`board_app.render.text` with embedded fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from board_app.i18n import _
from board_app.render import fonts
from board_app.render.text import TextStyle, draw_text, fit_size, wrap

PAGE_W, PAGE_H = A4
MARGIN = 10 * mm
GAP = 4 * mm
SPINE_H = 270 * mm
COVER_W, COVER_H = 150 * mm, 80 * mm


@dataclass(frozen=True)
class BoxLabel:
    """What the labels of one box say."""

    fonds_code: str
    fonds_name: str
    year: int
    retention: str
    first_seq: int
    last_seq: int
    box: int
    spine_mm: int = 20


def _fitted(
    c: Canvas,
    text: str,
    x: float,
    top: float,
    w: float,
    h: float,
    style: TextStyle,
    max_size: float | None = None,
) -> None:
    """Draw ``text`` centred in a w×h cell at the largest size that fits (at most ``max_size``,
    default the style's size; at least 6 pt)."""
    size = fit_size(text, style, w, h, min_size=6, max_size=max_size) or 6
    st = style.scaled(size)
    lines_h = st.line_height * len(wrap(text, st, w))
    draw_text(c, text, x, top - max(0.0, (h - lines_h) / 2), st, w)


def _unwrapped(
    c: Canvas,
    variants: list[str],
    x: float,
    top: float,
    w: float,
    h: float,
    max_size: float,
    role: str = "sans_bold",
) -> None:
    """Draw the variant (lines split by "\n", never wrapped further: "0001" is never cut into
    "000"/"1") that can be set largest in the w×h cell, centred, at most ``max_size``."""
    lead = 1.08

    def size_of(text: str) -> float:
        lines = text.split("\n")
        widest = max(fonts.string_width(line, 1.0, role) for line in lines) or 1.0
        return min(w / widest, h / (lead * len(lines)), max_size)

    text = max(variants, key=size_of)
    size = max(size_of(text), 4.0)
    style = TextStyle(role=role, size=size, leading=size * lead, align="center")
    lines = text.split("\n")
    draw_text(c, text, x, top - max(0.0, (h - len(lines) * style.line_height) / 2), style, w + 0.5)


def _variants(text: str) -> list[str]:
    """The text on one line, one character a line (digits stacked down the spine) and, for a
    code with hyphens, broken after each hyphen."""
    out = [text]
    if len(text) > 1 and "\n" not in text:
        out.append("\n".join(text))
    if "-" in text:
        out.append(text.replace("-", "-\n"))
    return out


MAX_SPINE_SIZE = 96.0
# (name, share of the label's height in mm): 年度 and 盒号 get the most room
SPINE_ROWS_MM = (("fonds", 36), ("year", 64), ("retention", 34), ("range", 56), ("box", 70))


def _spine(c: Canvas, label: BoxLabel, x: float, y: float) -> None:
    w = label.spine_mm * mm
    c.setStrokeColor("#999999")
    c.setLineWidth(0.3)
    c.rect(x, y, w, SPINE_H)
    c.setStrokeColor("#000000")
    pad = 2 * mm
    inner = w - 2 * pad
    name = TextStyle(role="sans", size=10, leading=13, align="center")
    value = TextStyle(role="sans_bold", size=16, leading=19, align="center")
    rows = {
        "fonds": (_("Fonds code"), label.fonds_code),
        "year": (_("Filing year"), str(label.year)),
        "retention": (_("Retention"), label.retention),
        "range": (_("Item numbers"), f"{label.first_seq:04d}\n—\n{label.last_seq:04d}"),
        "box": (_("Box number"), str(label.box)),
    }
    top = y + SPINE_H - 4 * mm
    for key, height_mm in SPINE_ROWS_MM:
        title, text = rows[key]
        h = height_mm * mm
        _fitted(c, title, x + pad, top, inner, 8 * mm, name)
        cell = (x + pad, top - 8 * mm, inner, h - 10 * mm)
        if key in ("year", "box"):  # as large as the spine allows: read on a shelf from 2 m
            _unwrapped(c, _variants(text), *cell, MAX_SPINE_SIZE)
        elif key == "range":
            _unwrapped(c, [text], *cell, 28)
        elif key == "fonds":
            _unwrapped(c, [text, text.replace("-", "-\n")], *cell, 28)
        else:
            _fitted(c, text, *cell, value, 28)
        top -= h
        c.setStrokeColor("#CCCCCC")
        c.line(x + pad, top + 1 * mm, x + w - pad, top + 1 * mm)


def _cover(c: Canvas, label: BoxLabel, x: float, y: float) -> None:
    c.setStrokeColor("#999999")
    c.setLineWidth(0.3)
    c.rect(x, y, COVER_W, COVER_H)
    head = TextStyle(role="sans", size=12, leading=16, align="center")
    name = TextStyle(role="title", size=26, leading=34, align="center")
    foot = TextStyle(role="sans", size=11, leading=15, align="center")
    draw_text(c, _("Fonds name"), x, y + COVER_H - 8 * mm, head, COVER_W)
    _fitted(
        c, label.fonds_name, x + 8 * mm, y + COVER_H - 20 * mm, COVER_W - 16 * mm, 40 * mm, name
    )
    line = "　".join(
        [
            _("Fonds code: {code}").format(code=label.fonds_code),
            _("Year: {year}").format(year=label.year),
            _("Retention: {retention}").format(retention=label.retention),
            _("Box: {box}").format(box=label.box),
        ]
    )
    draw_text(c, line, x, y + 12 * mm, foot, COVER_W)


def render_labels(labels: list[BoxLabel], out: Path, *, deterministic: bool = False) -> None:
    """Write spine labels (packed left to right) then cover labels (three per page) to ``out``."""
    c = Canvas(
        str(out),
        pagesize=A4,
        invariant=1 if deterministic else 0,
        pageCompression=1,
        initialFontName=fonts.register_role("sans"),
        initialFontSize=12,
    )
    c.setTitle(_("Archive box labels"))
    c.setCreator("board-app")
    x = MARGIN
    y = (PAGE_H - SPINE_H) / 2
    for label in labels:
        w = label.spine_mm * mm
        if x + w > PAGE_W - MARGIN:
            c.showPage()
            x = MARGIN
        _spine(c, label, x, y)
        x += w + GAP
    c.showPage()
    per_page = 3
    for k, label in enumerate(labels):
        if k and k % per_page == 0:
            c.showPage()
        slot = k % per_page
        top = PAGE_H - MARGIN - slot * (COVER_H + 10 * mm)
        _cover(c, label, (PAGE_W - COVER_W) / 2, top - COVER_H)
    c.showPage()
    c.save()
