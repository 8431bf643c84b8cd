"""The board's content as a flat list of blocks, for the .docx and the bare reportlab script.

Same items, same order (``domain.rules.select_board_items``), same texts as the poster prints:
board title and subtitle, section bars, item titles, meta lines, body paragraphs, ledger tables
with totals and capitals, pictures with captions, sign-off lines and the footer. The blocks are
only strings and bytes; no layout happens here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from board_app.domain.items import Category, Domain, Item, Organization, PublicationType
from board_app.domain.money import format_money, ledger_totals, to_chinese_capital
from board_app.domain.rules import select_board_items
from board_app.layout.poster_items import format_date, meta_text

SECTIONS = {
    PublicationType.LONG_TERM: "长期公开",
    PublicationType.PERIODIC: "定期公开",
    PublicationType.IMMEDIATE: "即时公开",
}
LEDGER_HEADER = ["日期", "凭证号", "摘要", "收入", "支出"]


@dataclass
class Block:
    kind: str  # board_title subtitle section title meta para table totals image caption signoff
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    data: bytes = b""
    size: tuple[int, int] = (0, 0)


@dataclass
class Board:
    blocks: list[Block]
    footer: list[str]

    def chars(self) -> int:
        """Printed characters (a rough size of the text)."""
        n = sum(len(b.text) + sum(len(c) for r in b.rows for c in r) for b in self.blocks)
        return n + sum(len(f) for f in self.footer)


def _item_blocks(item: Item, domain: Domain | None) -> list[Block]:
    out = [Block("title", item.title), Block("meta", meta_text(item))]
    out += [Block("para", p) for p in item.paragraphs()]
    if item.ledger:
        rows = [
            [
                r.date.isoformat(),
                r.voucher,
                r.summary,
                format_money(r.income) if r.income else "",
                format_money(r.expense) if r.expense else "",
            ]
            for r in item.ledger
        ]
        income, expense, closing = ledger_totals(item.ledger, item.opening_balance)
        rows.append(["合计", "", "", format_money(income), format_money(expense)])
        out.append(Block("table", rows=[LEDGER_HEADER, *rows]))
        if item.opening_balance is not None:
            out.append(
                Block(
                    "totals",
                    f"上期结余：{format_money(item.opening_balance)}元　"
                    f"本期结余：{format_money(closing)}元",
                )
            )
        else:
            out.append(Block("totals", f"收支差额：{format_money(closing)}元"))
        out.append(
            Block(
                "totals",
                f"收入合计（大写）：{to_chinese_capital(income)}　"
                f"支出合计（大写）：{to_chinese_capital(expense)}",
            )
        )
    for image in item.images:
        out.append(Block("image", data=image.data, size=(image.width, image.height)))
        if image.caption:
            out.append(Block("caption", image.caption))
    if item.reviewer or item.review_date:
        who = "村务监督委员会审核：" if domain in (Domain.VILLAGE, Domain.FINANCE) else "审核人："
        text = who + item.reviewer
        if item.review_date:
            text += "　审核日期：" + format_date(item.review_date)
        out.append(Block("signoff", text))
    return out


def board(org: Organization, categories: list[Category], items: list[Item], on: date) -> Board:
    """The blocks of the board on ``on`` (public audience)."""
    cats = {c.id: c for c in categories}
    selection = select_board_items(org, categories, items, on, "public")
    blocks = [
        Block("board_title", org.board_title or org.name),
        Block("subtitle", org.board_subtitle or f"公开日期：{format_date(on)}"),
    ]
    for pt, label in SECTIONS.items():
        blocks.append(Block("section", label))
        shown = selection.sections.get(pt, [])
        if not shown:
            blocks.append(Block("para", "本期暂无公开内容"))
        for item in shown:
            cat = cats.get(item.category_id)
            blocks += _item_blocks(item, item.domain or (cat.domain if cat else None))
    footer = [
        f"公开日期：{format_date(on)}    监督电话：{org.phone}",
        "如对公开内容有异议，请投意见箱或来信来访。",
        *org.footer_lines,
    ]
    return Board(blocks, footer)
