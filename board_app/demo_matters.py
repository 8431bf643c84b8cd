"""Demo 四议两公开 matter: 墨黑村 decides where the 50 生态文明家园建设 households are (seed 篇9).

The case of the survey report (墨黑村, 扎西镇, 威信县): the county gave the village 50 places of
the 生态文明家园建设 project, 1.2万元 per household; the party branch proposed a contiguous area,
the two committees consulted, the party members reviewed, the villagers' representatives
resolved, and the range was posted. People and counts below are invented; dates are relative to
the day the demo is made. Both disclosures are published through the normal workflow.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from board_app.domain.ids import stored_id
from board_app.domain.items import LedgerRow, Organization, OrgKind
from board_app.domain.matters import Body, Matter, Outcome, Step, StepKind
from board_app.services.catalogue_defaults import default_catalogue
from board_app.services.context import Services
from board_app.services.matters import MATTER_CATEGORY, RULES_CATEGORY

MOHEI = "墨黑村村民委员会"
MATTER_TITLE = "生态文明家园建设项目50户落实范围"


def _publish(services: Services, item_id: int, on: date) -> None:
    services.items.submit(item_id)
    services.items.approve(item_id, reviewer="村务监督委员会 王德喆", on=on, opinion="同意公开")
    services.items.publish(item_id, on=on)


def build_mohei(services: Services, today: date) -> Matter:
    """Create 墨黑村 with its 范围/工作流程 on the wall and the 50-household matter done.

    The service clock is set to ``today`` meanwhile, so the meetings are in the past whatever
    day the demo is built for.
    """
    saved = services.ctx.clock
    services.ctx.clock = lambda: datetime.combine(today, time(12), tzinfo=timezone.utc)
    try:
        return _build_mohei(services, today)
    finally:
        services.ctx.clock = saved


def _build_mohei(services: Services, today: date) -> Matter:
    org = services.orgs.create(
        Organization(
            name=MOHEI,
            kind=OrgKind.VILLAGE_COMMITTEE,
            phone="0870-6123456",
            address="云南省昭通市威信县扎西镇墨黑村",
            fonds_code="J108",
            fonds_name="威信县扎西镇墨黑村村民委员会",
            board_title="墨黑村村务公开栏",
            footer_lines=["村务监督委员会监督电话：0870-6123457"],
            tracking_start=today - timedelta(days=90),
        ),
        with_catalogue=False,
    )
    # Only the catalogue rows the 四议两公开 record uses: the demo's periodic reports (and their
    # calendar) stay with 东风村.
    for cat in default_catalogue(org.kind):
        if cat.name in (RULES_CATEGORY, MATTER_CATEGORY):
            cat.organization_id = org.id
            services.orgs.save_category(cat)
    for item in services.matters.scope_and_workflow_items(stored_id(org.id), responsible="杨永堃"):
        _publish(services, stored_id(item.id), today - timedelta(days=120))
    matter = services.matters.create(
        Matter(
            title=MATTER_TITLE,
            organization_id=org.id,
            kind="补助对象和项目落实范围确定",
            proposer="墨黑村党总支",
            budget=Decimal("600000.00"),
            description=(
                "县里安排我村生态文明家园建设指标50户，按质按期完成的每户可获补助和奖金共计1.2万元。"
                "为发挥示范带动作用，拟将项目确定在相对连片的范围内落实，避免“优亲厚友”。"
            ),
        )
    )
    start = today - timedelta(days=75)
    meetings = [
        (
            StepKind.PROPOSAL,
            Body.BRANCH_COMMITTEE,
            0,
            "村党总支办公室",
            7,
            7,
            (7, 0, 0),
            "党总支根据村情和群众积极性，提出在大寨、小寨等相邻村民小组连片落实的初步意见。",
        ),
        (
            StepKind.CONSULTATION,
            Body.JOINT_COMMITTEES,
            3,
            "村委会会议室",
            12,
            11,
            (11, 0, 0),
            "两委逐组比较交通、房屋现状和群众意愿，商议形成连片落实方案。",
        ),
        (
            StepKind.REVIEW,
            Body.PARTY_MEMBERS,
            7,
            "村委会会议室",
            92,
            71,
            (66, 3, 2),
            "党员充分讨论，补充了困难户优先、苗族聚居组兼顾的意见。",
        ),
        (
            StepKind.RESOLUTION,
            Body.REPRESENTATIVES,
            10,
            "村委会会议室",
            68,
            55,
            (51, 2, 2),
            "村民代表表决通过落实范围，其余有意愿的农户列入下一批。",
        ),
    ]
    for kind, body, offset, place, members, present, votes, summary in meetings:
        step = Step(
            kind=kind,
            body=body,
            held_on=start + timedelta(days=offset),
            place=place,
            chair="杨永堃",
            recorder="陈䶮",
            members=members,
            present=present,
            votes_for=votes[0],
            votes_against=votes[1],
            abstentions=votes[2],
            outcome=Outcome.PASSED,
            summary=summary,
            supervisors_attended=kind is not StepKind.PROPOSAL,
            supervisors="王德喆" if kind is not StepKind.PROPOSAL else "",
        )
        saved = services.matters.save_step(stored_id(matter.id), step)
        recorded = saved.open_step()
        assert recorded is not None  # the step just saved is the open one
        services.matters.close_step(stored_id(matter.id), stored_id(recorded.id))
    resolved_on = start + timedelta(days=10)
    item = services.matters.disclose_resolution(
        stored_id(matter.id), on=resolved_on + timedelta(days=1)
    )
    _publish(services, stored_id(item.id), resolved_on + timedelta(days=1))
    done = today - timedelta(days=10)
    spending = [
        LedgerRow(
            start + timedelta(days=30),
            "记-0731",
            "收到县级生态文明家园建设补助资金",
            Decimal("600000.00"),
            Decimal("0.00"),
        ),
        LedgerRow(
            done - timedelta(days=20),
            "付-0802",
            "发放第一批25户建设补助",
            Decimal("0.00"),
            Decimal("300000.00"),
        ),
        LedgerRow(
            done - timedelta(days=1),
            "付-0803",
            "发放第二批25户建设补助及奖金",
            Decimal("0.00"),
            Decimal("300000.00"),
        ),
    ]
    services.matters.mark_implemented(
        stored_id(matter.id),
        on=done,
        summary="50户生态文明家园全部建成并经镇村联合验收合格，补助资金已全部发放到户。",
        spending=spending,
    )
    result = services.matters.disclose_result(stored_id(matter.id))
    _publish(services, stored_id(result.id), today - timedelta(days=8))
    return services.matters.get(stored_id(matter.id))
