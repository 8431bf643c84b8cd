"""``board-app push`` and ``board-app pull``: summaries, conflicts, exit codes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from support import demo_copy

from board_app.cli import main
from board_app.demo import VILLAGE
from board_app.domain.items import Status
from board_app.services.context import open_services


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory):
    """One demo database per session for the push/pull tests (built by the first to ask)."""
    folder = tmp_path_factory.getbasetemp() / "sync-demo-template"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def office(template_dir, tmp_path: Path) -> Path:
    return demo_copy(template_dir, tmp_path / "office.sqlite3", date(2026, 11, 20))


@pytest.fixture(params=["sqlite", "postgresql"])
def township(request, tmp_path: Path) -> Path | str:
    """The township's database: a file, or a database on the PostgreSQL server."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_board_url")
    path = tmp_path / "township.sqlite3"
    open_services(path).close()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_push_twice_then_a_conflict_exits_2_naming_theirs_and_ours(office, township, capsys):
    code, out, err = run(capsys, "--db", str(office), "push", "--to", str(township))
    assert code == 0, err
    assert "冲突 0 处" in out and "已发送：东风村村民委员会: 事项“" in out
    assert f"对方新建单位：{VILLAGE}" in out

    code, out, err = run(capsys, "--db", str(office), "push", "--to", str(township))
    assert code == 0 and "发送 0 条" in out and "冲突 0 处" in out

    with open_services(township) as svc:
        org = svc.orgs.by_name(VILLAGE)
        item = next(i for i in svc.repo.list_items(org.id) if i.status is Status.PUBLISHED)
        svc.repo.save_item(
            replace(item, responsible="镇里的责任人"), now=datetime.now(timezone.utc)
        )
    code, out, err = run(capsys, "--db", str(office), "push", "--to", str(township))
    assert code == 2
    assert "冲突 1 处" in out and "双方都未改动" in err
    assert f"事项 {item.number} “{item.title}” · 责任人：对方“镇里的责任人”，本机“" in err
    assert "Traceback" not in err


def test_pull_reports_changes_and_a_second_pull_none(office, township, capsys):
    assert run(capsys, "--db", str(office), "push", "--to", str(township))[0] == 0
    with open_services(township) as svc:
        org = svc.orgs.by_name(VILLAGE)
        svc.orgs.update(replace(org, board_subtitle="东风镇人民政府监制"))
    code, out, err = run(capsys, "--db", str(office), "pull", "--from", str(township))
    assert code == 0, err
    assert f"{VILLAGE} · 副标题：“—” → “东风镇人民政府监制”" in out
    code, out, err = run(capsys, "--db", str(office), "pull", "--from", str(township))
    assert code == 0 and "更改 0 处" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["push", "--to", "{missing}"], "没有这个数据库文件"),
        (["push", "--to", "{office}"], "目标就是本数据库自身"),
        (["push", "--to", "{township}", "--org", "没有这个单位"], "没有这个单位"),
        (["pull", "--from", "{township}"], "未拉取该单位的内容"),
        (["push", "--to", "server"], "没有选择服务器"),
    ],
)
def test_bad_targets_exit_2_without_writing(office, township, tmp_path, capsys, args, message):
    names = {"missing": str(tmp_path / "nowhere.sqlite3"), "office": str(office)}
    names["township"] = str(township)
    code, _out, err = run(capsys, "--db", str(office), *[a.format(**names) for a in args])
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "nowhere.sqlite3").exists()
    with open_services(township) as svc:
        assert svc.orgs.all() == []


def test_a_server_that_has_no_such_database_exits_3_naming_it(office, pg_cluster, capsys):
    url = pg_cluster.url("no_such_township")
    code, out, err = run(capsys, "--db", str(office), "push", "--to", url)
    assert code == 3 and "no_such_township" in err and "Traceback" not in err
    code, out, err = run(capsys, "--db", str(office), "pull", "--from", url + "&password=x")
    assert code == 3 and "password=x" not in err


def test_push_to_the_server_chosen_in_settings(office, pg_board_url, capsys):
    from urllib.parse import parse_qs, urlsplit

    from board_app.settings import MachineSettings, save_settings, settings_file

    parts = urlsplit(pg_board_url)
    server = {
        "host": parse_qs(parts.query)["host"][0],
        "dbname": parts.path.lstrip("/"),
        "user": parts.username,
    }
    save_settings(MachineSettings(server=server))
    code, out, err = run(capsys, "--db", str(office), "push", "--to", "server")
    assert code == 0, err
    assert "冲突 0 处" in out and server["dbname"] in out
    code, out, err = run(capsys, "--db", str(office), "pull", "--from", "server")
    assert code == 0 and "更改 0 处" in out
    assert "password" not in settings_file().read_text(encoding="utf-8")
