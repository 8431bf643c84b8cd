"""The 件 pages of a box PDF (one item per 件, each from a new page) and the closing 备考表.

Each 件 starts with the 归档章 (全宗号, 年度, 保管期限, 件号; 45×16 mm after DA/T 22-2015) at
the top right of its first page, then the title, facts, body, ledger with totals and amounts in
capitals, images, the review record and the revision history when there is one.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, PageBreak, Spacer, Table
from reportlab.platypus.flowables import Flowable

from board_app.domain.money import format_money, ledger_totals, running_balances, to_chinese_capital
from board_app.i18n import _
from board_app.render import fonts
from board_app.render.archive_common import (
    FRAME_W,
    ArchiveEntry,
    BoxContent,
    PageMarker,
    Styles,
    long_date,
    para,
    split_tall_rows,
    table_style,
)
from board_app.render.jpeg import JpegSource
from board_app.render.text import CJKParagraph, TextStyle, draw_text, fit_size, wrap

STAMP_W, STAMP_H = 45 * mm, 16 * mm
IMAGE_MAX_H = 95 * mm


STAMP_LABEL_SIZE = 6.0  # the cell names (全宗号 …), small but legible in print
STAMP_VALUE_MAX, STAMP_VALUE_MIN = 10.5, 5.0


def page_count_form(index: int) -> str:
    """Name of the form XObject holding the 页数 of the ``index``-th 件 (drawn before the page
    count is known, defined when the document is saved: see :func:`stamp_canvas`)."""
    return f"pagecount{index}"


@lru_cache(maxsize=256)
def _fitted_value(text: str, w: float, h: float) -> tuple[TextStyle, int]:
    style = TextStyle(
        role="sans_bold", size=STAMP_VALUE_MAX, leading=STAMP_VALUE_MAX * 1.15, align="center"
    )
    size = fit_size(text, style, w, h, min_size=STAMP_VALUE_MIN) or STAMP_VALUE_MIN
    st = style.scaled(size)
    return st, len(wrap(text, st, w)) or 1


@lru_cache(maxsize=64)
def _label_style(name: str, w: float) -> TextStyle:
    label = TextStyle(
        role="sans", size=STAMP_LABEL_SIZE, leading=STAMP_LABEL_SIZE * 1.1, align="center"
    )
    return label.scaled(fit_size(name, label, w, label.line_height, 4.0) or 4.0)


def stamp_value(c: Any, text: str, x: float, top: float, w: float, h: float) -> None:
    """Draw a stamp cell's value centred in a ``w``×``h`` box at the largest size that fits."""
    st, lines = _fitted_value(text, w, h)
    draw_text(c, text, x, top - max(0.0, (h - lines * st.line_height) / 2), st, w)


class ArchiveStamp(Flowable):
    """The 归档章 at the right edge of the frame: 45×16 mm, 2 rows × 3 cells (DA/T 22-2015).

    Row 1: 全宗号, 年度, 件号; row 2: 机构（问题） (empty: one office is one unit), 保管期限,
    页数. Each cell has its name in 6 pt at the top and its value below, sized to fit the cell
    (a 10-character 全宗号 such as J031-00127 too). The 页数 value is the form XObject
    ``page_form`` defined once the 件's pages are known.
    """

    def __init__(self, cells: list[tuple[str, str]], page_form: str | None = None) -> None:
        super().__init__()
        self.cells = cells
        self.page_form = page_form

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = STAMP_H + 4 * mm
        return self.width, self.height

    @staticmethod
    def value_box(col: int, row: int) -> tuple[float, float, float, float]:
        """(x, top, width, height) of a cell's value area, relative to the stamp's lower left."""
        cw, ch = STAMP_W / 3, STAMP_H / 2
        top = STAMP_H - row * ch - 0.4 * mm - STAMP_LABEL_SIZE * 1.1
        return col * cw + 0.6 * mm, top, cw - 1.2 * mm, ch - 0.6 * mm - STAMP_LABEL_SIZE * 1.1

    def draw(self) -> None:
        c = self.canv
        x0, y0 = self.width - STAMP_W, self.height - STAMP_H
        c.saveState()
        c.setLineWidth(0.8)
        c.rect(x0, y0, STAMP_W, STAMP_H)
        cw, ch = STAMP_W / 3, STAMP_H / 2
        c.line(x0, y0 + ch, x0 + STAMP_W, y0 + ch)
        c.line(x0 + cw, y0, x0 + cw, y0 + STAMP_H)
        c.line(x0 + 2 * cw, y0, x0 + 2 * cw, y0 + STAMP_H)
        for k, (name, text) in enumerate(self.cells):
            col, row = k % 3, k // 3
            top = y0 + STAMP_H - row * ch
            label = _label_style(name, cw - 1.2 * mm)
            draw_text(c, name, x0 + col * cw + 0.6 * mm, top - 0.4 * mm, label, cw - 1.2 * mm)
            vx, vtop, vw, vh = self.value_box(col, row)
            if k == 5 and self.page_form:
                c.saveState()
                c.translate(x0 + vx, y0 + vtop)
                c.doForm(self.page_form)
                c.restoreState()
            elif text:
                stamp_value(c, text, x0 + vx, y0 + vtop, vw, vh)
        c.restoreState()


def stamp_canvas(pages: dict[Any, int], count: int) -> type:
    """A canvas class that, when saved, defines the 页数 form of each of ``count`` 件 from the
    page markers in ``pages`` (the 件 ``i`` runs from ``pages[i]`` to the next marker)."""
    from reportlab.pdfgen.canvas import Canvas

    class StampCanvas(Canvas):
        def save(self) -> None:
            _vx, _top, vw, vh = ArchiveStamp.value_box(2, 1)
            for i in range(count):
                end = pages.get(i + 1, pages.get("notes", self.getPageNumber()))
                self.beginForm(page_count_form(i), 0, -vh, vw, 0)  # the cell below its top
                stamp_value(self, str(end - pages.get(i, end)), 0, 0, vw, vh)
                self.endForm()
            super().save()

    return StampCanvas


class JpegFlowable(Flowable):
    """A JPEG image of a fixed size, embedded without re-encoding."""

    def __init__(self, data: bytes, width: float, height: float) -> None:
        super().__init__()
        self.data, self.width, self.height = data, width, height
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(JpegSource(self.data), 0, 0, self.width, self.height)


def _facts_table(facts: list[tuple[str, str]], styles: Styles) -> Table:
    label = TextStyle(role="sans_bold", size=10.5, leading=14)
    value = styles.cell
    rows: list[list[Any]] = []
    pending: list[Any] = []
    for name, text in facts:
        pending += [para(name, label), para(text, value)]
        if len(pending) == 4:
            rows.append(pending)
            pending = []
    if pending:
        rows.append(pending + [para("", value), para("", value)])
    widths = [22 * mm, FRAME_W / 2 - 22 * mm] * 2
    rows, _origin = split_tall_rows(rows, widths)
    table = Table(rows, colWidths=widths)
    table.setStyle(
        table_style(
            [("BACKGROUND", (0, 0), (0, -1), "#F2F2F2"), ("BACKGROUND", (2, 0), (2, -1), "#F2F2F2")]
        )
    )
    return table


def _ledger(entry: ArchiveEntry, styles: Styles) -> list[Flowable]:
    item = entry.item
    if not item.ledger and item.opening_balance is None:
        return []
    cell, right, center = styles.cell, _right(styles.cell), styles.cell_center
    head = [_("Date"), _("Voucher"), _("Summary"), _("Income"), _("Expense"), _("Balance")]
    data: list[list[Any]] = [[para(h, styles.cell_bold) for h in head]]
    if item.opening_balance is not None:
        data.append(
            [
                para("", cell),
                para("", cell),
                para(_("Opening balance"), cell),
                para("", cell),
                para("", cell),
                para(format_money(item.opening_balance), right),
            ]
        )
    balances = running_balances(item.ledger, item.opening_balance)
    for row, balance in zip(item.ledger, balances, strict=True):
        data.append(
            [
                para(long_date(row.date), center),
                para(row.voucher, cell),
                para(row.summary, cell),
                para(format_money(row.income) if row.income else "", right),
                para(format_money(row.expense) if row.expense else "", right),
                para(format_money(balance), right),
            ]
        )
    income, expense, closing = ledger_totals(item.ledger, item.opening_balance)
    bold_right = TextStyle(role="sans_bold", size=10.5, leading=14, align="right")
    data.append(
        [
            para(_("Total"), styles.cell_bold),
            para("", cell),
            para("", cell),
            para(format_money(income), bold_right),
            para(format_money(expense), bold_right),
            para(format_money(closing), bold_right),
        ]
    )
    amounts = [format_money(v) for v in (income, expense, closing)]
    amounts += [format_money(b) for b in balances]
    if item.opening_balance is not None:
        amounts.append(format_money(item.opening_balance))
    widths = ledger_widths(amounts)
    data, _origin = split_tall_rows(data, widths)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE"),
                ("BACKGROUND", (0, -1), (-1, -1), "#F2F2F2"),
            ]
        )
    )
    words = "；".join(
        [
            _("income {amount}").format(amount=to_chinese_capital(income)),
            _("expense {amount}").format(amount=to_chinese_capital(expense)),
            _("balance {amount}").format(amount=to_chinese_capital(closing)),
        ]
    )
    capital = TextStyle(role=styles.meta.role, size=12, leading=20, space_before=4)
    return [
        para(_("Receipts and payments"), styles.heading),
        table,
        para(_("In capitals: {text}").format(text=words), capital),
    ]


LEDGER_MM = (22, 18, 50, 22, 22, 22)  # 日期, 凭证号, 摘要, 收入, 支出, 余额 (sum: 156 mm)
LEDGER_SUMMARY_MIN_MM = 30


def ledger_widths(amounts: list[str]) -> list[float]:
    """Column widths of the 收支明细 table: each amount column as wide as the widest amount
    (bold 10.5 pt plus cell padding, at least 22 mm) so that totals such as 1,234,567.89 never
    wrap; the 摘要 column takes what is left (at least 30 mm)."""
    widest = max((fonts.string_width(a, 10.5, "sans_bold") for a in amounts), default=0.0)
    amount = max(LEDGER_MM[3] * mm, widest + 6 + 2)  # 3 pt padding each side, 2 pt play
    date, voucher = LEDGER_MM[0] * mm, LEDGER_MM[1] * mm
    summary = FRAME_W - date - voucher - 3 * amount
    if summary < LEDGER_SUMMARY_MIN_MM * mm:  # very large amounts: shrink the voucher first
        voucher = max(12 * mm, voucher - (LEDGER_SUMMARY_MIN_MM * mm - summary))
        summary = FRAME_W - date - voucher - 3 * amount
    return [date, voucher, summary, amount, amount, amount]


def _right(style: TextStyle) -> TextStyle:
    return TextStyle(role=style.role, size=style.size, leading=style.leading, align="right")


def _images(entry: ArchiveEntry, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    caption = TextStyle(role="sans", size=10.5, leading=16, align="center", space_after=6)
    for k, img in enumerate(entry.item.images):
        w, h = img.width or 1, img.height or 1
        scale = min(FRAME_W / w, IMAGE_MAX_H / h)
        if img.data[:2] == b"\xff\xd8":  # JPEG: embedded as is
            flow: Flowable = JpegFlowable(img.data, w * scale, h * scale)
        else:
            flow = Image(io.BytesIO(img.data), width=w * scale, height=h * scale)
        text = img.caption or _("Image {n}").format(n=k + 1)
        out.append(KeepTogether([Spacer(1, 4), flow, para(text, caption)]))
    return out


def _review(entry: ArchiveEntry, styles: Styles) -> list[Flowable]:
    item = entry.item
    label = TextStyle(role="sans_bold", size=10.5, leading=14)
    cell = styles.cell
    data: list[list[Any]] = [
        [
            para(_("Reviewer"), label),
            para(item.reviewer, cell),
            para(_("Review date"), label),
            para(long_date(item.review_date), cell),
        ],
        [para(_("Opinion"), label), para(item.review_opinion, cell), "", ""],
    ]
    widths = [22 * mm, FRAME_W / 2 - 22 * mm] * 2
    spanned = [widths[0], FRAME_W - widths[0], 0.0, 0.0]
    data, origin = split_tall_rows(data, widths, row_widths={1: spanned})
    spans = [("SPAN", (1, r), (3, r)) for r, o in enumerate(origin) if o == 1]
    table = Table(data, colWidths=widths)
    table.setStyle(
        table_style(
            spans
            + [
                ("BACKGROUND", (0, 0), (0, -1), "#F2F2F2"),
                ("BACKGROUND", (2, 0), (2, 0), "#F2F2F2"),
            ]
        )
    )
    return [KeepTogether([para(_("Review record"), styles.heading), table])]


def _revisions(entry: ArchiveEntry, styles: Styles) -> list[Flowable]:
    if not entry.revisions:
        return []
    head = [_("Version"), _("Disclosure no."), _("Publish date"), _("Status"), _("Note")]
    data: list[list[Any]] = [[para(h, styles.cell_bold) for h in head]]
    for row in entry.revisions:
        data.append([para(text, styles.cell) for text in row])
    widths = [w * mm for w in (16, 24, 26, 20, 70)]
    data, _origin = split_tall_rows(data, widths)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(table_style([("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE")]))
    return [para(_("Revision history"), styles.heading), table]


def item_story(
    entry: ArchiveEntry, index: int, box: BoxContent, styles: Styles, pages: dict[Any, int]
) -> list[Flowable]:
    """The flowables of one 件, starting with a page marker and ending with a page break."""
    item = entry.item
    stamp = ArchiveStamp(
        [
            (_("Fonds code"), box.org.fonds_code),
            (_("Filing year"), str(box.year)),
            (_("Item no."), f"{entry.seq:04d}"),
            (_("Unit or issue"), ""),
            (_("Retention"), box.retention_label),
            (_("Page count"), ""),
        ],
        page_form=page_count_form(index),
    )
    story: list[Flowable] = [PageMarker(pages, index), stamp, para(item.title, styles.title)]
    if entry.facts:
        story += [_facts_table(entry.facts, styles), Spacer(1, 10)]
    story += [para(p, styles.body) for p in item.paragraphs()]
    story += _ledger(entry, styles)
    story += _images(entry, styles)
    story += _review(entry, styles)
    story += _revisions(entry, styles)
    story += entry.attachments
    story.append(PageBreak())
    return story


class LazyParagraph(CJKParagraph):
    """A paragraph whose text is made when it is first laid out (after earlier pages exist)."""

    def __init__(self, make: Callable[[], str], style: TextStyle) -> None:
        super().__init__("", style)
        self._make: Callable[[], str] | None = make

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._make is not None:
            self.text, self._make, self._lines = self._make(), None, None
        return super().wrap(availWidth, availHeight)


def notes_page(box: BoxContent, styles: Styles, pages: dict[Any, int]) -> list[Flowable]:
    """The 备考表 closing the box: contents note, compiler and checker with signature space.

    The note states the number of document pages, read from the page marker of the 备考表
    itself when the note is laid out.
    """
    withdrawn = sum(1 for e in box.entries if e.item.withdrawn_date)

    def note() -> str:
        return _note(box, withdrawn, pages.get("notes", 1) - 1)

    note_style = TextStyle(role=styles.meta.role, size=14, leading=24, indent=2)
    label = TextStyle(role="sans_bold", size=14, leading=22)
    value = TextStyle(role=styles.meta.role, size=14, leading=22)
    data = [
        [para(_("Notes on the contents"), label), ""],
        [LazyParagraph(note, note_style), ""],
        [para(_("Compiled by"), label), para(box.compiler + "　" + _("(signature)"), value)],
        [para(_("Date compiled"), label), para(long_date(box.compiled_on), value)],
        [para(_("Checked by"), label), para(_("(signature)"), value)],
        [para(_("Date checked"), label), para("", value)],
    ]
    table = Table(
        data,
        colWidths=[36 * mm, FRAME_W - 36 * mm],
        rowHeights=[12 * mm, 90 * mm, 20 * mm, 14 * mm, 20 * mm, 14 * mm],
    )
    table.setStyle(
        table_style(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("SPAN", (0, 1), (1, 1)),
                ("VALIGN", (0, 1), (1, 1), "TOP"),
                ("TOPPADDING", (0, 1), (1, 1), 8),
            ]
        )
    )
    return [
        PageMarker(pages, "notes"),
        para(_("Record sheet"), styles.title),
        para(_("Item count: {count}").format(count=len(box.entries)), styles.meta),
        Spacer(1, 6),
        table,
    ]


def _note(box: BoxContent, withdrawn: int, total_pages: int) -> str:
    return _(
        "This box holds {count} item(s), item numbers {first} to {last}, {pages} page(s) of "
        "documents; {withdrawn} item(s) were withdrawn from the board. Printed from the "
        "disclosure records of {org}; nothing is masked."
    ).format(
        count=len(box.entries),
        first=f"{box.first_seq:04d}",
        last=f"{box.last_seq:04d}",
        pages=total_pages,
        withdrawn=withdrawn,
        org=box.org.fonds_name or box.org.name,
    )
