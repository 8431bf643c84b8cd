"""Deterministic content of the poster benchmark: 30 items, 3 ledgers, 4 pictures, on A1.

The content is written into a fresh database through the services (as a user would), so the
command-line run and the in-process run print exactly the same board. Nothing here is random:
titles, bodies, ledgers and pictures are derived from the item number.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from board_app.demo import generated_picture
from board_app.domain.items import (
    Category,
    Item,
    LedgerRow,
    Organization,
    OrgKind,
    PublicationType,
)
from board_app.services.context import Services, open_services
from board_app.services.images import normalise_image

ON = date(2026, 10, 15)
ORG = "东风村村民委员会"
TEMPLATE = "a1-portrait"
N_ITEMS = 30

L, P, IM = PublicationType.LONG_TERM, PublicationType.PERIODIC, PublicationType.IMMEDIATE

# Bodies are assembled from these sentences (deterministically, by item number).
SENTENCES = [
    "经村党支部提议、村“两委”会议商议、党员大会审议、村民代表会议决议，现将有关情况公开如下。",
    "本事项严格按照“四议两公开”工作法办理，全程接受村务监督委员会和广大村民监督。",
    "资金来源为上级奖补资金和村集体经营性收入，专款专用，不得挪作他用。",
    "工程由示例县路桥工程有限公司承建，计划工期六十天，质量标准为合格。",
    "村民对公开内容有疑问的，可于公示期内向村委会或村务监督委员会反映。",
    "联系人：赵会计，办公电话0535-7265678；意见箱设在村委会一楼大厅。",
    "本季度共受理群众来信来访十二件，已全部办结，群众满意率百分之百。",
    "各村民小组应认真组织学习，做到家喻户晓、人人皆知。",
    "对弄虚作假、优亲厚友等行为，一经查实，严肃追究相关人员责任。",
    "以上内容自公布之日起施行，由村民委员会负责解释。",
]

TOPICS = [
    "村道路硬化工程",
    "农田水利设施维修",
    "村集体机动地发包",
    "保洁员聘用",
    "路灯安装",
    "困难群众临时救助",
    "耕地地力保护补贴",
    "宅基地审批",
    "村级公益事业建设",
    "垃圾分类试点",
    "饮水安全工程",
    "文化广场建设",
    "防汛物资采购",
    "村卫生室改造",
    "集体林地承包",
]

LEDGER_ROWS = [
    ("收到镇财政转移支付", "50000.00", "0"),
    ("支付村道路维修费（东风路）", "0", "12800.00"),
    ("收到土地承包费", "18500.00", "0"),
    ("支付保洁员工资", "0", "4500.00"),
    ("支付办公用品费", "0", "386.50"),
    ("发放困难群众慰问金", "0", "2000.00"),
    ("支付路灯电费", "0", "1265.80"),
    ("收到村集体资产租金", "6200.00", "0"),
]


def picture(seed: int, colour: tuple[int, int, int]) -> bytes:
    """The demo's generated photo-like picture (no downloads)."""
    return generated_picture(colour, seed)


PICTURES = [  # (item index, caption, colour)
    (10, "村民代表会议现场", (30, 80, 170)),
    (14, "施工路段", (60, 110, 60)),
    (21, "开标现场", (200, 30, 30)),
    (26, "文化广场效果图", (150, 90, 20)),
]
LEDGER_ITEMS = (8, 12, 16)


def body(n: int) -> str:
    """Two or three paragraphs of 2–4 sentences each (deterministic in ``n``)."""
    paras = []
    for p in range(2 + n % 2):
        k = 2 + (n + p) % 3
        paras.append("".join(SENTENCES[(n * 3 + p * 5 + j) % len(SENTENCES)] for j in range(k)))
    return "\n\n".join(paras)


def ledger(n: int, start: date) -> list[LedgerRow]:
    """Eight rows; amounts vary with ``n``."""
    rows = []
    for k, (summary, income, expense) in enumerate(LEDGER_ROWS):
        bump = Decimal(n * 10 + k)
        rows.append(
            LedgerRow(
                date=start + timedelta(days=3 * k + 1),
                voucher=f"记-{n:02d}{k + 1:02d}",
                summary=summary,
                income=Decimal(income) + (bump if income != "0" else 0),
                expense=Decimal(expense) + (bump if expense != "0" else 0),
            )
        )
    return rows


# (category, type, period) per item slot; every periodic item of a category shares the
# newest period, so none is superseded and all 30 are on the board.
def _slot(n: int) -> tuple[str, PublicationType, str | None]:
    if n < 8:
        return ("村规民约与制度" if n % 2 else "村两委成员与分工", L, None)
    if n in LEDGER_ITEMS:
        return {
            8: ("财务收支明细", P, "2026-09"),
            12: ("农业补贴", P, "2026-Q3"),
            16: ("低保与救助", P, "2026-Q3"),
        }[n]
    if n < 18:
        cat = ("年度计划与决议事项", "宅基地审批", "低保与救助", "农业补贴")[n % 4]
        return (cat, P, "2026-Q3")
    cat = ("一事一议筹资筹劳", "重大事项（四议两公开）", "工程项目")[n % 3]
    return (cat, IM, None)


def make_items(categories: list[Category], org_id: int) -> list[Item]:
    """The 30 items as drafts (no ids), ready for ``services.items.save``."""
    cats = {c.name: c for c in categories}
    out = []
    for n in range(N_ITEMS):
        cat, ptype, period = _slot(n)
        topic = TOPICS[n % len(TOPICS)]
        if n in LEDGER_ITEMS:
            title = {
                8: "2026年9月村级财务收支明细",
                12: "2026年第三季度农业补贴资金收支情况",
                16: "2026年第三季度救助资金收支情况",
            }[n]
        elif ptype is L:
            title = f"关于{topic}的管理制度（第{n + 1}号）"
        elif ptype is P:
            title = f"2026年第三季度{topic}情况公开"
        else:
            title = f"关于{topic}的公示"
        publish = ON - timedelta(days=1 + n % 7) if ptype is IM else date(2026, 10, 1 + n % 10)
        item = Item(
            title=title,
            publication_type=ptype,
            organization_id=org_id,
            category_id=cats[cat].id,
            body=body(n) if n not in LEDGER_ITEMS else "以下为本期资金收支明细，欢迎村民监督。",
            period=period,
            publish_date=publish,
            expire_date=ON + timedelta(days=10 + n) if ptype is IM else None,
            responsible=("孙宝堃", "钱喆", "赵䶮")[n % 3],
        )
        if n in LEDGER_ITEMS:
            start = date(2026, 9, 1) if period == "2026-09" else date(2026, 7, 1)
            item.ledger = ledger(n, start)
            item.opening_balance = Decimal("86520.35") if n == 8 else None
        out.append(item)
    for n, caption, colour in PICTURES:
        out[n].images.append(normalise_image(picture(n, colour), name=caption, caption=caption))
    return out


def fill_database(services: Services) -> Organization:
    """Create the organization and publish the 30 items (reviewed the day before)."""
    org = services.orgs.create(
        Organization(
            name=ORG,
            kind=OrgKind.VILLAGE_COMMITTEE,
            phone="0535-7265678",
            address="示例县东风镇东风村",
            board_title="东风村村务公开栏",
            board_template=TEMPLATE,
            footer_lines=["村务监督委员会监督电话：0535-7265679"],
            public_numbers=["0535-7265678"],
        )
    )
    for item in make_items(services.orgs.categories(org.id), org.id):  # type: ignore[arg-type]
        saved = services.items.save(item)
        services.items.submit(saved.id)  # type: ignore[arg-type]
        services.items.approve(
            saved.id,  # type: ignore[arg-type]
            reviewer="村务监督委员会",
            on=item.publish_date - timedelta(days=1),  # type: ignore[operator]
            opinion="内容真实、完整，同意公开。",
        )
        services.items.publish(saved.id, on=item.publish_date)  # type: ignore[arg-type]
    return org


def make_database(path: Path) -> None:
    """A fresh database at ``path`` with the benchmark content."""
    if path.exists():
        path.unlink()
    with open_services(path, operator="bench") as services:
        fill_database(services)


def load(path: Path) -> tuple[Organization, list[Category], list[Item]]:
    """(organization, categories, items) read back from the database."""
    with open_services(path, operator="bench") as services:
        repo = services.repo
        org = repo.get_organization_by_name(ORG)
        return org, repo.list_categories(org.id), repo.list_items(org.id)
