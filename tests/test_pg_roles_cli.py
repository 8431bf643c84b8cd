"""``board-app server grant | revoke | users | audit`` on a real PostgreSQL server, and the
command line as a clerk: allowed steps work, refused ones end with a sentence and exit code 2."""

from __future__ import annotations

import io
import uuid

import pytest
from support import set_township

from board_app.cli import main
from board_app.domain.items import Organization, OrgKind
from board_app.services.context import open_services

pytest.importorskip("psycopg")


@pytest.fixture(scope="module")
def office(pg_cluster, pg_template):  # type: ignore[no-untyped-def]
    name = f"cli_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    admin = open_services(pg_cluster.url(name), operator="管理员")
    for village in ("东村村民委员会", "西村村民委员会"):
        org = admin.orgs.create(Organization(name=village, kind=OrgKind.VILLAGE_COMMITTEE))
        set_township(admin, org.id, "城关镇")
    admin.close()
    token = uuid.uuid4().hex[:6]
    made: list[str] = []

    def login(prefix: str) -> str:
        made.append(f"{prefix}_{token}")
        return made[-1]

    yield pg_cluster, name, login
    pg_cluster.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for role in made:
        pg_cluster.sql(f'DROP ROLE IF EXISTS "{role}"')


def _run(capsys, url: str, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["--db", url, "--lang", "en", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_grant_users_revoke(office, capsys) -> None:  # type: ignore[no-untyped-def]
    cluster, name, login = office
    admin, clerk = cluster.url(name), login("dong")
    code, out, _err = _run(
        capsys,
        admin,
        "server",
        "grant",
        "--role",
        "clerk",
        "--org",
        "东村村民委员会",
        "--user",
        clerk,
    )
    assert code == 0 and "is now clerk of 东村村民委员会" in out
    code, out, _err = _run(
        capsys,
        admin,
        "server",
        "grant",
        "--role",
        "clerk",
        "--org",
        "东村村民委员会",
        "--user",
        clerk,
    )
    assert code == 0 and "already was clerk" in out
    code, out, _err = _run(capsys, admin, "server", "users")
    assert code == 0 and f"{clerk}\tclerk\t东村村民委员会" in out

    # the clerk lists its own village, does not even see the other, and cannot grant
    as_clerk = cluster.url(name, user=clerk)
    code, out, _err = _run(capsys, as_clerk, "list", "--org", "东村村民委员会")
    assert code == 0
    code, _out, err = _run(capsys, as_clerk, "list", "--org", "西村村民委员会")
    assert code == 2 and "西村村民委员会" in err
    code, _out, err = _run(
        capsys, as_clerk, "server", "grant", "--role", "clerk", "--org", "东村村民委员会",
        "--user", login("sneaky"),
    )  # fmt: skip
    assert code == 2 and "The server refused this step" in err
    code, out, _err = _run(capsys, as_clerk, "server", "users")
    assert code == 0 and out.count("\tclerk\t") == 1

    code, out, _err = _run(
        capsys,
        admin,
        "server",
        "revoke",
        "--role",
        "clerk",
        "--org",
        "东村村民委员会",
        "--user",
        clerk,
    )
    assert code == 0 and "1 grants removed" in out
    member = cluster.sql(f"SELECT pg_has_role('{clerk}', 'board_clerk', 'MEMBER')", name)
    assert member == [(False,)]
    code, _out, err = _run(capsys, admin, "server", "revoke", "--role", "clerk", "--user", clerk)
    assert code == 2 and "has no such grant" in err


def test_password_is_stored_as_a_scram_verifier(office, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cluster, name, login = office
    viewer = login("chengguan")
    monkeypatch.setattr("sys.stdin", io.StringIO("长城-password-2026\n"))
    code, out, _err = _run(
        capsys, cluster.url(name), "server", "grant", "--role", "township", "--township", "城关镇",
        "--user", viewer, "--password",
    )  # fmt: skip
    assert code == 0 and "township viewer of 城关镇" in out
    stored = cluster.sql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{viewer}'")
    assert stored[0][0].startswith("SCRAM-SHA-256$") and "长城" not in stored[0][0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--role", "clerk", "--user", "ok_name"], "give --organization"),
        (["--role", "township", "--township", "不存在镇", "--user", "ok_name"], "Known: 城关镇"),
        (["--role", "admin", "--org", "东村村民委员会", "--user", "ok_name"], "no scope"),
        (["--role", "clerk", "--org", "东村村民委员会", "--user", "Bad Name"], "login name"),
        (["--role", "clerk", "--org", "东村村民委员会", "--user", "board_admin"], "reserves"),
        (["--role", "clerk", "--org", "东村村民委员会", "--user", "board"], "superuser"),
        (["--role", "clerk", "--org", "没有这个村", "--user", "ok_name"], "没有这个村"),
    ],
)
def test_bad_grants_are_refused_with_exit_2(office, capsys, args, expected) -> None:  # type: ignore[no-untyped-def]
    cluster, name, _login = office
    code, _out, err = _run(capsys, cluster.url(name), "server", "grant", *args)
    assert code == 2 and expected in err
    assert cluster.sql("SELECT count(*) FROM pg_roles WHERE rolname = 'ok_name'") == [(0,)]


def test_audit_lists_the_database_user(office, capsys) -> None:  # type: ignore[no-untyped-def]
    cluster, name, _login = office
    code, out, _err = _run(capsys, cluster.url(name), "server", "audit", "--limit", "5")
    assert code == 0 and "\tboard\t管理员\torganization.create" in out


def test_server_commands_need_a_server(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    open_services(tmp_path / "office.sqlite3").close()
    code = main(["--db", str(tmp_path / "office.sqlite3"), "--lang", "en", "server", "users"])
    err = capsys.readouterr().err
    assert code == 2 and "only on a PostgreSQL server" in err
