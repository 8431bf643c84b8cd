"""The composer: one scale per board that fills the sheet, whole items, no widows or orphans,
photo sizes, the 栏头, the 落款 and the refusal of sheets too small to be a board."""

from __future__ import annotations

import io
import itertools
from datetime import date
from pathlib import Path

import pytest
from poster_corpus import ON, categories, corpus, corpus_sections, varied_sections
from poster_samples import item, org, png

from board_app.domain.items import ItemImage, PublicationType
from board_app.errors import UsageError
from board_app.i18n import get_language, set_language
from board_app.layout.poster import MAX_SCALE, PosterLayout, build_poster
from board_app.layout.poster_model import TITLE, Picture, Text
from board_app.layout.poster_pack import FEATHER_CAP
from board_app.layout.templates import custom_template

BOARDS = [("A3", False), ("A1", False), ("A0", True), ("2000x1200", False)]
COUNTS = (3, 10, 30)


@pytest.fixture(autouse=True)
def chinese():
    before = get_language()
    set_language("zh_CN")
    yield
    set_language(before)


_cache: dict[tuple[str, bool, int], PosterLayout] = {}


def board(size: str, landscape: bool, count: int) -> PosterLayout:
    key = (size, landscape, count)
    if key not in _cache:
        _cache[key] = build_poster(
            org(), corpus_sections(count), custom_template(size, landscape), ON,
            categories=categories(),
        )  # fmt: skip
    return _cache[key]


def all_boards():
    for size, landscape in BOARDS:
        for count in COUNTS:
            yield f"{size}{'L' if landscape else ''}-{count}", board(size, landscape, count)


def test_every_sheet_is_filled_and_the_type_is_one_scale_within_limits() -> None:
    for name, layout in all_boards():
        t = layout.template
        assert t.body_pt <= layout.body_size <= t.body_pt * MAX_SCALE + 0.01, name
        fills = layout.fills if len(layout.sheets) == 1 else layout.fills[:-1]
        if layout.scale < MAX_SCALE - 0.01:
            assert min(fills) >= 0.85, (name, layout.fills, layout.scale)
        # one scale: every body line has the board's body size, never less than the minimum
        sizes = {p.unit.prims[0].size for p in layout.placements if p.unit.kind == "line"}
        assert sizes and min(sizes) >= t.body_pt - 0.01, name
        assert layout.body_size in sizes, name


def test_short_boards_get_large_type_and_long_boards_the_minimum() -> None:
    assert board("A1", False, 3).scale > 1.4
    assert board("A0", True, 3).scale == pytest.approx(MAX_SCALE)
    assert board("A3", False, 30).scale < 1.2
    assert len(board("A3", False, 30).sheets) > len(board("A1", False, 30).sheets)


def test_items_that_fit_a_column_are_never_split() -> None:
    checked = 0
    for name, layout in all_boards():
        height = layout.content_bottom - layout.content_top
        places: dict[str, set[tuple[int, int]]] = {}
        extent: dict[str, float] = {}
        for p in layout.placements:
            if p.unit.owner and p.unit.kind != "section":
                places.setdefault(p.unit.owner, set()).add((p.sheet, p.col))
                extent[p.unit.owner] = extent.get(p.unit.owner, 0.0) + p.unit.height
        for owner, where in places.items():
            if extent[owner] <= height * 0.95:
                checked += 1
                assert len(where) == 1, (name, owner, where)
        # nothing ever runs past the foot of a column (into the footer)
        for p in layout.placements:
            assert p.y + p.unit.height <= layout.content_bottom + 0.5, (name, p.unit.kind)
    assert checked > 100


def test_no_widows_or_orphans_and_no_lone_headings_at_a_column_foot() -> None:
    tall = corpus(6)
    for it in tall:  # items taller than a column must split, at the right places
        it.body = "\n\n".join([it.body] * 6)
    sections = {pt: [i for i in tall if i.publication_type == pt] for pt in PublicationType}
    layouts = [
        build_poster(org(), sections, custom_template(size), ON, categories=categories())
        for size in ("A4", "A3", "300x250")
    ]
    columns = 0
    for layout in layouts + [lay for _n, lay in all_boards()]:
        by_col: dict[tuple[int, int], list] = {}
        for p in layout.placements:
            by_col.setdefault((p.sheet, p.col), []).append(p.unit)
        for units in by_col.values():
            columns += 1
            assert units[-1].line_pos != "first", "orphan: a paragraph's first line at the foot"
            assert units[-1].kind not in ("section", "item-title", "table-header")
            body = [u for u in units if u.kind == "line"]
            if body:
                assert body[0].line_pos != "last", "widow: a paragraph's last line on top"
    assert sum(len(lay.sheets) for lay in layouts) > 6 and columns > 40


def test_one_short_item_on_a0_landscape_stays_whole_in_large_type() -> None:
    one = item("关于召开村民代表会议的通知", PublicationType.IMMEDIATE, 3,
               body="定于10月20日上午9时在村委会会议室召开村民代表会议。" * 3)  # fmt: skip
    sections = {pt: [one] if pt == PublicationType.IMMEDIATE else [] for pt in PublicationType}
    layout = build_poster(org(), sections, custom_template("A0", True), ON, categories=categories())
    texts = [t.text for t in layout.texts()]
    assert len(layout.sheets) == 1 and not any("（续）" in t for t in texts)
    assert layout.scale == pytest.approx(MAX_SCALE)
    assert texts.count("本期暂无公开内容") == 2


def test_photos_in_a_row_capped_and_never_enlarged_small_ones_reported() -> None:
    photos = item(
        "村文化广场建设进度",
        PublicationType.PERIODIC,
        2,
        period="2026-Q3",
        images=[
            ItemImage(
                png(1800, 1200), width=1800, height=1200, caption=f"现场{k}", media_type="image/png"
            )
            for k in range(3)
        ],
    )
    tiny = item(
        "路灯安装",
        PublicationType.PERIODIC,
        2,
        number="DF-2026-002",
        images=[
            ItemImage(png(12, 9), width=12, height=9, caption="路灯", media_type="image/png"),
            ItemImage(png(600, 400), width=600, height=400, media_type="image/png"),
        ],
    )
    sections = {pt: [] for pt in PublicationType}
    sections[PublicationType.PERIODIC] = [photos, tiny]
    for size in ("A3", "A1", "2000x1200"):
        layout = build_poster(org(), sections, custom_template(size), ON, categories=categories())
        column_h = layout.content_bottom - layout.content_top
        pics = [p for s in layout.sheets for p in s.prims if isinstance(p, Picture)]
        assert len(pics) == 5
        big = pics[:3]
        rows = {round(p.y + p.h, 1) for p in big}  # photos of a row share their bottom edge
        assert len(rows) == 1, size
        for p in pics:
            assert p.h <= column_h / 3 + 0.5
        # never beyond the 150 dpi size: 600 px wide -> at most 4 inches
        assert pics[4].w <= 600 / 150 * 72 + 0.01
        # the 12 x 9 px picture prints small and is reported with its item
        assert pics[3].h <= 4 * layout.template.body_pt + 0.01  # the legible minimum
        assert pics[3].w < layout.col_width / 3
        assert [owner for owner, _m in layout.warnings] == ["路灯安装"]
        assert "100 dpi" in layout.warnings[0][1] and "路灯" in layout.warnings[0][1]


def test_header_title_is_at_least_four_times_the_body_on_a1_and_larger() -> None:
    for name, layout in all_boards():
        title = max(t.size for t in layout.texts() if t.role == TITLE)
        if not name.startswith("A3"):
            assert title >= 4 * layout.body_size - 0.01, name
        bars = [p.unit.prims[2].size for p in layout.placements if p.unit.kind == "section"]
        heads = [p.unit.prims[1].size for p in layout.placements if p.unit.kind == "item-title"]
        assert title > max(bars) > max(heads) > layout.body_size, name


def _closing(layout: PosterLayout) -> list[Text]:
    return [
        prim
        for p in layout.placements
        if p.unit.kind == "closing"
        for prim in p.unit.prims
        if isinstance(prim, Text)
    ]


def test_immediate_notices_end_with_the_issuer_and_date_right_aligned() -> None:
    its = corpus(8)
    notices = [i for i in its if i.publication_type == PublicationType.IMMEDIATE]
    sections = {pt: [i for i in its if i.publication_type == pt] for pt in PublicationType}
    layout = build_poster(org(), sections, custom_template("A2"), ON, categories=categories())
    closing = _closing(layout)
    assert [t.text for t in closing] == [
        line
        for n in notices
        for line in (
            "东风村党支部",
            f"{n.publish_date.year}年{n.publish_date.month}月{n.publish_date.day}日",
        )
    ]
    assert all(t.align == "right" for t in closing)
    custom = org(board_signoff_text="中共东风村支部委员会")
    layout = build_poster(custom, sections, custom_template("A2"), ON, categories=categories())
    assert _closing(layout)[0].text == "中共东风村支部委员会"
    off = org(board_signoff=False)
    assert not _closing(build_poster(off, sections, custom_template("A2"), ON))


def test_too_small_a_sheet_is_refused_and_a_small_one_never_overlaps(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="太小"):
        build_poster(org(), corpus_sections(3), custom_template("100x150"), ON)
    layout = build_poster(org(), corpus_sections(3), custom_template("150x260"), ON)
    for p in layout.placements:
        assert p.y + p.unit.height <= layout.content_bottom + 0.5


def test_command_refuses_a_too_small_board_with_exit_2(tmp_path: Path, capsys) -> None:
    from board_app.cli import main
    from board_app.services.context import open_services

    db = tmp_path / "b.sqlite3"
    with open_services(db) as services:
        services.orgs.create(org(id=None))
    out = tmp_path / "b.pdf"
    code = main(["--db", str(db), "poster", "--org", "东风村党支部", "--out", str(out),
                 "--size", "100x150", "--date", date(2026, 10, 15).isoformat()])  # fmt: skip
    assert code == 2 and not out.exists()
    assert "太小" in capsys.readouterr().err


def test_picture_bytes_are_untouched() -> None:
    data = png(40, 30)
    it = item("照片", PublicationType.PERIODIC, 2, images=[ItemImage(data, media_type="image/png")])
    sections = {pt: [it] if pt == PublicationType.PERIODIC else [] for pt in PublicationType}
    layout = build_poster(org(), sections, custom_template("A3"), ON, categories=categories())
    pics = [p for s in layout.sheets for p in s.prims if isinstance(p, Picture)]
    assert pics[0].data == data and io.BytesIO(pics[0].data).read(4) == b"\x89PNG"


def test_on_a_landscape_panel_each_section_may_own_its_columns() -> None:
    layout = board("A0", True, 3)
    columns: dict[str, set[int]] = {}
    for p in layout.placements:
        if p.unit.kind == "section":
            columns.setdefault(p.unit.prims[2].text, set()).add(p.col)
    assert [min(columns[k]) for k in ("长期公开", "定期公开", "即时公开")] == [0, 1, 2]
    # every item sits in a column of its own section
    section_of_col = {c: name for name, cols in columns.items() for c in cols}
    owners = {p.unit.owner: section_of_col[p.col] for p in layout.placements if p.unit.owner}
    assert len(set(owners.values())) == 3


def test_command_prints_the_low_resolution_warning_with_its_item(tmp_path: Path) -> None:
    import argparse

    from poster_samples import sample_repo

    from board_app.cli import poster as cli_poster

    tiny = item(
        "路灯安装",
        PublicationType.PERIODIC,
        2,
        period="2026-Q3",
        images=[ItemImage(png(12, 9), width=12, height=9, caption="路灯", media_type="image/png")],
    )
    lines: list[str] = []
    ctx = argparse.Namespace(repo=sample_repo([tiny]), echo=lines.append)
    args = argparse.Namespace(
        org="东风村党支部", out=str(tmp_path / "b.pdf"), date=ON.isoformat(), template=None,
        size="A1", landscape=False, audience="public", tile=None, overlap=10.0,
        allow_missing_glyphs=False,
    )  # fmt: skip
    assert cli_poster.run(args, ctx) == 0
    warning = [ln for ln in lines if "100 dpi" in ln]
    assert len(warning) == 1 and "路灯安装" in warning[0] and "12×9 像素" in warning[0]


def test_photos_are_embedded_as_taken_and_drawings_losslessly() -> None:
    """A JPEG photo goes into the PDF byte for byte (DCTDecode), never decoded and written
    back Flate-compressed (several times larger); a PNG keeps its lossless Flate image."""
    from PIL import Image
    from pypdf import PdfReader

    from board_app.render.poster_pdf import PdfInfo, render_poster_bytes

    buf = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 200)).save(buf, "JPEG", quality=85)
    photo = buf.getvalue()
    drawing = png(300, 200)
    it = item(
        "照片",
        PublicationType.PERIODIC,
        2,
        images=[
            ItemImage(photo, width=320, height=200, media_type="image/jpeg", caption="现场"),
            ItemImage(drawing, width=300, height=200, media_type="image/png", caption="图纸"),
        ],
    )
    sections = {pt: [it] if pt == PublicationType.PERIODIC else [] for pt in PublicationType}
    layout = build_poster(org(), sections, custom_template("A3"), ON, categories=categories())
    pdf = render_poster_bytes(layout, PdfInfo(title="t", author="a", subject="s"))
    images = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        images += [xobjects[name].get_object() for name in xobjects]
    by_filter = {
        tuple(im["/Filter"]) if isinstance(im["/Filter"], list) else (im["/Filter"],): im
        for im in images
        if im.get("/Subtype") == "/Image"
    }
    assert by_filter[("/DCTDecode",)].get_data() == photo
    assert ("/FlateDecode",) in by_filter


def test_sheets_of_long_items_are_filled_by_feathering_but_never_the_last() -> None:
    """Items nearly a column tall leave room a whole item cannot take: the gaps, then the
    lines and ledger rows open a little (at most FEATHER_CAP of a leading each), so every
    sheet but the last still reaches 85%; the last sheet keeps the plain line spacing."""
    for seed, size, count in ((2, "A3", 10), (8, "A3", 10), (9, "A1", 30)):
        layout = build_poster(
            org(), varied_sections(seed, count), custom_template(size), ON,
            categories=categories(),
        )  # fmt: skip
        assert len(layout.sheets) > 1 and layout.scale < MAX_SCALE
        assert min(layout.fills[:-1]) >= 0.85, (seed, size, layout.fills)
        last = len(layout.sheets) - 1
        cap = FEATHER_CAP * layout.body_size * 1.6
        opened = {True: 0, False: 0}
        by_col: dict[tuple[int, int], list] = {}
        for p in layout.placements:
            by_col.setdefault((p.sheet, p.col), []).append(p)
        for (sheet, _col), places in by_col.items():
            for a, b in itertools.pairwise(places):
                if b.unit.kind != "line" or b.unit.space_before > 0 or a.unit.kind != "line":
                    continue
                extra = b.y - (a.y + a.unit.height)
                assert -0.01 <= extra <= cap, (seed, sheet, extra)
                opened[sheet == last] += extra > 0.01
        assert opened[False] > 0 and opened[True] == 0, opened


def test_a_one_sheet_board_whose_type_cannot_grow_still_fills_its_panel() -> None:
    """Four items with a long ledger: the ledger's minimum line length holds the type down,
    so the panel is filled by opening the gaps, lines and rows instead."""
    for seed, size, landscape in ((4, "A1", False), (18, "A3", False), (8, "2000x1200", False)):
        layout = build_poster(
            org(), varied_sections(seed, 4), custom_template(size, landscape), ON,
            categories=categories(),
        )  # fmt: skip
        assert len(layout.sheets) == 1 and layout.scale < MAX_SCALE - 0.01, (seed, size)
        assert layout.fills[0] >= 0.85, (seed, size, layout.fills)
