"""Flow units of one disclosure item: title, meta line, body, ledger table, images, sign-off."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from board_app.domain.items import Domain, Item, ItemImage, LedgerRow, PublicationType
from board_app.domain.money import format_money, ledger_totals, to_chinese_capital
from board_app.domain.periods import PeriodError, label_zh, parse_period
from board_app.i18n import translate_to
from board_app.layout.poster_model import (
    BODY,
    HEADING,
    IDEOGRAPHIC_SPACE,
    EstimateKit,
    Line,
    Picture,
    Primitive,
    Rect,
    Sizes,
    Text,
    TextKit,
    Unit,
)
from board_app.layout.templates import Theme


@dataclass
class ItemContext:
    """What item units need: metrics, colours, column width and the masking function."""

    kit: TextKit
    sizes: Sizes
    theme: Theme
    width: float
    mask: Callable[[str], str]
    max_height: float  # the height of a column
    lang: str = "zh_CN"  # the board's language (the organization's, not the UI's)
    signoff: str = ""  # 落款 closing each 即时公开 notice ("" = none)
    board_date: date | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (item title, message)

    def tr(self, message: str) -> str:
        """``message`` in the board's language."""
        return translate_to(self.lang, message)


def format_date(day: date, lang: str = "zh_CN") -> str:
    """A date as printed on the board (Chinese: 2026年9月30日)."""
    if lang == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def period_label(period: str | None, lang: str = "zh_CN") -> str:
    """A reporting period label ("2026年第三季度"), or the raw text when it does not parse."""
    if not period:
        return ""
    try:
        parsed = parse_period(period)
    except PeriodError:
        return period
    return str(parsed) if lang == "en" else label_zh(parsed)


FIELD_SEPARATOR = "  "


def pack_fields(
    kit: TextKit,
    fields: Sequence[str],
    role: str,
    size: float,
    width: float,
    separator: str = FIELD_SEPARATOR,
) -> list[str]:
    """Lines made of whole fields ("公开日期：2026年11月30日", "责任人：周建堃"): a line breaks
    only between fields, so a date, a name or a label is never cut in two, unless a field is
    wider than the line by itself (then it is wrapped by the Chinese rules)."""
    lines: list[str] = []
    cur = ""
    for part in (f for f in fields if f):
        joined = cur + separator + part if cur else part
        if kit.measure(joined, role, size) <= width:
            cur = joined
            continue
        if cur:
            lines.append(cur)
            cur = ""
        if kit.measure(part, role, size) <= width:
            cur = part
            continue
        pieces = kit.wrap(part, role, size, width)
        lines.extend(pieces[:-1])
        cur = pieces[-1]
    if cur:
        lines.append(cur)
    return lines


def text_units(
    ctx: ItemContext,
    text: str,
    *,
    role: str = BODY,
    size: float | None = None,
    color: str | None = None,
    indent: float = 0.0,
    first_indent: bool = False,
    align: str = "left",
    owner: str = "",
    keep: bool = False,
    leading: float | None = None,
    fields: Sequence[str] | None = None,
    separator: str = FIELD_SEPARATOR,
) -> list[Unit]:
    """One unit per wrapped line (lines can fall into different columns).

    With ``fields`` the lines are made of whole fields (see :func:`pack_fields`) and ``text``
    is ignored.
    """
    size = size or ctx.sizes.body
    leading = leading or size * 1.55
    width = ctx.width - indent
    source = (IDEOGRAPHIC_SPACE * 2 + text) if first_indent else text
    if fields is not None:
        wrapped = pack_fields(ctx.kit, fields, role, size, width, separator)
    else:
        wrapped = ctx.kit.wrap(source, role, size, width)
    if isinstance(ctx.kit, EstimateKit):
        # A trial layout uses only heights: stand-in lines carry nothing to draw.
        return [Unit(leading, [], keep_with_next=keep, owner=owner) for _line in wrapped]
    units = []
    for line in wrapped:
        dx = indent
        stripped = line.lstrip(IDEOGRAPHIC_SPACE)
        dx += (len(line) - len(stripped)) * size
        baseline = leading * 0.5 + size * 0.36
        prim = Text(
            dx,
            baseline,
            stripped,
            role,
            size,
            color or ctx.theme.text,
            align,
            width - (dx - indent),
            owner,
        )
        units.append(Unit(leading, [prim], keep_with_next=keep, owner=owner))
    return units


def item_units(ctx: ItemContext, item: Item, domain: Domain | None) -> list[Unit]:
    """All flow units of one item, in order (title, meta, body, ledger, photos, sign-off and,
    for 即时公开 notices, the 落款)."""
    s = ctx.sizes
    title = ctx.mask(item.title)
    units = title_units(ctx, title)
    meta = meta_parts(item, ctx.lang)
    if meta:
        for u in text_units(
            ctx,
            "",
            fields=meta,
            size=s.body,
            color=ctx.theme.muted,
            owner=title,
            keep=True,
            leading=s.body * 1.4,
        ):
            units.append(u)
    body_units: list[Unit] = []
    for para in item.paragraphs():
        lines = text_units(ctx, ctx.mask(para), first_indent=True, owner=title)
        lines[0].space_before = s.body * 0.25
        if len(lines) > 1:
            lines[0].line_pos, lines[-1].line_pos = "first", "last"
            lines[0].keep_with_next = True  # no orphan: a first line alone at a column foot
            lines[-2].keep_with_next = True  # no widow: a last line alone at a column top
        body_units.extend(lines)
    if body_units:
        body_units[0].space_before = s.body * 0.2
    units.extend(body_units)
    if item.ledger:
        units.extend(ledger_units(ctx, item.ledger, item.opening_balance, title))
    units.extend(image_units(ctx, item.images, title))
    closing = signoff_units(ctx, item, domain, title)
    if item.publication_type == PublicationType.IMMEDIATE and ctx.signoff:
        closing += closing_units(ctx, item, title)
    if closing and units:
        units[-1].keep_with_next = True  # never a sign-off alone at the top of a column
    for u in closing[:-1]:
        u.keep_with_next = True
    units.extend(closing)
    if units:
        units[-1].keep_with_next = False
    return units


def closing_units(ctx: ItemContext, item: Item, owner: str) -> list[Unit]:
    """The 落款 of a notice: the issuing organization and the date, right-aligned."""
    day = item.publish_date or ctx.board_date
    lines = [ctx.signoff] + ([format_date(day, ctx.lang)] if day else [])
    units: list[Unit] = []
    for line in lines:
        units += text_units(ctx, line, align="right", owner=owner)
    units[0].space_before = ctx.sizes.body * 0.5
    for u in units:
        u.kind = "closing"
    return units


def title_units(ctx: ItemContext, title: str, continued: bool = False) -> list[Unit]:
    """The item title with a colour marker; ``continued`` adds "(continued)"."""
    _ = ctx.tr
    s = ctx.sizes
    text = title + (_(" (continued)") if continued else "")
    marker = s.heading * 0.28
    units = text_units(
        ctx,
        text,
        role=HEADING,
        size=s.heading,
        color=ctx.theme.dark,
        indent=marker * 2.2,
        owner=title,
        keep=True,
        leading=s.heading * 1.45,
    )
    first = units[0]
    first.prims.insert(
        0,
        Rect(
            0,
            first.height * 0.5 - s.heading * 0.48,
            marker,
            s.heading * 0.9,
            fill=ctx.theme.primary,
        ),
    )
    first.space_before = 0 if continued else s.body * 0.9
    first.kind = "item-title"
    for u in units:
        u.owner = title
    return units


def meta_text(item: Item, lang: str = "zh_CN") -> str:
    """ "2026年第三季度　公开编号：…　公开日期：…　截止日期：…　责任人：…"."""
    return FIELD_SEPARATOR.join(meta_parts(item, lang))


def meta_parts(item: Item, lang: str = "zh_CN") -> list[str]:
    """The fields of the meta line: period, 公开编号, 公开日期, 截止日期, 责任人."""

    def _(message: str) -> str:
        return translate_to(lang, message)

    parts = []
    if item.period:
        parts.append(period_label(item.period, lang))
    if item.number:
        parts.append(_("No.: {number}").format(number=item.number))
    if item.publish_date:
        parts.append(_("Published: {date}").format(date=format_date(item.publish_date, lang)))
    if item.expire_date:
        parts.append(_("Until: {date}").format(date=format_date(item.expire_date, lang)))
    if item.responsible:
        parts.append(_("Responsible: {name}").format(name=item.responsible))
    return parts


def signoff_units(ctx: ItemContext, item: Item, domain: Domain | None, owner: str) -> list[Unit]:
    """ "审核人：…  审核日期：…" right-aligned (村务监督委员会 for village and finance items)."""
    _ = ctx.tr
    if not item.reviewer and not item.review_date:
        return []
    parts = []
    if item.reviewer:
        if domain in (Domain.VILLAGE, Domain.FINANCE) and "委员会" not in item.reviewer:
            parts.append(
                _("Village affairs supervision committee: {name}").format(name=item.reviewer)
            )
        else:
            parts.append(_("Reviewed by: {name}").format(name=item.reviewer))
    if item.review_date:
        parts.append(_("Review date: {date}").format(date=format_date(item.review_date, ctx.lang)))
    units = text_units(ctx, "", fields=parts, color=ctx.theme.muted, align="right", owner=owner)
    units[0].space_before = ctx.sizes.body * 0.3
    return units


# --- ledger table -------------------------------------------------------------------------------


def _cell(
    x: float,
    w: float,
    y: float,
    text: str,
    ctx: ItemContext,
    *,
    role: str = BODY,
    align: str = "left",
    owner: str = "",
) -> Text:
    pad = ctx.sizes.body * 0.35
    return Text(x + pad, y, text, role, ctx.sizes.body, ctx.theme.text, align, w - 2 * pad, owner)


def ledger_columns(ctx: ItemContext, rows: list[LedgerRow], totals: list[Decimal]) -> list[float]:
    """Widths of 日期, 凭证号, 摘要, 收入, 支出 for the column width."""
    s, kit = ctx.sizes.body, ctx.kit
    pad = s * 0.7

    def widest(texts: list[str], role: str = BODY) -> float:
        return max(kit.measure(t, role, s) for t in texts) + pad

    headers = ledger_headers(ctx.lang)
    dates = [r.date.isoformat() if r.date else "" for r in rows]
    money = [format_money(v) for v in totals] + [
        format_money(v) for r in rows for v in (r.income, r.expense)
    ]
    w_date = widest([headers[0], *dates], HEADING)
    w_voucher = min(widest([headers[1], *(r.voucher for r in rows)], HEADING), s * 7)
    w_money = widest([headers[3], headers[4], *money], HEADING)
    rest = ctx.width - w_date - w_voucher - 2 * w_money
    if rest < s * 6:  # narrow column: give the summary at least six characters
        w_voucher = max(widest([headers[1]], HEADING), w_voucher - (s * 6 - rest))
        rest = ctx.width - w_date - w_voucher - 2 * w_money
    return [w_date, w_voucher, max(rest, s * 3), w_money, w_money]


def ledger_headers(lang: str = "zh_CN") -> list[str]:
    """The ledger's column headers in the board's language."""

    def _(message: str) -> str:
        return translate_to(lang, message)

    return [_("Date"), _("Voucher"), _("Summary"), _("Income"), _("Expense")]


def _row_unit(
    ctx: ItemContext,
    widths: list[float],
    cells: list[list[str]],
    *,
    role: str = BODY,
    fill: str | None = None,
    owner: str = "",
    aligns: list[str] | None = None,
) -> Unit:
    """A table row; each cell holds pre-wrapped lines."""
    s = ctx.sizes.body
    leading = s * 1.35
    n = max(len(c) for c in cells) or 1
    height = n * leading + s * 0.5
    if isinstance(ctx.kit, EstimateKit):  # a trial layout uses only heights
        return Unit(height, [], kind="row", owner=owner)
    prims: list[Primitive] = [
        Rect(0, 0, ctx.width, height, fill=fill, stroke=ctx.theme.rule, line_width=max(0.5, s / 24))
    ]
    x = 0.0
    aligns = aligns or ["left"] * len(cells)
    for k, (w, lines) in enumerate(zip(widths, cells, strict=True)):
        if k:
            prims.append(Line(x, 0, x, height, ctx.theme.rule, max(0.5, s / 24)))
        for i, text in enumerate(lines):
            if text:
                y = s * 0.25 + i * leading + leading * 0.5 + s * 0.36
                prims.append(_cell(x, w, y, text, ctx, role=role, align=aligns[k], owner=owner))
        x += w
    return Unit(height, prims, kind="row", owner=owner)


def ledger_units(
    ctx: ItemContext, rows: list[LedgerRow], opening: Decimal | None, owner: str
) -> list[Unit]:
    """Ledger table: header, rows, 合计, balances, and the totals in 大写."""
    _ = ctx.tr
    s = ctx.sizes.body
    income, expense, closing = ledger_totals(rows, opening)
    widths = ledger_columns(ctx, rows, [income, expense, closing, opening or Decimal(0)])
    inner = [w - s * 0.7 for w in widths]
    numeric = ["left", "left", "left", "right", "right"]
    header = _row_unit(
        ctx,
        widths,
        [[h] for h in ledger_headers(ctx.lang)],
        role=HEADING,
        fill=ctx.theme.tint,
        owner=owner,
        aligns=["center"] * 5,
    )
    header.keep_with_next = True
    header.kind = "table-header"
    header.space_before = s * 0.4
    units = [header]
    max_lines = max(1, int((ctx.max_height - header.height) // (s * 1.35)) - 1)
    for row in rows:
        summary = ctx.kit.wrap(ctx.mask(row.summary), BODY, s, inner[2])
        voucher = ctx.kit.wrap(row.voucher, BODY, s, inner[1])
        date_text = row.date.isoformat() if row.date else ""
        amounts = [
            format_money(row.income) if row.income else "",
            format_money(row.expense) if row.expense else "",
        ]
        for start in range(0, max(len(summary), len(voucher)), max_lines):
            first = start == 0
            cells = [
                [date_text] if first else [],
                voucher[start : start + max_lines],
                summary[start : start + max_lines],
                [amounts[0]] if first else [],
                [amounts[1]] if first else [],
            ]
            unit = _row_unit(ctx, widths, cells, owner=owner, aligns=numeric)
            unit.header = header
            units.append(unit)
    data_rows = units[1:]
    if len(data_rows) > 1:
        data_rows[0].keep_with_next = True  # a header is never followed by one row alone
    if data_rows:
        data_rows[-1].keep_with_next = True  # the last row goes with the totals
    label_w = sum(widths[:3])
    total = _row_unit(
        ctx,
        [label_w, widths[3], widths[4]],
        [[_("Total")], [format_money(income)], [format_money(expense)]],
        role=HEADING,
        fill=ctx.theme.tint,
        owner=owner,
        aligns=["center", "right", "right"],
    )
    if opening is not None:
        balances = [(_("Balance brought forward"), opening), (_("Closing balance"), closing)]
    else:
        balances = [(_("Income minus expense"), closing)]
    tail = [total] + [
        _row_unit(
            ctx,
            [label_w, widths[3] + widths[4]],
            [[label], [format_money(value)]],
            role=HEADING,
            owner=owner,
            aligns=["center", "right"],
        )
        for label, value in balances
    ]
    for unit in tail:
        unit.header = header
        unit.keep_with_next = True
        units.append(unit)
    capital = [
        _("Total income in words: {amount}").format(amount=to_chinese_capital(income)),
        _("Total expense in words: {amount}").format(amount=to_chinese_capital(expense)),
    ]
    for text in capital:
        lines = ctx.kit.wrap(text, BODY, s, ctx.width - s * 0.7)
        unit = _row_unit(ctx, [ctx.width], [lines], owner=owner)
        unit.keep_with_next = text is capital[0]
        units.append(unit)
    return units


# --- images ---------------------------------------------------------------------------------------


#: The size assumed for a picture whose size is unknown (services fill in real sizes).
UNKNOWN_SIZE = (1200, 900)


def image_size(image: ItemImage) -> tuple[int, int]:
    """Pixel size of an image as its record gives it (services.boards.fill_image_sizes reads
    missing sizes from the bytes before layout)."""
    if image.width and image.height:
        return image.width, image.height
    return UNKNOWN_SIZE


#: Photos print at most this many pixels per inch (never enlarged beyond it) ...
PRINT_DPI = 150.0
#: ... and a picture printed below this resolution is reported.
LOW_DPI = 100.0
#: A row of photos is at most this share of a column high.
PHOTO_ROW_SHARE = 1 / 3
PHOTOS_PER_ROW = 3


def image_units(ctx: ItemContext, images: Sequence[ItemImage], owner: str) -> list[Unit]:
    """An item's photos in rows of up to three, scaled to a common height.

    A row is at most a third of a column high and as wide as the column; no photo is printed
    larger than its size at 150 dpi, except that a picture too small to be seen is printed
    four lines of the legible minimum high: one printed under 100 dpi is then reported in
    ``ctx.warnings`` with its item. Captions go under their photo.
    """
    if not images:
        return []
    s = ctx.sizes
    gap = s.body * 0.8
    sized = [(img, *image_size(img)) for img in images]
    min_h = s.footer_size * 4  # four lines of the legible minimum, whatever the scale
    per_row = min(PHOTOS_PER_ROW, len(sized))
    while per_row > 1:
        # Fewer photos per row when a full row would print them smaller than the minimum.
        widest = sorted(sized, key=lambda t: -t[1] / t[2])[:per_row]
        h = (ctx.width - gap * (per_row - 1)) / sum(w / h for _i, w, h in widest)
        if h >= min_h:
            break
        per_row -= 1
    units: list[Unit] = []
    for start in range(0, len(sized), per_row):
        units.append(_photo_row(ctx, sized[start : start + per_row], owner, gap, min_h))
    for u in units[:-1]:
        u.keep_with_next = False
    units[0].space_before = s.body * 0.4
    return units


def _photo_row(
    ctx: ItemContext,
    row: list[tuple[ItemImage, int, int]],
    owner: str,
    gap: float,
    min_h: float,
) -> Unit:
    s = ctx.sizes
    aspects = [w / h for _i, w, h in row]
    cap_h = ctx.max_height * PHOTO_ROW_SHARE
    h = min(cap_h, (ctx.width - gap * (len(row) - 1)) / sum(aspects))
    boxes = []
    for (img, px_w, px_h), aspect in zip(row, aspects, strict=True):
        natural_h = px_h / PRINT_DPI * 72.0
        ph = min(h, natural_h)
        # Tiny pictures: not below the minimum (unless the column is narrower), and reported.
        ph = max(ph, min(min_h, h))
        pw = ph * aspect
        dpi = px_w / (pw / 72.0)
        if dpi < LOW_DPI - 0.5:
            label = ctx.mask(img.caption) if img.caption else ctx.tr("picture")
            ctx.warnings.append(
                (
                    owner,
                    ctx.tr(
                        "{item}: {picture} ({w}x{h} px) prints at {dpi} dpi, below 100 dpi; "
                        "use a larger picture"
                    ).format(item=owner, picture=label, w=px_w, h=px_h, dpi=round(dpi)),
                )
            )
        boxes.append((img, pw, ph))
    row_w = sum(b[1] for b in boxes) + gap * (len(boxes) - 1)
    x = (ctx.width - row_w) / 2
    top_h = max(b[2] for b in boxes)
    prims: list[Primitive] = []
    caption_h = 0.0
    for img, pw, ph in boxes:
        y = top_h - ph  # photos of one row share their bottom edge
        prims.append(Picture(x, y, pw, ph, img.data))
        prims.append(Rect(x, y, pw, ph, stroke=ctx.theme.rule, line_width=0.5))
        if img.caption:
            lines = ctx.kit.wrap(ctx.mask(img.caption), BODY, s.body, max(pw, s.body * 6))
            cw = max(pw, s.body * 6)
            cx = x + (pw - cw) / 2
            for k, line in enumerate(lines):
                base = top_h + s.body * 0.3 + k * s.leading + s.leading * 0.5 + s.body * 0.36
                prims.append(
                    Text(cx, base, line, BODY, s.body, ctx.theme.muted, "center", cw, owner)
                )
            caption_h = max(caption_h, len(lines) * s.leading + s.body * 0.3)
        x += pw + gap
    return Unit(
        top_h + caption_h + s.body * 0.3,
        prims,
        kind="image",
        owner=owner,
        space_before=s.body * 0.4,
    )
