"""``board-app feedback``: add, list, reply, close, openings, settings, holidays and summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from board_app.cli import main
from board_app.domain.items import Organization, OrgKind
from board_app.services.context import open_services

ORG = "东风村民委员会"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite3"
    with open_services(path, operator="测试员") as svc:
        svc.orgs.create(Organization(name=ORG, kind=OrgKind.VILLAGE_COMMITTEE))
    return path


def fb(db: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "feedback", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_register_reply_close_and_list(db: Path, capsys):
    code, out, err = fb(
        db,
        capsys,
        "add",
        "--org",
        ORG,
        "--received",
        "2026-11-16",
        "--channel",
        "letter",
        "--kind",
        "complaint",
        "--content",
        "水渠修缮款去向不明",
        "--submitter",
        "赵堃",
        "--contact",
        "13912345678",
    )
    assert code == 0, err
    assert "YJ-2026-001" in out and "2026-11-25" in out
    code, out, err = fb(db, capsys, "list", "--org", ORG, "--on", "2026-11-30")
    assert code == 0 and "YJ-2026-001" in out and "逾期" in out and "来信" in out
    code, out, err = fb(
        db,
        capsys,
        "reply",
        "YJ-2026-001",
        "--org",
        ORG,
        "--text",
        "款项用于水渠二期，明细见公开栏。",
        "--date",
        "2026-11-20",
        "--by",
        "村委会",
        "--method",
        "public",
        "--summary",
        "群众询问水渠修缮款去向",
        "--post-from",
        "2026-11-21",
    )
    assert code == 0, err and "已答复" in out
    code, out, err = fb(
        db,
        capsys,
        "close",
        "YJ-2026-001",
        "--org",
        ORG,
        "--date",
        "2026-11-22",
        "--response",
        "mostly",
    )
    assert code == 0 and "已办结" in out
    code, out, err = fb(
        db,
        capsys,
        "add",
        "--org",
        ORG,
        "--received",
        "2026-11-17",
        "--channel",
        "visit",
        "--kind",
        "question",
        "--content",
        "问",
        "--handler",
        "钱喆",
    )
    assert code == 0, err
    code, out, err = fb(db, capsys, "start", "YJ-2026-002", "--org", ORG, "--handler", "孙宝堃")
    assert code == 0, err
    code, out, err = fb(db, capsys, "show", "YJ-2026-002", "--org", ORG)
    assert "承办人: 孙宝堃" in out and "function" not in out
    code, out, err = fb(db, capsys, "show", "YJ-2026-001", "--org", ORG)
    assert "基本满意" in out and "已办结" in out and "赵堃" in out


def test_bad_input_exits_2_and_writes_nothing(db: Path, capsys):
    code, out, err = fb(
        db,
        capsys,
        "add",
        "--org",
        ORG,
        "--received",
        "2026-11-16",
        "--channel",
        "box",
        "--kind",
        "question",
        "--content",
        "问",
        "--item",
        "2026-404",
    )
    assert code == 2 and "2026-404" in err and "Traceback" not in err
    code, out, err = fb(
        db,
        capsys,
        "add",
        "--org",
        ORG,
        "--received",
        "2026-13-01",
        "--channel",
        "box",
        "--kind",
        "question",
        "--content",
        "问",
    )
    assert code == 2
    code, out, err = fb(
        db,
        capsys,
        "add",
        "--org",
        "没有这个村",
        "--received",
        "2026-11-16",
        "--channel",
        "box",
        "--kind",
        "question",
        "--content",
        "问",
    )
    assert code == 2
    code, out, err = fb(db, capsys, "list", "--org", ORG)
    assert "0" in out and "YJ-" not in out
    fb(
        db,
        capsys,
        "add",
        "--org",
        ORG,
        "--received",
        "2026-11-16",
        "--channel",
        "box",
        "--kind",
        "question",
        "--content",
        "问",
    )
    code, out, err = fb(
        db,
        capsys,
        "reply",
        "YJ-2026-001",
        "--org",
        ORG,
        "--text",
        "答",
        "--date",
        "2026-11-01",
        "--by",
        "甲",
        "--method",
        "phone",
    )
    assert code == 2 and "2026-11-01" in err
    code, out, err = fb(db, capsys, "close", "YJ-2026-001", "--org", ORG, "--date", "2026-11-20")
    assert code == 2  # not replied yet
    code, out, err = fb(
        db,
        capsys,
        "opening",
        "--org",
        ORG,
        "--date",
        "2026-11-16",
        "--openers",
        "张三",
        "张三",
        "--letters",
        "1",
    )
    assert code == 2


def test_openings_settings_holidays_and_summary(db: Path, capsys, tmp_path: Path):
    code, out, err = fb(
        db, capsys, "settings", "--org", ORG, "--due-days", "5", "--box-days", "14", "--board", "on"
    )
    assert code == 0 and "5" in out
    code, out, err = fb(
        db,
        capsys,
        "opening",
        "--org",
        ORG,
        "--date",
        "2026-11-02",
        "--openers",
        "张三",
        "李四",
        "--letters",
        "2",
    )
    assert code == 0 and "2026-11-02" in out
    fb(
        db,
        capsys,
        "add",
        "--org",
        ORG,
        "--received",
        "2026-11-02",
        "--channel",
        "box",
        "--kind",
        "suggestion",
        "--content",
        "建议路灯延长开放时间",
        "--opening",
        "1",
    )
    code, out, err = fb(db, capsys, "openings", "--org", ORG)
    assert "1/2" in out and "张三、李四" in out
    code, out, err = fb(
        db, capsys, "holiday", "--off", "2027-01-01", "--work", "2027-01-02", "--year", "2027"
    )
    assert code == 0 and "2027-01-01" in out and "2027-01-02" in out
    pdf = tmp_path / "summary.pdf"
    code, out, err = fb(
        db,
        capsys,
        "summary",
        "--org",
        ORG,
        "--year",
        "2026",
        "--on",
        "2026-11-30",
        "--out",
        str(pdf),
    )
    assert code == 0, err
    assert "意见箱 1" in out and "逾期" in out and "YJ-2026-001" in out
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "YJ-2026-001" in text and "意见箱" in text
    size = db.stat().st_size
    for command in ("summary", "archive"):
        code, out, err = fb(db, capsys, command, "--org", ORG, "--year", "2026", "--out", str(db))
        assert code == 2 and "Traceback" not in err, (command, err)
    assert db.stat().st_size == size
    code, out, err = fb(
        db,
        capsys,
        "archive",
        "--org",
        ORG,
        "--year",
        "2026",
        "--out",
        str(tmp_path / "register.pdf"),
    )
    assert code == 0 and "D10-0001" in out
