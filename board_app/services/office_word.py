"""An item as a Word 公告 (.docx) in GB/T 9704-like styles.

A4, margins 37/35/28/26 mm; title 22 pt (2号) bold 宋体 centred; body 16 pt (3号) 仿宋 with a
two-character first-line indent and fixed 28 pt leading; the ledger as a table with 期初余额,
合计 and the amounts in capitals (大写); the 落款 (organization and date, Arabic numerals)
four characters from the right; page numbers "— 1 —". Fonts are named, not embedded: Word and
WPS use the machine's 宋体/仿宋/黑体 (every Chinese Windows has them).

The public version masks personal numbers in every text exactly as a public board does
(``domain.masking.mask_text`` with the organization's allow-list); the internal version keeps
them and says so in the page header.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from board_app.domain.items import Item, Organization
from board_app.domain.masking import mask_text
from board_app.domain.money import format_money, ledger_totals, running_balances
from board_app.domain.money import to_chinese_capital as capital
from board_app.i18n import _
from board_app.services.office_items import today_text

TITLE_FONT, BODY_FONT, HEADING_FONT, NUMBER_FONT = "宋体", "仿宋", "黑体", "宋体"
TITLE_PT, BODY_PT, TABLE_PT, FOOTER_PT = 22, 16, 10.5, 14
LEADING_PT = 28
LATIN_FONT = "Times New Roman"


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):  # digits and Latin letters, as in 公文
        fonts.set(qn(attr), LATIN_FONT)


def _paragraph(
    doc_or_cell,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = BODY_PT,
    bold: bool = False,
    align: int | None = None,
    indent_chars: float = 0,
    right_chars: float = 0,
    fixed: bool = True,
):
    p = doc_or_cell.add_paragraph()
    fmt = p.paragraph_format
    if fixed:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LEADING_PT if size >= BODY_PT else size * 1.5)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if right_chars:
        fmt.right_indent = Pt(size * right_chars)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size, bold=bold)
    return p


def _page_number_footer(section) -> None:
    """ "— 1 —" centred in 4号 宋体."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), NUMBER_FONT, FOOTER_PT)
    run = p.add_run()
    _font(run, NUMBER_FONT, FOOTER_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _font(p.add_run(" —"), NUMBER_FONT, FOOTER_PT)


def _cell_text(
    cell,
    text: str,
    *,
    bold: bool = False,
    align: int = WD_ALIGN_PARAGRAPH.LEFT,
    font: str = BODY_FONT,
) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(text), HEADING_FONT if bold else font, TABLE_PT, bold=False)


def _ledger_table(doc, item: Item, mask: Callable[[str], str]) -> None:
    _paragraph(doc, "单位：元", size=TABLE_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    heads = ["日期", "凭证号", "摘要", "收入", "支出", "余额"]
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    right = WD_ALIGN_PARAGRAPH.RIGHT

    def money(value: Decimal) -> str:
        return format_money(value) if value else ""

    if item.opening_balance is not None:
        cells = table.add_row().cells
        _cell_text(cells[2], "期初余额")
        _cell_text(cells[5], format_money(item.opening_balance), align=right)
    balances = running_balances(item.ledger, item.opening_balance)
    for row, balance in zip(item.ledger, balances, strict=True):
        cells = table.add_row().cells
        _cell_text(cells[0], row.date.isoformat() if row.date else "")
        _cell_text(cells[1], mask(row.voucher))
        _cell_text(cells[2], mask(row.summary))
        _cell_text(cells[3], money(row.income), align=right)
        _cell_text(cells[4], money(row.expense), align=right)
        _cell_text(cells[5], format_money(balance), align=right)
    income, expense, closing = ledger_totals(item.ledger, item.opening_balance)
    cells = table.add_row().cells
    _cell_text(cells[2], "合计", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_text(cells[3], format_money(income), bold=True, align=right)
    _cell_text(cells[4], format_money(expense), bold=True, align=right)
    _cell_text(cells[5], format_money(closing), bold=True, align=right)
    table.autofit = False
    widths = (Mm(23), Mm(18), Mm(39), Mm(25), Mm(25), Mm(26))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    cells = table.add_row().cells
    merged = cells[0].merge(cells[5])
    _cell_text(
        merged,
        f"合计（大写）：收入{capital(income)}；支出{capital(expense)}；余额{capital(closing)}",
    )


def build_notice(
    item: Item, org: Organization, *, internal: bool = False, on: date | None = None
) -> bytes:
    """The .docx bytes of ``item`` as a 公告 of ``org``."""
    allowed = tuple(org.public_numbers) + ((org.phone,) if org.phone else ())  # as on a board

    def mask(text: str) -> str:
        return text if internal else mask_text(text, allowed)

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    section.start_type = WD_SECTION.NEW_PAGE
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr()
    _page_number_footer(section)
    if internal:
        p = section.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run(_("Internal version: personal data not masked"))
        _font(run, HEADING_FONT, 10.5)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)

    _paragraph(
        doc,
        mask(item.title),
        font=TITLE_FONT,
        size=TITLE_PT,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        fixed=False,
    ).paragraph_format.space_after = Pt(LEADING_PT)
    if item.number:
        _paragraph(
            doc, f"（公开编号：{item.number}）", font="楷体", align=WD_ALIGN_PARAGRAPH.CENTER
        )
    for para in item.paragraphs():
        _paragraph(doc, mask(para), indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if item.ledger or item.opening_balance is not None:
        _paragraph(doc, "")
        _ledger_table(doc, item, mask)
    for image in item.images:
        _paragraph(doc, "")
        try:
            width_mm = min(156.0, max(40.0, image.width * 25.4 / 150)) if image.width else 120.0
            doc.add_picture(io.BytesIO(image.data), width=Mm(width_mm))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        except Exception:  # noqa: BLE001, S112 - an image Word cannot take is left out
            continue
        if image.caption:
            _paragraph(doc, mask(image.caption), size=TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    day = item.publish_date or on or date.today()
    _paragraph(doc, "")
    _paragraph(doc, "")
    _paragraph(doc, mask(org.name), align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _paragraph(doc, today_text(day), align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_notice(
    item: Item, org: Organization, out: Path, *, internal: bool = False, on: date | None = None
) -> Path:
    """Write the 公告 to ``out`` atomically."""
    from board_app.files import atomic_output

    out = Path(out)
    data = build_notice(item, org, internal=internal, on=on)
    with atomic_output(out, suffix=".docx") as tmp:
        tmp.write_bytes(data)
    return out
