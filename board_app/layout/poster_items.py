"""Flow units of one disclosure item: title, meta line, body, ledger table, images, sign-off."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from board_app.domain.items import Domain, Item, ItemImage, LedgerRow
from board_app.domain.money import format_money, ledger_totals, to_chinese_capital
from board_app.domain.periods import PeriodError, label_zh, parse_period
from board_app.i18n import _, get_language
from board_app.layout.poster_model import (
    BODY,
    HEADING,
    IDEOGRAPHIC_SPACE,
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

IMAGE_MAX_SHARE = 0.45


@dataclass
class ItemContext:
    """What item units need: metrics, colours, column width and the masking function."""

    kit: TextKit
    sizes: Sizes
    theme: Theme
    width: float
    mask: Callable[[str], str]
    max_height: float  # the height of a column


def format_date(day: date) -> str:
    """A date as printed on the board (Chinese: 2026年9月30日)."""
    if get_language() == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def period_label(period: str | None) -> str:
    """A reporting period label ("2026年第三季度"), or the raw text when it does not parse."""
    if not period:
        return ""
    try:
        parsed = parse_period(period)
    except PeriodError:
        return period
    return str(parsed) if get_language() == "en" else label_zh(parsed)


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
    for field in (f for f in fields if f):
        joined = cur + separator + field if cur else field
        if kit.measure(joined, role, size) <= width:
            cur = joined
            continue
        if cur:
            lines.append(cur)
            cur = ""
        if kit.measure(field, role, size) <= width:
            cur = field
            continue
        pieces = kit.wrap(field, role, size, width)
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
    """All flow units of one item, in order."""
    s = ctx.sizes
    title = ctx.mask(item.title)
    units = title_units(ctx, title)
    meta = meta_parts(item)
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
        body_units.extend(lines)
    if body_units:
        body_units[0].space_before = s.body * 0.2
    units.extend(body_units)
    if item.ledger:
        units.extend(ledger_units(ctx, item.ledger, item.opening_balance, title))
    for image in item.images:
        units.extend(image_units(ctx, image, title))
    signoff = signoff_units(ctx, item, domain, title)
    if signoff and units:
        units[-1].keep_with_next = True  # never a sign-off alone at the top of a column
    units.extend(signoff)
    if units:
        units[-1].keep_with_next = False
    return units


def title_units(ctx: ItemContext, title: str, continued: bool = False) -> list[Unit]:
    """The item title with a colour marker; ``continued`` adds "(continued)"."""
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


def meta_text(item: Item) -> str:
    """ "2026年第三季度　公开编号：…　公开日期：…　截止日期：…　责任人：…"."""
    return FIELD_SEPARATOR.join(meta_parts(item))


def meta_parts(item: Item) -> list[str]:
    """The fields of the meta line: period, 公开编号, 公开日期, 截止日期, 责任人."""
    parts = []
    if item.period:
        parts.append(period_label(item.period))
    if item.number:
        parts.append(_("No.: {number}").format(number=item.number))
    if item.publish_date:
        parts.append(_("Published: {date}").format(date=format_date(item.publish_date)))
    if item.expire_date:
        parts.append(_("Until: {date}").format(date=format_date(item.expire_date)))
    if item.responsible:
        parts.append(_("Responsible: {name}").format(name=item.responsible))
    return parts


def signoff_units(ctx: ItemContext, item: Item, domain: Domain | None, owner: str) -> list[Unit]:
    """ "审核人：…  审核日期：…" right-aligned (村务监督委员会 for village and finance items)."""
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
        parts.append(_("Review date: {date}").format(date=format_date(item.review_date)))
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

    headers = ledger_headers()
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


def ledger_headers() -> list[str]:
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
    prims: list[Primitive] = [
        Rect(0, 0, ctx.width, height, fill=fill, stroke=ctx.theme.rule, line_width=max(0.5, s / 24))
    ]
    x = 0.0
    aligns = aligns or ["left"] * len(cells)
    for k, (w, lines) in enumerate(zip(widths, cells)):
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
    s = ctx.sizes.body
    income, expense, closing = ledger_totals(rows, opening)
    widths = ledger_columns(ctx, rows, [income, expense, closing, opening or Decimal(0)])
    inner = [w - s * 0.7 for w in widths]
    numeric = ["left", "left", "left", "right", "right"]
    header = _row_unit(
        ctx,
        widths,
        [[h] for h in ledger_headers()],
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
    for unit in [total] + [
        _row_unit(
            ctx,
            [label_w, widths[3] + widths[4]],
            [[label], [format_money(value)]],
            role=HEADING,
            owner=owner,
            aligns=["center", "right"],
        )
        for label, value in balances
    ]:
        unit.header = header
        units.append(unit)
    capital = [
        _("Total income in words: {amount}").format(amount=to_chinese_capital(income)),
        _("Total expense in words: {amount}").format(amount=to_chinese_capital(expense)),
    ]
    for text in capital:
        lines = ctx.kit.wrap(text, BODY, s, ctx.width - s * 0.7)
        unit = _row_unit(ctx, [ctx.width], [lines], owner=owner)
        units.append(unit)
    return units


# --- images ---------------------------------------------------------------------------------------


def image_size(image: ItemImage) -> tuple[int, int]:
    """Pixel size of an image (from the record, or read from the bytes)."""
    if image.width and image.height:
        return image.width, image.height
    from PIL import Image

    with Image.open(io.BytesIO(image.data)) as im:
        return im.size


def image_units(ctx: ItemContext, image: ItemImage, owner: str) -> list[Unit]:
    """The picture fitted to the column width (aspect kept), then its caption."""
    s = ctx.sizes
    caption = (
        text_units(ctx, ctx.mask(image.caption), color=ctx.theme.muted, align="center", owner=owner)
        if image.caption
        else []
    )
    px_w, px_h = image_size(image)
    w = ctx.width
    h = w * px_h / px_w
    # At most IMAGE_MAX_SHARE of a column high (never taller than the column), so a photo does
    # not push a board onto a second sheet; the aspect ratio is always kept.
    limit = min(
        ctx.max_height * IMAGE_MAX_SHARE,
        ctx.max_height - sum(u.height for u in caption[:2]) - s.body,
    )
    if h > limit:
        h = limit
        w = h * px_w / px_h
    x = (ctx.width - w) / 2
    pic = Unit(
        h + s.body * 0.3,
        [Picture(x, 0, w, h, image.data), Rect(x, 0, w, h, stroke=ctx.theme.rule, line_width=0.5)],
        kind="image",
        owner=owner,
        keep_with_next=bool(caption),
        space_before=s.body * 0.4,
    )
    return [pic, *caption]
