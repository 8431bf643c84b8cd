"""The 公开情况统计表, the Word 公告 (masked unless internal) and the office commands."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from board_app.domain.items import Cadence, DueRule, Item, LedgerRow, PublicationType
from tests.office_files import agency_export

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines

ROOT = Path(__file__).resolve().parents[1]


def publish(services, item: Item, on: date) -> Item:
    item.body = item.body or "正文"  # submission needs a body and a 责任人
    item.responsible = item.responsible or "张三"
    services.items.save(item)
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="李四", on=on)
    return services.items.publish(item.id, on=on)


def test_disclosure_report_counts_on_time_late_missing(services, party_org, tmp_path):
    cat = next(
        c
        for c in services.orgs.categories(party_org.id)
        if c.publication_type is PublicationType.PERIODIC
    )
    cat.cadence, cat.due_rule = Cadence.QUARTERLY, DueRule(1, 10)
    services.orgs.save_category(cat)
    for period, on in (("2026-Q1", date(2026, 4, 8)), ("2026-Q2", date(2026, 7, 20))):
        publish(
            services,
            Item(
                title=f"{period}党费",
                publication_type=PublicationType.PERIODIC,
                responsible="王芳",
                body="党费收缴情况如下。",
                organization_id=party_org.id,
                category_id=cat.id,
                period=period,
            ),
            on,
        )
    report = services.office.write_report(2026, tmp_path / "统计.xlsx", on=date(2026, 11, 20))
    line = next(r for r in report.counts() if r[1] == cat.name)
    assert line == (party_org.name, cat.name, 3, 1, 1, 1)  # Q1 on time, Q2 late, Q3 missing
    wb = openpyxl.load_workbook(tmp_path / "统计.xlsx")
    assert wb.sheetnames == ["汇总", "明细"]
    assert wb["汇总"]["A1"].value == "2026 年公开情况统计表"
    details = [r for r in wb["明细"].iter_rows(min_row=2, values_only=True) if r[1] == cat.name]
    assert [r[6] for r in details] == ["按时公开", "逾期公开", "未公开", "未到期"]
    party_org.tracking_start = date(2026, 4, 1)  # Q1 was not tracked: not counted as due
    services.orgs.update(party_org)
    report = services.office.disclosure_report(2026, on=date(2026, 11, 20))
    assert next(r for r in report.counts() if r[1] == cat.name)[2:] == (2, 0, 1, 1)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    parts.extend(p.text for p in doc.sections[0].header.paragraphs)
    return "\n".join(parts)


def test_notice_is_masked_unless_internal(services, party_org, tmp_path):
    cat = services.orgs.categories(party_org.id)[0]
    item = Item(
        title="临时救助发放情况",
        publication_type=PublicationType.IMMEDIATE,
        organization_id=party_org.id,
        category_id=cat.id,
        body="救助对象张三，身份证110105194912310021，电话13812345678。\n\n联系电话 0535-1234567",
        opening_balance=Decimal("100.00"),
        ledger=[
            LedgerRow(
                date(2026, 10, 3),
                "记-1",
                "发放给赵某（卡号6222021234567890123）",
                Decimal(0),
                Decimal("1239.50"),
            )
        ],
    )
    services.items.save(item)
    public = services.office.write_notice(item.id, tmp_path / "公告.docx")
    text = docx_text(public)
    assert "临时救助发放情况" in text and "110105********0021" in text
    assert "138****5678" in text and "***************0123" in text
    assert "13812345678" not in text and "110105194912310021" not in text
    assert (
        "合计（大写）：收入零元整；支出壹仟贰佰叁拾玖元伍角整；余额负壹仟壹佰叁拾玖元伍角整" in text
    )
    assert "东风村党支部" in text and "2026年11月20日" in text
    internal = docx_text(
        services.office.write_notice(item.id, tmp_path / "内部.docx", internal=True)
    )
    assert "110105194912310021" in internal and "内部版本" in internal
    doc = Document(str(public))
    title = doc.paragraphs[0].runs[0]
    assert title.font.size.pt == 22
    assert title._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("BOARD_APP_DB", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_office_commands(tmp_path: Path):
    db = str(tmp_path / "office.sqlite3")
    assert run("--db", db, "--demo", "list", "--org", "东风村党支部").returncode == 0
    listed = run("--db", db, "list", "--org", "东风村村民委员会").stdout.splitlines()
    draft = next(line.split("\t")[0] for line in listed if line.startswith("#"))
    bad = agency_export(tmp_path / "bad.xlsx", bad_amount="abc")
    result = run(
        "--db", db, "import-ledger", "--org", "东风村村民委员会", "--item", draft, str(bad)
    )
    assert result.returncode == 2 and "Sheet1!F7：不是有效金额" in result.stderr
    assert "Traceback" not in result.stderr
    good = agency_export(tmp_path / "good.xlsx")
    result = run(
        "--db",
        db,
        "import-ledger",
        "--org",
        "东风村村民委员会",
        "--item",
        draft,
        str(good),
        "--dry-run",
    )
    assert result.returncode == 0, result.stderr
    assert "7\t2026-10-09\t记-2\t购买办公用品𠮷\t0.00\t300.00\t5,900.50" in result.stdout
    result = run(
        "--db", db, "import-ledger", "--org", "东风村村民委员会", "--item", draft, str(good)
    )
    assert result.returncode == 0, result.stderr
    assert "期初余额：5,000.00" in result.stdout
    published = next(line.split("\t")[0] for line in listed if line.startswith("2026-"))
    result = run(
        "--db", db, "import-ledger", "--org", "东风村村民委员会", "--item", published, str(good)
    )
    assert result.returncode == 2 and "已公开的事项不能修改，请先修订" in result.stderr
    out = tmp_path / "items.xlsx"
    result = run(
        "--db", db, "export", "--org", "东风村村民委员会", "--format", "xlsx", "--out", str(out)
    )
    assert result.returncode == 0 and out.is_file(), result.stderr
    result = run("--db", db, "import", str(out), "--dry-run")
    assert result.returncode == 0 and "新增 0 项" in result.stdout, result.stderr
    assert run("--db", db, "template", "--out", str(tmp_path / "模板.xlsx")).returncode == 0
    assert (
        run("--db", db, "report", "--year", "2026", "--out", str(tmp_path / "r.xlsx")).returncode
        == 0
    )
    result = run(
        "--db",
        db,
        "notice",
        "--org",
        "东风村村民委员会",
        "--item",
        published,
        "--out",
        str(tmp_path / "n.docx"),
    )
    assert result.returncode == 0 and (tmp_path / "n.docx").is_file()
    assert (
        run(
            "--db",
            db,
            "notice",
            "--org",
            "东风村村民委员会",
            "--item",
            "2026-999",
            "--out",
            str(tmp_path / "x.docx"),
        ).returncode
        == 2
    )
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM item").fetchone()[0] > 0
    con.close()


@pytest.mark.sqlite_only
def test_outputs_never_go_over_the_database(services, party_org, tmp_path):
    import pytest

    from board_app.errors import UsageError

    db = services.path
    for write in (
        lambda: services.office.write_template(db),
        lambda: services.office.export_items(party_org.name, db),
        lambda: services.office.write_report(2026, db, on=date(2026, 11, 20)),
        lambda: services.office.write_report(2026, tmp_path, on=date(2026, 11, 20)),
    ):
        with pytest.raises(UsageError):
            write()
    assert services.orgs.by_name(party_org.name)
    assert not list(tmp_path.glob(".board-app-tmp-*"))
