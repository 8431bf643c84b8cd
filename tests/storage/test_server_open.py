"""Opening a database on a PostgreSQL server: migrations, refusals, the same schema as SQLite."""

from __future__ import annotations

import pytest
from pg_cluster import db_name

from board_app.errors import DatabaseUnusableError, UsageError
from board_app.storage import dialect, migrations
from board_app.storage.db import open_database


def test_a_fresh_server_database_is_migrated_to_the_models(pg_url: str):
    database = open_database(pg_url)
    try:
        assert database.is_server
        assert database.migrated_from == 0
        assert migrations.read_version(database.db) == migrations.schema_version()
        assert dialect.schema_problems(database.db) == []
    finally:
        database.close()


def test_sqlite_and_postgresql_have_the_same_tables_and_columns(pg_board_url: str, tmp_path):
    server = open_database(pg_board_url)
    local = open_database(tmp_path / "x.sqlite3")
    try:
        assert dialect.schema_problems(local.db) == []
        assert dialect.schema_problems(server.db) == []

        def shape(db):  # type: ignore[no-untyped-def]
            own = (*dialect.SEARCH_TABLES, "sqlite_")  # each engine's search tables
            tables = [t for t in db.get_tables() if not t.startswith(own)]
            return {t: dialect.columns(db, t) for t in tables}

        assert shape(server.db) == shape(local.db)
    finally:
        server.close()
        local.close()


def test_reopening_does_not_migrate_again(pg_board_url: str):
    open_database(pg_board_url).close()
    again = open_database(pg_board_url)
    try:
        assert again.migrated_from is None
    finally:
        again.close()


def test_a_database_of_another_program_is_refused(pg_cluster, pg_url: str):
    name = db_name(pg_url)
    pg_cluster.sql("CREATE TABLE customers (id int)", dbname=name)
    with pytest.raises(DatabaseUnusableError, match="not a board-app database|不是"):
        open_database(pg_url)


def test_a_newer_schema_is_refused(pg_cluster, pg_board_url: str):
    name = db_name(pg_board_url)
    pg_cluster.sql("UPDATE meta SET value = '999' WHERE key = 'schema_version'", dbname=name)
    with pytest.raises(DatabaseUnusableError, match="999"):
        open_database(pg_board_url)


def test_a_missing_database_is_named(pg_cluster):
    with pytest.raises(DatabaseUnusableError, match="nosuchdb"):
        open_database(pg_cluster.url("nosuchdb"))


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseUnusableError) as info:
        open_database(f"postgresql://x@/boards?host={tmp_path}&connect_timeout=2")
    assert "Traceback" not in str(info.value)


def test_a_refused_login_is_a_clear_error(pg_cluster, pg_url: str):
    pg_cluster.sql("CREATE ROLE clerk LOGIN PASSWORD 'right'")
    conf = pg_cluster.data_dir / "pg_hba.conf"
    original = conf.read_text()
    conf.write_text("local all clerk scram-sha-256\n" + original)
    pg_cluster.sql("SELECT pg_reload_conf()")
    try:
        wrong = pg_url.replace("board@", "clerk:wrong@")
        with pytest.raises(DatabaseUnusableError) as info:
            open_database(wrong)
        assert "wrong" not in str(info.value)  # the password is never shown
    finally:
        conf.write_text(original)
        pg_cluster.sql("SELECT pg_reload_conf()")
        pg_cluster.sql("DROP ROLE clerk")


def test_a_malformed_url_is_bad_usage():
    with pytest.raises(UsageError):
        open_database("postgresql://host/db?nosuchoption=1")


def test_a_lost_connection_is_a_clear_error(pg_cluster, pg_board_url: str):
    from board_app.domain.queries import ItemFilter
    from board_app.services.context import open_services
    from board_app.services.faults import as_user_error

    services = open_services(pg_board_url)
    try:
        services.items.count(ItemFilter())
        pg_cluster.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{db_name(pg_board_url)}' AND pid <> pg_backend_pid()"
        )
        with pytest.raises(Exception) as info:
            services.items.count(ItemFilter())
        fault = as_user_error(info.value, services.location)
        assert isinstance(fault, DatabaseUnusableError)
        assert "连接已断开" in str(fault)
        # the next action reconnects (the server is back)
        assert services.items.count(ItemFilter()) == 0
    finally:
        services.close()


def test_backup_and_restore_on_a_server_point_to_pg_dump(pg_board_url: str, tmp_path):
    from board_app.services.context import open_services

    services = open_services(pg_board_url)
    try:
        with pytest.raises(UsageError, match="pg_dump"):
            services.backup_to(tmp_path / "copy.sqlite3")
        with pytest.raises(UsageError, match="pg_restore"):
            services.restore_from(tmp_path / "copy.sqlite3")
        assert not (tmp_path / "copy.sqlite3").exists()
    finally:
        services.close()


def test_a_missing_driver_is_a_clear_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg.conninfo", None)  # import fails
    with pytest.raises(DatabaseUnusableError, match="psycopg"):
        open_database("postgresql://clerk@/boards")


def test_a_sqlite_command_does_not_import_the_server_driver() -> None:
    """peewee would import psycopg (~90 ms) on every start; it is handed over only when a
    server database is opened."""
    import subprocess
    import sys

    code = (
        "import sys; import board_app.cli, board_app.services.context, board_app.storage.db;"
        "from board_app.cli import build_parser; build_parser();"
        "print('psycopg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_fresh_process_opens_a_server_database(pg_board_url: str, tmp_path) -> None:
    """The command line, started anew (peewee imported first, without the driver), works on
    the server: the driver is handed to peewee when the URL is opened."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, BOARD_APP_CONFIG=str(tmp_path / "settings.json"))
    out = subprocess.run(
        [sys.executable, "-c", "from board_app.app import main; raise SystemExit(main())"]
        + ["--db", pg_board_url, "--operator", "t", "check"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
