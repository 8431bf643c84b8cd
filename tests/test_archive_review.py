"""Archive acceptance review: long catalogues, retention rules, wide ledgers, XMP for strict
validators, boxes that overlap."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from archive_checks import pdfa_checked  # noqa: F401 (autouse: every box passes)
from pypdf import PdfReader
from support import category_id, publish_item
from test_archive_build import catalogue_page_counts, manifest

from board_app.domain.items import Item, LedgerRow, PublicationType, Retention
from board_app.services.archive import build_archive


def _item(services, org, cat: str, title: str, **kw) -> Item:
    return Item(
        title=title,
        publication_type=kw.pop("ptype", PublicationType.IMMEDIATE),
        organization_id=org.id,
        category_id=category_id(services, org, cat),
        body=kw.pop("body", "内容。"),
        **kw,
    )


def test_long_catalogue_repeats_its_header_and_counts_pages(
    services, party_org, tmp_path: Path
) -> None:
    """40+ 件: the 归档文件目录 runs over several pages, each starting with the header row."""
    long_body = "\n\n".join(["为进一步规范党务公开工作，现将有关情况公开如下。" * 6] * 10)
    for k in range(42):
        publish_item(
            services,
            _item(
                services,
                party_org,
                "组织设置",
                f"第{k + 1}号事项：关于支部工作若干事项的情况通报"
                if k % 3 == 0
                else f"事项{k + 1}",
                body=long_body if k == 5 else "内容。",
            ),
            date(2026, 1, 5) + timedelta(days=k),
        )
    out = tmp_path / "long.pdf"
    build_archive(services, party_org.name, 2026, retention="永久", out=out)
    m = manifest(out)
    reader = PdfReader(out)
    catalogue = []
    for page in reader.pages[1:]:
        text = page.extract_text() or ""
        if "档号" not in text:
            break
        catalogue.append(re.sub(r"\s+", "", text))
    assert len(catalogue) >= 3
    for text in catalogue:  # the header row on every catalogue page
        for head in ("序号", "档号", "责任者", "题名", "日期", "页数", "备注"):
            assert head in text
    assert catalogue_page_counts(out) == [e["pages"] for e in m["items"]]
    assert m["items"][5]["pages"] >= 2
    assert m["items"][0]["first_page"] == 2 + len(catalogue)
    with pikepdf.open(out) as pdf, pdf.open_outline() as outline:
        assert len(list(outline.root)) == 45  # cover, catalogue, 42 件, 备考表


def test_item_retention_overrides_its_category(services, party_org, tmp_path: Path) -> None:
    """Retention comes from the item, defaulting to its category's (组织设置: 永久)."""
    own = publish_item(
        services,
        _item(services, party_org, "组织设置", "十年期限的事项", retention=Retention.Y10),
        date(2026, 2, 1),
    )
    default = publish_item(
        services, _item(services, party_org, "组织设置", "随目录期限的事项"), date(2026, 2, 2)
    )
    result = build_archive(services, party_org.name, 2026, out=tmp_path / "a.pdf")
    assert sorted(f.pdf.name for f in result.files) == ["a-D10.pdf", "a-Y.pdf"]
    assert [e["item_id"] for e in manifest(tmp_path / "a-D10.pdf")["items"]] == [own.id]
    assert [e["item_id"] for e in manifest(tmp_path / "a-Y.pdf")["items"]] == [default.id]
    assert manifest(tmp_path / "a-D10.pdf")["items"][0]["archive_no"] == "J031-WS·2026-D10-0001"


def test_numbered_item_keeps_its_retention(services, party_org, tmp_path: Path) -> None:
    """An item without its own retention follows its category; once numbered it keeps the
    retention and 件号 it was filed under even if the category changes (this crashed with a
    UNIQUE constraint error on archive_number.item_id)."""
    from board_app.storage.models import ItemRow

    item = publish_item(
        services, _item(services, party_org, "组织设置", "旧数据事项"), date(2026, 3, 1)
    )
    ItemRow.update(retention=None).where(ItemRow.id == item.id).execute()  # legacy row
    first = build_archive(services, party_org.name, 2026, out=tmp_path / "a.pdf")
    assert [f.retention for f in first.files] == [Retention.PERMANENT]
    cat = services.orgs.category(category_id(services, party_org, "组织设置"))
    cat.retention = Retention.Y30
    services.orgs.save_category(cat)
    again = build_archive(services, party_org.name, 2026, out=tmp_path / "b.pdf")
    assert [(f.retention, f.first_seq) for f in again.files] == [(Retention.PERMANENT, 1)]
    assert manifest(tmp_path / "b-Y.pdf")["items"][0]["item_id"] == item.id


def test_ledger_amounts_never_wrap(services, party_org) -> None:
    """Seven-figure totals stay on one line in the 收支明细 amount columns (133,568.05 wrapped
    into "133,568.0" / "5" with the fixed 22 mm columns)."""
    from board_app.render.archive_common import FRAME_W
    from board_app.render.archive_items import ledger_widths
    from board_app.render.text import CJKParagraph, TextStyle

    bold = TextStyle(role="sans_bold", size=10.5, leading=14, align="right")
    for amount in ("133,568.05", "12,345,678.90", "-1,234,567.89"):
        widths = ledger_widths([amount, "0.00"])
        assert abs(sum(widths) - FRAME_W) < 0.01
        assert widths[2] >= 30 * 72 / 25.4 - 0.01  # 摘要 keeps room
        _w, height = CJKParagraph(amount, bold).wrap(widths[5] - 6, 1000)
        assert height <= 14.01, (amount, widths[5])
    assert ledger_widths(["1.00"])[3] == pytest.approx(22 * 72 / 25.4)  # narrow amounts: as before


def test_big_ledger_in_pdf(services, party_org, tmp_path: Path) -> None:
    """The closing balance of a big ledger is drawn as one string on the 件 page."""
    publish_item(
        services,
        _item(
            services,
            party_org,
            "党费收缴使用",
            "大额收支",
            ptype=PublicationType.PERIODIC,
            period="2026-Q1",
            opening_balance=Decimal("86520.35"),
            ledger=[
                LedgerRow(date(2026, 2, 1), "记-1", "拨款", Decimal("12000000.00")),
                LedgerRow(date(2026, 2, 2), "记-2", "工程款", expense=Decimal("952.30")),
            ],
        ),
        date(2026, 4, 1),
    )
    out = tmp_path / "big.pdf"
    build_archive(services, party_org.name, 2026, retention="永久", out=out)
    page = PdfReader(out).pages[manifest(out)["items"][0]["first_page"] - 1]
    runs: list[str] = []
    page.extract_text(visitor_text=lambda text, *a: runs.append(text))
    assert any("12,085,568.05" in run for run in runs), runs


def test_xmp_declares_namespaces_on_the_description(services, party_org, tmp_path: Path) -> None:
    """Strict XMP parsers (PDFBox xmpbox) only see the PDF/A identification when the schema
    namespaces are declared on rdf:Description, inside an xpacket wrapper; Info matches XMP."""
    publish_item(services, _item(services, party_org, "组织设置", "事项"), date(2026, 1, 5))
    out = tmp_path / "x.pdf"
    build_archive(services, party_org.name, 2026, retention="永久", out=out)
    with pikepdf.open(out) as pdf:
        raw = pdf.Root.Metadata.read_raw_bytes().decode("utf-8")
        assert "/Filter" not in pdf.Root.Metadata.stream_dict
        assert raw.startswith("<?xpacket begin=") and raw.rstrip().endswith('<?xpacket end="w"?>')
        description = re.search(r"<rdf:Description[^>]*>", raw).group(0)
        for prefix in ("pdfaid", "dc", "xmp", "pdf"):
            assert f"xmlns:{prefix}=" in description
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        info = pdf.docinfo
        assert str(info.Title) == meta["dc:title"]
        assert str(info.Author) == meta["dc:creator"][0]
        assert str(info.Subject) == meta["dc:description"]
        assert str(info.Keywords) == meta["pdf:Keywords"] == "J031 2026 Y"
        assert str(info.Creator) == meta["xmp:CreatorTool"]
        assert str(info.Producer) == meta["pdf:Producer"]
        assert str(info.CreationDate).startswith("D:2026")
        assert meta["xmp:CreateDate"].startswith("2026")


PREFLIGHT_JARS = [
    Path("/usr/share/java") / j
    for j in (
        "preflight.jar",
        "pdfbox2.jar",
        "fontbox2.jar",
        "xmpbox.jar",
        "commons-logging.jar",
        "javax.activation.jar",
        "jaxb-api.jar",
    )
]


@pytest.mark.skipif(
    shutil.which("java") is None or not all(j.exists() for j in PREFLIGHT_JARS),
    reason="needs Java and Debian's libpdfbox2-java, libactivation-java, libjaxb-api-java",
)
def test_pdfbox_preflight(services, party_org, tmp_path: Path) -> None:
    """PDFBox Preflight (a PDF/A-1b validator) finds nothing but the two PDF/A-1-only points:
    the part number (2) and the ICC v4 profile (allowed by PDF/A-2)."""
    publish_item(
        services,
        _item(services, party_org, "组织设置", "支部委员会组成", body="书记：张三。"),
        date(2026, 1, 5),
    )
    out = tmp_path / "p.pdf"
    build_archive(services, party_org.name, 2026, retention="永久", out=out)
    done = subprocess.run(
        [
            "java",
            "-cp",
            ":".join(map(str, PREFLIGHT_JARS)),
            "org.apache.pdfbox.preflight.Validator_A1b",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = [line for line in done.stdout.splitlines() if re.match(r"\d+(\.\d+)* :", line)]
    allowed = ("Invalid version of the ICCProfile", "part must be 1")
    assert errors and all(any(a in e for a in allowed) for e in errors), done.stdout


def test_overlapping_box_is_reported(services, party_org, tmp_path: Path) -> None:
    """A quarter archived after the whole year overlaps the year's box: the result says so."""
    for k, day in enumerate((date(2026, 2, 1), date(2026, 8, 1))):
        publish_item(services, _item(services, party_org, "组织设置", f"事项{k}"), day)
    year = build_archive(services, party_org.name, 2026, retention="永久", out=tmp_path / "y.pdf")
    assert year.files[0].overlaps == []
    q3 = build_archive(
        services, party_org.name, 2026, quarter=3, retention="永久", out=tmp_path / "q.pdf"
    )
    f = q3.files[0]
    assert f.box == 2 and [(b.box, b.first_seq, b.last_seq) for b in f.overlaps] == [(1, 1, 2)]
    again = build_archive(services, party_org.name, 2026, retention="永久", out=tmp_path / "y.pdf")
    assert again.files[0].box == 1 and [b.box for b in again.files[0].overlaps] == [2]


def test_an_item_withdrawn_before_it_went_up_is_not_archived(tmp_path):
    from datetime import date

    from support import category_id, publish_item

    from board_app.domain.items import Item, Organization, OrgKind, PublicationType
    from board_app.services import archive
    from board_app.services.context import open_services

    services = open_services(tmp_path / "a.sqlite3")
    try:
        services.ctx.clock = lambda: __import__("datetime").datetime(
            2026, 11, 20, tzinfo=__import__("datetime").timezone.utc
        )
        org = services.orgs.create(
            Organization(
                name="甲村党支部", kind=OrgKind.PARTY_BRANCH, fonds_code="J001", fonds_name="甲村"
            )
        )
        cat = category_id(services, org, "党组织决议")
        kept = publish_item(
            services,
            Item(
                title="已公开的决定",
                publication_type=PublicationType.IMMEDIATE,
                organization_id=org.id,
                category_id=cat,
            ),
            date(2026, 11, 1),
        )
        cancelled = publish_item(
            services,
            Item(
                title="取消的决定",
                publication_type=PublicationType.IMMEDIATE,
                organization_id=org.id,
                category_id=cat,
                publish_date=date(2026, 12, 1),
            ),
            date(2026, 11, 20),
        )
        services.items.withdraw(cancelled.id, on=date(2026, 11, 20), reason="取消")
        result = archive.build_archive(
            services, org.name, 2026, retention="永久", out=tmp_path / "box.pdf", deterministic=True
        )
        assert sum(f.item_count for f in result.files) == 1
        assert kept.title in (tmp_path / "box.manifest.json").read_text(encoding="utf-8")
    finally:
        services.close()
