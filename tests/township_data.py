"""Known data for the township tests: four villages of 测试镇 as of 2026-11-20 (the fixed
clock), one of another township and one of none (importable as ``township_data``)."""

from __future__ import annotations

from datetime import date

from support import category_id, publish_item

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackRecord, ReplyMethod
from board_app.domain.items import Item, Organization, OrgKind, PublicationType

TOWN = "测试镇"
MONTHLY, QUARTERLY = "财务收支明细", "低保与救助"
AS_OF = date(2026, 11, 20)  # the fixed clock of tests/conftest.py


def _village(services, name: str, *, tracking: date, township: str = TOWN) -> Organization:
    org = services.orgs.create(
        Organization(
            name=name, kind=OrgKind.VILLAGE_COMMITTEE, tracking_start=tracking, township=township
        )
    )
    # keep two tracked categories: 财务收支明细 (monthly, by the 10th) and 低保与救助
    # (quarterly, by the 20th of the month after)
    for cat in services.orgs.categories(org.id):
        if cat.publication_type is PublicationType.PERIODIC and cat.name not in (
            MONTHLY,
            QUARTERLY,
        ):
            services.orgs.delete_category(cat.id)
    return org


def _report(services, org, category: str, period: str, on: date) -> Item:
    item = Item(
        title=f"{category}（{period}）",
        publication_type=PublicationType.PERIODIC,
        organization_id=org.id,
        category_id=category_id(services, org, category),
        period=period,
    )
    return publish_item(services, item, on)


def _item(services, org, ptype: PublicationType, category: str, on: date) -> Item:
    item = Item(
        title=f"{category} {on}",
        publication_type=ptype,
        organization_id=org.id,
        category_id=category_id(services, org, category),
    )
    return publish_item(services, item, on)


def _opinion(services, org, received: date, reply: date | None = None) -> None:
    record = services.feedback.add(
        FeedbackRecord(
            organization_id=org.id,
            received=received,
            channel=Channel.BOX,
            kind=FeedbackKind.QUESTION,
            content="低保名单什么时候公布？",
        )
    ).record
    if reply is not None:
        services.feedback.reply(
            record.id, text="已公布。", on=reply, by="村委会", method=ReplyMethod.PUBLIC
        )


def build_town(services) -> dict[str, Organization]:
    """甲村 mixed, 乙村 publishes nothing, 丙村 on time but an opinion unanswered, 丁村 new;
    one village of another township and one of none."""
    july = date(2026, 7, 1)
    a = _village(services, "甲村村民委员会", tracking=july)
    _report(services, a, MONTHLY, "2026-07", date(2026, 8, 5))  # on time (due 08-10)
    _report(services, a, MONTHLY, "2026-08", date(2026, 9, 15))  # late (due 09-10)
    # 2026-09 missing: overdue since 10-10
    _report(services, a, QUARTERLY, "2026-Q3", date(2026, 10, 25))  # late (due 10-20)
    _report(services, a, MONTHLY, "2026-10", date(2026, 11, 8))  # on time (due 11-10)
    _item(services, a, PublicationType.LONG_TERM, "村规民约与制度", date(2026, 7, 1))
    _item(services, a, PublicationType.IMMEDIATE, "工程项目", date(2026, 9, 30))
    _item(services, a, PublicationType.IMMEDIATE, "工程项目", date(2026, 10, 1))
    _opinion(services, a, date(2026, 8, 1), reply=date(2026, 8, 3))
    b = _village(services, "乙村村民委员会", tracking=july)
    c = _village(services, "丙村村民委员会", tracking=july)
    for period, day in (("2026-07", 8), ("2026-08", 9), ("2026-09", 10), ("2026-10", 10)):
        month = int(period[-2:]) + 1
        _report(services, c, MONTHLY, period, date(2026, month, day))
    _report(services, c, QUARTERLY, "2026-Q3", date(2026, 10, 20))
    _opinion(services, c, date(2026, 9, 1))  # never answered
    d = _village(services, "丁村村民委员会", tracking=date(2026, 11, 1))
    _village(services, "外镇村村民委员会", tracking=july, township="别的镇")
    _village(services, "无镇村村民委员会", tracking=july, township="")
    return {"a": a, "b": b, "c": c, "d": d}


def town_database(template_dir, target):
    """A copy of the 测试镇 database, built once in ``template_dir`` (building takes seconds,
    copying the closed file milliseconds); returns ``target``."""
    import shutil
    from datetime import datetime, timezone
    from pathlib import Path

    from board_app.services.context import open_services

    template = Path(template_dir) / "town-template.sqlite3"
    if not template.exists():
        svc = open_services(template, operator="测试员")
        try:
            svc.ctx.clock = lambda: datetime(2026, 11, 20, 2, tzinfo=timezone.utc)
            build_town(svc)
        finally:
            svc.close()
    shutil.copy(template, target)
    return Path(target)
