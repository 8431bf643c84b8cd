"""The board's own texts: title, 栏头 (header band) and footer, in the board's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from board_app.domain.items import Category, Domain, Item, Organization
from board_app.i18n import N_, translate_to
from board_app.layout.poster_items import format_date, pack_fields
from board_app.layout.poster_model import BODY, TITLE, Primitive, Rect, Sizes, Text, TextKit
from board_app.layout.templates import BoardTemplate, Theme

FOOTER_SEPARATOR = "    "

DOMAIN_NAMES = {
    Domain.PARTY: N_("Party affairs"),
    Domain.VILLAGE: N_("Village affairs"),
    Domain.FINANCE: N_("Finance"),
    Domain.GOVERNMENT: N_("Government affairs"),
}


def board_title(org: Organization, domains: Sequence[Domain], lang: str = "zh_CN") -> str:
    """The organization's board title, or "<name><domains>公开栏"."""

    def _(message: str) -> str:
        return translate_to(lang, message)

    if org.board_title:
        return org.board_title
    names = [_(DOMAIN_NAMES[d]) for d in Domain if d in set(domains) and d in DOMAIN_NAMES]
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


def header_prims(
    kit: TextKit,
    sizes: Sizes,
    th: Theme,
    title: str,
    subtitle: str,
    W: float,
    left: float,
    right: float,
    top_margin: float,
    *,
    min_factor: float,
    org_name: str = "",
) -> list[Primitive]:
    """The 栏头: a coloured band with the title (``sizes.title``, shrunk to fit the width but
    not below ``min_factor`` x body, then wrapped) and the subtitle and date beneath."""
    width = right - left
    size = sizes.title
    floor = sizes.body * min_factor
    while kit.measure(title, TITLE, size) > width and size > floor:
        size = max(floor, size - sizes.body * 0.1)
    lines = kit.wrap(title, TITLE, size, width)
    if len(lines) == 2:
        # Two lines broken where a sign-maker would: after the organization's name or a
        # "、", whichever balances the lines best (never "开栏" alone on the second line).
        cuts = [k + 1 for k, ch in enumerate(title[:-1]) if ch in "、，,"]
        if org_name and title.startswith(org_name) and len(title) > len(org_name):
            cuts.append(len(org_name))
        tried = [(title[:k], title[k:]) for k in cuts]
        fitting = [
            pair for pair in tried if max(kit.measure(x, TITLE, size) for x in pair) <= width
        ]
        if fitting:
            lines = list(min(fitting, key=lambda p: max(kit.measure(x, TITLE, size) for x in p)))
        else:
            even = kit.measure(title, TITLE, size) / 2 * 1.08
            balanced = kit.wrap(title, TITLE, size, min(width, even))
            lines = balanced if len(balanced) == 2 else lines
    y = top_margin + sizes.body * 0.6 + size * 0.95
    texts: list[Primitive] = []
    for line in lines:
        texts.append(Text(left, y, line, TITLE, size, th.title_text, "center", width))
        y += size * 1.25
    y += sizes.subtitle * 0.2
    for line in kit.wrap(subtitle, BODY, sizes.subtitle, width):
        texts.append(Text(left, y, line, BODY, sizes.subtitle, th.title_text, "center", width))
        y += sizes.subtitle * 1.4
    band = y + sizes.body * 0.2
    accent = max(1.5, sizes.body * 0.3)
    return [Rect(0, 0, W, band, fill=th.primary), Rect(0, band, W, accent, fill=th.accent), *texts]


def footer_lines(
    org: Organization, template: BoardTemplate, on: date, lang: str = "zh_CN"
) -> list[list[str]]:
    """The footer's lines, each as its fields (a line breaks only between whole fields)."""

    def _(message: str) -> str:
        return translate_to(lang, message)

    first = [_("Disclosure date: {date}").format(date=format_date(on, lang))]
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


def pack_footer(kit: TextKit, lines: list[list[str]], size: float, width: float) -> list[str]:
    """The footer's printed lines."""
    return [
        ln
        for fields in lines
        for ln in pack_fields(kit, fields, BODY, size, width, FOOTER_SEPARATOR)
    ]
