"""A bare reportlab script drawing the same board text without board-app's layout engine.

What a hand-written script would do: one face per weight (Noto Sans SC regular and bold, the
same embedded subset TrueType as the poster), a greedy character-by-character line break with
``pdfmetrics.stringWidth``, text flowing down two A1 columns onto further pages, ledger tables
as fixed columns with grid lines (no wrapping in cells), pictures fitted to the column, the
footer on every page. No font fallback, no glyph check, no masking, no column balancing, no
continuation headings, no table header repeat.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from poster_blocks import Board
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

REG, BOLD = "BareNotoSansSC", "BareNotoSansSC-Bold"
W, H = 594 * mm, 841 * mm
MARGIN, GAP, BODY = 20 * mm, 16 * mm, 20.0
RED, GREY = HexColor("#C8161D"), HexColor("#646464")


def register(fonts_dir: Path) -> None:
    """Register the two faces (once per process, outside the timed part like board-app's)."""
    if REG not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REG, str(fonts_dir / "NotoSansSC-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(fonts_dir / "NotoSansSC-Bold.ttf")))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, cur, used = [], [], 0.0
    for ch in text:
        w = pdfmetrics.stringWidth(ch, font, size)
        if cur and used + w > width:
            lines.append("".join(cur))
            cur, used = [], 0.0
        cur.append(ch)
        used += w
    if cur:
        lines.append("".join(cur))
    return lines


class _Flow:
    def __init__(self, c: Canvas, footer: list[str]):
        self.c, self.footer = c, footer
        self.col_w = (W - 2 * MARGIN - GAP) / 2
        self.top = H - MARGIN - 110 * mm
        self.bottom = MARGIN + 40 * mm
        self.col, self.y, self.pages = 0, self.top, 0

    @property
    def x(self) -> float:
        return MARGIN + self.col * (self.col_w + GAP)

    def page_furniture(self, title: str, subtitle: str) -> None:
        c = self.c
        c.setFillColor(RED)
        c.rect(0, H - 100 * mm, W, 100 * mm, stroke=0, fill=1)
        c.setFillColor(HexColor("#FFFFFF"))
        c.setFont(BOLD, BODY * 2.6)
        c.drawCentredString(W / 2, H - 55 * mm, title)
        c.setFont(REG, BODY)
        c.drawCentredString(W / 2, H - 85 * mm, subtitle)
        c.setFillColor(GREY)
        for k, line in enumerate(self.footer):
            c.drawString(MARGIN, MARGIN + (len(self.footer) - k - 1) * BODY * 1.4, line)
        self.title, self.subtitle = title, subtitle

    def need(self, h: float) -> None:
        if self.y - h >= self.bottom:
            return
        if self.col == 0:
            self.col, self.y = 1, self.top
            return
        self.c.showPage()
        self.page_furniture(self.title, self.subtitle)
        self.col, self.y = 0, self.top

    def lines(self, text: str, font: str, size: float, colour, indent: float = 0) -> None:
        self.c.setFillColor(colour)
        self.c.setFont(font, size)
        for line in wrap("\u3000\u3000" * bool(indent) + text, font, size, self.col_w):
            self.need(size * 1.4)
            self.y -= size * 1.4
            self.c.drawString(self.x, self.y, line)


def render(board: Board, out: Path | BinaryIO) -> int:
    """Draw the board; returns the number of pages."""
    c = Canvas(
        str(out) if isinstance(out, Path) else out,
        pagesize=(W, H),
        pageCompression=1,
        initialFontName=REG,
    )
    flow = _Flow(c, board.footer)
    flow.page_furniture(board.blocks[0].text, board.blocks[1].text)
    black = HexColor("#000000")
    for b in board.blocks[2:]:
        if b.kind == "section":
            flow.need(BODY * 2.2)
            flow.y -= BODY * 2.2
            c.setFillColor(RED)
            c.rect(flow.x, flow.y - BODY * 0.4, flow.col_w, BODY * 1.9, stroke=0, fill=1)
            c.setFillColor(HexColor("#FFFFFF"))
            c.setFont(BOLD, BODY * 1.35)
            c.drawString(flow.x + BODY * 0.5, flow.y, b.text)
        elif b.kind == "title":
            flow.y -= BODY * 0.6
            flow.lines(b.text, BOLD, BODY * 1.2, RED)
        elif b.kind in ("meta", "caption", "signoff"):
            flow.lines(b.text, REG, BODY, GREY)
        elif b.kind == "para":
            flow.lines(b.text, REG, BODY, black, indent=1)
        elif b.kind == "totals":
            flow.lines(b.text, REG, BODY, black)
        elif b.kind == "image":
            iw, ih = b.size
            w = flow.col_w
            h = w * ih / iw if iw else w * 2 / 3
            flow.need(h + BODY)
            flow.y -= h + BODY * 0.5
            c.drawImage(ImageReader(io.BytesIO(b.data)), flow.x, flow.y, w, h, mask="auto")
        elif b.kind == "table":
            widths = [w * flow.col_w for w in (0.18, 0.14, 0.36, 0.16, 0.16)]
            row_h = BODY * 1.6
            c.setStrokeColor(GREY)
            c.setLineWidth(0.8)
            for r, row in enumerate(b.rows):
                flow.need(row_h)
                flow.y -= row_h
                c.setFont(BOLD if r == 0 or row[0] == "合计" else REG, BODY)
                c.setFillColor(black)
                x = flow.x
                for k, (cw, text) in enumerate(zip(widths, row, strict=True)):
                    c.rect(x, flow.y, cw, row_h, stroke=1, fill=0)
                    if k >= 3 and r > 0:
                        c.drawRightString(x + cw - 4, flow.y + row_h * 0.3, text)
                    else:
                        c.drawString(x + 4, flow.y + row_h * 0.3, text)
                    x += cw
    c.showPage()
    c.save()
    return c.getPageNumber() - 1
