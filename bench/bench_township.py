"""Benchmark: the township views over 40 villages × 5 years (≈100,000 items; not run in CI).

    .venv/bin/python bench/bench_township.py [--villages 40] [--years 5] [--db URL-or-path]

Makes a fresh SQLite database in a temporary folder (or uses ``--db``, e.g. a PostgreSQL URL once
the engine branch is in, when it is empty), writes the items straight through the repository as
published (12 monthly and 16 quarterly reports a year per village, the rest immediate items), then
times, in process, the township calendar (target < 1 s) and the 公开情况统计表 of a quarter and
of a year (median of 3 runs each).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOWN = "基准镇"
AS_OF = date(2026, 11, 20)


def populate(db: Path | str, villages: int, years: int, per_village_year: int) -> int:
    from board_app.domain.items import (
        Cadence,
        Item,
        Organization,
        OrgKind,
        PublicationType,
        Status,
    )
    from board_app.domain.periods import Period
    from board_app.services.context import open_services

    now = datetime(2026, 11, 20, tzinfo=timezone.utc)
    first_year = AS_OF.year - years + 1
    written = 0
    with open_services(db, operator="bench") as s:
        for v in range(villages):
            org = s.orgs.create(
                Organization(
                    name=f"基准{v + 1:02d}村村民委员会",
                    kind=OrgKind.VILLAGE_COMMITTEE,
                    township=TOWN,
                    tracking_start=date(first_year, 1, 1),
                )
            )
            cats = s.orgs.categories(org.id)
            periodic = [c for c in cats if c.cadence is not Cadence.AS_NEEDED and c.due_rule]
            immediate = next(c for c in cats if c.publication_type is PublicationType.IMMEDIATE)
            with s.repo.transaction():
                n = 0
                for year in range(first_year, AS_OF.year + 1):
                    reports = 0
                    for cat in periodic:
                        period = Period(year, cat.cadence, 1)
                        while period.year == year and period.end < AS_OF:
                            due = period.due_date(cat.due_rule)
                            # every 9th report is missing, every 7th late
                            n += 1
                            if n % 9 == 0:
                                period = period.next()
                                continue
                            day = due + timedelta(days=5 if n % 7 == 0 else -3)
                            if day <= AS_OF:
                                s.repo.save_item(
                                    _item(Item, PublicationType.PERIODIC, org, cat, day, n,
                                          Status, period=str(period)),
                                    now=now,
                                )  # fmt: skip
                                reports += 1
                            period = period.next()
                    for k in range(max(0, per_village_year - reports)):
                        day = date(year, 1, 1) + timedelta(days=k * 360 // per_village_year)
                        if day <= AS_OF:
                            n += 1
                            s.repo.save_item(
                                _item(Item, PublicationType.IMMEDIATE, org, immediate, day, n,
                                      Status),
                                now=now,
                            )  # fmt: skip
                    written += n
    return written


def _item(
    item_cls: Any, ptype: Any, org: Any, cat: Any, day: date, n: int, status: Any,
    period: str | None = None,
) -> Any:  # fmt: skip
    return item_cls(
        title=f"{cat.name}第{n}号",
        publication_type=ptype,
        organization_id=org.id,
        category_id=cat.id,
        status=status.PUBLISHED,
        body="经村民代表会议讨论决定，现将有关事项公开如下，请广大村民监督。",
        publish_date=day,
        period=period,
        number=f"{day.year}-{n:05d}",
        responsible="村委会主任",
    )


def timed(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--villages", type=int, default=40)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--items", type=int, default=500, help="items per village and year")
    parser.add_argument("--existing", type=Path, help="measure a database made by an earlier run")
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="on a throw-away PostgreSQL cluster (tests/pg_cluster.py) instead of SQLite",
    )
    args = parser.parse_args()
    if args.postgresql:
        sys.path.insert(0, str(ROOT / "tests"))
        from pg_cluster import start_cluster

        cluster = start_cluster()
        try:
            cluster.sql("CREATE DATABASE township ENCODING 'UTF8' TEMPLATE template0")
            return measure(args, cluster.url("township"), "PostgreSQL")
        finally:
            cluster.stop()
    with tempfile.TemporaryDirectory() as tmp:
        return measure(args, args.existing or Path(tmp) / "township.sqlite3", "SQLite")


def measure(args: argparse.Namespace, db: Path | str, engine: str) -> int:
    """Fill ``db`` (unless --existing) and time the township views on it."""
    from board_app.domain.periods import Period
    from board_app.services.context import open_services

    start = time.perf_counter()
    if args.existing is None:
        populate(db, args.villages, args.years, args.items)
    made = time.perf_counter() - start
    with open_services(db, operator="bench") as s:
        items = s.repo.db.execute_sql("SELECT COUNT(*) FROM item").fetchone()[0]
        cal = timed(lambda: s.township.calendar(TOWN, AS_OF))
        quarter = timed(lambda: s.township.statistics(TOWN, Period.parse("2026-Q3"), AS_OF))
        year = timed(lambda: s.township.statistics(TOWN, Period.parse("2026"), AS_OF))
        worst = s.township.calendar(TOWN, AS_OF).villages[0]
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"{engine}, {args.villages} villages x {args.years} years: {items} items, "
          f"set up in {made:.1f} s")  # fmt: skip
    print(f"township calendar: {cal:.3f} s (target < 1 s); worst village {worst.org.name} "
          f"with {len(worst.overdue)} overdue")  # fmt: skip
    print(f"统计表 2026-Q3: {quarter:.3f} s; 统计表 2026: {year:.3f} s")
    print(f"load average: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
