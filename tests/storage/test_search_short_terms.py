"""One- and two-character search terms: the same answers as a plain LIKE scan on both engines;
on PostgreSQL answered by the grams index of schema step 10 (storage/migrations_search.py)."""

from __future__ import annotations

import random

import pytest

from board_app.domain.items import Item, Organization, OrgKind, PublicationType
from board_app.domain.queries import ItemFilter

pytestmark = pytest.mark.both_engines

TEXTS = [
    ("关于孙宝同志的公示", "经党支部研究，拟确定孙宝为发展对象。"),
    ("𠮷祥路硬化", "𠮷𠮷连写；张䶮、王堃、李喆。"),
    ("Road 工程", "ROAD project：ＡＢ全角字母，ab 半角。"),
    ("低保", "名单见附件（共 3 户）"),
    ("x", "a"),  # one-character title and body
]


def _save_all(services, texts) -> int:  # type: ignore[no-untyped-def]
    org = services.orgs.create(Organization(name="东风村村委会", kind=OrgKind.VILLAGE_COMMITTEE))
    for title, body in texts:
        services.items.save(
            Item(
                organization_id=org.id,
                title=title,
                body=body,
                publication_type=PublicationType.IMMEDIATE,
            )
        )
    return org.id


def _titles(services, org_id: int, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    flt = ItemFilter(organization_id=org_id, text=text)
    return {s.title for s in services.items.page(flt, limit=500)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("孙宝", {"关于孙宝同志的公示"}),
        ("宝", {"关于孙宝同志的公示"}),
        ("𠮷", {"𠮷祥路硬化"}),  # Extension B: one character
        ("𠮷𠮷", {"𠮷祥路硬化"}),
        ("𠮷祥", {"𠮷祥路硬化"}),
        ("䶮、", {"𠮷祥路硬化"}),
        ("；", {"𠮷祥路硬化"}),  # full-width punctuation
        ("：Ａ", {"Road 工程"}),
        ("ＡＢ", {"Road 工程"}),  # full-width Latin letters
        ("rO", {"Road 工程"}),  # Latin case folded
        ("Ab", {"Road 工程"}),
        ("（共", {"低保"}),
        ("3", {"低保"}),
        ("示经", set()),  # end of the title + start of the body: not one text
        ("x", {"x"}),
        ("A", {"x", "Road 工程"}),
        ("孙宝 发展", {"关于孙宝同志的公示"}),
        ("孙宝 低保", set()),
        ("宝 孙宝同志", {"关于孙宝同志的公示"}),  # a short and a long term
        ("不存", set()),
    ],
)
def test_short_terms(services, text: str, expected: set[str]) -> None:
    org_id = _save_all(services, TEXTS)
    assert _titles(services, org_id, text) == expected


ALPHABET = (
    "孙宝低保党费公示村务财务𠮷𠀀𪚥䶮堃喆"  # common, Extension B and rare characters
    "，。；：（）“”、！？　%_\\"  # full-width punctuation, the ideographic space, LIKE's own
    "abcXYZ12 "
)


def _random_texts(rnd: random.Random, count: int) -> list[tuple[str, str]]:
    def text(low: int, high: int) -> str:
        return "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(low, high))).strip() or "空"

    out = [(f"标题{n}{text(0, 6)}", text(1, 40)) for n in range(count)]
    out.append(("长段落", text(3000, 3000)))  # a very long paragraph (many repeated grams)
    return out


def _brute_force(texts: list[tuple[str, str]], query: str) -> set[str]:
    """Titles whose title or body contains every term, ASCII letters in any case."""

    def has(term: str, value: str) -> bool:
        if term.lower() == term.upper():
            return term in value
        return term.lower() in value.lower()

    terms = query.split()
    return {t for t, b in texts if all(has(term, t) or has(term, b) for term in terms)}


def test_short_terms_equal_a_brute_force_scan(services) -> None:
    rnd = random.Random(18)
    texts = _random_texts(rnd, 60)
    org_id = _save_all(services, texts)
    chars = sorted(set(ALPHABET) - {" "})
    queries = set(rnd.sample(chars, 12))
    for title, body in rnd.sample(texts, 15):
        for value in (title, body):
            start = rnd.randrange(max(1, len(value) - 1))
            piece = value[start : start + 2].strip()
            if piece:
                queries |= {piece, piece.swapcase()}
    queries |= {a + b for a, b in zip(rnd.sample(chars, 10), rnd.sample(chars, 10), strict=True)}
    queries |= {"孙 宝", "𠮷 a", "XY 公示"}
    for query in sorted(queries):
        assert _titles(services, org_id, query) == _brute_force(texts, query), query
