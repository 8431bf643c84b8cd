"""The demo database: a party branch and a village committee with realistic items.

Dates are relative to the day the demo is made, so the boards look current whenever it is
opened: some items expired, some scheduled, periodic reports for recent periods. Images are
drawn with Pillow; nothing is downloaded.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw

from board_app import paths
from board_app.domain.ids import stored_id
from board_app.domain.items import (
    Cadence,
    Item,
    LedgerRow,
    Organization,
    OrgKind,
    PublicationType,
    Scope,
    Status,
)
from board_app.domain.periods import Period, label_zh
from board_app.services.context import Services
from board_app.services.images import normalise_image

PARTY = "东风村党支部"
TOWNSHIP = "东风镇"  # its office's views: board-app township …, the 乡镇 page
VILLAGE = "东风村村民委员会"


def demo_database_path() -> Path:
    """Where the demo database lives (in the user data directory)."""
    return paths.data_dir() / "demo.sqlite3"


def generated_picture(colour: tuple[int, int, int], seed: int) -> bytes:
    """A generated photo-like 960×640 PNG (sky, ground, a building, a banner, people)."""
    img = Image.new("RGB", (960, 640), (200, 225, 245))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 420, 960, 640], fill=(120, 170, 90))
    x = 120 + (seed * 97) % 300
    draw.rectangle([x, 220, x + 420, 440], fill=(235, 230, 215), outline=(90, 80, 70), width=4)
    draw.polygon([(x - 20, 220), (x + 210, 120), (x + 440, 220)], fill=colour)
    for k in range(4):
        draw.rectangle([x + 40 + k * 95, 270, x + 95 + k * 95, 330], fill=(120, 160, 200))
    draw.rectangle([x + 170, 340, x + 250, 440], fill=(130, 90, 60))
    draw.rectangle([60, 40, 900, 100], fill=colour)
    for k in range(6):
        cx = 100 + k * 140 + (seed * 13) % 40
        draw.ellipse([cx, 470, cx + 60, 600], fill=(60 + k * 10, 60, 80))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _ledger(rows: list[tuple[int, str, str, str, str]], start: date) -> list[LedgerRow]:
    return [
        LedgerRow(
            date=start + timedelta(days=offset),
            voucher=voucher,
            summary=summary,
            income=Decimal(income),
            expense=Decimal(expense),
        )
        for offset, voucher, summary, income, expense in rows
    ]


def ensure_demo(services: Services, today: date | None = None) -> bool:
    """Fill an empty database with the demo organizations and items; False if not empty."""
    if services.orgs.all():
        return False
    build_demo(services, today or services.ctx.today())
    return True


def build_demo(services: Services, today: date) -> None:
    """Create the two demo organizations and their items as of ``today``."""
    # Tracking starts two quarters back, so the calendar shows a few overdue reports,
    # not a whole year of them.
    q_prev = _prev(Period.containing(today, Cadence.QUARTERLY))
    track_party, track_village = _prev(q_prev).start, q_prev.start
    party = services.orgs.create(
        Organization(
            name=PARTY,
            kind=OrgKind.PARTY_BRANCH,
            phone="0535-7261234",
            address="示例县东风镇东风村村委大院",
            fonds_code="J031",
            fonds_name="中共东风村支部委员会",
            board_title="东风村党支部党务公开栏",
            footer_lines=["意见箱设在村委会一楼大厅，来信来访请寄东风村党支部"],
            public_numbers=["13905351234"],
            tracking_start=track_party,
            township=TOWNSHIP,
        )
    )
    village = services.orgs.create(
        Organization(
            name=VILLAGE,
            kind=OrgKind.VILLAGE_COMMITTEE,
            phone="0535-7265678",
            address="示例县东风镇东风村",
            fonds_code="J032",
            fonds_name="东风村村民委员会",
            board_title="东风村村务公开栏",
            board_theme="blue",
            board_template="a2-portrait",
            footer_lines=["村务监督委员会监督电话：0535-7265679"],
            tracking_start=track_village,
            township=TOWNSHIP,
        )
    )
    _party_items(services, party, today)
    _village_items(services, village, today)
    from board_app.demo_feedback import build_feedback_demo

    build_feedback_demo(services, party, village, today)
    from board_app.demo_matters import build_mohei

    build_mohei(services, today)


def _cat(services: Services, org: Organization, name: str) -> int:
    categories = services.orgs.categories(stored_id(org.id))
    return next(stored_id(c.id) for c in categories if c.name == name)


def _add(
    services: Services,
    org: Organization,
    category: str,
    title: str,
    ptype: PublicationType,
    *,
    status: Status = Status.PUBLISHED,
    body: str = "",
    period: str | None = None,
    publish: date | None = None,
    expire: date | None = None,
    responsible: str = "",
    reviewer: str = "村务监督委员会",
    ledger: list[LedgerRow] | None = None,
    opening: Decimal | None = None,
    images: list[tuple[str, tuple[int, int, int]]] | None = None,
    scope: Scope | None = None,
    withdraw: tuple[date, str] | None = None,
) -> Item:
    item = Item(
        title=title,
        publication_type=ptype,
        organization_id=org.id,
        category_id=_cat(services, org, category),
        body=body,
        period=period,
        publish_date=publish,
        expire_date=expire,
        responsible=responsible,
        scope=scope,
        ledger=ledger or [],
        opening_balance=opening,
    )
    for n, (caption, colour) in enumerate(images or []):
        item.images.append(
            normalise_image(
                generated_picture(colour, n + len(title)), name=caption, caption=caption
            )
        )
    item = services.items.save(item)
    if status is Status.DRAFT:
        return item
    services.items.submit(stored_id(item.id))
    if status is Status.SUBMITTED:
        return item
    review_day = (publish or date.today()) - timedelta(days=1)
    services.items.approve(
        stored_id(item.id),
        reviewer=reviewer,
        on=review_day,
        opinion="内容真实、完整，同意公开。",
    )
    if status is Status.REVIEWED:
        return item
    item = services.items.publish(stored_id(item.id), on=publish)
    if withdraw:
        item = services.items.withdraw(stored_id(item.id), on=withdraw[0], reason=withdraw[1])
    return item


def _party_items(s: Services, org: Organization, today: date) -> None:
    L, P, IM = PublicationType.LONG_TERM, PublicationType.PERIODIC, PublicationType.IMMEDIATE
    year_start = date(today.year, 1, 1)
    q_now = Period.containing(today, Cadence.QUARTERLY)
    q_prev = _prev(q_now)
    q_prev2 = _prev(q_prev)
    _add(
        s,
        org,
        "组织设置",
        "党支部委员会成员及分工",
        L,
        publish=year_start + timedelta(days=3),
        body="书记：周建堃，主持支部全面工作，联系电话13905351234（值班电话）。\n\n"
        "组织委员：吴喆，负责发展党员、党员教育管理和党费收缴。\n\n"
        "宣传委员：郑䶮，负责宣传思想、意识形态和精神文明建设工作。",
        responsible="周建堃",
        images=[("支部委员合影", (200, 30, 30))],
    )
    _add(
        s,
        org,
        "制度规定",
        "“三会一课”制度",
        L,
        publish=year_start + timedelta(days=3),
        body="一、支部党员大会一般每季度召开一次，由支部委员会召集。\n\n"
        "二、支部委员会会议一般每月召开一次，研究支部重要工作。\n\n"
        "三、党小组会一般每月召开一次，组织党员学习、交流思想。\n\n"
        "四、党课每季度至少一次，书记每年至少讲一次党课。",
        responsible="周建堃",
    )
    _add(
        s,
        org,
        "制度规定",
        "党务公开制度（试行）",
        L,
        publish=year_start + timedelta(days=5),
        body="根据《中国共产党党务公开条例（试行）》，结合本支部实际，制定本制度。"
        "党务公开坚持发扬民主、积极稳妥、依规依法、分类实施的原则，"
        "公开内容经支部委员会提出、审核、审批后实施，公开时间一般不少于七天。"
        "党员和群众对公开内容有疑问的，可通过意见箱、监督电话反映，支部在七个工作日内答复。",
        responsible="周建堃",
    )
    for q, extra in ((q_prev2, "0"), (q_prev, "3.50")):
        start = q.start
        _add(
            s,
            org,
            "党费收缴使用",
            f"{label_zh(q)}党费收缴使用情况",
            P,
            period=str(q),
            publish=q.end + timedelta(days=9),
            body="本季度应缴党费党员31名，实缴31名，收缴率100%。",
            responsible="吴喆",
            reviewer="周建堃",
            opening=Decimal("1520.00"),
            ledger=_ledger(
                [
                    (4, "党-011", "收缴第一个月党费", "412.00", "0"),
                    (34, "党-012", "收缴第二个月党费", "412.00", "0"),
                    (64, "党-013", "收缴第三个月党费", f"{415 + float(extra):.2f}", "0"),
                    (70, "党-014", "上缴镇党委", "0", "1239.50"),
                    (75, "党-015", "订阅党报党刊", "0", "360.00"),
                ],
                start,
            ),
        )
    _add(
        s,
        org,
        "三会一课",
        f"{label_zh(q_prev)}“三会一课”开展情况",
        P,
        period=str(q_prev),
        publish=q_prev.end + timedelta(days=8),
        scope=Scope.PARTY_INTERNAL,
        body="本季度召开支部党员大会1次、支委会3次、党小组会3次，讲党课1次。"
        "党员参会率平均96.8%，缺席人员均已补学。",
        responsible="吴喆",
    )
    _add(
        s,
        org,
        "任期目标与年度计划",
        f"{today.year}年党支部工作计划",
        P,
        period=str(today.year),
        publish=year_start + timedelta(days=20),
        body="一、抓好政治理论学习，全年组织集中学习不少于12次。\n\n"
        "二、规范发展党员程序，全年计划发展党员2名。\n\n"
        "三、落实“四议两公开”工作法，重大事项全部提交党员大会审议。",
        responsible="周建堃",
    )
    _add(
        s,
        org,
        "任期目标与年度计划",
        f"{today.year - 1}年党支部工作计划",
        P,
        period=str(today.year - 1),
        publish=date(today.year - 1, 1, 20),
        body="（上一年度计划，已被本年度计划替代）",
        responsible="周建堃",
    )
    _add(
        s,
        org,
        "发展党员",
        "关于接收王𠮷同志为预备党员的公示",
        IM,
        publish=today - timedelta(days=3),
        expire=today + timedelta(days=4),
        body="经支部委员会研究，拟接收王𠮷同志（身份证号370102199003071234）为中共预备党员，"
        "现予公示。公示期内如有意见，请向党支部或镇党委组织办反映，"
        "联系人手机13812345678。",
        responsible="吴喆",
        images=[("支部党员大会", (190, 20, 20))],
    )
    _add(
        s,
        org,
        "发展党员",
        "关于确定李丽为发展对象的公示",
        IM,
        publish=today - timedelta(days=40),
        expire=today - timedelta(days=33),
        body="公示期已满，无异议。",
        responsible="吴喆",
    )
    _add(
        s,
        org,
        "党组织决议",
        "关于开展主题党日活动的决定",
        IM,
        publish=today - timedelta(days=10),
        body="支部决定于本月15日开展“清洁家园”主题党日活动，全体党员参加。",
        responsible="郑䶮",
    )
    _add(
        s,
        org,
        "党组织决议",
        "关于调整党小组设置的决定",
        IM,
        publish=today + timedelta(days=5),
        body="根据党员居住分布，将原3个党小组调整为4个。",
        responsible="周建堃",
    )
    _add(
        s,
        org,
        "党风廉政建设",
        "党风廉政建设责任清单",
        IM,
        publish=today - timedelta(days=60),
        body="（已到期）",
        responsible="周建堃",
    )
    _add(
        s,
        org,
        "民主评议党员",
        f"{today.year - 1}年度民主评议党员结果",
        P,
        period=str(today.year - 1),
        scope=Scope.PARTY_INTERNAL,
        publish=date(today.year, 1, 25),
        body="参评党员31名，评为优秀12名、合格19名。",
        responsible="吴喆",
    )
    _add(
        s,
        org,
        "党组织决议",
        "关于推选出席镇党代会代表的决定",
        IM,
        status=Status.SUBMITTED,
        body="经支部党员大会选举，推选周建堃同志为出席镇第十四次党代会代表候选人。",
        responsible="周建堃",
    )
    _add(
        s,
        org,
        "党组织决议",
        "关于党员积分管理的办法（征求意见稿）",
        IM,
        status=Status.DRAFT,
        body="为加强党员日常管理，拟实行党员积分管理。",
        responsible="郑䶮",
    )
    _add(
        s,
        org,
        "发展党员",
        "关于接收张某为预备党员的公示（已撤下）",
        IM,
        publish=today - timedelta(days=20),
        expire=today + timedelta(days=10),
        body="因材料需补充，本公示撤下。",
        responsible="吴喆",
        withdraw=(today - timedelta(days=15), "发展材料需补充完善"),
    )
    _add(
        s,
        org,
        "三会一课",
        "专题组织生活会情况通报",
        IM,
        status=Status.REVIEWED,
        publish=today + timedelta(days=2),
        body="支部召开专题组织生活会，查摆问题9条。",
        scope=Scope.PARTY_INTERNAL,
        responsible="周建堃",
    )


def _village_items(s: Services, org: Organization, today: date) -> None:
    L, P, IM = PublicationType.LONG_TERM, PublicationType.PERIODIC, PublicationType.IMMEDIATE
    year_start = date(today.year, 1, 1)
    m_now = Period.containing(today, Cadence.MONTHLY)
    months = [_prev(m_now), _prev(_prev(m_now)), _prev(_prev(_prev(m_now)))]
    q_prev = _prev(Period.containing(today, Cadence.QUARTERLY))
    _add(
        s,
        org,
        "村规民约与制度",
        "东风村村规民约",
        L,
        publish=year_start + timedelta(days=2),
        body="第一条 全体村民应当遵守宪法、法律、法规，维护社会秩序。\n\n"
        "第二条 爱护公共财产，不得损坏水利、道路交通、供电、通讯等公共设施。\n\n"
        "第三条 提倡移风易俗，红白喜事从简办理，反对铺张浪费。\n\n"
        "第四条 村民应当自觉维护村容村貌，垃圾分类投放，不得乱堆乱放。\n\n"
        "第五条 本村规民约经村民代表会议讨论通过，自公布之日起施行。",
        responsible="孙宝堃",
    )
    _add(
        s,
        org,
        "村两委成员与分工",
        "村民委员会成员及分工",
        L,
        publish=year_start + timedelta(days=2),
        body="主任：孙宝堃，主持村委会全面工作。\n\n副主任：钱喆，分管农业生产、土地管理。\n\n"
        "委员：赵䶮，分管财务、民政和妇女工作。",
        responsible="孙宝堃",
    )
    balance = Decimal("86520.35")
    for k, m in enumerate(reversed(months)):
        rows = _ledger(
            [
                (2, f"记-{m.index:02d}01", "收到镇财政转移支付", "50000.00", "0"),
                (5, f"记-{m.index:02d}02", "支付村道路维修费（东风路）", "0", "12800.00"),
                (9, f"记-{m.index:02d}03", "收到土地承包费", f"{18000 + k * 500}.00", "0"),
                (12, f"记-{m.index:02d}04", "支付保洁员工资", "0", "4500.00"),
                (15, f"记-{m.index:02d}05", "支付办公用品费", "0", "386.50"),
                (
                    20,
                    f"记-{m.index:02d}06",
                    "发放困难群众慰问金（赵某，卡号6222021234567890123）",
                    "0",
                    "2000.00",
                ),
                (25, f"记-{m.index:02d}07", "支付路灯电费", "0", "1265.80"),
            ],
            m.start,
        )
        _add(
            s,
            org,
            "财务收支明细",
            f"{label_zh(m)}村级财务收支明细",
            P,
            period=str(m),
            publish=m.end + timedelta(days=8),
            responsible="赵䶮",
            ledger=rows,
            opening=balance,
            body="以下为本月村集体财务收支明细，欢迎村民监督。",
        )
        income = sum((r.income for r in rows), Decimal(0))
        expense = sum((r.expense for r in rows), Decimal(0))
        balance = balance + income - expense
    _add(
        s,
        org,
        "农业补贴",
        f"{label_zh(q_prev)}耕地地力保护补贴发放名单",
        P,
        period=str(q_prev),
        publish=q_prev.end + timedelta(days=15),
        responsible="钱喆",
        body="孙德堃 承包面积6.5亩 补贴金额812.50元\n\n钱䶮 承包面积4.2亩 补贴金额525.00元\n\n"
        "李𡈼 承包面积8.0亩 补贴金额1000.00元\n\n"
        "以上补贴已通过一卡通发放，如有异议请于公示期内向村委会反映。",
    )
    _add(
        s,
        org,
        "低保与救助",
        f"{label_zh(q_prev)}城乡低保对象名单",
        P,
        period=str(q_prev),
        publish=q_prev.end + timedelta(days=15),
        responsible="赵䶮",
        body="户主：周某某，保障人口2人，月保障金额1160元，"
        "身份证号37068519650312281X。\n\n户主：吴某某，保障人口1人，月保障金额580元。",
    )
    _add(
        s,
        org,
        "重大事项（四议两公开）",
        "关于东风路硬化工程的决议公开",
        IM,
        publish=today - timedelta(days=6),
        expire=today + timedelta(days=24),
        body="经村党支部提议、村“两委”会议商议、党员大会审议、村民代表会议决议，"
        "决定实施东风路硬化工程，全长1.2公里，预算资金36万元，资金来源为上级奖补资金和村集体收入。"
        "工程将按规定公开招标。",
        responsible="孙宝堃",
        images=[("村民代表会议现场", (30, 80, 170))],
    )
    _add(
        s,
        org,
        "工程项目",
        "东风路硬化工程招标结果公示",
        IM,
        publish=today - timedelta(days=2),
        body="中标单位：示例县路桥工程有限公司，中标价格348,600.00元，工期60天。",
        responsible="钱喆",
        images=[("开标现场", (30, 90, 160)), ("施工路段", (60, 110, 60))],
    )
    _add(
        s,
        org,
        "一事一议筹资筹劳",
        "一事一议筹资筹劳方案（征求意见）",
        IM,
        status=Status.SUBMITTED,
        body="拟按每人每年不超过20元的标准筹资，用于村内小型水利设施维护。",
        responsible="孙宝堃",
    )
    _add(
        s,
        org,
        "宅基地审批",
        f"{label_zh(q_prev)}宅基地审批情况",
        P,
        period=str(q_prev),
        publish=q_prev.end + timedelta(days=18),
        responsible="钱喆",
        body="本季度审批宅基地2宗：孙某某，面积166平方米；钱某某，面积150平方米。",
    )
    _add(
        s,
        org,
        "年度计划与决议事项",
        f"{label_zh(q_prev)}村民代表会议决议事项清单",
        P,
        period=str(q_prev),
        publish=q_prev.end + timedelta(days=12),
        responsible="孙宝堃",
        body="1．通过东风路硬化工程实施方案；\n2．通过村集体机动地发包方案；\n3．通过保洁员聘用方案。",
    )
    _add(
        s,
        org,
        "工程项目",
        "村委会办公楼维修项目验收结果",
        IM,
        publish=today - timedelta(days=45),
        body="（已过展示期）",
        responsible="钱喆",
    )
    _add(
        s,
        org,
        "低保与救助",
        "临时救助发放情况（草稿）",
        P,
        status=Status.DRAFT,
        period=str(Period.containing(today, Cadence.QUARTERLY)),
        body="本季度临时救助3户，待村务监督委员会审核。",
        responsible="赵䶮",
    )


def _prev(period: Period) -> Period:
    """The period before ``period``."""
    if period.index > 1:
        return Period(period.year, period.cadence, period.index - 1)
    return Period(period.year - 1, period.cadence, 12 // period.months)


def add_township_villages(services: Services, today: date) -> list[Organization]:
    """Four more villages of 东风镇 for the township views (``board-app township demo``)."""
    from board_app.demo_township import build_township_demo

    return build_township_demo(services, today)
