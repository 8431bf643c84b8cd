"""Archive PDFs: content and order, 件号 stability, retention split, PDF/A parts, fonts,
bookmarks."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from archive_checks import pdfa_checked  # noqa: F401 (autouse: every box passes)
from PIL import Image
from pypdf import PdfReader
from support import category_id, publish_item

from board_app.domain.items import Item, ItemImage, LedgerRow, PublicationType, Scope, Status
from board_app.errors import UsageError
from board_app.services.archive import (
    archive_code,
    build_archive,
    content_sha256,
    period_bounds,
    spine_width,
)

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines

SECRET_ID = "110101199003077777"
SECRET_PHONE = "13812345678"


def _jpeg() -> ItemImage:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (180, 40, 40)).save(buf, "JPEG")
    return ItemImage(data=buf.getvalue(), caption="支部活动照片", width=400, height=300)


def populate(services, org) -> dict[str, Item]:
    """Published, withdrawn, revised, restricted, draft and submitted items of 2026 (and 2025)."""

    def new(cat: str, title: str, **kw) -> Item:
        return Item(
            title=title,
            publication_type=kw.pop("ptype", PublicationType.IMMEDIATE),
            organization_id=org.id,
            category_id=category_id(services, org, cat),
            **kw,
        )

    out: dict[str, Item] = {}
    out["rules"] = publish_item(
        services,
        new(
            "组织设置",
            "支部委员会组成及分工",
            ptype=PublicationType.LONG_TERM,
            body="书记：张三。\n\n组织委员：李四。",
        ),
        date(2026, 1, 15),
    )
    out["fees"] = publish_item(
        services,
        new(
            "党费收缴使用",
            "2026年第一季度党费收缴使用情况",
            ptype=PublicationType.PERIODIC,
            period="2026-Q1",
            opening_balance=Decimal("1000.00"),
            body=f"党员王五身份证号{SECRET_ID}，联系电话{SECRET_PHONE}，已足额缴纳。",
            ledger=[
                LedgerRow(date(2026, 2, 1), "记-001", "收取党费", Decimal("360.00")),
                LedgerRow(date(2026, 3, 1), "记-002", "购买学习资料", expense=Decimal("120.50")),
            ],
        ),
        date(2026, 4, 5),
    )
    out["meetings"] = publish_item(
        services,
        new(
            "三会一课",
            "2026年第一季度三会一课开展情况",
            ptype=PublicationType.PERIODIC,
            period="2026-Q1",
            body="召开支部党员大会一次。",
        ),
        date(2026, 4, 8),
    )
    clean = publish_item(
        services, new("党风廉政建设", "廉政谈话安排", body="谈话安排如下。"), date(2026, 5, 1)
    )
    out["clean"] = services.items.withdraw(clean.id, on=date(2026, 5, 20), reason="活动取消")
    out["member"] = publish_item(
        services,
        new(
            "发展党员",
            "发展对象公示",
            scope=Scope.RESTRICTED,
            images=[_jpeg()],
            body=f"发展对象赵六，身份证号{SECRET_ID}。",
        ),
        date(2026, 6, 1),
    )
    revision = services.items.revise(out["rules"].id)
    revision.body = "书记：张三。\n\n组织委员：钱七。"
    out["rules2"] = publish_item(services, revision, date(2026, 7, 1))
    out["old"] = publish_item(
        services, new("发展党员", "上年度发展对象公示", body="旧。"), date(2025, 12, 1)
    )
    out["draft"] = services.items.save(new("发展党员", "草稿不得归档"))
    pending = services.items.save(
        new("发展党员", "待审核不得归档", body="待审核。", responsible="吴喆")
    )
    out["pending"] = services.items.submit(pending.id)
    return out


def pdf_text(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


def catalogue_page_counts(path: Path) -> list[int]:
    """Numbers printed in the 页数 column (under its header) of the catalogue."""
    counts: list[int] = []
    for page in PdfReader(path).pages[1:]:
        if "档号" not in (page.extract_text() or ""):
            break  # past the catalogue
        cells: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size, cells=cells) -> None:
            x = (tm[4] * cm[0] + cm[4]) / 72 * 25.4
            if text.strip():
                cells.append((-(tm[5] * cm[3] + cm[5]), x, text.strip()))

        page.extract_text(visitor_text=visit)
        head = next(x for _y, x, t in cells if t == "页数")
        notes = next(x for _y, x, t in cells if t == "备注")
        counts += [int(t) for _y, x, t in sorted(cells) if head - 3 < x < notes - 1 and t.isdigit()]
    return counts


def manifest(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".manifest.json").read_text(encoding="utf-8"))


def test_pure_helpers() -> None:
    from board_app.domain.items import Retention

    assert archive_code("J012", 2026, Retention.PERMANENT, 1) == "J012-WS·2026-Y-0001"
    assert archive_code("J012", 2026, Retention.Y30, 12) == "J012-WS·2026-D30-0012"
    assert period_bounds(2026, 2) == (date(2026, 4, 1), date(2026, 6, 30))
    assert period_bounds(2026, 4)[1] == date(2026, 12, 31)
    assert [spine_width(p) for p in (10, 200, 201, 300, 400, 401)] == [20, 20, 30, 30, 40, 50]


def test_content_order_and_unmasked(services, party_org, tmp_path: Path) -> None:
    items = populate(services, party_org)
    out = tmp_path / "box.pdf"
    result = build_archive(
        services, party_org.name, 2026, retention="永久", out=out, deterministic=True
    )
    assert [f.pdf for f in result.files] == [out]
    box = result.files[0]
    m = manifest(out)
    # 永久: rules, fees, member, rules2 (publish date order); 30年 items and drafts left out
    assert [e["item_id"] for e in m["items"]] == [
        items[k].id for k in ("rules", "fees", "member", "rules2")
    ]
    assert [e["archive_no"] for e in m["items"]] == [
        f"J031-WS·2026-Y-{n:04d}" for n in (1, 2, 3, 4)
    ]
    assert (box.first_seq, box.last_seq, box.item_count) == (1, 4, 4)
    pages = pdf_text(out)
    everything = "".join(pages)
    assert "归档文件目录" in pages[1] and "全宗名称" in pages[0] and "备考表" in pages[-1]
    for word in ("草稿不得归档", "待审核不得归档", "上年度发展对象公示", "廉政谈话安排"):
        assert word not in everything
    assert SECRET_ID in everything and SECRET_PHONE in everything  # nothing masked
    assert "发展对象公示" in everything  # restricted scope is archived too
    for entry in m["items"]:  # each 件 starts on its own page with the 归档章 and title
        first = pages[entry["first_page"] - 1]
        assert entry["title"] in first and f"{entry['seq']:04d}" in first and "J031" in first
    assert sum(e["pages"] for e in m["items"]) + 3 == len(pages) == box.page_count
    last = m["items"][3]
    assert "修订记录" in "".join(
        pages[last["first_page"] - 1 : last["first_page"] - 1 + last["pages"]]
    )
    assert "贰佰叁拾玖元伍角" in everything  # closing balance in capitals: 1000+360-120.50
    assert m["items"][1]["content_sha256"] == content_sha256(services.items.get(items["fees"].id))


def test_catalogue_pages_bookmarks_fonts_and_pdfa(services, party_org, tmp_path: Path) -> None:
    populate(services, party_org)
    out = tmp_path / "box.pdf"
    build_archive(services, party_org.name, 2026, retention="永久", out=out)
    m = manifest(out)
    with pikepdf.open(out) as pdf:
        with pdf.open_outline() as outline:
            marks = list(outline.root)
        assert len(marks) == 3 + len(m["items"])  # cover, catalogue, every 件, 备考表
        assert [marks[0].title, marks[1].title, marks[-1].title] == [
            "封面",
            "归档文件目录",
            "备考表",
        ]
        marks = marks[1:-1]
        targets = [
            pdf.pages.index(pdf.get_object(mk.destination[0].objgen)) + 1 for mk in marks[1:]
        ]
        assert targets == [e["first_page"] for e in m["items"]]
        assert [mk.title.split()[0] for mk in marks[1:]] == [e["archive_no"] for e in m["items"]]
        for page in pdf.pages:  # every font embedded and subset; no Helvetica
            for font in page.Resources.get("/Font", {}).values():
                desc = font.get("/FontDescriptor")
                assert desc is not None and "/FontFile2" in desc, font.BaseFont
                assert str(font.BaseFont)[7:8] == "+" and "Helvetica" not in str(font.BaseFont)
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert "J031" not in meta["dc:title"] and meta["dc:title"] == str(pdf.docinfo.Title)
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1 and intent.DestOutputProfile.N == 3
        assert len(intent.DestOutputProfile.read_bytes()) > 300
        assert "/ID" in pdf.trailer
    # the 页数 column of the catalogue holds each 件's real page count
    assert catalogue_page_counts(out) == [e["pages"] for e in m["items"]]
    assert b"Helvetica" not in out.read_bytes()


def test_numbers_stable_split_and_later_items(services, party_org, tmp_path: Path) -> None:
    items = populate(services, party_org)
    result = build_archive(services, party_org.name, 2026, out=tmp_path / "a.pdf")
    names = sorted(f.pdf.name for f in result.files)
    assert names == ["a-D30.pdf", "a-Y.pdf"]
    d30 = manifest(tmp_path / "a-D30.pdf")
    assert [e["item_id"] for e in d30["items"]] == [items["meetings"].id, items["clean"].id]
    assert d30["retention"] == "30年" and d30["items"][1]["archive_no"].endswith("-D30-0002")
    before = {e["item_id"]: e["archive_no"] for e in manifest(tmp_path / "a-Y.pdf")["items"]}
    later = Item(
        title="下半年发展党员公示",
        publication_type=PublicationType.IMMEDIATE,
        organization_id=party_org.id,
        category_id=category_id(services, party_org, "发展党员"),
        body="公示。",
    )
    later = publish_item(services, later, date(2026, 3, 3))  # earlier date, published later
    again = build_archive(services, party_org.name, 2026, retention="Y", out=tmp_path / "b.pdf")
    after = {e["item_id"]: e["archive_no"] for e in manifest(tmp_path / "b.pdf")["items"]}
    assert {k: after[k] for k in before} == before
    assert after[later.id] == "J031-WS·2026-Y-0005"
    assert again.files[0].box == 1  # same first 件号: a rebuild of box 1
    q3 = build_archive(
        services, party_org.name, 2026, quarter=3, retention="永久", out=tmp_path / "q3.pdf"
    )
    assert [e["item_id"] for e in manifest(tmp_path / "q3.pdf")["items"]] == [items["rules2"].id]
    assert q3.files[0].box == 2
    assert services.items.get(items["draft"].id).status is Status.DRAFT


def test_deterministic_and_refusals(services, party_org, tmp_path: Path) -> None:
    populate(services, party_org)
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build_archive(services, party_org.name, 2026, retention="30年", out=a, deterministic=True)
    build_archive(services, party_org.name, 2026, retention="30年", out=b, deterministic=True)
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(UsageError):
        build_archive(services, party_org.name, 2027, out=tmp_path / "none.pdf")
    with pytest.raises(UsageError):
        build_archive(services, party_org.name, 2026, retention="5年", out=tmp_path / "x.pdf")
    party_org.fonds_code = ""
    services.orgs.update(party_org)
    with pytest.raises(UsageError, match="全宗号"):
        build_archive(services, party_org.name, 2026, out=tmp_path / "c.pdf")
