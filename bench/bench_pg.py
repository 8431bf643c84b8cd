"""Lists and searches on a PostgreSQL server at township scale: 100,000 items in 40 villages.

    .venv/bin/python bench/bench_pg.py [--items 100000] [--orgs 40] [--url postgresql://…]
                                       [--sqlite]

Without ``--url`` a throw-away cluster is started (tests/pg_cluster.py: Unix socket, fsync off,
which speeds up the generation only). The items are written with the importer's bulk insert
(``Repository.insert_new_items``), then every query runs the way the item table runs it: the
COUNT of the filter plus the first page of 200 rows, through the services. Each figure is the
median of 5 warm runs. ``--sqlite`` measures the same data in a SQLite file for comparison.
Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from board_app.domain.items import (  # noqa: E402
    AuditEntry,
    Item,
    Organization,
    OrgKind,
    PublicationType,
    Status,
)
from board_app.domain.queries import ItemFilter, SortKey  # noqa: E402
from board_app.services.context import Services, open_services  # noqa: E402

WORDS = [
    "村务",
    "财务收支",
    "低保",
    "救助",
    "宅基地",
    "工程项目",
    "党员",
    "发展",
    "党费",
    "补贴",
    "公示",
    "决议",
    "会议",
    "明细",
    "道路硬化",
    "水利",
    "养老",
    "医保",
    "土地",
    "承包",
]


def generate(services: Services, count: int, org_count: int) -> None:
    """``count`` items spread over ``org_count`` village committees, 2018–2026."""
    rnd = random.Random(7)
    orgs = [
        services.orgs.create(
            Organization(name=f"第{n:02d}村村委会", kind=OrgKind.VILLAGE_COMMITTEE)
        )
        for n in range(1, org_count + 1)
    ]
    cats = {o.id: services.orgs.categories(o.id) for o in orgs}
    now = datetime.now(timezone.utc)
    start = date(2018, 1, 1)
    numbers: dict[tuple[int, int], int] = {}
    batch: list[Item] = []
    for n in range(count):
        org = orgs[n % len(orgs)]
        cat = rnd.choice(cats[org.id])
        day = start + timedelta(days=rnd.randrange(3200))
        status = rnd.choice(list(Status))
        number = None
        if status in (Status.PUBLISHED, Status.WITHDRAWN):
            seq = numbers[(org.id, day.year)] = numbers.get((org.id, day.year), 0) + 1
            number = f"{day.year}-{seq:03d}"
        words = rnd.sample(WORDS, 4)
        batch.append(
            Item(
                title=f"{day.year}年{day.month}月{words[0]}{words[1]}情况（{n}）",
                publication_type=cat.publication_type,
                organization_id=org.id,
                category_id=cat.id,
                domain=cat.domain,
                scope=cat.scope,
                body="。".join(rnd.sample(WORDS, 8)) * 3,
                period=f"{day.year}-Q{(day.month - 1) // 3 + 1}"
                if cat.publication_type is PublicationType.PERIODIC
                else None,
                publish_date=day if number else None,
                status=status,
                number=number,
            )
        )
        if len(batch) == 5000 or n == count - 1:
            stamp = now - timedelta(minutes=count - n)
            audits = [
                AuditEntry(
                    at=stamp,
                    operator="bench",
                    action="item.create",
                    item_id=None,
                    changes={},
                    organization_id=i.organization_id,
                )
                for i in batch
            ]
            services.repo.insert_new_items(batch, audits, now=stamp)
            batch = []
    services.repo.optimize(full=True)


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    action()  # warm up (plans, caches)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        action()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(services: Services) -> list[tuple[str, float, int]]:
    """(what, median ms, matching items) for the item table's queries."""
    org = services.orgs.all()[0]
    cases: list[tuple[str, ItemFilter, SortKey]] = [
        ("all villages, newest first", ItemFilter(), SortKey.UPDATED),
        ("one village, newest first", ItemFilter(organization_id=org.id), SortKey.UPDATED),
        ("one village, by title", ItemFilter(organization_id=org.id), SortKey.TITLE),
        ("all villages, status 已公开", ItemFilter(status=Status.PUBLISHED), SortKey.PUBLISH_DATE),
        ("all villages, period 2024-Q3", ItemFilter(period="2024-Q3"), SortKey.UPDATED),
    ]
    for text, label in [
        ("道路硬化", "4 chars"),
        ("宅基地。养老", "body text"),
        ("低保", "2 chars"),
        ("孙宝", "2 chars, a name, no match"),
        ("不存在的事项", "no match"),
        ("低保 城乡低保", "2 + 4 chars"),
    ]:
        cases.append((f"search {label}: {text}", ItemFilter(text=text), SortKey.UPDATED))
        cases.append(
            (
                f"search {label} in one village: {text}",
                ItemFilter(text=text, organization_id=org.id),
                SortKey.UPDATED,
            )
        )
    out = []
    for label, flt, sort in cases:

        def run(flt: ItemFilter = flt, sort: SortKey = sort) -> None:
            services.items.count(flt)
            services.items.page(flt, sort=sort, limit=200)

        out.append((label, median_ms(run), services.items.count(flt)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=40)
    parser.add_argument("--url", help="an empty database on a server (default: a throw-away one)")
    parser.add_argument("--sqlite", action="store_true", help="measure a SQLite file as well")
    args = parser.parse_args()

    cluster = None
    url = args.url
    if url is None:
        from pg_cluster import start_cluster

        cluster = start_cluster()
        cluster.sql("CREATE DATABASE bench")
        url = cluster.url("bench")
    try:
        locations: list[tuple[str, Path | str]] = [("PostgreSQL", url)]
        if args.sqlite:
            folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
            locations.append(("SQLite", folder / "bench.sqlite3"))
        results: dict[str, list[tuple[str, float, int]]] = {}
        server_version = ""
        for engine, location in locations:
            services = open_services(location, operator="bench")
            if engine == "PostgreSQL":
                row = services.database.db.execute_sql("SHOW server_version").fetchone()
                server_version = str(row[0])
            t = time.perf_counter()
            generate(services, args.items, args.orgs)
            took = time.perf_counter() - t
            print(f"{engine}: generated {args.items} items in {took:.1f} s", file=sys.stderr)
            services.close()
            t = time.perf_counter()
            services = open_services(location, operator="bench")
            opened = (time.perf_counter() - t) * 1000
            results[engine] = [("open the database", opened, args.items), *measure(services)]
            services.close()
    finally:
        if cluster is not None:
            cluster.stop()

    engines = list(results)
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"PostgreSQL {server_version}, load average {os.getloadavg()[0]:.1f}, {date.today()}")
    print(f"{args.items:,} items in {args.orgs} villages; count + first 200 rows, median of 5.\n")
    header = " | ".join(f"{e} ms" for e in engines)
    print(f"| Query | {header} | matching items |")
    print("|---|" + "---:|" * (len(engines) + 1))
    for n, (label, _ms, hits) in enumerate(results[engines[0]]):
        cells = " | ".join(f"{results[e][n][1]:.0f}" for e in engines)
        print(f"| {label} | {cells} | {hits:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
