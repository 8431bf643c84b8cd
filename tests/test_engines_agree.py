"""The same office data gives the same answers on SQLite and on PostgreSQL.

The demo is built on both engines with the same clock; the calendar, lists in every sort
order, search, exports, the poster PDF (deterministic bytes) and the yearly report agree.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from support import FIXED_NOW

from board_app.domain.queries import ItemFilter, SortKey

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, pg_cluster):
    """Demo offices on SQLite and on PostgreSQL (built once for the module)."""
    from board_app.demo import build_demo
    from board_app.services.context import open_services

    name = "agree"
    pg_cluster.sql(f'CREATE DATABASE "{name}"')
    opened = []
    for location in (
        tmp_path_factory.mktemp("agree") / "demo.sqlite3",
        pg_cluster.url(name),
    ):
        services = open_services(location, operator="测试员")
        services.ctx.clock = lambda: FIXED_NOW
        build_demo(services, TODAY)
        opened.append(services)
    yield opened
    for services in opened:
        services.close()
    pg_cluster.sql(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_the_calendar_agrees(both):
    local, server = both
    assert server.calendar.all(TODAY) == local.calendar.all(TODAY)


@pytest.mark.parametrize("sort", list(SortKey))
def test_lists_agree_in_every_order(both, sort):
    local, server = both
    for descending in (False, True):
        pages = [
            [s.id for s in svc.items.page(ItemFilter(), sort=sort, descending=descending)]
            for svc in both
        ]
        assert pages[1] == pages[0]
    assert server.items.count(ItemFilter()) == local.items.count(ItemFilter()) > 0


@pytest.mark.parametrize("text", ["党费", "公示 党员", "财务收支", "2026", "孙"])
def test_search_agrees(both, text):
    counts = [svc.items.count(ItemFilter(text=text)) for svc in both]
    assert counts[1] == counts[0] > 0


def test_item_tables_agree(both):
    local, server = both
    for org in local.orgs.all():
        flt = ItemFilter(organization_id=org.id)
        assert list(server.items.table(flt)) == list(local.items.table(flt))


def test_exports_agree(both, tmp_path: Path):
    for org in both[0].orgs.all():
        texts = []
        for n, svc in enumerate(both):
            out = tmp_path / str(n) / f"{org.id}.json"
            out.parent.mkdir(exist_ok=True)
            svc.interchange.export_file(org.name, out)
            data = json.loads(out.read_text(encoding="utf-8"))
            data.pop("exported_at", None)
            texts.append(json.dumps(data, ensure_ascii=False, sort_keys=True))
        assert texts[1] == texts[0]
    images = [
        {
            p.relative_to(tmp_path / str(n)): p.read_bytes()
            for p in (tmp_path / str(n)).rglob("*.jpg")
        }
        for n in range(2)
    ]
    assert images[1] == images[0] and images[0]  # image bytes (bytea) come back unchanged


def test_posters_are_the_same_pdf(both):
    from board_app.services.boards import PosterOptions, render_poster_bytes

    options = PosterOptions(on=TODAY, deterministic=True)
    for org in both[0].orgs.all():
        pdfs = [render_poster_bytes(svc.repo, org.name, options)[0] for svc in both]
        assert pdfs[1] == pdfs[0]
