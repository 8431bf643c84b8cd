"""`board-app matters …` on the command line: listing, recording, bad input as exit code 2."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from board_app.cli import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys):
    """Run the command line in process (as a user would type it) and capture its output."""

    def invoke(*args: str, db: Path) -> Result:
        capsys.readouterr()
        code = main(["--db", str(db), *args])
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return invoke


@pytest.fixture
def demo_db(tmp_path) -> Path:
    db = tmp_path / "demo.sqlite3"
    from board_app.demo_matters import build_mohei
    from board_app.services.context import open_services

    services = open_services(db, operator="测试员")
    try:
        build_mohei(services, services.ctx.today())
    finally:
        services.close()
    return db


def test_list_and_show_the_demo_matter(run, demo_db):
    listed = run("matters", "list", "--org", "墨黑村村民委员会", db=demo_db)
    assert listed.returncode == 0 and "●●●●" in listed.stdout and "50户" in listed.stdout
    shown = run("matters", "show", "1", db=demo_db)
    assert shown.returncode == 0
    for text in (
        "村党组织提议",
        "应到 92 人，实到 71 人",
        "赞成 66，反对 3，弃权 2",
        "决议公开",
        "实施结果公开",
        "已公开",
    ):
        assert text in shown.stdout, text


def test_record_steps_and_refuse_bad_input(run, demo_db):
    made = run(
        "matters",
        "new",
        "--org",
        "墨黑村村民委员会",
        "--title",
        "村道硬化𠮷",
        "--kind",
        "村级工程项目",
        "--budget",
        "120000",
        db=demo_db,
    )
    assert made.returncode == 0, made.stderr
    matter_id = made.stdout.split("：")[0].split()[-1]
    common = ["--date", "2026-06-01", "--place", "会议室", "--chair", "甲", "--recorder", "乙"]
    bad = run("matters", "step", matter_id, *common, "--members", "7", "--present", "9", db=demo_db)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "实到人数：实到 9 人，但应到只有 7 人" in bad.stderr
    wrong_order = run("matters", "step", matter_id, "--kind", "review", db=demo_db)
    assert wrong_order.returncode == 2 and "下一步是村党组织提议" in wrong_order.stderr
    few = run(
        "matters",
        "step",
        matter_id,
        *common,
        "--members",
        "7",
        "--present",
        "3",
        "--for",
        "3",
        "--against",
        "0",
        "--abstain",
        "0",
        "--outcome",
        "passed",
        "--close",
        db=demo_db,
    )
    assert few.returncode == 2 and "到会人数不足" in few.stderr and "第十二条" in few.stderr
    ok = run("matters", "step", matter_id, "--present", "5", "--for", "5", "--close", db=demo_db)
    assert ok.returncode == 0, ok.stderr
    assert "●○○○" in ok.stdout
    letters = run("matters", "step", matter_id, "--members", "x", db=demo_db)
    assert letters.returncode == 2
    early = run("matters", "step", matter_id, "--date", "2026-05-01", db=demo_db)
    assert early.returncode == 2 and "早于上一步骤" in early.stderr
    huge = run("matters", "step", matter_id, "--members", "9" * 30, db=demo_db)
    assert huge.returncode == 2 and "Traceback" not in huge.stderr
    missing = run("matters", "show", "999", db=demo_db)
    assert missing.returncode == 2


def test_sheet_and_rules_items(run, demo_db, tmp_path):
    sheet = run("matters", "sheet", "1", "--out", str(tmp_path / "s.pdf"), db=demo_db)
    assert sheet.returncode == 0 and (tmp_path / "s.pdf").stat().st_size > 1000
    wrong = run("matters", "sheet", "1", "--out", str(tmp_path / "s.txt"), db=demo_db)
    assert wrong.returncode == 2
    drafted = run("matters", "rules-items", "--org", "墨黑村村民委员会", db=demo_db)
    assert drafted.returncode == 0 and drafted.stdout.count("#") == 2


def test_settings_change_a_rule_with_its_source(run, demo_db, tmp_path):
    changed = run(
        "matters",
        "settings",
        "--org",
        "墨黑村村民委员会",
        "--rule",
        "party_members",
        ">1/2",
        ">1/2",
        "members",
        "--source",
        "某省实施办法第十条",
        "--working-days",
        "5",
        db=demo_db,
    )
    assert changed.returncode == 0, changed.stderr
    assert "某省实施办法第十条" in changed.stdout and "5 个工作日" in changed.stdout
    for bad in (
        ["--rule", "party_members", "3/2", ">1/2", "members"],
        ["--rule", "nobody", "1/2", "1/2", "present"],
        ["--working-days", "0"],
        ["--scope-file", str(tmp_path / "missing.txt")],
    ):
        result = run("matters", "settings", "--org", "墨黑村村民委员会", *bad, db=demo_db)
        assert result.returncode == 2 and "Traceback" not in result.stderr, bad


def test_sheet_never_overwrites_the_database(run, demo_db):
    before = demo_db.read_bytes()
    result = run("matters", "sheet", "1", "--out", str(demo_db.with_suffix(".pdf")), db=demo_db)
    assert result.returncode == 0
    hit = run("matters", "sheet", "1", "--out", str(demo_db) + "-wal.pdf", db=demo_db)
    assert hit.returncode == 0  # a different file
    link = demo_db.parent / "db-link.pdf"
    link.symlink_to(demo_db)
    refused = run("matters", "sheet", "1", "--out", str(link), db=demo_db)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert demo_db.read_bytes()[:16] == before[:16]


def test_delete_only_without_published_disclosure(run, demo_db):
    kept = run("matters", "delete", "1", db=demo_db)
    assert kept.returncode == 2 and "不能删除" in kept.stderr
    made = run("matters", "new", "--org", "墨黑村村民委员会", "--title", "误建", db=demo_db)
    matter_id = made.stdout.split("：")[0].split()[-1]
    assert run("matters", "delete", matter_id, db=demo_db).returncode == 0
    assert "误建" not in run("matters", "list", db=demo_db).stdout
