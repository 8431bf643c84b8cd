"""Poster templates and layout geometry (no PDF)."""

from __future__ import annotations

import pytest
from poster_samples import ON, categories, items, org, sections

from board_app.domain.items import PublicationType
from board_app.errors import UsageError
from board_app.i18n import get_language, set_language
from board_app.layout.poster import board_title, build_poster
from board_app.layout.poster_model import Rect, Text
from board_app.layout.templates import (
    LEGIBILITY,
    custom_template,
    list_templates,
    load_template,
    min_body_pt,
    resolve_template,
)


@pytest.fixture(autouse=True)
def chinese():
    before = get_language()
    set_language("zh_CN")
    yield
    set_language(before)


def test_bundled_templates_load_and_respect_legibility() -> None:
    names = list_templates()
    for expected in (
        "a4-portrait",
        "a3-portrait",
        "a2-portrait",
        "a2-landscape",
        "a1-portrait",
        "a1-landscape",
        "a0-portrait",
        "a0-landscape",
    ):
        assert expected in names
    for name in names:
        t = load_template(name)
        assert t.min_body_pt >= min_body_pt(t.width_mm, t.height_mm)
        assert (t.width_mm > t.height_mm) == name.endswith("landscape")
    assert load_template("a3-portrait").width_pt == pytest.approx(841.89, abs=0.01)
    assert load_template("a3-portrait").height_pt == pytest.approx(1190.55, abs=0.01)


def test_legibility_table() -> None:
    assert [
        min_body_pt(*s)
        for s in ((210, 297), (297, 420), (420, 594), (594, 841), (841, 1189), (2000, 1200))
    ] == [12, 12, 16, 20, 24, 28]
    sizes = [size for _limit, size in LEGIBILITY]
    assert sizes == sorted(sizes)


def test_custom_sizes() -> None:
    t = custom_template("2000x1200")
    assert (t.width_mm, t.height_mm) == (2000, 1200)
    assert t.body_pt == 28 and t.columns >= 3
    assert custom_template("A2", landscape=True).name == "a2-landscape"
    assert resolve_template(None, None, True).name == "a3-landscape"
    assert resolve_template(None, "A0", False).name == "a0-portrait"
    for bad in ("B5", "20x20", "axb"):
        with pytest.raises(UsageError):
            custom_template(bad)
    with pytest.raises(UsageError):
        load_template("nope")


def test_board_title_from_org_and_domains() -> None:
    from board_app.domain.items import Domain

    assert board_title(org(name="东风村党支部"), [Domain.PARTY]) == "东风村党支部党务公开栏"
    assert (
        board_title(org(name="东风村"), [Domain.FINANCE, Domain.VILLAGE])
        == "东风村村务、财务公开栏"
    )
    assert board_title(org(board_title="东风村两委公开栏"), [Domain.PARTY]) == "东风村两委公开栏"


def _layout(its=None, template="a3-portrait"):
    return build_poster(org(), sections(its), load_template(template), ON, categories=categories())


def test_sections_in_order_with_empty_section_and_fonts_not_below_minimum() -> None:
    layout = _layout()
    assert len(layout.sheets) == 1
    texts = [t.text for t in layout.texts()]
    pos = [texts.index(label) for label in ("长期公开", "定期公开", "即时公开")]
    assert pos == sorted(pos)
    assert "本期暂无公开内容" in texts
    assert all(t.size >= layout.template.min_body_pt for t in layout.texts())


def test_everything_stays_inside_the_page() -> None:
    for name in ("a4-portrait", "a3-portrait", "a1-landscape"):
        layout = _layout(template=name)
        for sheet in layout.sheets:
            for p in sheet.prims:
                if isinstance(p, Text):
                    assert p.x >= 0 and p.y <= sheet.height
                elif isinstance(p, Rect):
                    assert p.x >= -0.01 and p.x + p.w <= sheet.width + 0.01
                    assert p.y + p.h <= sheet.height + 0.01


def test_long_item_continues_on_next_sheet() -> None:
    its = items()
    its[1].body = "\n\n".join([its[1].body] * 30)
    layout = _layout(its, "a4-portrait")
    assert len(layout.sheets) >= 2
    assert layout.continued_sheets == len(layout.sheets) - 1
    second = [t.text for t in layout.sheets[1].prims if isinstance(t, Text)]
    assert "定期公开（续）" in second
    assert any(t.endswith("（续）") and "党费" in t for t in second)
    assert f"第 1 张 / 共 {len(layout.sheets)} 张" in [
        t.text for t in layout.sheets[0].prims if isinstance(t, Text)
    ]
    # nothing dropped: every body line of every copy is present
    all_text = "".join(t.text for t in layout.texts())
    assert all_text.count("请全体党员监督") == 30


def test_no_sheet_label_on_single_sheet() -> None:
    assert not any("张 / 共" in t.text for t in _layout().texts())


def test_masking_applied_to_titles_body_ledger_and_captions() -> None:
    its = items()
    its[1].title = "联系电话13812345678"
    texts = "".join(t.text for t in _layout(its).texts())
    assert "13812345678" not in texts
    assert "420984199003077777" not in texts
    assert "138****5678" in texts
    assert "0716-3267309" in texts  # the organization's public number stays


def test_empty_board_keeps_all_bars() -> None:
    layout = build_poster(
        org(),
        {pt: [] for pt in PublicationType},
        load_template("a4-portrait"),
        ON,
        categories=categories(),
    )
    texts = [t.text for t in layout.texts()]
    assert texts.count("本期暂无公开内容") == 3


def test_ledger_without_opening_balance_prints_difference() -> None:
    its = items()
    its[1].opening_balance = None
    texts = [t.text for t in _layout(its).texts()]
    assert "收支差额" in texts and "上期结余" not in texts
    assert "97.50" in texts  # 1,918.50 income - 1,821.00 expense


def test_a4_landscape_is_computed() -> None:
    t = resolve_template("a4-portrait", None, True)
    assert (t.width_mm, t.height_mm, t.body_pt) == (297, 210, 12)
