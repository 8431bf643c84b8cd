"""The command line against a database on a PostgreSQL server (``--db postgresql://…``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from board_app.cli import main

SAMPLE = Path(__file__).resolve().parent / "data" / "sample-items.json"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_export_and_check_on_a_server(pg_board_url, tmp_path, capsys):
    code, _out, err = cli(capsys, "--db", pg_board_url, "import", str(SAMPLE))
    assert code == 0, err
    org = json.loads(SAMPLE.read_text(encoding="utf-8"))["organization"]["name"]
    code, out, err = cli(capsys, "list", "--db", pg_board_url, "--org", org)
    assert code == 0, err
    assert "项" in out.splitlines()[-1]
    out_file = tmp_path / "out.json"
    code, _out, err = cli(
        capsys, "--db", pg_board_url, "export", "--org", org, "--out", str(out_file)
    )
    assert code == 0, err
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(exported["items"]) == len(json.loads(SAMPLE.read_text(encoding="utf-8"))["items"])
    code, out, err = cli(capsys, "--db", pg_board_url, "check")
    assert code == 0, err
    assert "postgresql://" in out


def test_environment_variable_names_a_server(pg_board_url, monkeypatch, capsys):
    monkeypatch.setenv("BOARD_APP_DB", pg_board_url)
    code, out, err = cli(capsys, "check")
    assert code == 0, err
    assert "postgresql://" in out


def test_file_commands_on_a_server_exit_2_naming_pg_dump(pg_board_url, tmp_path, capsys):
    code, _out, err = cli(capsys, "--db", pg_board_url, "backup", "--out", str(tmp_path / "b"))
    assert code == 2 and "pg_dump" in err
    (tmp_path / "b.sqlite3").write_bytes(b"x")
    code, _out, err = cli(capsys, "--db", pg_board_url, "restore", str(tmp_path / "b.sqlite3"))
    assert code == 2 and "pg_restore" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("make_url", "code", "words"),
    [
        (lambda c: c.url("no_such_db"), 3, "no_such_db"),
        (lambda c: "postgresql://x@/boards?host=/nonexistent&connect_timeout=2", 3, "无法连接"),
        (lambda c: c.url("postgres", user="nobody_here"), 3, "拒绝登录"),
        (lambda c: "postgresql://h/db?unknown_option=1", 2, "PostgreSQL"),
    ],
)
def test_unusable_servers_are_clear_messages(pg_cluster, capsys, make_url, code, words):
    got, _out, err = cli(capsys, "--db", make_url(pg_cluster), "list", "--org", "东风村")
    assert got == code
    assert words in err
    assert "Traceback" not in err


def test_gui_gets_the_url_unchanged(monkeypatch):
    import board_app.ui.main as ui_main

    seen = []
    monkeypatch.setattr(ui_main, "run_gui", lambda db, **kw: seen.append(db) or 0)
    url = "postgresql://clerk@/boards?host=/run/postgresql"
    assert main(["gui", "--db", url]) == 0
    assert main(["--db", url]) == 0
    assert seen == [url, url]  # a Path would have collapsed the "//"
