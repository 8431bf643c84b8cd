"""Poster PDFs: text, page sizes, fonts, tiling, and the service/CLI pipeline."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from poster_samples import ON, RAW_ID, RAW_PHONE, items, ledger, sample_repo
from pypdf import PdfReader

from board_app.domain.money import ledger_totals, to_chinese_capital
from board_app.errors import CheckFailedError, NotFoundError
from board_app.i18n import get_language, set_language
from board_app.layout.templates import MM
from board_app.layout.tiling import plan_tiles
from board_app.services.boards import PosterOptions, make_poster, render_poster_bytes


@pytest.fixture(autouse=True)
def chinese():
    before = get_language()
    set_language("zh_CN")
    yield
    set_language(before)


def _opts(**kw) -> PosterOptions:
    base = {
        "on": ON,
        "template": None,
        "size": None,
        "landscape": False,
        "audience": "public",
        "tile": None,
        "overlap_mm": 10.0,
        "allow_missing_glyphs": False,
        "deterministic": True,
    }
    base.update(kw)
    return PosterOptions(**base)


def _pdf(repo=None, **kw) -> tuple[PdfReader, object]:
    data, result = render_poster_bytes(repo or sample_repo(), "东风村党支部", _opts(**kw))
    return PdfReader(io.BytesIO(data)), result


def _text(reader: PdfReader) -> str:
    return "".join("".join(p.extract_text().split()) for p in reader.pages)


def _fonts(reader: PdfReader) -> list[dict]:
    """Every font dictionary reachable from the pages (including inside form XObjects)."""
    found, seen = [], set()

    def walk(resources) -> None:
        if not resources:
            return
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                found.append(font)
        for ref in (resources.get("/XObject") or {}).values():
            xo = ref.get_object()
            if xo.get("/Subtype") == "/Form":
                walk(xo.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def test_a3_poster_text_sections_masking_and_capitals() -> None:
    reader, result = _pdf()
    assert result.sheets == 1 and len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(841.89, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(1190.55, abs=0.01)
    text = _text(reader)
    pos = [text.index(s) for s in ("长期公开", "定期公开", "即时公开")]
    assert pos == sorted(pos)
    for s in (
        "东风村党支部党务、财务公开栏",
        "支部委员会组成及分工",
        "2026年第三季度党费收缴情况",
        "本期暂无公开内容",
        "上期结余",
        "本期结余",
        "合计",
        "监督电话：0716-3267309",
    ):
        assert s in text, s
    income, _expense, _closing = ledger_totals(ledger(), None)
    assert to_chinese_capital(income) in text
    assert RAW_ID not in text and RAW_PHONE not in text
    assert "420984********7777" in text and "138****5678" in text
    assert reader.metadata.title == "东风村党支部党务、财务公开栏"
    assert reader.metadata.author == "东风村党支部"


def test_fonts_embedded_subset_no_helvetica() -> None:
    for kw in ({}, {"tile": "A4", "template": "a2-portrait"}):
        reader, _ = _pdf(**kw)
        fonts = _fonts(reader)
        assert fonts
        for font in fonts:
            name = str(font["/BaseFont"])
            assert "Helvetica" not in name
            assert name[7:8] == "+", name  # subset prefix ABCDEF+
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_custom_size_and_board_language_is_the_organizations_not_the_uis() -> None:
    set_language("en")  # the operator's UI is English ...
    reader, _result = _pdf(size="2000x1200")
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(2000 * MM, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(1200 * MM, abs=0.01)
    text = _text(reader)
    # ... but the organization's board is Chinese (its default)
    assert "长期公开" in text and "本期暂无公开内容" in text and "Long-term" not in text
    repo = sample_repo()
    repo.org.board_language = "en"
    set_language("zh_CN")
    text = _text(_pdf(repo, size="2000x1200")[0])
    assert "Long-termdisclosure" in text and "Nodisclosuresinthisperiod" in text
    assert "2026-10-15" in text and "公开" not in text.replace("公开栏", "")


def test_long_item_makes_second_sheet() -> None:
    its = items()
    its[1].body = "\n\n".join([its[1].body] * 12)
    reader, result = _pdf(sample_repo(its), template="a4-portrait")
    assert result.sheets == len(reader.pages) >= 2
    assert result.continued_sheets == result.sheets - 1
    first, second = ("".join(p.extract_text().split()) for p in reader.pages[:2])
    assert f"第1张/共{result.sheets}张" in first
    assert "定期公开（续）" in second


def test_tiling_a1_on_a4() -> None:
    plan = plan_tiles(594 * MM, 841 * MM, "A4", 10)
    assert (plan.rows, plan.cols) == (5, 3) and plan.landscape
    # windows overlap by exactly 10 mm and cover the poster
    assert plan.tiles[1].x - plan.tiles[0].x == pytest.approx(plan.tiles[0].w - 10 * MM)
    last = plan.tiles[-1]
    assert last.x + last.w == pytest.approx(594 * MM) and last.y + last.h == pytest.approx(841 * MM)
    reader, result = _pdf(template="a1-portrait", tile="A4")
    assert len(reader.pages) == result.pages_written == result.tiles + 1 <= 15 + 1
    overview, tile = reader.pages[0], reader.pages[1]
    assert (float(overview.mediabox.width), float(overview.mediabox.height)) == pytest.approx(
        (595.28, 841.89), abs=0.01
    )
    assert (float(tile.mediabox.width), float(tile.mediabox.height)) == pytest.approx(
        (841.89, 595.28), abs=0.01
    )
    forms = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/XObject"].values():
            if ref.get_object()["/Subtype"] == "/Form":
                forms.add(ref.idnum)
    assert len(forms) == 1
    labels = "".join(tile.extract_text().split())
    assert f"第1行第1列（共5行3列）第1张/共{result.tiles}张" in labels
    overview_text = "".join(overview.extract_text().split())
    assert "成品尺寸：594×841毫米" in overview_text and "拼贴顺序" in overview_text


def test_blank_tiles_skipped_marks_at_poster_points_and_a3_on_a4() -> None:
    from board_app.layout.tiling import blank_tiles, registration_marks

    plan = plan_tiles(594 * MM, 841 * MM, "A4", 10)
    # nothing drawn on the bottom right: that tile is blank
    boxes = [(0.0, 0.0, 594 * MM, 300.0)]
    blank = blank_tiles(plan, boxes)
    assert plan.tiles[0].number not in blank and plan.tiles[-1].number in blank
    # every registration mark is inside both sheets of its seam (same poster point)
    for x, y in registration_marks(plan):
        holders = [t for t in plan.tiles if t.x <= x <= t.x + t.w and t.y <= y <= t.y + t.h]
        assert len(holders) >= 2, (x, y)
    # an A3 board tiles onto A4: 2 x 2 sheets with 10 mm margins and overlap, plus the overview
    reader, result = _pdf(template="a3-portrait", tile="A4")
    assert result.tiles == 4 and len(reader.pages) == 5
    text = "".join(reader.pages[1].extract_text().split())
    assert "第1行第1列（共2行2列）第1张/共4张" in text


def test_tiling_a2_a0_grids() -> None:
    assert plan_tiles(420 * MM, 594 * MM, "A4").count == 8
    a0 = plan_tiles(841 * MM, 1189 * MM, "A3")  # landscape A3 needs 3 x 5, portrait 4 x 4
    assert (a0.rows, a0.cols, a0.count) == (5, 3, 15)
    assert plan_tiles(200 * MM, 280 * MM, "A4", 0, 5).count == 1


def test_missing_glyph_refused_then_allowed(tmp_path: Path) -> None:
    its = items()
    its[0].title = "支部委员\ue000会"
    out = tmp_path / "board.pdf"
    with pytest.raises(CheckFailedError) as err:
        make_poster(sample_repo(its), "东风村党支部", _opts(), out)
    assert "支部委员\ue000会" in str(err.value) and "U+E000" in str(err.value)
    assert not out.exists()
    result = make_poster(sample_repo(its), "东风村党支部", _opts(allow_missing_glyphs=True), out)
    assert out.exists() and result.missing_glyphs == [("支部委员\ue000会", "\ue000")]


def test_unknown_org_and_deterministic_output(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        make_poster(sample_repo(), "无此单位", _opts(), tmp_path / "x.pdf")
    a, _ = render_poster_bytes(sample_repo(), "东风村党支部", _opts())
    b, _ = render_poster_bytes(sample_repo(), "东风村党支部", _opts())
    assert a == b


def test_cli_poster(tmp_path: Path) -> None:
    from board_app.cli import poster

    parser = argparse.ArgumentParser()
    poster.register(parser.add_subparsers())
    out = tmp_path / "board.pdf"
    args = parser.parse_args(
        [
            "poster",
            "--org",
            "东风村党支部",
            "--out",
            str(out),
            "--date",
            ON.isoformat(),
            "--size",
            "A1",
            "--tile",
            "a4",
        ]
    )
    lines: list[str] = []
    ctx = argparse.Namespace(repo=sample_repo(), echo=lines.append)
    assert args.handler(args, ctx) == 0
    assert out.exists()
    joined = "\n".join(lines)
    pages = len(PdfReader(str(out)).pages)
    assert pages < 16  # the A1 grid is 5 x 3, the blank tiles of this short board are skipped
    assert f"共 {pages} 页" in joined and "未上栏事项：0 项" in joined
