"""Poster layout: disclosure items -> positioned primitives on one or more sheets.

Pure geometry (no reportlab canvas): a header band (栏头) with the board title, a bar per
section in the order 长期公开, 定期公开, 即时公开, the items packed into columns
(``poster_pack``), and a footer. The composer picks ONE scale for the whole board: body type
between the template's legible minimum and ``MAX_SCALE`` times it, headings scaling with it,
and the column count that suits the line length at that size. Fewest sheets first, then the
largest type that keeps that sheet count, then the best filled (balanced) columns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from board_app.domain.feedback import FEEDBACK_SECTION
from board_app.domain.items import Category, Item, Organization, PublicationType
from board_app.errors import UsageError
from board_app.i18n import N_, normalise_language, translate_to
from board_app.layout.poster_items import ItemContext, format_date, item_units, text_units
from board_app.layout.poster_items import title_units as _title_units
from board_app.layout.poster_model import (
    BODY,
    HEADING,
    EstimateKit,
    Line,
    Primitive,
    Rect,
    Sheet,
    Sizes,
    Text,
    TextKit,
    Unit,
    default_text_kit,
)
from board_app.layout.poster_pack import (
    Packing,
    Placement,
    SectionFlow,
    balanced,
    by_sections,
    justify,
    pack,
)
from board_app.layout.poster_texts import (
    board_title,
    footer_lines,
    header_prims,
    item_domain,
    pack_footer,
)
from board_app.layout.templates import MM, BoardTemplate, Theme, theme

__all__ = ["SECTION_LABELS", "PosterLayout", "board_title", "build_poster", "item_domain"]

SECTION_LABELS = {
    PublicationType.LONG_TERM: N_("Long-term disclosure"),
    PublicationType.PERIODIC: N_("Periodic disclosure"),
    PublicationType.IMMEDIATE: N_("Immediate disclosure"),
    FEEDBACK_SECTION: N_("Replies to opinions"),
}

#: The largest body size, as a multiple of the template's legible minimum.
MAX_SCALE = 1.8
#: Line length (characters of body text per column line) the column count keeps to.
MIN_CHARS, MAX_CHARS = 16, 48
#: A ledger table (日期, 凭证号, 摘要, 收入, 支出) needs about this many characters per line.
MIN_CHARS_LEDGER = 30
#: Bisection steps of the scale search.
SCALE_STEPS = 6


#: A board's items by section: the three publication types and, when the board has one, the
#: 回音壁 (FEEDBACK_SECTION).
Sections = dict[PublicationType | str, list[Item]]


def section_order(sections: Sections) -> list[PublicationType | str]:
    """长期, 定期, 即时, then the 回音壁 when the board has one."""
    return list(PublicationType) + ([FEEDBACK_SECTION] if sections.get(FEEDBACK_SECTION) else [])


@dataclass
class PosterLayout:
    """The laid-out poster."""

    template: BoardTemplate
    theme: Theme
    title: str
    subtitle: str
    sheets: list[Sheet] = field(default_factory=list)
    body_size: float = 0.0
    scale: float = 1.0
    columns: int = 1
    col_x: list[float] = field(default_factory=list)
    col_width: float = 0.0
    content_top: float = 0.0
    content_bottom: float = 0.0
    #: per sheet: the lowest content bottom as a share of the content area's height
    fills: list[float] = field(default_factory=list)
    #: (item title, message): e.g. pictures printed below 100 dpi
    warnings: list[tuple[str, str]] = field(default_factory=list)
    language: str = "zh_CN"
    #: the placed units (sheet, column, y from the sheet top, unit): for checks and tests
    placements: list[Placement] = field(default_factory=list)

    @property
    def continued_sheets(self) -> int:
        """Sheets that continue the previous one."""
        return sum(1 for s in self.sheets if s.continued)

    def texts(self) -> list[Text]:
        """Every text primitive of every sheet."""
        return [p for s in self.sheets for p in s.prims if isinstance(p, Text)]


@dataclass
class _Board:
    """What every trial composition shares."""

    org: Organization
    sections: Sections
    template: BoardTemplate
    on: date
    cats: dict[int | None, Category]
    mask: Callable[[str], str]
    kit: TextKit
    theme: Theme
    lang: str
    title: str
    subtitle: str


@dataclass
class _Composition:
    """One trial: a scale and a column count, with its chrome and packable sections."""

    scale: float
    columns: int
    sizes: Sizes
    chrome: list[Primitive]
    footer_top: float
    top: float
    bottom: float
    col_x: list[float]
    col_width: float
    flows: list[SectionFlow]
    warnings: list[tuple[str, str]]

    def pack(self) -> Packing:
        return pack(self.flows, self.columns, self.top, self.bottom)


# Invisible format characters (zero-width spaces, joiners' neighbours, direction marks, BOM,
# soft hyphen) print as nothing on paper but as boxes in some faces: boards leave them out.
_INVISIBLE = re.compile(
    "[\u00ad\u200b\u200c\u200e\u200f\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff]"
)


def public_board_inputs(
    org: Organization,
    sections: Sections,
    template: BoardTemplate,
    categories: Sequence[Category],
    mask: Callable[[str], str] | None = None,
) -> tuple[
    Organization,
    Sections,
    BoardTemplate,
    list[Category],
    Callable[[str], str],
]:
    """The board's inputs with every text masked: the one gate between records and a board.

    ``mask`` (optional) is applied after the privacy mask, e.g. by tests."""
    from board_app.domain.masking import map_texts, mask_text

    allowed = tuple(org.public_numbers) + ((org.phone,) if org.phone else ())

    def public(text: str) -> str:
        text = _INVISIBLE.sub("", mask_text(text, allowed))  # masked first, then tidied
        return text if mask is None else mask(text)

    return (
        map_texts(org, public, exempt=("phone", "public_numbers")),
        {pt: [map_texts(it, public) for it in items] for pt, items in sections.items()},
        map_texts(template, public),
        [map_texts(c, public) for c in categories],
        public,
    )


def build_poster(
    org: Organization,
    sections: Sections,
    template: BoardTemplate,
    on: date,
    *,
    categories: Sequence[Category] = (),
    mask: Callable[[str], str] | None = None,
    kit: TextKit | None = None,
    lang: str | None = None,
    fill: bool = True,
) -> PosterLayout:
    """Lay out a board for ``org`` showing ``sections`` (as selected by the rules).

    The single entry of the composer: every item and board text passes through here. ``lang``
    is the board's language (default: the organization's, else Chinese), not the UI's.
    Raises UsageError when the sheet is too small to hold the header, the footer and a line.
    ``fill=False`` skips the composer's search: one layout at the minimum type size with the
    template's columns (what the benchmark compares the search with).

    Every text that reaches the board passes the privacy mask first, whichever field it comes
    from (items with their ledgers and captions, categories, the organization's board texts,
    the template's texts). Exempt: the organization's published supervision phone and its
    allow-listed public numbers.
    """
    org, sections, template, categories, mask = public_board_inputs(
        org, sections, template, categories, mask
    )
    mask = functools.lru_cache(maxsize=None)(mask)  # the same texts in every trial layout
    kit = kit or default_text_kit()
    lang = normalise_language(lang or org.board_language or "zh_CN")
    cats = {c.id: c for c in categories}
    items = [it for pt in PublicationType for it in sections.get(pt, [])]
    domains = [d for it in items if (d := item_domain(it, cats))] or [c.domain for c in categories]
    title = template.header_text or board_title(org, domains, lang)
    subtitle = org.board_subtitle or translate_to(lang, "Disclosure date: {date}").format(
        date=format_date(on, lang)
    )
    board = _Board(
        org, sections, template, on, cats, mask, kit,
        theme(org.board_theme or template.theme), lang, title, subtitle,
    )  # fmt: skip
    if fill:
        comp, packing = _choose(board)
    else:
        comp = _compose(board, template.columns, 1.0)
        packing = comp.pack()
        _refuse_if_too_small(board, comp, packing)
    # A one-sheet board whose type could not grow further (its lines would get too short)
    # still fills its panel; a board at the largest type keeps its columns level instead.
    fill_last = fill and packing.sheets == 1 and comp.scale < MAX_SCALE - 0.005
    packing = justify(packing, comp.top, comp.bottom, comp.sizes.leading, fill_last=fill_last)
    return _materialize(board, comp, packing)


def _col_width(t: BoardTemplate, columns: int, scale: float) -> float:
    """The width of one column (the gap between columns grows with the type)."""
    usable = t.width_pt - (t.margins.left + t.margins.right) * MM
    gap = t.column_gap_mm * MM * max(1.0, scale * 0.8)
    return (usable - gap * (columns - 1)) / columns


def _choose(board: _Board) -> tuple[_Composition, Packing]:
    """The composition to print (see the module docstring) and its balanced packing.

    For each column count whose lines can hold MIN..MAX characters, the sheet count is found
    at the smallest allowed scale; then the largest scale keeping it: first a prediction from
    how full the sheets are (content height grows about as scale^1.7), then a few bisection
    steps. Column counts that cannot beat the best found so far are not tried."""
    t = board.template
    body_min = t.body_pt
    best: tuple[tuple[float, ...], _Composition, Packing] | None = None
    cache: dict[tuple[int, float, bool], tuple[_Composition, Packing]] = {}
    estimate = EstimateKit(board.kit)

    def trial(n: int, scale: float, exact: bool = False) -> tuple[_Composition, Packing]:
        """A layout at ``scale``: estimated (line counts from text widths) or exact."""
        key = (n, round(scale, 4), exact)
        if key not in cache:
            comp = _compose(board, n, scale, None if exact else estimate)
            cache[key] = (comp, comp.pack())
        return cache[key]

    def keeps(n: int, scale: float, sheets: int, exact: bool = False) -> bool:
        got = trial(n, scale, exact)[1]
        return got.sheets == sheets and not got.overflow

    has_ledger = any(it.ledger for items in board.sections.values() for it in items)
    min_chars = MIN_CHARS_LEDGER if has_ledger else MIN_CHARS
    _refuse_if_too_small(board, *trial(t.columns, 1.0))
    order = [t.columns, *range(t.columns - 1, 0, -1), t.columns + 1]
    for n in order:
        # The scales at which a line of this column holds MIN..MAX characters.
        low = max(1.0, _col_width(t, n, 1.0) / (MAX_CHARS * body_min))
        high = min(MAX_SCALE, _col_width(t, n, MAX_SCALE) / (min_chars * body_min))
        if n == t.columns:
            high = max(high, 1.0)
            low = min(low, high)
        if low > high + 1e-6 or (best is not None and high < -best[0][1] - 0.005):
            continue
        if best is not None and n < t.columns:
            # Fewer, longer lines at a larger minimum scale: estimate the sheets first.
            b = best[1]
            used_b = sum(y - b.top for y in best[2].bottoms.values())
            need = used_b * (low / b.scale) ** 2 / n / (b.bottom - b.top)
            if need > best[0][0] * 1.15:
                continue
        comp, packing = trial(n, low)
        if packing.overflow or (best is not None and packing.sheets > best[0][0]):
            continue
        sheets = packing.sheets
        lo, hi = low, high
        used = sum(y - comp.top for y in packing.bottoms.values())
        room = sheets * n * (comp.bottom - comp.top)
        # Content height grows about as the square of the scale (more lines, each taller),
        # a little faster with whole items moving on.
        guess = min(hi, lo * (room * 0.98 / max(used, 1.0)) ** (1 / 2.2))
        if guess >= hi - 0.005:
            if keeps(n, hi, sheets):
                lo = hi
            else:
                hi = guess = (lo + hi) / 2
        if lo < hi and guess > lo + 0.01:
            if keeps(n, guess, sheets):
                lo, near = guess, min(hi, guess * 1.04)
                if keeps(n, near, sheets):
                    lo = near
                else:
                    hi = near
            else:
                hi = guess
        for _step in range(SCALE_STEPS):
            if hi - lo < 0.02:
                break
            mid = (lo + hi) / 2
            if keeps(n, mid, sheets):
                lo = mid
            else:
                hi = mid
        # The search ran on estimates: verify exactly, and if the exact layout needs more
        # sheets, find the exact sheet count at the smallest scale and the largest scale
        # keeping it.
        comp, packing = trial(n, lo, exact=True)
        if packing.sheets > sheets or packing.overflow:
            _base_comp, base = trial(n, low, exact=True)
            if base.overflow:
                continue
            sheets, hi, lo = base.sheets, lo, low
            if keeps(n, hi, sheets, exact=True):
                lo = hi
            for _step in range(SCALE_STEPS):
                if hi - lo < 0.02:
                    break
                mid = (lo + hi) / 2
                if keeps(n, mid, sheets, exact=True):
                    lo = mid
                else:
                    hi = mid
            comp, packing = trial(n, lo, exact=True)
        if best is not None and packing.sheets > best[0][0]:
            continue
        final = balanced(comp.flows, n, comp.top, comp.bottom)
        key = (packing.sheets, -round(lo, 2), final.splits, -_area_fill(comp, final))
        if best is None or key < best[0]:
            best = (key, comp, final)
    assert best is not None
    comp, final = best[1], best[2]
    if t.width_mm > t.height_mm and final.sheets == 1:
        # Landscape and wide panels: each section may own its columns when that fills about
        # as well (the tallest column at most 5 % taller): it reads section by section.
        own = by_sections(comp.flows, comp.columns, comp.top, comp.bottom)
        if own is not None and _tallest(own) - comp.top <= (_tallest(final) - comp.top) * 1.05:
            final = own
    return comp, final


def _tallest(packing: Packing) -> float:
    return max(packing.bottoms.values(), default=0.0)


def _fills(comp: _Composition, packing: Packing) -> list[float]:
    """Per sheet: the lowest column bottom as a share of the content height."""
    height = comp.bottom - comp.top
    out = [0.0] * packing.sheets
    for (sheet, _col), y in packing.bottoms.items():
        out[sheet] = max(out[sheet], (y - comp.top) / height)
    return out


def _area_fill(comp: _Composition, packing: Packing) -> float:
    """The last sheet's filled share of its columns (empty columns count as empty)."""
    last = packing.sheets - 1
    height = (comp.bottom - comp.top) * comp.columns
    used = sum(y - comp.top for (s, _c), y in packing.bottoms.items() if s == last)
    return used / height


def _refuse_if_too_small(board: _Board, comp: _Composition, packing: Packing) -> None:
    """A sheet must hold the header, the footer, a section bar and a line of body text."""
    s = comp.sizes
    needed = s.section * 1.75 + s.body * 0.2 + s.leading
    if comp.bottom - comp.top < needed or packing.overflow or comp.col_width < s.body * 6:
        t = board.template
        raise UsageError(
            translate_to(
                board.lang,
                "A {width} x {height} mm sheet is too small for a board: it cannot hold the "
                "header, the footer and a line of {size} pt text",
            ).format(width=round(t.width_mm), height=round(t.height_mm), size=round(s.body))
        )


def _compose(board: _Board, columns: int, scale: float, kit: TextKit | None = None) -> _Composition:
    """Chrome, column geometry and the sections' blocks at ``scale`` with ``columns``
    (measured with ``kit``, by default the board's)."""
    kit = kit or board.kit
    t = board.template
    longest = max(t.width_mm, t.height_mm)
    sizes = Sizes(t.body_pt * scale, 4.4 if longest >= 840 else 3.2, footer=t.body_pt)
    W, H = t.width_pt, t.height_pt
    m = t.margins
    left, right = m.left * MM, W - m.right * MM
    header = header_prims(
        kit, sizes, board.theme, board.title, board.subtitle, W, left, right, m.top * MM,
        min_factor=4.0 if longest >= 840 else 2.2, org_name=board.org.name,
    )  # fmt: skip
    header_h = max(p.y + p.h for p in header if isinstance(p, Rect))
    fs = sizes.footer_size
    wrapped = pack_footer(kit, footer_lines(board.org, t, board.on, board.lang), fs,
                          right - left - fs * 9)  # fmt: skip
    footer_top = H - m.bottom * MM - (len(wrapped) * fs * 1.55 + fs * 0.8)
    chrome: list[Primitive] = list(header)
    chrome.append(Line(left, footer_top, right, footer_top, board.theme.primary, max(0.8, fs / 12)))
    for k, text in enumerate(wrapped):
        y = footer_top + fs * 0.8 + k * fs * 1.55 + fs * 0.9
        chrome.append(Text(left, y, text, BODY, fs, board.theme.muted))
    top, bottom = header_h + sizes.body * 1.2, footer_top - sizes.body * 0.8
    gap = t.column_gap_mm * MM * max(1.0, scale * 0.8)
    col_w = _col_width(t, columns, scale)
    col_x = [left + k * (col_w + gap) for k in range(columns)]
    signoff = ""
    if board.org.board_signoff:
        signoff = board.org.board_signoff_text.strip() or board.org.name
    ctx = ItemContext(
        kit, sizes, board.theme, col_w, board.mask, max(bottom - top, 1.0),
        lang=board.lang, signoff=board.mask(signoff), board_date=board.on,
    )  # fmt: skip
    flows = [
        _section_flow(ctx, pt, board.sections.get(pt, []), board.cats)
        for pt in section_order(board.sections)
    ]
    return _Composition(
        scale, columns, sizes, chrome, footer_top, top, bottom, col_x, col_w, flows, ctx.warnings
    )


def _section_flow(
    ctx: ItemContext, pt: PublicationType | str, items: list[Item], cats: dict[int | None, Category]
) -> SectionFlow:
    """A section's blocks: the bar goes with the first item (or with "本期暂无公开内容")."""
    bar = _section_bar(ctx, pt, continued=False)
    blocks: list[list[Unit]] = [
        item_units(ctx, item, item_domain(item, cats)) for item in items
    ] or [text_units(ctx, ctx.tr("No disclosures in this period"), color=ctx.theme.muted)]
    blocks[0] = [bar, *blocks[0]]
    titles: dict[str, list[Unit]] = {}

    def continued_title(owner: str) -> list[Unit]:
        if owner not in titles:
            titles[owner] = _title_units(ctx, owner, continued=True)
        return titles[owner]

    return SectionFlow(blocks, _section_bar(ctx, pt, continued=True), continued_title)


def _materialize(board: _Board, comp: _Composition, packing: Packing) -> PosterLayout:
    """Move the placed units onto their sheets, with the chrome and sheet labels."""
    t = board.template
    layout = PosterLayout(
        t, board.theme, board.title, board.subtitle, body_size=comp.sizes.body,
        scale=comp.scale, columns=comp.columns, col_x=comp.col_x, col_width=comp.col_width,
        content_top=comp.top, content_bottom=comp.bottom, warnings=comp.warnings,
        language=board.lang,
    )  # fmt: skip
    sheets = [
        Sheet(k, t.width_pt, t.height_pt, list(comp.chrome), continued=k > 0)
        for k in range(packing.sheets)
    ]
    for p in packing.placements:
        dx, dy = comp.col_x[p.col], p.y
        sheets[p.sheet].prims.extend(prim.moved(dx, dy) for prim in p.unit.prims)
    count = len(sheets)
    if count > 1:
        fs = comp.sizes.footer_size
        left = t.margins.left * MM
        width = t.width_pt - (t.margins.left + t.margins.right) * MM
        y = comp.footer_top + fs * 0.8 + fs * 0.9
        for sheet in sheets:
            label = translate_to(board.lang, "Sheet {n} of {m}").format(n=sheet.index + 1, m=count)
            sheet.prims.append(Text(left, y, label, HEADING, fs, board.theme.dark, "right", width))
    layout.sheets = sheets
    layout.fills = _fills(comp, packing)
    layout.placements = packing.placements
    return layout


def _section_bar(ctx: ItemContext, pt: PublicationType | str, continued: bool) -> Unit:
    s = ctx.sizes
    label = ctx.tr(SECTION_LABELS[pt]) + (ctx.tr(" (continued)") if continued else "")
    h = s.section * 1.75
    prims: list[Primitive] = [
        Rect(0, 0, ctx.width, h, fill=ctx.theme.primary),
        Rect(0, h - max(1.0, s.body / 8), ctx.width, max(1.0, s.body / 8), fill=ctx.theme.dark),
        Text(
            s.section * 0.6,
            h * 0.5 + s.section * 0.36,
            label,
            HEADING,
            s.section,
            ctx.theme.title_text,
        ),
    ]
    return Unit(
        h + s.body * 0.2, prims, kind="section", keep_with_next=True, space_before=s.body * 1.0
    )
