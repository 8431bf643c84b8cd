"""Poster layout: disclosure items -> positioned primitives on one or more sheets.

Pure geometry (no reportlab canvas): a header band with the board title, a bar per section in
the order 长期公开, 定期公开, 即时公开, the items flowing through the template's columns, and a
footer. Content that does not fit continues on further sheets of the same size (section bar
marked "（续）"); text is never clipped, dropped or set below the template's minimum size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from board_app.domain import labels
from board_app.domain.items import Category, Domain, Item, Organization, PublicationType
from board_app.i18n import N_, _
from board_app.layout.poster_items import (
    ItemContext,
    format_date,
    item_units,
    pack_fields,
    text_units,
    title_units,
)
from board_app.layout.poster_model import (
    BODY,
    HEADING,
    TITLE,
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
from board_app.layout.templates import MM, BoardTemplate, Theme, theme

SECTION_LABELS = {
    PublicationType.LONG_TERM: N_("Long-term disclosure"),
    PublicationType.PERIODIC: N_("Periodic disclosure"),
    PublicationType.IMMEDIATE: N_("Immediate disclosure"),
}


@dataclass
class PosterLayout:
    """The laid-out poster."""

    template: BoardTemplate
    theme: Theme
    title: str
    subtitle: str
    sheets: list[Sheet] = field(default_factory=list)
    body_size: float = 0.0

    @property
    def continued_sheets(self) -> int:
        """Sheets that continue the previous one."""
        return sum(1 for s in self.sheets if s.continued)

    def texts(self) -> list[Text]:
        """Every text primitive of every sheet."""
        return [p for s in self.sheets for p in s.prims if isinstance(p, Text)]


def board_title(org: Organization, domains: Sequence[Domain]) -> str:
    """The organization's board title, or "<name><domains>公开栏"."""
    if org.board_title:
        return org.board_title
    names = [labels.domain(d) for d in Domain if d in set(domains)]
    return (
        _("{org} disclosure board ({domains})").format(org=org.name, domains=_(", ").join(names))
        if names
        else _("{org} disclosure board").format(org=org.name)
    )


def item_domain(item: Item, categories: dict[int | None, Category]) -> Domain | None:
    """The item's domain, else its category's."""
    if item.domain is not None:
        return item.domain
    cat = categories.get(item.category_id)
    return cat.domain if cat else None


class _Flow:
    """Places units into columns and sheets."""

    def __init__(
        self, template: BoardTemplate, top: float, bottom: float, chrome: Callable[[Sheet], None]
    ) -> None:
        self.t = template
        self.top, self.bottom = top, bottom
        self.chrome = chrome
        gap = template.column_gap_mm * MM
        usable = template.width_pt - (template.margins.left + template.margins.right) * MM
        self.col_width = (usable - gap * (template.columns - 1)) / template.columns
        self.col_x = [
            template.margins.left * MM + k * (self.col_width + gap) for k in range(template.columns)
        ]
        self.sheets: list[Sheet] = []
        self.col = 0
        self.y = top
        self.last: Unit | None = None
        self._new_sheet(continued=False)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def _new_sheet(self, continued: bool) -> None:
        sheet = Sheet(len(self.sheets), self.t.width_pt, self.t.height_pt, continued=continued)
        self.chrome(sheet)
        self.sheets.append(sheet)
        self.col, self.y, self.last = 0, self.top, None

    def next_column(self) -> bool:
        """Move to the next column; True when that started a new sheet."""
        if self.col + 1 < self.t.columns:
            self.col += 1
            self.y, self.last = self.top, None
            return False
        self._new_sheet(continued=True)
        return True

    def place(self, unit: Unit) -> None:
        gap = unit.space_before if self.y > self.top else 0.0
        dx, dy = self.col_x[self.col], self.y + gap
        self.sheets[-1].prims.extend(p.moved(dx, dy) for p in unit.prims)
        self.y += gap + unit.height
        self.last = unit

    def room(self) -> float:
        """Height left in the current column."""
        return self.bottom - self.y

    def fits(self, height: float) -> bool:
        return self.y + height <= self.bottom + 0.01 or self.y <= self.top


#: The longest keep-with-next chain kept together (a section bar, a two-line title, a two-line
#: meta line and the first body line; or the last lines of an item with its sign-off).
MAX_GROUP = 8


def _group(units: list[Unit], i: int) -> list[Unit]:
    """Unit i with the units it must stay with (keep_with_next chain, at most MAX_GROUP)."""
    out = [units[i]]
    while out[-1].keep_with_next and i + len(out) < len(units) and len(out) < MAX_GROUP:
        out.append(units[i + len(out)])
    return out


def public_board_inputs(
    org: Organization,
    sections: dict[PublicationType, list[Item]],
    template: BoardTemplate,
    categories: Sequence[Category],
    mask: Callable[[str], str] | None = None,
) -> tuple[
    Organization,
    dict[PublicationType, list[Item]],
    BoardTemplate,
    list[Category],
    Callable[[str], str],
]:
    """The board's inputs with every text masked: the one gate between records and a board.

    ``mask`` (optional) is applied after the privacy mask, e.g. by tests."""
    from board_app.domain.masking import map_texts, mask_text

    allowed = tuple(org.public_numbers) + ((org.phone,) if org.phone else ())

    def public(text: str) -> str:
        text = mask_text(text, allowed)
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
    sections: dict[PublicationType, list[Item]],
    template: BoardTemplate,
    on: date,
    *,
    categories: Sequence[Category] = (),
    mask: Callable[[str], str] | None = None,
    kit: TextKit | None = None,
) -> PosterLayout:
    """Lay out a board for ``org`` showing ``sections`` (as selected by the rules).

    Every text that reaches the board passes the privacy mask first, whichever field it comes
    from (items with their ledgers and captions, categories, the organization's board texts,
    the template's texts). Exempt: the organization's published supervision phone and its
    allow-listed public numbers."""
    org, sections, template, categories, mask = public_board_inputs(
        org, sections, template, categories, mask
    )
    kit = kit or default_text_kit()
    th = theme(org.board_theme or template.theme)
    sizes = Sizes(template.body_pt)
    cats = {c.id: c for c in categories}
    items = [it for pt in PublicationType for it in sections.get(pt, [])]
    domains = [d for it in items if (d := item_domain(it, cats))] or [c.domain for c in categories]
    title = template.header_text or board_title(org, domains)
    subtitle = org.board_subtitle or _("Disclosure date: {date}").format(date=format_date(on))
    layout = PosterLayout(template, th, title, subtitle, body_size=sizes.body)

    W, H = template.width_pt, template.height_pt
    m = template.margins
    left, right = m.left * MM, W - m.right * MM
    header = _header(kit, sizes, th, title, subtitle, W, left, right, m.top * MM)
    footer_lines = _footer_lines(org, template, on)
    footer_wrapped = [
        ln
        for fields in footer_lines
        for ln in pack_fields(
            kit, fields, BODY, sizes.body, right - left - sizes.body * 9, FOOTER_SEPARATOR
        )
    ]
    footer_h = len(footer_wrapped) * sizes.leading + sizes.body * 0.8
    footer_top = H - m.bottom * MM - footer_h
    header_h = max(p.y + p.h for p in header if isinstance(p, Rect))

    def chrome(sheet: Sheet) -> None:
        sheet.prims.extend(header)
        sheet.prims.append(
            Line(left, footer_top, right, footer_top, th.primary, max(0.8, sizes.body / 12))
        )
        for k, text in enumerate(footer_wrapped):
            y = footer_top + sizes.body * 0.8 + k * sizes.leading + sizes.body * 0.9
            sheet.prims.append(Text(left, y, text, BODY, sizes.body, th.muted))

    top, bottom = header_h + sizes.body * 1.2, footer_top - sizes.body * 0.8

    def run(limit: float) -> _Flow:
        flow = _Flow(template, top, limit, chrome)
        ctx = ItemContext(kit, sizes, th, flow.col_width, mask, bottom - top)
        for pt in PublicationType:
            _flow_section(flow, ctx, pt, sections.get(pt, []), cats)
        return flow

    flow = run(bottom)
    if len(flow.sheets) == 1 and template.columns > 1:
        flow = _balance(run, flow, top, bottom)

    count = len(flow.sheets)
    if count > 1:
        y = footer_top + sizes.body * 0.8 + sizes.body * 0.9
        for sheet in flow.sheets:
            label = _("Sheet {n} of {m}").format(n=sheet.index + 1, m=count)
            sheet.prims.append(
                Text(left, y, label, HEADING, sizes.body, th.dark, "right", right - left)
            )
    layout.sheets = flow.sheets
    return layout


def _balance(run: Callable[[float], _Flow], flow: _Flow, top: float, bottom: float) -> _Flow:
    """Shorten the columns of a one-sheet poster as far as it still fits on one sheet."""
    if flow.col == 0:
        lo = top + (flow.y - top) / flow.t.columns
    else:
        lo = top + (bottom - top) / flow.t.columns * 0.5
    hi, best = bottom, flow
    for _step in range(10):
        if hi - lo < 2.0:
            break
        mid = (lo + hi) / 2
        trial = run(mid)
        if len(trial.sheets) == 1:
            hi, best = mid, trial
        else:
            lo = mid
    return best


def _section_bar(ctx: ItemContext, pt: PublicationType, continued: bool) -> Unit:
    s = ctx.sizes
    label = _(SECTION_LABELS[pt]) + (_(" (continued)") if continued else "")
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


def _flow_section(
    flow: _Flow,
    ctx: ItemContext,
    pt: PublicationType,
    items: list[Item],
    cats: dict[int | None, Category],
) -> None:
    units = [_section_bar(ctx, pt, continued=False)]
    if not items:
        units += text_units(ctx, _("No disclosures in this period"), color=ctx.theme.muted)
    for item in items:
        units += item_units(ctx, item, item_domain(item, cats))
    i = 0
    while i < len(units):
        group = _group(units, i)
        height = sum(u.height + u.space_before for u in group)
        if (
            not flow.fits(height)
            and height <= flow.height
            or not flow.fits(group[0].height + group[0].space_before)
        ):
            _continue(flow, ctx, pt, units[i])
        if len(group) > 1 and flow.room() >= height - 0.01:
            # Place the whole group now: deciding unit by unit would let a shorter window
            # of the chain fit after its first unit was placed (a section bar or an item
            # title left alone at the foot of a column).
            for unit in group:
                flow.place(unit)
            i += len(group)
            continue
        flow.place(units[i])
        i += 1


def _continue(flow: _Flow, ctx: ItemContext, pt: PublicationType, unit: Unit) -> None:
    """Move to the next column/sheet, repeating section bar, item title and table header."""
    new_sheet = flow.next_column()
    if unit.kind == "section":
        return
    if new_sheet:
        flow.place(_section_bar(ctx, pt, continued=True))
    if unit.owner and unit.kind != "item-title":
        for u in title_units(ctx, unit.owner, continued=True):
            flow.place(u)
    if unit.header is not None and unit.kind == "row":
        flow.place(unit.header)


def _header(
    kit: TextKit,
    sizes: Sizes,
    th: Theme,
    title: str,
    subtitle: str,
    W: float,
    left: float,
    right: float,
    top_margin: float,
) -> list[Primitive]:
    """The coloured header band with the title (shrunk to fit, never below 1.5x body)."""
    width = right - left
    size = sizes.title
    while kit.measure(title, TITLE, size) > width and size > sizes.body * 1.5:
        size -= sizes.body * 0.1
    lines = kit.wrap(title, TITLE, size, width)
    y = top_margin + size * 0.95
    prims: list[Primitive] = []
    texts: list[Primitive] = []
    for line in lines:
        texts.append(Text(left, y, line, TITLE, size, th.title_text, "center", width))
        y += size * 1.25
    y += sizes.subtitle * 0.1
    for line in kit.wrap(subtitle, BODY, sizes.subtitle, width):
        texts.append(Text(left, y, line, BODY, sizes.subtitle, th.title_text, "center", width))
        y += sizes.subtitle * 1.4
    band = y - sizes.subtitle * 0.2
    accent = max(1.5, sizes.body * 0.25)
    prims.append(Rect(0, 0, W, band, fill=th.primary))
    prims.append(Rect(0, band, W, accent, fill=th.accent))
    prims.extend(texts)
    return prims


FOOTER_SEPARATOR = "    "


def _footer_lines(org: Organization, template: BoardTemplate, on: date) -> list[list[str]]:
    """The footer's lines, each as its fields (a line breaks only between whole fields)."""
    first = [_("Disclosure date: {date}").format(date=format_date(on))]
    if org.phone:
        first.append(_("Supervision phone: {phone}").format(phone=org.phone))
    lines = [
        first,
        [
            _(
                "Suggestion box / letters and visits: questions or objections about this "
                "board may be put in the suggestion box or raised with {org} by letter or "
                "visit."
            ).format(org=org.name)
        ],
    ]
    lines += [[ln] for ln in org.footer_lines if ln.strip()]
    if template.footer_text:
        lines.append([template.footer_text])
    return lines
