"""No personal number reaches a public board whole, whichever field it is typed into.

Numbers are generated in the forms people type (see test_masking) and planted in every text
field an item, its ledger and pictures, its category and its organization carry; the board is
rendered to PDF, full size and tiled, and its extracted text must not hold any of them whole.
"""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from poster_samples import ON, categories, item, org, png
from pypdf import PdfReader
from support import FakeRepo
from test_masking import _typed_number

from board_app.domain.items import ItemImage, LedgerRow, PublicationType
from board_app.domain.masking import normalise_number
from board_app.services.boards import PosterOptions, render_poster_bytes

ITEM_FIELDS = ("title", "body", "responsible", "reviewer", "review_opinion")
ROW_FIELDS = ("voucher", "summary")
ORG_FIELDS = ("name", "board_title", "board_subtitle", "footer_line", "address")


def _options(tile: str | None) -> PosterOptions:
    return PosterOptions(
        on=ON,
        template=None,
        size="A2" if tile else None,
        landscape=False,
        audience="public",
        tile=tile,
        overlap_mm=10.0,
        allow_missing_glyphs=False,
        deterministic=True,
    )


def _board_text(planted: dict[str, str], tile: str | None) -> str:
    o = org(
        name="东风村党支部" + planted["name"],
        board_title="东风村公开栏" + planted["board_title"],
        board_subtitle="监督电话见下" + planted["board_subtitle"],
        footer_lines=["地址：东风村" + planted["footer_line"]],
        address=planted["address"],
    )
    cats = categories()
    cats[1] = dataclasses.replace(cats[1], name="党费" + planted["category"])
    periodic = item(
        "党费收缴" + planted["title"],
        PublicationType.PERIODIC,
        2,
        period="2026-Q3",
        body="经办人说明：" + planted["body"] + "。",
        responsible="王建国" + planted["responsible"],
        reviewer="赵明" + planted["reviewer"],
        review_opinion="同意" + planted["review_opinion"],
        review_date=date(2026, 9, 28),
        opening_balance=Decimal("100.00"),
        ledger=[
            LedgerRow(
                date(2026, 9, 5),
                "记" + planted["voucher"],
                "收党费" + planted["summary"],
                Decimal("960.00"),
            ),
        ],
        images=[
            ItemImage(png(120, 80), caption="收据" + planted["caption"], media_type="image/png")
        ],
    )
    data, _result = render_poster_bytes(FakeRepo(o, [periodic], cats), o.name, _options(tile))
    reader = PdfReader(io.BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages)


_PLACES = (*ITEM_FIELDS, *ROW_FIELDS, *ORG_FIELDS, "caption", "category")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_typed_number(), min_size=len(_PLACES), max_size=len(_PLACES)), st.booleans())
def test_no_planted_number_survives_on_a_board(numbers, tiled) -> None:
    planted = {place: typed for place, (_digits, typed) in zip(_PLACES, numbers, strict=True)}
    text = _ascii_digits(_board_text(planted, "A4" if tiled else None))
    for place, (digits, typed) in zip(_PLACES, numbers, strict=True):
        assert not _readable(digits, text), f"{typed!r} in {place} survived"


def _ascii_digits(text: str) -> str:
    """Every digit (any script, Chinese numerals too) as ASCII; other characters kept."""
    return "".join(normalise_number(ch) or ch for ch in text)


def _readable(digits: str, text: str) -> bool:
    """Whether ``digits`` can be read in order in ``text`` with only non-digits between them
    (a masked digit '*' or another digit in between breaks the number)."""
    gap = "[^0-9*\uff0a]{0,8}"
    return re.search(gap.join(digits), text) is not None


def test_supervision_phone_is_exempt_by_design() -> None:
    """The organization's published 监督电话 is printed as it is (documented in docs/posters.md)."""
    text = _board_text({p: "" for p in _PLACES}, None)
    assert "0716-3267309" in text
