"""Outputs never overwrite the program's own files, whatever the spelling of the path.

Every command that writes where the user points (poster, labels, archive, backup, export) is
aimed at each of the program's own files — the database, its -wal/-shm/-journal, its lock, a
file in backups/, the settings file, a log file — spelled directly, through a symlink, through
a hard link and through ``..``: each run must exit 2 and leave the file exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from board_app.cli import main

DATA = Path(__file__).resolve().parent / "data"
ORG = "示例镇东风村党支部"


def _dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [line for line in con.iterdump() if "sqlite_stat" not in line]
    finally:
        con.close()


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError):
        return None


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tpl")
    document = json.loads((DATA / "sample-items.json").read_text(encoding="utf-8"))
    document["organization"]["fonds_code"] = "J031"
    (folder / "items.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    shutil.copy(DATA / "sample-photo.jpg", folder / "sample-photo.jpg")
    db = folder / "office.sqlite3"
    assert main(["--db", str(db), "import", str(folder / "items.json")]) == 0
    assert (
        main(
            [
                "--db",
                str(db),
                "archive",
                "--org",
                ORG,
                "--year",
                "2026",
                "--out",
                str(folder / "box.pdf"),
            ]
        )
        == 0
    )
    return db


@pytest.fixture
def office(tmp_path: Path, template_db: Path) -> Path:
    db = tmp_path / "office.sqlite3"
    shutil.copy(template_db, db)
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "office-20260101-120000.sqlite3").write_bytes(template_db.read_bytes())
    (tmp_path / "office.sqlite3-wal").write_bytes(b"")
    return db


def _targets(db: Path) -> dict[str, Path]:
    folder = db.parent
    settings = Path(os.environ["BOARD_APP_CONFIG"])
    settings.write_text(json.dumps({"operator": "测试"}), encoding="utf-8")
    logs = Path(os.environ["BOARD_APP_LOG_DIR"])
    logs.mkdir(parents=True, exist_ok=True)
    (logs / "error-1.log").write_text("earlier crash", encoding="utf-8")
    os.symlink(db, folder / "link.pdf")
    os.link(db, folder / "hard.pdf")
    (folder / "sub").mkdir()
    return {
        "database": db,
        "database via ..": folder / "sub" / ".." / db.name,
        "symlink to database": folder / "link.pdf",
        "hard link to database": folder / "hard.pdf",
        "wal": folder / "office.sqlite3-wal",
        "shm (absent)": folder / "office.sqlite3-shm",
        "journal (absent)": folder / "office.sqlite3-journal",
        "lock": folder / "office.sqlite3.lock",
        "existing backup": folder / "backups" / "office-20260101-120000.sqlite3",
        "new file in backups": folder / "backups" / "new.pdf",
        "settings": settings,
        "log file": logs / "error-1.log",
    }


COMMANDS = {
    "poster": ["poster", "--org", ORG, "--out"],
    "labels": ["labels", "--org", ORG, "--year", "2026", "--out"],
    "archive": ["archive", "--org", ORG, "--year", "2026", "--retention", "10", "--out"],
    "backup": ["backup", "--out"],
    "export": ["export", "--org", ORG, "--out"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_commands_refuse_the_programs_own_files(
    command: str, office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = _targets(office)
    protected = [
        *office.parent.glob("backups/*"),
        Path(os.environ["BOARD_APP_CONFIG"]),
        Path(os.environ["BOARD_APP_LOG_DIR"]) / "error-1.log",
    ]
    before = {p: _digest(p) for p in protected}
    records = _dump(office)
    for name, target in targets.items():
        existed = os.path.lexists(target)
        code = main(["--db", str(office), *COMMANDS[command], str(target)])
        err = capsys.readouterr().err
        assert code == 2, f"{command} --out {name}: exit {code}: {err}"
        assert "未写入" in err or "not written" in err, f"{command} --out {name}: {err}"
        if not existed and name != "lock":
            assert not os.path.lexists(target), f"{command} created {name}"
    assert {p: _digest(p) for p in protected} == before
    assert _dump(office) == records
    assert main(["--db", str(office), "check"]) == 0


def test_export_images_folder_cannot_be_the_backups_folder(office: Path, capsys) -> None:
    # export writes <stem>_images beside the file: "backups.json" would put pictures there?
    # No: the folder is "backups_images". But a file named inside backups/ is refused.
    code = main(
        [
            "--db",
            str(office),
            "export",
            "--org",
            ORG,
            "--out",
            str(office.parent / "backups" / "x.json"),
        ]
    )
    assert code == 2
    assert not (office.parent / "backups" / "x_images").exists()


def test_ordinary_outputs_still_work(office: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--db", str(office), "poster", "--org", ORG, "--out", str(out / "p.pdf")]) == 0
    assert main(["--db", str(office), "backup", "--out", str(out / "copy.sqlite3")]) == 0
    assert main(["--db", str(office), "export", "--org", ORG, "--out", str(out / "e.json")]) == 0
    assert (out / "p.pdf").read_bytes().startswith(b"%PDF")
    assert not [p for p in out.rglob("*") if p.name.startswith(".board-app-tmp-")]
