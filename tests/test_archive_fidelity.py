"""Archive fidelity (issue 13): refusals, scheduled items, long titles, the 归档章, catalogue
columns, PDF details; every archive built here passes the structural PDF/A check."""

from __future__ import annotations

import errno
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from archive_checks import pdfa_checked  # noqa: F401 (autouse: every box passes)
from pypdf import PdfReader
from support import category_id, publish_item
from test_archive_build import manifest, pdf_text, populate

from board_app.domain.items import Item, LedgerRow, PublicationType
from board_app.errors import CheckFailedError, UsageError, ValidationError
from board_app.render.pdfa_check import check_pdfa
from board_app.services.archive import build_archive


def _item(services, org, title: str, on: date, **kw) -> Item:
    item = Item(
        title=title,
        publication_type=PublicationType.IMMEDIATE,
        organization_id=org.id,
        category_id=category_id(services, org, "发展党员"),
        **kw,
    )
    return publish_item(services, item, on)


def _build(services, org, out: Path, **kw):
    result = build_archive(services, org.name, 2026, retention="永久", out=out, **kw)
    for f in result.files:
        problems = check_pdfa(f.pdf)
        assert problems == [], problems
    return result


def test_missing_glyph_refused_nothing_written(services, party_org, tmp_path: Path) -> None:
    _item(services, party_org, "正常事项", date(2026, 3, 1), body="正文。")
    _item(services, party_org, "表情事项", date(2026, 3, 2), body="大家好\U0001f600。")
    out = tmp_path / "box.pdf"
    with pytest.raises(CheckFailedError) as err:
        build_archive(services, party_org.name, 2026, retention="永久", out=out)
    text = str(err.value)
    assert "表情事项" in text and "正文" in text and "U+1F600" in text
    assert list(tmp_path.iterdir()) == [tmp_path / "office.sqlite3"] or not out.exists()
    assert not out.exists() and not out.with_name("box.manifest.json").exists()
    # nothing numbered either: a later clean run numbers from 0001
    result = build_archive(
        services, party_org.name, 2026, retention="永久", out=out, allow_missing_glyphs=True
    )
    assert result.missing_glyphs and not result.pdfa
    with pikepdf.open(out) as pdf:
        assert "pdfaid:part" not in str(pdf.open_metadata())
    assert manifest(out)["pdf"]["pdfa"] is None
    assert any(".notdef" in p or "PDF/A" in p for p in check_pdfa(out))


def test_scheduled_items_are_not_filed(services, party_org, tmp_path: Path) -> None:
    # the test clock says 2026-11-20
    _item(services, party_org, "已公开事项", date(2026, 11, 20), body="正文。")
    _item(services, party_org, "定时公开事项", date(2026, 12, 8), body="正文。")
    out = tmp_path / "box.pdf"
    _build(services, party_org, out)
    titles = [e["title"] for e in manifest(out)["items"]]
    assert titles == ["已公开事项"]
    with pytest.raises(UsageError, match="定于今天以后公开"):
        build_archive(services, party_org.name, 2026, quarter=4, retention="30年", out=out)
    assert "定时公开事项" not in "".join(pdf_text(out))


def test_longest_accepted_texts_build(services, party_org, tmp_path: Path) -> None:
    """Every text at the length the import and the editor accept (domain/limits.py)."""
    from board_app.domain import limits

    title = ("关于村集体经济组织年度收支情况及重大事项决策过程的公开说明" * 10)[: limits.TITLE_MAX]
    _item(
        services,
        party_org,
        title,
        date(2026, 3, 1),
        body=("正文内容，" * 10000)[: limits.BODY_MAX],
        review_opinion=("同意公开。" * 400)[: limits.OPINION_MAX],
        ledger=[
            LedgerRow(date(2026, 2, 1), "记-001", "长摘要" * 133 + "止", income=Decimal("1.00"))
        ],
    )
    out = tmp_path / "box.pdf"
    _build(services, party_org, out)
    joined = "".join(pdf_text(out))
    assert title[-20:] in joined  # the whole title is printed


def test_longer_title_than_any_import_continues_in_the_catalogue(party_org, tmp_path) -> None:
    """A 650-character title (the build crashed from 600 on) wraps and continues."""
    from datetime import datetime, timezone

    from board_app.domain.items import Retention
    from board_app.render.archive_common import ArchiveEntry, BoxContent
    from board_app.render.archive_pdf import render_box

    title = ("关于村集体经济组织年度收支情况及重大事项决策过程的公开说明" * 30)[:650]
    item = Item(
        title=title,
        publication_type=PublicationType.IMMEDIATE,
        body="正文。",
        publish_date=date(2026, 3, 1),
        number="2026-001",
        id=1,
    )
    entry = ArchiveEntry(
        seq=1, archive_no="J031-WS·2026-Y-0001", item=item, responsible="东风村党支部"
    )
    box = BoxContent(
        party_org,
        2026,
        Retention.PERMANENT,
        1,
        [entry],
        date(2026, 11, 20),
        "整理员",
        datetime(2000, 1, 1, tzinfo=timezone.utc),
        "永久",
        deterministic=True,
    )
    rendered = render_box(box, tmp_path / "x.pdf")
    (tmp_path / "x.pdf").write_bytes(rendered.data)
    assert check_pdfa(tmp_path / "x.pdf") == []
    assert title[-20:] in "".join(pdf_text(tmp_path / "x.pdf"))


def test_stamp_page_count_brackets_and_long_fonds_code(services, party_org, tmp_path):
    party_org.fonds_code = "J031-00127"
    services.orgs.update(party_org)
    _item(services, party_org, "一页事项", date(2026, 3, 1), body="正文。")
    _item(services, party_org, "多页事项", date(2026, 3, 2), body="正文内容。" * 1500)
    out = tmp_path / "box.pdf"
    _build(services, party_org, out)
    m = manifest(out)
    reader = PdfReader(out)
    for entry in m["items"]:
        page = reader.pages[entry["first_page"] - 1]
        found: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, found=found) -> None:
            if text.strip():
                found.append((size * max(abs(tm[0]), 1), text.strip()))

        page.extract_text(visitor_text=visit)
        texts = [t for _s, t in found]
        assert str(entry["pages"]) in texts, texts  # 页数 filled in
        assert "J031-00127" in texts  # one line, not cut
        assert "机构（问题）" in texts and "机构(问题)" not in texts
        assert min(s for s, t in found if t in ("全宗号", "页数")) >= 6
    assert m["items"][1]["pages"] > 1


def test_fonds_code_length_is_checked(services, party_org, tmp_path: Path) -> None:
    party_org.fonds_code = "J031-00127-ABCDEFG"
    with pytest.raises(ValidationError, match="全宗号"):
        services.orgs.update(party_org)
    party_org.fonds_code = "J031"
    party_org.fonds_name = "中" * 101
    with pytest.raises(ValidationError, match="全宗名称"):
        services.orgs.update(party_org)


def test_catalogue_columns_one_size_no_wrapped_responsible(services, party_org, tmp_path):
    populate(services, party_org)
    out = tmp_path / "box.pdf"
    _build(services, party_org, out)
    page = PdfReader(out).pages[1]
    sizes: set[float] = set()
    rows: list[str] = []

    def visit(text, cm, tm, font, size, sizes=sizes, rows=rows) -> None:
        if text.strip() and 120 < tm[5] * cm[3] + cm[5] < 700:  # below the heading lines
            sizes.add(round(size * abs(tm[0]) * abs(cm[0] or 1), 1))
            rows.append(text.strip())

    page.extract_text(visitor_text=visit)
    assert sizes == {10.5}
    assert rows.count("东风村党支部") == len(manifest(out)["items"])  # never cut in two


def test_pdf_details_tags_pagemode_bookmarks(services, party_org, tmp_path: Path) -> None:
    populate(services, party_org)
    out = tmp_path / "box.pdf"
    _build(services, party_org, out)
    with pikepdf.open(out) as pdf:
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
        with pdf.open_outline() as outline:
            titles = [mk.title for mk in outline.root]
        assert titles[0] == "封面" and titles[1] == "归档文件目录" and titles[-1] == "备考表"
        fonts: dict[str, set[tuple[int, int]]] = {}
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                fonts.setdefault(str(font.BaseFont), set()).add(font.objgen)
        assert all(len(objs) == 1 for objs in fonts.values()), fonts


def test_disk_full_leaves_nothing(services, party_org, tmp_path: Path, monkeypatch) -> None:
    populate(services, party_org)
    out = tmp_path / "box.pdf"
    import builtins

    real_open = builtins.open

    def full_open(file, mode="r", *a, **kw):
        if "w" in mode and "board-app-tmp" in str(file):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr(builtins, "open", full_open)
    from board_app.files import DiskFullError

    with pytest.raises(DiskFullError, match="磁盘空间不足") as err:
        build_archive(services, party_org.name, 2026, retention="永久", out=out)
    assert err.value.exit_code == 3
    monkeypatch.setattr(builtins, "open", real_open)
    assert not [p.name for p in tmp_path.iterdir() if not p.name.startswith("office.sqlite3")]


def test_verify_malformed_manifest_and_changed_category(services, party_org, tmp_path, capsys):
    from board_app.services.archive_verify import verify_archive

    populate(services, party_org)
    out = tmp_path / "box.pdf"
    _build(services, party_org, out)
    mpath = out.with_name("box.manifest.json")
    good = mpath.read_text(encoding="utf-8")
    for broken in (
        "{not json",
        "[1, 2]",
        json.dumps({"format": "board-app-archive-manifest", "year": "x"}),
    ):
        mpath.write_text(broken, encoding="utf-8")
        problems = verify_archive(services, out).problems
        assert len(problems) == 1 and "清单损坏" in problems[0]
    mpath.write_text(good, encoding="utf-8")
    assert verify_archive(services, out).ok
    item_id = manifest(out)["items"][0]["item_id"]
    cat = services.orgs.category(services.items.get(item_id).category_id)
    cat.name = "组织设置（改名）"
    services.orgs.save_category(cat)
    party_org.fonds_code = "J099"
    services.orgs.update(party_org)
    problems = verify_archive(services, out).problems
    assert any("全宗号" in p and "J099" in p for p in problems), problems
    assert any("组织设置（改名）" in p for p in problems), problems
    with pytest.raises(UsageError):
        build_archive(services, party_org.name, 2026, retention="5年", out=tmp_path / "x.pdf")


def test_cli_missing_glyphs_and_damaged_manifest(services, party_org, db_path, tmp_path):
    from test_archive_verify import _cli

    _item(services, party_org, "表情事项", date(2026, 3, 2), body="好\U0001f600")
    services.close()
    out = tmp_path / "cli.pdf"
    args = ("archive", "--org", party_org.name, "--year", "2026", "--retention", "Y")
    refused = _cli(db_path, *args, "--out", str(out))
    assert refused.returncode == 4 and "U+1F600" in refused.stderr and "正文" in refused.stderr
    assert "Traceback" not in refused.stderr and not out.exists()
    done = _cli(db_path, *args, "--allow-missing-glyphs", "--out", str(out))
    assert done.returncode == 0 and "PDF/A" in done.stderr and "U+1F600" in done.stderr
    assert _cli(db_path, "verify", str(out)).returncode == 0  # consistent, just not PDF/A
    out.with_name("cli.manifest.json").write_text("{broken", encoding="utf-8")
    damaged = _cli(db_path, "verify", str(out))
    assert damaged.returncode == 4 and "清单损坏" in damaged.stderr
    assert "Traceback" not in damaged.stderr


def test_body_has_28_characters_a_line() -> None:
    from board_app.render.archive_common import FRAME_W, make_styles
    from board_app.render.text import wrap

    body = make_styles().body
    lines = wrap("国" * 200, body, FRAME_W)
    assert [len(line.text) for line in lines[1:-1]] == [28] * (len(lines) - 2)
    assert len(lines[0].text) == 28 and lines[0].text.startswith("\u3000\u3000")


def test_spine_box_number_and_year_large(services, party_org, tmp_path: Path) -> None:
    from board_app.services.archive import build_labels

    party_org.fonds_code = "J031-00127"
    services.orgs.update(party_org)
    populate(services, party_org)
    build_archive(services, party_org.name, 2026, out=tmp_path / "a.pdf")
    out = tmp_path / "labels.pdf"
    build_labels(services, party_org.name, 2026, out, spine=20)
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            found.append((text.strip(), size * abs(tm[3] or 1) * abs(cm[3] or 1)))

    PdfReader(out).pages[0].extract_text(visitor_text=visit)
    box = [s for t, s in found if t == "1"]
    year = [s for t, s in found if t in ("2", "0", "6")]
    assert box and min(box) >= 40  # 盒号 across most of a 20 mm spine
    assert year and min(year) >= 30  # 年度 stacked, one digit a line
    assert any(t.startswith("J031-") for t, _s in found)
    assert ("0001", 0) not in found and any(t == "0001" for t, _s in found)


def test_fangsong_and_xiaobiaosong_used_where_installed(tmp_path: Path) -> None:
    import shutil

    from board_app.render import fonts
    from board_app.render.archive_common import make_styles

    fonts.configure(use_windows=False)
    try:
        assert make_styles().body.role == "serif"  # no 仿宋 here: the 宋体 chain
        windows = tmp_path / "Fonts"
        windows.mkdir()
        shutil.copy(fonts.bundled_dir() / fonts.SERIF, windows / "simfang.ttf")
        shutil.copy(fonts.bundled_dir() / fonts.NOTO_BOLD, windows / "FZXBSJW.TTF")
        fonts.configure(windows_dir=windows)
        assert make_styles().body.role == "fangsong"
        assert fonts.chain("fangsong").primary == "simfang"
        assert fonts.chain("title").primary == "FZXBSJW"
    finally:
        fonts.configure()


def test_verify_reports_an_unreadable_pdf_and_a_false_pdfa_claim(services, party_org, tmp_path):
    from board_app.render import pdfa
    from board_app.services.archive_verify import verify_archive

    _item(services, party_org, "事项", date(2026, 3, 1), body="正文。")
    out = tmp_path / "box.pdf"
    _build(services, party_org, out)
    good = out.read_bytes()
    out.write_bytes(b"%PDF-1.4\n garbage")
    problems = verify_archive(services, out).problems
    assert any("无法读取该 PDF" in p for p in problems), problems
    # a file claiming PDF/A with a .notdef box (as older versions wrote): verify says so
    out.write_bytes(good)
    with pikepdf.open(out) as pdf:
        page = pdf.pages[-1]
        font = next(iter(page.Resources.Font.keys()))
        page.contents_add(pikepdf.Stream(pdf, f"BT {font} 12 Tf 100 100 Td <00> Tj ET".encode()))
        pdf.save(tmp_path / "notdef.pdf")
    (tmp_path / "notdef.pdf").replace(out)
    assert pdfa.pdfa_claim(out)
    problems = verify_archive(services, out).problems
    assert any(".notdef" in p for p in problems), problems


def test_srgb_profile_is_fixed() -> None:
    from board_app.render import pdfa

    first = pdfa.srgb_profile()
    pdfa.srgb_profile.cache_clear()
    assert pdfa.srgb_profile() == first and first[24:36] == bytes.fromhex(
        "07d0000100010000" + "0" * 8
    )


def test_structural_check_finds_each_fault(services, party_org, tmp_path: Path) -> None:
    _item(services, party_org, "事项", date(2026, 3, 1), body="正文。")
    out = tmp_path / "box.pdf"
    _build(services, party_org, out)

    def faulty(name: str, change) -> list[str]:
        with pikepdf.open(out) as pdf:
            change(pdf)
            target = tmp_path / f"{name}.pdf"
            pdf.save(
                target,
                **(
                    {"encryption": pikepdf.Encryption(owner="o", user="")}
                    if name == "encrypted"
                    else {}
                ),
            )
        return check_pdfa(target)

    def annotate(pdf):
        pdf.pages[0].obj.Annots = pdf.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[0, 0, 10, 10]
                    )
                ]
            )
        )

    def group(pdf):
        pdf.pages[0].obj.Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency)

    def javascript(pdf):
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")

    def helvetica(pdf):
        page = pdf.pages[0]
        page.Resources.Font.FH = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )

    def no_intent(pdf):
        del pdf.Root.OutputIntents

    assert any("annotations" in p for p in faulty("annots", annotate))
    assert any("transparency" in p for p in faulty("group", group))
    assert any("OpenAction" in p for p in faulty("js", javascript))
    assert any("Helvetica not embedded" in p for p in faulty("font", helvetica))
    assert any("output intent" in p for p in faulty("intent", no_intent))
    assert "encrypted" in faulty("encrypted", lambda pdf: None)
