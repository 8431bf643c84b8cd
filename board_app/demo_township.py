"""Four more villages for the demo township 东风镇 (``board-app township demo``): they keep their
boards differently well, so the township calendar and the 公开情况统计表 have something to show.
The demo database's own two organizations already belong to 东风镇.

Reports are published on time, late or not at all by a fixed pattern per village (no random
numbers): 西山村 is exemplary, 南河村 sometimes late, 北岭村 often misses reports and leaves an
opinion unanswered, 柳树湾村 is new (tracked from this quarter).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackRecord, ReplyMethod
from board_app.domain.items import Cadence, Organization, OrgKind, PublicationType, Status
from board_app.domain.periods import Period
from board_app.domain.schedule import DueState, disclosure_calendar
from board_app.errors import UsageError
from board_app.i18n import _

if TYPE_CHECKING:
    from board_app.services.context import Services

from board_app.demo import TOWNSHIP

_HEAD = "村委会主任"

#: name, fonds code, pattern of report outcomes (o: on time, l: late, -: missing), quarters back
_VILLAGES: list[tuple[str, str, str, int]] = [
    ("西山村村民委员会", "J041", "o", 2),
    ("南河村村民委员会", "J042", "oolo", 2),
    ("北岭村村民委员会", "J043", "o--l-", 3),
    ("柳树湾村村民委员会", "J044", "o", 0),
]

_LONG_TERM = [
    ("村规民约与制度", "村规民约（2026年修订）", "经村民代表会议讨论通过，自公布之日起施行。"),
    ("村两委成员与分工", "村两委成员及分工", "党支部书记、村委会主任：负责全面工作。"),
]
_IMMEDIATE = [
    ("工程项目", "村内道路硬化工程招标结果公示", "中标单位：示例县路桥工程有限公司。"),
    ("一事一议筹资筹劳", "一事一议筹资方案公示", "每户筹资标准及用途经村民代表会议通过。"),
]


def village_names() -> list[str]:
    """The names of the demo villages."""
    return [name for name, *_rest in _VILLAGES]


def build_township_demo(s: Services, today: date) -> list[Organization]:
    """Add the four villages to 东风镇 as of ``today``; UsageError (nothing added) when one of
    them exists already."""
    from board_app.demo import _add

    existing = [n for n in village_names() if s.repo.get_organization_by_name(n) is not None]
    if existing:
        raise UsageError(
            _("The demo villages exist already: {names}").format(names="、".join(existing))
        )
    made = []
    with s.repo.transaction():  # all four or none
        for n, (name, fonds, pattern, quarters_back) in enumerate(_VILLAGES):
            start = Period.containing(today, Cadence.QUARTERLY)
            for _step in range(quarters_back):
                start = _previous_quarter(start)
            short = name[: name.index("村") + 1]
            org = s.orgs.create(
                Organization(
                    name=name,
                    kind=OrgKind.VILLAGE_COMMITTEE,
                    phone=f"0535-72660{n + 1}0",
                    address=f"示例县{TOWNSHIP}{short}",
                    fonds_code=fonds,
                    fonds_name=name,
                    board_title=f"{short}村务公开栏",
                    tracking_start=start.start,
                    township=TOWNSHIP,
                )
            )
            first = max(start.start, today - timedelta(days=150))
            for k, (category, title, body) in enumerate(_LONG_TERM):
                _add(
                    s,
                    org,
                    category,
                    title,
                    PublicationType.LONG_TERM,
                    body=body,
                    publish=first + timedelta(days=k),
                    responsible=_HEAD,
                )
            for k, (category, title, body) in enumerate(_IMMEDIATE[: 2 - n % 2]):
                _add(
                    s,
                    org,
                    category,
                    f"{short}{title}",
                    PublicationType.IMMEDIATE,
                    body=body,
                    publish=today - timedelta(days=5 + 20 * k),
                    responsible=_HEAD,
                )
            _reports(s, org, today, pattern)
            _feedback(s, org, today, answered=pattern != "o--l-")
            made.append(org)
    return made


def _previous_quarter(period: Period) -> Period:
    if period.index > 1:
        return Period(period.year, period.cadence, period.index - 1)
    return Period(period.year - 1, period.cadence, 4)


def _reports(s: Services, org: Organization, today: date, pattern: str) -> None:
    """Publish the periodic reports already due, following ``pattern`` in turn."""
    from board_app.demo import _add

    categories = s.orgs.categories(org.id)  # type: ignore[arg-type]
    entries = disclosure_calendar(org, categories, [], today)
    n = 0
    for entry in entries:
        if entry.state is DueState.UPCOMING:
            continue
        outcome = pattern[n % len(pattern)]
        n += 1
        if outcome == "-":
            continue
        day = entry.due - timedelta(days=5) if outcome == "o" else entry.due + timedelta(days=9)
        day = max(day, entry.period.end + timedelta(days=1))
        if day > today:
            continue  # a late report that is not out yet: overdue for now
        _add(
            s,
            org,
            entry.category.name,
            f"{entry.category.name}（{entry.period}）",
            PublicationType.PERIODIC,
            period=str(entry.period),
            publish=day,
            body=f"{entry.category.name}，统计期间{entry.period.start}至{entry.period.end}。",
            status=Status.PUBLISHED,
            responsible=_HEAD,
        )


def _feedback(s: Services, org: Organization, today: date, *, answered: bool) -> None:
    record = s.feedback.add(
        FeedbackRecord(
            organization_id=org.id,  # type: ignore[arg-type]
            received=today - timedelta(days=20),
            channel=Channel.BOX,
            kind=FeedbackKind.QUESTION,
            content="村里的低保名单什么时候公布？",
        )
    ).record
    if answered:
        s.feedback.reply(
            record.id,  # type: ignore[arg-type]
            text="低保名单已于本季度在村务公开栏公布。",
            on=today - timedelta(days=15),
            by=org.name,
            method=ReplyMethod.PUBLIC,
        )
