"""The benchmark board as a Word document (python-docx), for the LibreOffice comparison.

Same blocks as the poster (``poster_blocks``), same page (A1 portrait, 20 mm margins, two
columns 16 mm apart), same face (Noto Sans SC, made visible to LibreOffice through a
fontconfig file, see ``fontconfig_env``) and sizes (body 20 pt, item titles 24 pt, section
bars 27 pt, board title 52 pt). python-docx is a benchmark-only dependency
(``pip install -e .[bench]``).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from poster_blocks import Board

FONT = "Noto Sans SC"
BODY_PT = 20


def _font(run, size: float, bold: bool = False, colour: tuple[int, int, int] | None = None):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour:
        run.font.color.rgb = RGBColor(*colour)
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), FONT)
    rfonts.set(qn("w:ascii"), FONT)
    rfonts.set(qn("w:hAnsi"), FONT)


def _para(
    doc,
    text: str,
    size: float,
    *,
    bold=False,
    colour=None,
    align=None,
    indent=False,
    shade: str | None = None,
    before: float = 0,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(size * 0.2)
    fmt.line_spacing = 1.3
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if shade:  # a coloured band behind the paragraph (header and section bars)
        ppr = p._p.get_or_add_pPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), shade)
        ppr.append(shd)
    _font(p.add_run(text), size, bold, colour)
    return p


def build_docx(board: Board, out: Path) -> Path:
    """Write ``board`` as an A1 two-column .docx at ``out``."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(594), Mm(841)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(20))
    col_w = (594 - 40 - 16) / 2
    red, white, grey = (200, 22, 29), (255, 255, 255), (100, 100, 100)

    # Header band across the page, then a continuous section break into two columns.
    for b in board.blocks[:2]:
        if b.kind == "board_title":
            _para(
                doc, b.text, BODY_PT * 2.6, bold=True, colour=white, align="center", shade="C8161D"
            )
        else:
            _para(doc, b.text, BODY_PT, colour=white, align="center", shade="C8161D")
    body = doc.add_section(WD_SECTION.CONTINUOUS)
    cols = body._sectPr.xpath("./w:cols")
    cols = cols[0] if cols else OxmlElement("w:cols")
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), str(int(16 / 25.4 * 1440)))
    if cols.getparent() is None:
        body._sectPr.append(cols)

    for b in board.blocks[2:]:
        if b.kind == "section":
            _para(
                doc,
                b.text,
                BODY_PT * 1.35,
                bold=True,
                colour=white,
                shade="C8161D",
                before=BODY_PT * 0.6,
            )
        elif b.kind == "title":
            _para(doc, b.text, BODY_PT * 1.2, bold=True, colour=red, before=BODY_PT * 0.6)
        elif b.kind in ("meta", "caption"):
            _para(
                doc, b.text, BODY_PT, colour=grey, align="center" if b.kind == "caption" else None
            )
        elif b.kind == "para":
            _para(doc, b.text, BODY_PT, indent=True)
        elif b.kind == "totals":
            _para(doc, b.text, BODY_PT)
        elif b.kind == "signoff":
            _para(doc, b.text, BODY_PT, colour=grey, align="right")
        elif b.kind == "image":
            w, h = b.size
            width_mm = col_w if not w else min(col_w, 0.45 * 700 * w / h)
            doc.add_picture(io.BytesIO(b.data), width=Mm(width_mm))
        elif b.kind == "table":
            table = doc.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            table.style = "Table Grid"
            table.autofit = False
            widths = [Mm(w) for w in (44, 36, 99, 45, 45)]
            for c, w in enumerate(widths):  # the grid widths are what LibreOffice honours
                table.columns[c].width = w
            for r, row in enumerate(b.rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.width = widths[c]
                    p = cell.paragraphs[0]
                    if c >= 3 and r > 0:
                        from docx.enum.text import WD_ALIGN_PARAGRAPH

                        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    _font(p.add_run(text), BODY_PT, bold=(r == 0 or row[0] == "合计"))
    footer = body.footer
    footer.is_linked_to_previous = False
    fp = footer.paragraphs[0]
    _font(fp.add_run("\n".join(board.footer)), BODY_PT, colour=grey)
    fp.paragraph_format.space_after = Pt(0)
    out = Path(out)
    doc.save(str(out))
    return out


def fontconfig_env(fonts_dir: Path, work: Path) -> dict[str, str]:
    """Environment for soffice: the system fonts plus the bundled ones (Noto Sans SC), with
    a cache directory of its own (filled by the first, untimed, conversion)."""
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts_dir}</dir>\n  <cachedir>{work / 'fc-cache'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(conf)
    return env
