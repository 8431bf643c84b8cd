"""Deterministic boards of any number of items for the composer tests and the poster gallery
(no database): mixed lengths, ledgers every seventh item, photos every fifth."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from poster_samples import categories, png

from board_app.domain.items import Item, ItemImage, LedgerRow, PublicationType, Status

ON = date(2026, 10, 15)
SENTENCES = [
    "经村党支部提议、村“两委”会议商议、党员大会审议、村民代表会议决议，现将有关情况公开如下。",
    "本事项严格按照“四议两公开”工作法办理，全程接受村务监督委员会和广大村民监督。",
    "资金来源为上级奖补资金和村集体经营性收入，专款专用，不得挪作他用。",
    "工程由示例县路桥工程有限公司承建，计划工期60天，质量标准为合格。",
    "村民对公开内容有疑问的，可于公示期内向村委会或村务监督委员会反映。",
    "本季度共受理群众来信来访12件，已全部办结，群众满意率100%。",
    "各村民小组应认真组织学习，做到家喻户晓、人人皆知。",
    "对弄虚作假、优亲厚友等行为，一经查实，严肃追究相关人员责任。",
]
TOPICS = ["村道路硬化工程", "农田水利设施维修", "集体机动地发包", "保洁员聘用", "路灯安装",
          "困难群众临时救助", "耕地地力保护补贴", "宅基地审批", "垃圾分类试点"]  # fmt: skip
TYPES = [PublicationType.LONG_TERM, PublicationType.PERIODIC, PublicationType.PERIODIC,
         PublicationType.IMMEDIATE]  # fmt: skip
CAT = {PublicationType.LONG_TERM: 1, PublicationType.PERIODIC: 2, PublicationType.IMMEDIATE: 3}


def body(n: int) -> str:
    paras = []
    for p in range(1 + n % 3):
        k = 1 + (n + p) % 4
        paras.append("".join(SENTENCES[(n * 3 + p * 5 + j) % len(SENTENCES)] for j in range(k)))
    return "\n\n".join(paras)


def ledger(n: int) -> list[LedgerRow]:
    rows = []
    for k in range(6):
        income = Decimal(1000 + 37 * n + k) if k % 2 == 0 else Decimal(0)
        expense = Decimal(0) if k % 2 == 0 else Decimal(420 + 11 * k)
        rows.append(
            LedgerRow(
                date(2026, 9, 1 + 3 * k), f"记-{n:02d}{k:02d}", f"第{k + 1}笔收支", income, expense
            )
        )
    return rows


def corpus(count: int) -> list[Item]:
    """``count`` published items."""
    out = []
    for n in range(count):
        pt = TYPES[n % len(TYPES)]
        item = Item(
            f"关于{TOPICS[n % len(TOPICS)]}的公开（{n + 1}）",
            pt,
            organization_id=1,
            category_id=CAT[pt],
            status=Status.PUBLISHED,
            number=f"DF-2026-{n + 1:03d}",
            publish_date=ON - timedelta(days=1 + n % 9),
            responsible=("孙宝堃", "钱喆", "赵䶮")[n % 3],
            body=body(n),
            reviewer="村务监督委员会" if n % 2 else "",
            review_date=ON - timedelta(days=2) if n % 2 else None,
        )
        if n % 7 == 3:
            item.ledger = ledger(n)
        if n % 5 == 1:
            item.images = [
                ItemImage(
                    png(480, 320 + 40 * k),
                    width=480,
                    height=320 + 40 * k,
                    caption=f"现场照片{k + 1}",
                    media_type="image/png",
                )
                for k in range(1 + n % 3)
            ]
        out.append(item)
    return out


def corpus_sections(count: int) -> dict[PublicationType, list[Item]]:
    out: dict[PublicationType, list[Item]] = {pt: [] for pt in PublicationType}
    for it in corpus(count):
        out[it.publication_type].append(it)
    return out


def varied_sections(seed: int, count: int) -> dict[PublicationType, list[Item]]:
    """``count`` items of :func:`corpus` made harder, reproducibly from ``seed``: some very long
    paragraphs (15-40 sentences), some one-line bodies, some of many paragraphs, some long
    ledgers, in shuffled order."""
    rng = random.Random(seed)
    items = corpus(count)
    for it in items:
        k = rng.random()
        if k < 0.15:
            it.body = "。".join(rng.choice(SENTENCES) for _ in range(rng.randint(15, 40)))
        elif k < 0.3:
            it.body = rng.choice(SENTENCES)[: rng.randint(5, 30)]
        elif k < 0.4:
            it.body = "\n\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 9)))
        if rng.random() < 0.1:
            it.ledger = ledger(rng.randint(0, 50))[: rng.randint(1, 6)] * rng.randint(1, 6)
    rng.shuffle(items)
    out: dict[PublicationType, list[Item]] = {pt: [] for pt in PublicationType}
    for it in items:
        out[it.publication_type].append(it)
    return out


__all__ = ["ON", "categories", "corpus", "corpus_sections", "varied_sections"]
