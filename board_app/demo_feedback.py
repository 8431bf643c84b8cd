"""Demo feedback records: every status, one overdue, one reply posted on the 回音壁."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from board_app.domain.feedback import (
    BoxOpening,
    Channel,
    FeedbackKind,
    FeedbackRecord,
    ReplyMethod,
    Satisfaction,
)
from board_app.domain.ids import stored_id
from board_app.domain.items import Organization

if TYPE_CHECKING:
    from board_app.services.context import Services


def build_feedback_demo(
    s: Services, party: Organization, village: Organization, today: date
) -> None:
    """Box openings and feedback records of the demo organizations as of ``today``."""
    fb = s.feedback
    settings = fb.settings(stored_id(village.id))
    settings.board_enabled = True
    settings.box_interval_days = 7
    fb.save_settings(settings)

    def add(org: Organization, days_ago: int, **kw: Any) -> FeedbackRecord:
        record = FeedbackRecord(
            organization_id=stored_id(org.id),
            received=today - timedelta(days=days_ago),
            **kw,
        )
        return fb.add(record).record

    ledger = next(
        (i for i in s.items.all_for(stored_id(village.id)) if i.number and i.ledger),
        None,
    )
    posted = add(
        village,
        30,
        channel=Channel.BOX,
        kind=FeedbackKind.QUESTION,
        content="村道路维修费每月都有支出，东风路修了几次？钱是从哪里来的？",
        submitter="李堃",
        contact="13805351111",
        item_number=ledger.number if ledger and ledger.number else "",
    )
    fb.reply(
        stored_id(posted.id),
        text="东风路今年分三段维修，资金来自镇财政转移支付，每笔支出已在财务收支明细中逐笔公开。",
        on=today - timedelta(days=25),
        by="东风村村民委员会",
        method=ReplyMethod.PUBLIC,
        public_summary="村民询问东风路维修次数和资金来源",
        post_from=today - timedelta(days=25),
    )
    fb.close(stored_id(posted.id), on=today - timedelta(days=20), response=Satisfaction.SATISFIED)

    replied = add(
        village,
        10,
        channel=Channel.HOTLINE,
        kind=FeedbackKind.SUGGESTION,
        content="建议村里的路灯冬天晚上延长到十点再关。",
        submitter="周喆",
        contact="13905352222",
    )
    fb.reply(
        stored_id(replied.id),
        text="已调整为冬季 18:00 至 22:00 开灯。",
        on=today - timedelta(days=6),
        by="钱喆",
        method=ReplyMethod.PHONE,
    )

    handling = add(
        village,
        8,
        channel=Channel.LETTER,
        kind=FeedbackKind.COMPLAINT,
        content="三组土地承包费收缴名单里有已经去世的老人，请核实。",
        submitter="",
        handler="赵䶮",
    )
    fb.start(stored_id(handling.id), handler="赵䶮")

    overdue = add(
        village,
        20,
        channel=Channel.VISIT,
        kind=FeedbackKind.OPINION,
        content="困难群众慰问金发放对象的评定标准没有公开，请公开评定标准。",
        submitter="王大伟",
        contact="13705353333",
    )
    fb.start(stored_id(overdue.id), handler="孙宝堃")

    opening = fb.add_opening(
        BoxOpening(
            organization_id=stored_id(village.id),
            opened=today - timedelta(days=4),
            opener_one="钱喆",
            opener_two="村务监督委员会 刘䶮",
            letters=2,
            note="二楼大厅意见箱",
        )
    )
    add(
        village,
        4,
        channel=Channel.BOX,
        kind=FeedbackKind.SUGGESTION,
        content="建议在村委会门口增设公开栏夜间照明。",
        opening_id=opening.id,
    )
    add(
        party,
        2,
        channel=Channel.ONLINE,
        kind=FeedbackKind.QUESTION,
        content="今年发展党员的名额是多少？什么时候公示？",
        submitter="陈晓",
    )
