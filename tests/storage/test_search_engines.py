"""Search gives the same answers on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import pytest

from board_app.domain.items import Item, Organization, OrgKind, PublicationType
from board_app.domain.queries import ItemFilter

pytestmark = pytest.mark.both_engines

TEXTS = [
    ("关于孙宝同志的公示", "经党支部研究，拟确定孙宝为发展对象。"),
    ("2026年第三季度党费收缴使用情况", "本季度收缴党费 1,239.50 元。"),
    ("村级财务收支公开", "道路硬化工程支出 𠮷祥路 120,000.00 元；Road Project 完成。"),
    ("低保户名单", "张䶮、王堃、李喆 三户。折扣 50% 之后_余额"),
    ("Spring cleaning 大扫除", "全体村民参加。"),
]


@pytest.fixture
def org_id(services) -> int:
    org = services.orgs.create(Organization(name="东风村村委会", kind=OrgKind.VILLAGE_COMMITTEE))
    for title, body in TEXTS:
        services.items.save(
            Item(
                organization_id=org.id,
                title=title,
                body=body,
                publication_type=PublicationType.IMMEDIATE,
            )
        )
    return org.id


def titles(services, org_id: int, text: str) -> set[str]:
    flt = ItemFilter(organization_id=org_id, text=text)
    return {s.title for s in services.items.page(flt, limit=50)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("党费", {"2026年第三季度党费收缴使用情况"}),  # two characters
        ("孙", {"关于孙宝同志的公示"}),  # one character
        ("党费收缴使用", {"2026年第三季度党费收缴使用情况"}),  # trigram index
        ("公示 孙宝", {"关于孙宝同志的公示"}),  # every term must match
        ("公示 党费", set()),
        ("财务 𠮷祥路", {"村级财务收支公开"}),  # Extension B in the body
        ("䶮", {"低保户名单"}),
        ("road project", {"村级财务收支公开"}),  # Latin letters ignore case
        ("SPRING", {"Spring cleaning 大扫除"}),
        ("50%", {"低保户名单"}),  # % and _ are literal characters
        ("%", {"低保户名单"}),
        ("之后_余", {"低保户名单"}),
        ("1,239.50", {"2026年第三季度党费收缴使用情况"}),
        ("不存在的词", set()),
    ],
)
def test_search_terms(services, org_id, text, expected):
    assert titles(services, org_id, text) == expected
