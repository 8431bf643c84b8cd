"""The command line, run as a real process: output, exit codes, --db placement, language."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict | None = None, cwd: Path | None = None):
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("BOARD_APP_DB", None) if env is None or "BOARD_APP_DB" not in env else None
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    from PIL import Image

    src = ROOT / "tests" / "data" / "sample-items.json"
    data = json.loads(src.read_text(encoding="utf-8"))
    path = tmp_path / "items.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    Image.new("RGB", (30, 20), "red").save(tmp_path / "sample-photo.jpg")
    return path


def test_help_lists_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("import", "export", "list", "backup", "restore", "check"):
        assert command in result.stdout


def test_import_list_export_with_db_before_or_after(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    result = run("--db", str(db), "import", str(sample))
    assert result.returncode == 0, result.stderr
    assert "新增 4 项" in result.stdout
    listed = run("list", "--org", "示例镇东风村党支部", "--db", str(db), "--type", "periodic")
    assert listed.returncode == 0
    assert "2026年第三季度党费收缴使用情况" in listed.stdout and "定期公开" in listed.stdout
    english = run("--lang", "en", "--db", str(db), "list", "--org", "示例镇东风村党支部")
    assert "Published" in english.stdout and "4 item(s)" in english.stdout
    out = tmp_path / "out" / "export.json"
    exported = run("export", "--org", "示例镇东风村党支部", "--out", str(out), "--db", str(db))
    assert exported.returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "board-app.items/1"
    assert (out.parent / "export_images").is_dir()


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    data = json.loads(sample.read_text(encoding="utf-8"))
    data["items"][1]["ledger"][0]["income"] = "12,00.0元"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("--db", str(db), "import", str(bad))
    assert result.returncode == 2
    assert "bad.json" in result.stderr and "12,00.0元" in result.stderr
    assert not db.exists()  # a refused import creates no database
    assert run("--db", str(db), "import", str(sample)).returncode == 0
    result = run("--db", str(db), "import", str(bad))
    assert result.returncode == 2
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM item").fetchone()[0] == 4
    con.close()
    assert run("--db", str(db), "import", str(tmp_path / "missing.json")).returncode == 2
    assert run("--db", str(db), "list", "--org", "没有这个单位").returncode == 2
    assert run("--db", str(db), "frobnicate").returncode == 2


def test_dry_run(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    result = run("--db", str(db), "import", "--dry-run", str(sample))
    assert result.returncode == 0 and "试运行" in result.stdout
    assert not db.exists()  # a dry run never creates the database
    assert run("--db", str(db), "import", str(sample)).returncode == 0
    result = run("--db", str(db), "import", "--dry-run", str(sample))
    assert result.returncode == 0 and "试运行" in result.stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM item").fetchone()[0] == 4
    con.close()


def test_locked_database_exits_3(tmp_path: Path):
    from board_app.storage.lock import DatabaseLock

    db = tmp_path / "office.sqlite3"
    from board_app.storage.db import open_database

    open_database(db).close()
    lock = DatabaseLock(db)
    lock.acquire()
    try:
        # BOARD_APP_LOCK_WAIT shortens the command line's wait for the lock (3 s by default).
        result = run("--db", str(db), "check", env={**os.environ, "BOARD_APP_LOCK_WAIT": "0.2"})
    finally:
        lock.release()
    assert result.returncode == 3 and "使用" in result.stderr, result.stderr
    assert "正被" in result.stderr


def test_not_a_database_exits_3(tmp_path: Path):
    db = tmp_path / "office.sqlite3"
    db.write_text("hello", encoding="utf-8")
    result = run("--db", str(db), "check")
    assert result.returncode == 3 and str(db) in result.stderr


def test_check_backup_restore(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    assert run("--db", str(db), "import", str(sample)).returncode == 0
    check = run("--db", str(db), "check")
    assert check.returncode == 0 and "正常" in check.stdout
    copy = tmp_path / "copy.sqlite3"
    assert run("--db", str(db), "backup", "--out", str(copy)).returncode == 0
    con = sqlite3.connect(db)
    con.execute("DELETE FROM ledger_row")
    con.commit()
    con.close()
    restored = run("--db", str(db), "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM ledger_row").fetchone()[0] == 4
    con.close()
    assert list((tmp_path / "backups").glob("office-before-restore-*.sqlite3"))
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"garbage")
    assert run("--db", str(db), "restore", str(garbage)).returncode == 2


def test_check_reports_problems_with_exit_4(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    assert run("--db", str(db), "import", str(sample)).returncode == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute(
        "INSERT INTO ledger_row(item_id, position, voucher, summary, income, expense) "
        "VALUES (999, 0, '', '', '1', '0')"
    )
    con.commit()
    con.close()
    result = run("--db", str(db), "check")
    assert result.returncode == 4 and "ledger_row" in result.stderr


def test_db_from_environment(tmp_path: Path, sample: Path):
    db = tmp_path / "env.sqlite3"
    result = run("import", str(sample), env={"BOARD_APP_DB": str(db)})
    assert result.returncode == 0 and db.exists()


def test_demo_database(tmp_path: Path):
    db = tmp_path / "demo.sqlite3"
    result = run("--demo", "--db", str(db), "list", "--org", "东风村村民委员会")
    assert result.returncode == 0
    assert "财务收支明细" in result.stdout


def test_export_and_backup_never_overwrite_the_database(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    assert run("--db", str(db), "import", str(sample)).returncode == 0
    org = "示例镇东风村党支部"
    for target in (db, tmp_path / "office.sqlite3-wal", tmp_path / "sub" / ".." / db.name):
        exported = run("--db", str(db), "export", "--org", org, "--out", str(target))
        assert exported.returncode == 2 and str(target) in exported.stderr
        backed = run("--db", str(db), "backup", "--out", str(target))
        assert backed.returncode == 2 and str(target) in backed.stderr
    check = run("--db", str(db), "check")
    assert check.returncode == 0, check.stderr
    assert "4 项" in run("--db", str(db), "list", "--org", org).stdout


def test_unwritable_outputs_are_usage_errors(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    assert run("--db", str(db), "import", str(sample)).returncode == 0
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    for args in (
        ["export", "--org", "示例镇东风村党支部", "--out", str(blocker / "x.json")],
        ["export", "--org", "示例镇东风村党支部", "--out", str(tmp_path)],
        ["backup", "--out", str(blocker / "x.sqlite3")],
        ["backup", "--out", str(tmp_path)],
    ):
        result = run("--db", str(db), *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "内部错误" not in result.stderr


def test_database_path_that_cannot_be_created_exits_3(tmp_path: Path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    result = run("--db", str(blocker / "office.sqlite3"), "check")
    assert result.returncode == 3 and "office.sqlite3" in result.stderr
    folder = run("--db", str(tmp_path), "check")
    assert folder.returncode == 3 and str(tmp_path) in folder.stderr


def test_restore_refuses_foreign_and_newer_databases(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    assert run("--db", str(db), "import", str(sample)).returncode == 0
    foreign = tmp_path / "foreign.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE x(a)")
    con.commit()
    con.close()
    newer = tmp_path / "newer.sqlite3"
    assert run("--db", str(db), "backup", "--out", str(newer)).returncode == 0
    con = sqlite3.connect(newer)
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    for source, words in ((foreign, "不是公开栏管理数据库"), (newer, "999")):
        result = run("--db", str(db), "restore", str(source))
        assert result.returncode == 2 and str(source) in result.stderr
        assert words in result.stderr
        assert run("--db", str(db), "check").returncode == 0
    assert not list((tmp_path / "backups").glob("office-before-restore-*"))


def test_newer_database_names_the_newest_backup(tmp_path: Path, sample: Path):
    db = tmp_path / "office.sqlite3"
    assert run("--db", str(db), "import", str(sample)).returncode == 0
    backup = tmp_path / "backups" / "office-20260101-120000.sqlite3"
    outside = tmp_path / "copy.sqlite3"
    assert run("--db", str(db), "backup", "--out", str(outside)).returncode == 0
    backup.parent.mkdir(exist_ok=True)
    outside.rename(backup)
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    result = run("--db", str(db), "check")
    assert result.returncode == 3 and str(backup) in result.stderr


def test_argparse_messages_are_translated(tmp_path: Path):
    db = tmp_path / "office.sqlite3"
    result = run("--db", str(db), "list")
    assert result.returncode == 2
    assert "缺少必需的参数" in result.stderr and "--org" in result.stderr
    assert "the following arguments" not in result.stderr
    assert "显示本帮助并退出" in run("export", "--help").stdout
    english = run("--lang", "en", "--db", str(db), "list")
    assert "the following arguments are required: --org" in english.stderr


def test_database_location_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from board_app import paths
    from board_app.settings import load_settings, remember_database, resolve_database

    monkeypatch.setenv("BOARD_APP_CONFIG", str(tmp_path / "cfg.json"))
    monkeypatch.delenv("BOARD_APP_DB", raising=False)
    assert resolve_database(None) == paths.default_database()
    (tmp_path / "last.sqlite3").write_bytes(b"")
    remember_database(tmp_path / "last.sqlite3")
    assert resolve_database(None) == (tmp_path / "last.sqlite3").resolve()
    monkeypatch.setenv("BOARD_APP_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_database(None) == tmp_path / "env.sqlite3"
    assert resolve_database(str(tmp_path / "cli.sqlite3")) == tmp_path / "cli.sqlite3"
    # The saved settings do not pin the language: an English locale still gives English.
    assert load_settings().language == ""


def test_gui_without_qt_gives_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from board_app.cli import main

    monkeypatch.setitem(sys.modules, "board_app.ui.main", None)  # import fails like no libEGL
    assert main(["--db", str(tmp_path / "x.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert "无法启动" in err or "cannot start" in err
    assert "Traceback" not in err


def test_closed_pipe_is_not_an_internal_error(tmp_path: Path):
    db = tmp_path / "demo.sqlite3"
    assert run("--demo", "--db", str(db), "list", "--org", "东风村党支部").returncode == 0
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "list", "--org", "东风村党支部"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    proc.stdout.close()  # the reader goes away before the first line is written
    proc.wait(timeout=60)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    assert proc.returncode == 0, stderr
    assert "内部错误" not in stderr
