"""Shared fixtures: a real temporary database and a fixed clock; Qt runs offscreen."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/pg_cluster.py for fixtures
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The per-user caches (parsed fonts, translation tables) of this session live in a temporary
# folder: tests copy fonts to temporary paths, each of which would leave an entry behind.
_CACHES = tempfile.mkdtemp(prefix="board-app-test-caches-")
atexit.register(shutil.rmtree, _CACHES, ignore_errors=True)
os.environ.setdefault("BOARD_APP_FONT_CACHE", os.path.join(_CACHES, "fonts"))
os.environ.setdefault("BOARD_APP_I18N_CACHE", os.path.join(_CACHES, "translations"))

from support import FIXED_NOW  # noqa: E402 - one clock, importable by tests

import board_app.render.poster_fonts  # noqa: E402, F401 - installs the layout's font metrics


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own settings file and no BOARD_APP_DB from the environment."""
    cfg = tmp_path_factory.mktemp("cfg") / "settings.json"
    monkeypatch.setenv("BOARD_APP_CONFIG", str(cfg))
    monkeypatch.setenv("BOARD_APP_LOG_DIR", str(cfg.parent / "logs"))
    monkeypatch.setenv("BOARD_APP_TEMP_REGISTRY", str(cfg.parent / "temporary-files"))
    monkeypatch.delenv("BOARD_APP_DB", raising=False)
    from board_app import i18n

    i18n.set_language("zh_CN")
    yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "office.sqlite3"


# ----- PostgreSQL ---------------------------------------------------------------------------
# A test module (or test) marked ``both_engines`` runs once per engine: the ``engine`` fixture
# is parametrized with ids ``sqlite`` and ``postgresql``, and ``db_location`` (which the
# ``services`` fixture opens) is a fresh file or a fresh server database. Without the marker
# everything runs on SQLite. ``pg_cluster`` is the session's throw-away server; ``pg_url`` a
# fresh empty database on it, ``pg_board_url`` a fresh database already migrated (copied from a
# template database, so nothing is migrated per test).

_PG_STATE: dict[str, object] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_engines: run the test on SQLite and on PostgreSQL (ids sqlite/postgresql)"
    )
    config.addinivalue_line(
        "markers", "sqlite_only: a test about the database file, in a both_engines module"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker
    if "engine" in metafunc.fixturenames and marked("both_engines") and not marked("sqlite_only"):
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


def pytest_report_header(config: pytest.Config) -> str:
    from pg_cluster import find_bindir

    if os.environ.get("BOARD_APP_SKIP_PG"):
        return "PostgreSQL: tests SKIPPED (BOARD_APP_SKIP_PG is set)"
    bindir = find_bindir()
    if bindir is None:
        return (
            "PostgreSQL: tests SKIPPED - no server binaries (initdb) found; install "
            "postgresql-15 (Debian) or set BOARD_APP_PG_BIN"
        )
    return f"PostgreSQL: tests run on a throw-away cluster from {bindir}"


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    reason = _PG_STATE.get("unavailable")
    if reason:
        terminalreporter.write_line(
            f"PostgreSQL tests were SKIPPED: {reason}", yellow=True, bold=True
        )
    elif "cluster" in _PG_STATE:
        terminalreporter.write_line("PostgreSQL tests ran against a real PostgreSQL server.")


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's throw-away PostgreSQL cluster (skips, saying why, when there is none)."""
    from pg_cluster import ClusterUnavailable, start_cluster

    if "unavailable" in _PG_STATE:
        pytest.skip(f"PostgreSQL unavailable: {_PG_STATE['unavailable']}")
    if os.environ.get("BOARD_APP_SKIP_PG"):
        _PG_STATE["unavailable"] = "BOARD_APP_SKIP_PG is set"
        pytest.skip("PostgreSQL tests skipped: BOARD_APP_SKIP_PG is set")
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        _PG_STATE["unavailable"] = str(exc)
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    _PG_STATE["cluster"] = cluster
    yield cluster
    cluster.stop()


_DB_COUNTER = iter(range(1, 1_000_000))


def _new_database(cluster, template: str = "template0") -> str:  # type: ignore[no-untyped-def]
    name = f"t{next(_DB_COUNTER)}"
    strategy = "" if template == "template0" else " STRATEGY FILE_COPY"  # faster for copies
    cluster.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
    return name


_SHAPE_SQL = (
    "SELECT (SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' "
    "ORDER BY table_name, column_name) FROM information_schema.columns "
    "WHERE table_schema = 'public'), "
    "(SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
    "WHERE schemaname = 'public'), "
    "(SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM meta)"
)


class _BoardDatabases:
    """Databases with the current schema: copied from the template once, emptied and reused
    after each test (deleting a few rows takes a millisecond; a copy up to a second)."""

    def __init__(self, cluster, template: str) -> None:  # type: ignore[no-untyped-def]
        self.cluster = cluster
        self.template = template
        self.free: list[str] = []
        with cluster.connect(template) as conn:
            self.shape = conn.execute(_SHAPE_SQL).fetchone()
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'meta'"
                )
            ]
            sequences = [
                r[0]
                for r in conn.execute(
                    "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
                )
            ]
        self.reset_sql = "; ".join(
            [f'DELETE FROM "{t}"' for t in tables]
            + [f"SELECT setval('\"{q}\"', 1, false)" for q in sequences]
        )

    def take(self) -> str:
        return self.free.pop() if self.free else _new_database(self.cluster, self.template)

    def give_back(self, name: str) -> None:
        """Empty ``name`` for the next test, or drop it when the test changed its schema."""
        self.cluster.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        with contextlib.suppress(Exception), self.cluster.connect(name) as conn:
            # whatever else the test left (a broken schema ...), the database is dropped
            if conn.execute(_SHAPE_SQL).fetchone() == self.shape:
                conn.execute(self.reset_sql)
                self.free.append(name)
                return
        self.cluster.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:  # type: ignore[no-untyped-def]
    """A database migrated to the current schema, copied by ``pg_board_url``."""
    from board_app.storage.db import open_database

    name = _new_database(pg_cluster)
    open_database(pg_cluster.url(name)).close()
    return name


@pytest.fixture(scope="session")
def _pg_board_databases(pg_cluster, pg_template: str) -> _BoardDatabases:  # type: ignore[no-untyped-def]
    return _BoardDatabases(pg_cluster, pg_template)


@pytest.fixture
def pg_url(pg_cluster) -> str:  # type: ignore[no-untyped-def]
    """URL of a new, empty database on the session's server (dropped afterwards)."""
    name = _new_database(pg_cluster)
    yield pg_cluster.url(name)
    pg_cluster.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_board_url(pg_cluster, _pg_board_databases: _BoardDatabases) -> str:  # type: ignore[no-untyped-def]
    """URL of an empty database with the current schema (ids start at 1, as on a new file)."""
    name = _pg_board_databases.take()
    yield pg_cluster.url(name)
    _pg_board_databases.give_back(name)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """``sqlite`` (default) or ``postgresql`` for tests marked ``both_engines``.

    ``BOARD_APP_TEST_ENGINE=postgresql ./test …`` runs every other ``services`` test on the
    server too (to try a module before marking it)."""
    return getattr(request, "param", os.environ.get("BOARD_APP_TEST_ENGINE", "sqlite"))


@pytest.fixture
def db_location(engine: str, request: pytest.FixtureRequest, db_path: Path) -> Path | str:
    """Where the ``services`` fixture's database is: a file, or a server database's URL."""
    if engine == "postgresql":
        return request.getfixturevalue("pg_board_url")
    return db_path


@pytest.fixture
def services(db_location: Path | str):
    """Services over a fresh database with a fixed clock and operator."""
    from board_app.services.context import open_services

    svc = open_services(db_location, operator="测试员")
    svc.ctx.clock = lambda: FIXED_NOW
    yield svc
    svc.close()


@pytest.fixture
def party_org(services):
    from board_app.domain.items import Organization, OrgKind

    return services.orgs.create(
        Organization(
            name="东风村党支部",
            kind=OrgKind.PARTY_BRANCH,
            phone="0535-1234567",
            fonds_code="J031",
            fonds_name="中共东风村支部委员会",
        )
    )


@pytest.fixture
def other(services, engine, db_location):
    """A second clerk, 李会计, writing through a second connection to the same database
    (the concurrent-edit tests: items, feedback, matters)."""
    import peewee as pw

    from board_app.services.context import Services, open_services
    from board_app.storage.db import PRAGMAS, Database

    if engine == "postgresql":
        second = open_services(db_location, operator="李会计")
        second.ctx.clock = lambda: FIXED_NOW
        yield second
        second.close()
        return
    connection = pw.SqliteDatabase(str(services.path), pragmas=PRAGMAS)
    connection.connect()
    second = Services(
        Database(path=services.path, db=connection, lock=services.database.lock),
        operator="李会计",
    )
    second.ctx.clock = lambda: FIXED_NOW
    yield second
    connection.close()
