"""Poster flow over many board sizes: what must stay together, whole fields, file permissions,
the faces chosen in the settings, and what the command prints."""

from __future__ import annotations

import argparse
import itertools
import json
import os
from datetime import date
from pathlib import Path

import pytest
from poster_samples import ON, categories, item, items, org, sample_repo, sections
from pypdf import PdfReader

from board_app.domain.items import PublicationType
from board_app.i18n import get_language, set_language
from board_app.layout.poster import SECTION_LABELS, build_poster
from board_app.layout.poster_items import meta_parts, pack_fields
from board_app.layout.poster_model import HEADING, Line, Rect, Text
from board_app.layout.templates import MM, custom_template, load_template
from board_app.render import fonts
from board_app.services.boards import PosterOptions, make_poster
from board_app.services.font_faces import apply_font_settings


@pytest.fixture(autouse=True)
def chinese():
    before = get_language()
    set_language("zh_CN")
    yield
    set_language(before)


class CharKit:
    """A fake text kit: every character is one em wide."""

    def measure(self, text: str, role: str, size: float) -> float:
        return len(text) * size

    def wrap(self, text: str, role: str, size: float, width: float) -> list[str]:
        n = max(1, int(width // size))
        return [text[i : i + n] for i in range(0, len(text), n)] or [""]


def test_pack_fields_breaks_only_between_fields() -> None:
    fields = [
        "2026年第三季度",
        "公开编号：DF-2026-017",
        "公开日期：2026年11月30日",
        "责任人：欧阳建国",
    ]
    kit = CharKit()
    for chars in range(4, 60):
        lines = pack_fields(kit, fields, "body", 10, chars * 10)
        assert all(len(ln) <= chars for ln in lines)
        joined = "  ".join(lines)
        for f in fields:
            if len(f) <= chars:
                assert any(f in ln for ln in lines), (chars, f, lines)
        assert joined.replace("  ", "") == "".join(fields)
    assert pack_fields(kit, ["甲", "", "乙"], "body", 10, 100) == ["甲  乙"]


def _sample_items():
    its = items()
    its.append(
        item(
            "关于调整村民小组长的公示",
            PublicationType.IMMEDIATE,
            3,
            number="DF-2026-031",
            responsible="欧阳建国",
            expire_date=date(2026, 11, 30),
            reviewer="村务监督委员会",
            review_date=date(2026, 10, 2),
            body="经村民代表会议推选，拟调整第三村民小组组长，公示期七天。" * 3,
        )
    )
    its.append(
        item(
            "党支部工作制度",
            PublicationType.LONG_TERM,
            1,
            number="DF-2026-002",
            reviewer="赵明",
            review_date=date(2026, 9, 30),
            body="\n\n".join(["一、坚持民主集中制，重大事项集体讨论决定。"] * 4),
        )
    )
    return its


def _content_columns(sheet, layout):
    """The sheet's content texts (between the header band and the footer rule) by column."""
    t = layout.template
    footer_top = min(
        p.y1 for p in sheet.prims if isinstance(p, Line) and p.x1 == t.margins.left * MM
    )
    band = max(p.y + p.h for p in sheet.prims[:2] if isinstance(p, Rect))
    gap = t.column_gap_mm * MM
    usable = t.width_pt - (t.margins.left + t.margins.right) * MM
    col_w = (usable - gap * (t.columns - 1)) / t.columns
    cols: dict[int, list[Text]] = {}
    for p in sheet.prims:
        if isinstance(p, Text) and band < p.y < footer_top:
            k = int((p.x - t.margins.left * MM + gap / 2) // (col_w + gap))
            cols.setdefault(k, []).append(p)
    return [sorted(v, key=lambda p: p.y) for _, v in sorted(cols.items())]


def _boards():
    its = _sample_items()
    for w in (210, 297, 420):
        for h in range(260, 700, 9):
            yield its, custom_template(f"{w}x{h}")
    for name in ("a4-portrait", "a3-landscape", "a1-landscape"):
        yield its, load_template(name)


def test_bars_titles_and_meta_never_alone_at_a_column_foot_and_signoff_never_alone() -> None:
    bars = {SECTION_LABELS[pt] for pt in PublicationType}
    bar_texts = {"长期公开", "定期公开", "即时公开"}
    assert len(bars) == 3
    checked = 0
    for its, template in _boards():
        layout = build_poster(org(), sections(its), template, ON, categories=categories())
        heading = layout.body_size * 1.2
        for sheet in layout.sheets:
            for col in _content_columns(sheet, layout):
                checked += 1
                last = col[-1]
                where = (template.name, sheet.index, last.text)
                assert last.text.removesuffix("（续）") not in bar_texts, where
                assert not (last.role == HEADING and last.size == pytest.approx(heading)), where
                assert "公开编号" not in last.text, where
                for before, after in itertools.pairwise(col):
                    if after.text.startswith(("审核人", "村务监督委员会")):
                        assert not before.text.endswith("（续）"), (template.name, after.text)
    assert checked > 300


def test_meta_and_signoff_fields_are_never_cut() -> None:
    its = _sample_items()
    fields = [f for it in its for f in meta_parts(it)] + ["审核日期：2026年10月2日", "审核人：赵明"]
    for w in range(150, 320, 7):
        layout = build_poster(
            org(), sections(its), custom_template(f"{w}x297"), ON, categories=categories()
        )
        texts = [t.text for t in layout.texts()]
        for f in fields:
            assert any(f in t for t in texts), (w, f)
        # the footer's 公开日期 is whole too
        assert any("公开日期：2026年10月15日" in t for t in texts)


def _opts(**kw) -> PosterOptions:
    return PosterOptions(on=ON, deterministic=True, **kw)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_written_pdf_has_ordinary_file_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "board.pdf"
        make_poster(sample_repo(), "东风村党支部", _opts(), out)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["board.pdf"]


def _font_names(path: Path) -> set[str]:
    reader = PdfReader(str(path))
    names = set()
    for page in reader.pages:
        for ref in (page["/Resources"].get_object().get("/Font") or {}).values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_font_chosen_in_settings_is_used_by_posters(tmp_path: Path) -> None:
    kai = fonts.bundled_dir() / fonts.KAI
    try:
        apply_font_settings({"sans": str(kai)})
        out = tmp_path / "kai.pdf"
        make_poster(sample_repo(), "东风村党支部", _opts(), out)
        assert "BoardKai-Regular" in _font_names(out)
        assert fonts.chain("sans").specs[0].path == kai
        # cleared in the settings: back to the bundled chain
        apply_font_settings({})
        make_poster(sample_repo(), "东风村党支部", _opts(), out)
        assert "BoardKai-Regular" not in _font_names(out)
    finally:
        fonts.use_settings_fonts({})


def test_the_poster_command_uses_the_fonts_of_the_settings_file(
    services, party_org, db_path: Path, tmp_path: Path
) -> None:
    """The command line reads this computer's settings once; the services never do."""
    from board_app.cli import main

    services.close()
    kai = fonts.bundled_dir() / fonts.KAI
    cfg = Path(os.environ["BOARD_APP_CONFIG"])
    out = tmp_path / "board.pdf"
    args = ["--db", str(db_path), "poster", "--org", party_org.name, "--out", str(out)]
    try:
        cfg.write_text(json.dumps({"fonts": {"sans": str(kai), "title": str(kai)}}), "utf-8")
        assert main(args) == 0
        assert "BoardKai-Regular" in _font_names(out)
        cfg.write_text(json.dumps({"fonts": {}}), encoding="utf-8")
        assert main(args) == 0
        assert "BoardKai-Regular" not in _font_names(out)
    finally:
        fonts.use_settings_fonts({})


def test_settings_fonts_keep_programmatic_configuration(tmp_path: Path) -> None:
    kai = fonts.bundled_dir() / fonts.KAI
    try:
        fonts.configure(windows_dir=tmp_path)
        assert fonts.use_settings_fonts({"serif": str(kai), "bogus": "x.ttf", "kai": ""})
        assert not fonts.use_settings_fonts({"serif": str(kai)})  # unchanged: chains kept
        assert fonts.windows_fonts_dirs() == [tmp_path]
        assert fonts.chain_specs("serif")[0].path == kai
        assert fonts.chain_specs("kai")[0].path.name == fonts.KAI
    finally:
        fonts.use_settings_fonts({})
        fonts.configure()


def test_command_lists_items_left_off_and_overview_pages(tmp_path: Path, capsys) -> None:
    from board_app.cli import poster as cli_poster

    its = items()
    draft = item("草稿事项", PublicationType.IMMEDIATE, 3, number="DF-2026-099")
    from board_app.domain.items import Status

    draft.status = Status.DRAFT
    its.append(draft)
    lines: list[str] = []
    ctx = argparse.Namespace(repo=sample_repo(its), echo=lines.append)
    args = argparse.Namespace(
        org="东风村党支部",
        out=str(tmp_path / "b.pdf"),
        date=ON.isoformat(),
        template="a2-portrait",
        size=None,
        landscape=False,
        audience="public",
        tile="A4",
        overlap=10.0,
        allow_missing_glyphs=False,
    )
    assert cli_poster.run(args, ctx) == 0
    text = "\n".join(lines)
    assert "另加总览页 1 张" in text
    assert "DF-2026-099 草稿事项：草稿" in text
