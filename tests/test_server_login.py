"""The township server's connection settings: addresses, checks, and refused logins."""

from __future__ import annotations

import pytest

from board_app.errors import DatabaseUnusableError, UsageError
from board_app.services.server_login import ServerSettings, needs_password
from board_app.settings import hide_password


def test_addresses_for_a_service_a_socket_and_a_host():
    assert ServerSettings(service="township").address() == "postgresql:///?service=township"
    assert (
        ServerSettings(host="/run/postgresql", port="5433", dbname="boards").address()
        == "postgresql:///boards?host=%2Frun%2Fpostgresql&port=5433"
    )
    server = ServerSettings(
        host="town.example.cn", port="5432", dbname="boards", user="东风村", sslmode="verify-full"
    )
    with_password = server.address("p@ss:w/rd 口令")
    assert with_password.startswith("postgresql://%E4%B8%9C%E9%A3%8E%E6%9D%91:p%40ss%3Aw%2Frd")
    assert with_password.endswith("@town.example.cn:5432/boards?sslmode=verify-full")
    assert "p%40ss" not in hide_password(with_password) and "***" in hide_password(with_password)
    assert "口令" not in server.address()


@pytest.mark.parametrize(
    "fields",
    [{"port": "54x"}, {"port": "70000"}, {"sslmode": "maybe"}, {"user": "a b"}, {"dbname": "a/b"}],
)
def test_fields_libpq_would_not_read_are_refused(fields):
    with pytest.raises(UsageError):
        ServerSettings(host="h", **fields).address()


def test_unknown_keys_in_the_settings_file_are_dropped():
    server = ServerSettings.from_dict({"host": "h", "password": "s3cret", "dbname": "b"})
    assert "s3cret" not in repr(server) and "password" not in server.to_dict()


class _Refused(Exception):
    sqlstate = "28P01"


def test_a_refused_login_is_recognised_through_the_engine_s_message():
    try:
        try:
            raise _Refused("FATAL: 用户认证失败")
        except _Refused as exc:
            raise DatabaseUnusableError("服务器拒绝登录") from exc
    except DatabaseUnusableError as wrapped:
        assert needs_password(wrapped)
    assert needs_password(RuntimeError("fe_sendauth: no password supplied"))
    assert not needs_password(DatabaseUnusableError("cannot be reached"))


def test_a_service_name_alone_reaches_the_service_file_s_database(
    pg_board_url, tmp_path, monkeypatch
):
    from urllib.parse import parse_qs, urlsplit

    from board_app.services.context import open_services

    parts = urlsplit(pg_board_url)
    host, dbname = parse_qs(parts.query)["host"][0], parts.path.lstrip("/")
    service_file = tmp_path / "pg_service.conf"
    service_file.write_text(f"[township]\nhost={host}\ndbname={dbname}\nuser={parts.username}\n")
    monkeypatch.setenv("PGSERVICEFILE", str(service_file))
    address = ServerSettings(service="township").address()
    with open_services(address) as services:
        assert services.location == "postgresql:///?service=township"
        assert services.database.db.database == dbname
