"""``board-app township``: list/assign/leave, the calendar table and JSON, the 统计表 as table,
JSON, PDF (checked by its text) and .xlsx; bad input exits 2 without a traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from township_data import TOWN, town_database

from board_app.cli import main


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("town")


@pytest.fixture
def db(town_dir: Path, tmp_path: Path) -> str:
    return str(town_database(town_dir, tmp_path / "town.sqlite3"))


def _run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_calendar_table_and_json_worst_first(db: str, capsys: pytest.CaptureFixture) -> None:
    code, out, err = _run(
        capsys, "--db", db, "township", "calendar", "--township", TOWN, "--as-of", "2026-11-20"
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "测试镇：共 4 个单位，截至 2026-11-20"
    assert lines[2].split()[:3] == ["乙村村民委员会", "5", "102"]  # since 08-10
    assert "  甲村村民委员会：财务收支明细 2026-09 自 2026-10-10 起逾期" in lines
    code, out, _err = _run(
        capsys, "--db", db, "township", "calendar", "--township", TOWN, "--as-of", "2026-11-20",
        "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert [v["organization"] for v in data["villages"]][:2] == ["乙村村民委员会", "甲村村民委员会"]
    a = data["villages"][1]
    assert a["overdue"] == [
        {"category": "财务收支明细", "period": "2026-09", "due": "2026-10-10", "days_late": 41}
    ]
    assert data["villages"][2]["feedback_overdue"] == 1


def test_statistics_table_json_pdf_and_xlsx(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    pdf, xlsx = tmp_path / "统计表.pdf", tmp_path / "统计表.xlsx"
    code, out, err = _run(
        capsys, "--db", db, "township", "stats", "--township", TOWN, "--period", "2026-Q3",
        "--as-of", "2026-11-20", "--pdf", str(pdf), "--xlsx", str(xlsx),
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0] == "测试镇公开情况统计表"
    assert "统计期间：2026年第3季度（2026-07-01 至 2026-09-30）" in out
    row = next(line for line in out.splitlines() if "甲村村民委员会" in line).split()
    # 序号 单位 长期 定期 即时 已公开 应公开 按时 逾期公开 逾期未公开 未到期 按时率
    # 意见 已答复 逾期未答复
    assert row == ["4", "甲村村民委员会", "1", "2", "1", "4", "2", "1", "1", "0", "0", "50.0%",
                   "1", "1", "0"]  # fmt: skip
    total = next(line for line in out.splitlines() if line.strip().startswith("合计")).split()
    assert total[5:10] == ["6", "3", "1", "2", "0"]

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "测试镇公开情况统计表" in text and "丁村村民委员会" in text
    assert "逾期公开及逾期未公开明细" in text and "填表人" in text
    assert "2026-09-15 逾期公开" in text  # 甲村's August report, published late
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "Helvetica" not in fonts.stdout

    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    a = next(r for r in values if r[1] == "甲村村民委员会")
    assert a[2:11] == [1, 2, 1, 4, 2, 1, 1, 0, 0]

    code, out, _err = _run(
        capsys, "--db", db, "township", "stats", "--township", TOWN, "--period", "2026-10",
        "--as-of", "2026-11-20", "--json",
    )  # fmt: skip
    data = json.loads(out)
    a = next(v for v in data["villages"] if v["organization"] == "甲村村民委员会")
    assert (a["reports_due"], a["late"], a["overdue"]) == (2, 1, 1)
    assert a["published"] == {"long_term": 0, "periodic": 1, "immediate": 1}
    assert (data["start"], data["end"]) == ("2026-10-01", "2026-10-31")


def test_assign_leave_list(db: str, capsys: pytest.CaptureFixture) -> None:
    code, out, _err = _run(
        capsys, "--db", db, "township", "assign", "--township", "新镇",
        "--org", "甲村村民委员会", "--org", "无镇村村民委员会",
    )  # fmt: skip
    assert code == 0 and "已修改 2 个单位" in out
    code, out, _err = _run(capsys, "--db", db, "township", "leave", "--org", "甲村村民委员会")
    assert code == 0 and "甲村村民委员会 已不属于任何乡镇" in out
    code, out, _err = _run(capsys, "township", "list", "--json", "--db", db, "--lang", "en")
    assert json.loads(out)["新镇"] == ["无镇村村民委员会"]
    assert "甲村村民委员会" not in json.loads(out)[TOWN]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "--township", TOWN, "--period", "2026-Q5"], "2026-Q5"),
        (["calendar", "--township", "没有镇"], "没有单位属于“没有镇”"),
        (["calendar", "--township", TOWN, "--as-of", "2026/11/20"], "2026/11/20"),
        (["assign", "--township", "镇" * 201, "--org", "甲村村民委员会"], "最多 200 个字"),
        (["assign", "--township", "新镇", "--org", "没有村"], "没有村"),
    ],
)
def test_bad_input_exits_2(
    db: str, capsys: pytest.CaptureFixture, args: list[str], message: str
) -> None:
    code, _out, err = _run(capsys, "--db", db, "township", *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_statistics_never_overwrite_the_database(db: str, capsys: pytest.CaptureFixture) -> None:
    before = Path(db).read_bytes()
    code, _out, err = _run(
        capsys, "--db", db, "township", "stats", "--township", TOWN, "--pdf", db
    )  # fmt: skip
    assert code == 2 and err
    assert Path(db).read_bytes() == before


def test_a_villages_board_with_the_poster_command(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "甲村.pdf"
    code, _out, err = _run(
        capsys, "--db", db, "poster", "--org", "甲村村民委员会", "--out", str(out),
        "--date", "2026-11-20",
    )  # fmt: skip
    assert code == 0, err
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "财务收支明细（2026-10）" in text


def test_demo_villages_give_the_township_views_content(
    db: str, capsys: pytest.CaptureFixture
) -> None:
    code, out, err = _run(capsys, "--db", db, "township", "demo", "--as-of", "2026-11-20")
    assert code == 0, err
    assert "北岭村村民委员会" in out
    code, out, _err = _run(
        capsys, "--db", db, "township", "calendar", "--township", "东风镇", "--as-of",
        "2026-11-20", "--json",
    )  # fmt: skip
    villages = json.loads(out)["villages"]
    assert len(villages) == 4 and villages[0]["organization"] == "北岭村村民委员会"
    assert villages[0]["overdue"] and not villages[-1]["overdue"]
    code, _out, err = _run(capsys, "--db", db, "township", "demo", "--as-of", "2026-11-20")
    assert code == 2 and "示例村已存在" in err
