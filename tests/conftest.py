"""Shared fixtures: a real temporary database and a fixed clock; Qt runs offscreen."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import board_app.render.poster_fonts  # noqa: F401 - installs the layout's font metrics

FIXED_NOW = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)


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


@pytest.fixture
def services(db_path: Path):
    """Services over a fresh database with a fixed clock and operator."""
    from board_app.services.context import open_services

    svc = open_services(db_path, operator="测试员")
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
