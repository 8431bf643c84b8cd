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
from board_app.render.archive_common import (
    FRAME_W,
    BoxContent,
    PageMarker,
    Styles,
    long_date,
    para,
    table_style,
    ymd,
)
from board_app.render.text import TextStyle

# 序号, 档号, 责任者, 题名, 日期, 页数, 备注 (mm; sums to the 156 mm type area)
CATALOGUE_COLUMNS_MM = (10, 39, 18, 48, 17, 10, 14)
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
    table = Table(data, colWidths=[40 * mm, 96 * mm], rowHeights=[14 * mm] * len(rows))
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0, "#FFFFFF"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, "#000000"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return [
        Spacer(1, 30 * mm),
        para(_("Archived documents"), big),
        Spacer(1, 30 * mm),
        table,
        PageBreak(),
    ]


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
    code_style = TextStyle(role="sans", size=8.5, leading=12, align="left")
    date_style = TextStyle(role="sans", size=9, leading=12, align="center")
    data: list[list[Any]] = [[para(h, styles.cell_bold) for h in head]]
    for i, entry in enumerate(box.entries):
        count = page_counts[i] if i < len(page_counts) else 0
        data.append(
            [
                para(str(i + 1), center),
                para(entry.archive_no, code_style),
                para(entry.responsible, cell),
                para(entry.item.title, cell),
                para(ymd(entry.item.publish_date), date_style),
                para(str(count) if count else "", center),
                para(entry.remarks, styles.small),
            ]
        )
    widths = [w * mm for w in CATALOGUE_COLUMNS_MM]
    assert abs(sum(widths) - FRAME_W) < 0.5
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
