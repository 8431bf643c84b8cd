"""Front matter of a box PDF: the cover and the 归档文件目录 (catalogue) table.

The catalogue header row repeats on every page. Its 页数 column comes from the item pages
already rendered, so the caller builds the items first (see :mod:`archive_pdf`).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table
from reportlab.platypus.flowables import Flowable

from board_app.i18n import _
from board_app.render import fonts
from board_app.render.archive_common import (
    CELL_PADDING,
    FRAME_W,
    BoxContent,
    PageMarker,
    Styles,
    long_date,
    para,
    split_tall_rows,
    table_style,
    ymd,
)
from board_app.render.text import TextStyle

# Bounds of the catalogue columns in mm: (least, most). 题名 takes what the others leave.
CODE_MM = (24.0, 46.0)
RESPONSIBLE_MM = (14.0, 34.0)
REMARKS_MM = (10.0, 24.0)
TITLE_MIN_MM = 34.0
COVER_LABEL = TextStyle(role="sans_bold", size=16, leading=24, align="left")
COVER_VALUE = TextStyle(role="serif", size=16, leading=24, align="left")


def seq_range(box: BoxContent) -> str:
    """ "0001—0120" (起止件号)."""
    return f"{box.first_seq:04d}—{box.last_seq:04d}"


def cover(box: BoxContent, styles: Styles) -> list[Flowable]:
    """The box cover: 全宗名称, 年度, 保管期限, 件数, 起止件号, 盒号, 整理日期."""
    big = TextStyle(role="title", size=30, leading=44, align="center")
    rows = [
        (_("Fonds name"), box.org.fonds_name or box.org.name),
        (_("Fonds code"), box.org.fonds_code),
        (_("Filing year"), str(box.year)),
        (_("Retention period"), box.retention_label),
        (_("Number of items"), str(len(box.entries))),
        (_("Item numbers"), seq_range(box)),
        (_("Box number"), str(box.box)),
        (_("Date compiled"), long_date(box.compiled_on)),
    ]
    if box.quarter:
        rows.insert(3, (_("Quarter"), _("Quarter {n}").format(n=box.quarter)))
    data = [[para(k, COVER_LABEL), para(v, COVER_VALUE)] for k, v in rows]
    heights = [  # 14 mm a row; a long 全宗名称 wraps onto more lines
        max(14 * mm, row[1].wrap(96 * mm - 2 * CELL_PADDING, FRAME_W)[1] + 2 * CELL_PADDING)
        for row in data
    ]
    table = Table(data, colWidths=[40 * mm, 96 * mm], rowHeights=heights)
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.6, "#000000"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ],
            grid=False,
        )
    )
    return [
        Spacer(1, 30 * mm),
        para(_("Archived documents"), big),
        Spacer(1, 30 * mm),
        table,
        PageBreak(),
    ]


def catalogue_widths(box: BoxContent, styles: Styles, head: list[str]) -> list[float]:
    """Column widths (points) of the 归档文件目录 from their content, one type size for all.

    序号, 日期 and 页数 as wide as their widest entry (页数 room for four digits, so filling it in
    never changes the layout); 档号, 责任者 and 备注 likewise within bounds (a longer one wraps);
    题名 takes the rest of the 156 mm type area, at least 34 mm.
    """
    pad = 2 * CELL_PADDING + 1

    def widest(texts: list[str], role: str) -> float:
        return max((fonts.string_width(t, styles.cell.size, role) for t in texts), default=0.0)

    def column(k: int, texts: list[str], bounds: tuple[float, float] | None = None) -> float:
        need = max(widest([head[k]], styles.cell_bold.role), widest(texts, styles.cell.role)) + pad
        if bounds is not None:
            need = min(max(need, bounds[0] * mm), bounds[1] * mm)
        return need

    entries = box.entries
    serial = column(0, [str(len(entries))])
    code = column(1, [e.archive_no for e in entries], CODE_MM)
    responsible = column(2, [e.responsible for e in entries], RESPONSIBLE_MM)
    date_w = column(4, ["20260101"])
    pages = column(5, ["9999"])
    remarks = column(6, [e.remarks for e in entries], REMARKS_MM)
    title = FRAME_W - serial - code - responsible - date_w - pages - remarks
    short = TITLE_MIN_MM * mm - title
    for name in ("responsible", "remarks", "code"):  # give 题名 its least width back
        if short <= 0:
            break
        value, low = {
            "responsible": (responsible, RESPONSIBLE_MM[0]),
            "remarks": (remarks, REMARKS_MM[0]),
            "code": (code, CODE_MM[0]),
        }[name]
        take = min(short, max(0.0, value - low * mm))
        short -= take
        if name == "responsible":
            responsible -= take
        elif name == "remarks":
            remarks -= take
        else:
            code -= take
    title = FRAME_W - serial - code - responsible - date_w - pages - remarks
    return [serial, code, responsible, title, date_w, pages, remarks]


def catalogue(
    box: BoxContent, styles: Styles, pages: dict[Any, int], page_counts: list[int]
) -> list[Flowable]:
    """The 归档文件目录 table; ``page_counts[i]`` is the 页数 of entry i (0 = not known yet)."""
    head = [
        _("Serial no."),
        _("Archival code"),
        _("Responsible body"),
        _("Document title"),
        _("Date"),
        _("Page count"),
        _("Remarks"),
    ]
    cell, center = styles.cell, styles.cell_center
    data: list[list[Any]] = [[para(h, styles.cell_bold) for h in head]]
    for i, entry in enumerate(box.entries):
        count = page_counts[i] if i < len(page_counts) else 0
        data.append(
            [
                para(str(i + 1), center),
                para(entry.archive_no, cell),
                para(entry.responsible, cell),
                para(entry.item.title, cell),
                para(ymd(entry.item.publish_date), center),
                para(str(count) if count else "", center),
                para(entry.remarks, cell),
            ]
        )
    widths = catalogue_widths(box, styles, head)
    data, _origin = split_tall_rows(data, widths)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(table_style([("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE")]))
    heading = TextStyle(role="title", size=22, leading=33, align="center", space_after=6)
    sub = TextStyle(role="sans", size=10.5, leading=16, align="left", space_after=6)
    line = "　".join(
        [
            _("Fonds code: {code}").format(code=box.org.fonds_code),
            _("Year: {year}").format(year=box.year),
            _("Retention: {retention}").format(retention=box.retention_label),
            _("Box: {box}").format(box=box.box),
        ]
    )
    return [
        PageMarker(pages, "catalogue"),
        para(_("Archive file catalogue"), heading),
        para(line, sub),
        table,
    ]
