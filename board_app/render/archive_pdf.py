"""Build one box PDF: cover, 归档文件目录, one 件 per item, 备考表; bookmarks; PDF/A-2b.

Two parts are rendered with reportlab and joined with pikepdf:

1. the front (cover + catalogue) is laid out once with empty 页数 cells to learn how many pages
   it takes (the 页数 column has a fixed width, so filling it in cannot change that);
2. the 件 pages and the 备考表 are rendered once, numbered from the page after the front, while
   page markers record where each 件 starts; this gives every 件's page count;
3. the front is rendered again with the real 页数 (checked to keep its page count);
4. pikepdf joins both, adds bookmarks (catalogue and every 件), metadata and the PDF/A parts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from reportlab import rl_config

from board_app.i18n import _
from board_app.render import pdfa
from board_app.render.archive_catalogue import catalogue, cover
from board_app.render.archive_common import BoxContent, Styles, make_doc, make_styles
from board_app.render.archive_items import item_story, notes_page, stamp_canvas

Progress = Callable[[int, int], None]


@dataclass
class RenderedBox:
    """The PDF's bytes (not yet written to ``path``), total pages, pages and first page
    (1-based) of every 件."""

    path: Path
    data: bytes
    page_count: int
    item_pages: list[int] = field(default_factory=list)
    item_start: list[int] = field(default_factory=list)
    pdfa: bool = True


def _render_front(box: BoxContent, styles: Styles, counts: list[int]) -> tuple[bytes, dict]:
    buf = io.BytesIO()
    pages: dict[Any, int] = {}
    doc = make_doc(buf, box, styles, number_offset=0, numbered_from=2)
    doc.build(cover(box, styles) + catalogue(box, styles, pages, counts))
    return buf.getvalue(), pages


def _render_items(
    box: BoxContent, styles: Styles, offset: int, progress: Progress | None
) -> tuple[bytes, dict[Any, int]]:
    buf = io.BytesIO()
    pages: dict[Any, int] = {}
    story: list[Any] = []
    total = len(box.entries)
    for i, entry in enumerate(box.entries):
        story += item_story(entry, i, box, styles, pages)
    story += notes_page(box, styles, pages)
    doc = make_doc(buf, box, styles, number_offset=offset)
    if progress is not None:

        def after(flowable: Any) -> None:
            key = getattr(flowable, "key", None)
            if isinstance(key, int):
                progress(key + 1, total)

        doc.afterFlowable = after
    doc.build(story, canvasmaker=stamp_canvas(pages, total))
    return buf.getvalue(), pages


def render_box(
    box: BoxContent, out: Path, *, progress: Progress | None = None, pdfa: bool = True
) -> RenderedBox:
    """Write the box PDF to ``out`` (claiming PDF/A-2b unless ``pdfa`` is False) and return its
    page facts."""
    saved_a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary image streams: the pure-Python ASCII85 encoder is very slow
    try:
        return _render_box(box, out, progress, pdfa)
    finally:
        rl_config.useA85 = saved_a85


def _render_box(box: BoxContent, out: Path, progress: Progress | None, claim: bool) -> RenderedBox:
    styles = make_styles()
    n = len(box.entries)
    front, _pages = _render_front(box, styles, [0] * n)
    front_pages = len(pikepdf.Pdf.open(io.BytesIO(front)).pages)
    body, marks = _render_items(box, styles, front_pages, progress)
    body_pdf = pikepdf.Pdf.open(io.BytesIO(body))
    notes_at = marks["notes"]
    starts = [marks[i] for i in range(n)]
    ends = starts[1:] + [notes_at]
    counts = [e - s for s, e in zip(starts, ends, strict=True)]
    front, front_marks = _render_front(box, styles, counts)
    pdf = pikepdf.Pdf.open(io.BytesIO(front))
    if len(pdf.pages) != front_pages:  # cannot happen with fixed-width 页数 cells
        raise RuntimeError("catalogue page count changed between passes")
    pdf.pages.extend(body_pdf.pages)
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    pdfa.distinct_subset_tags(pdf)
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem(_("Cover"), 0))
        outline.root.append(
            pikepdf.OutlineItem(_("Archive file catalogue"), front_marks["catalogue"] - 1)
        )
        for entry, start in zip(box.entries, starts, strict=True):
            title = f"{entry.archive_no} {entry.item.title}"
            outline.root.append(pikepdf.OutlineItem(title, front_pages + start - 1))
        outline.root.append(pikepdf.OutlineItem(_("Record sheet"), front_pages + notes_at - 1))
    org = box.org.fonds_name or box.org.name
    pdfa.finish(
        pdf,
        title=_("{org} {year} archive, {retention}, box {box}").format(
            org=org, year=box.year, retention=box.retention_label, box=box.box
        ),
        author=org,
        subject=_("Archive file catalogue and documents"),
        keywords=f"{box.org.fonds_code} {box.year} {box.retention.code}",
        created=box.created,
        claim=claim,
    )
    data = pdfa.to_bytes(pdf)
    return RenderedBox(
        data=data,
        path=out,
        page_count=front_pages + len(body_pdf.pages),
        item_pages=counts,
        item_start=[front_pages + s for s in starts],
        pdfa=claim,
    )
