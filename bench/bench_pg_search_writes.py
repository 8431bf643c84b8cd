"""What the grams index of short search terms (schema step 10) costs writers on PostgreSQL.

    .venv/bin/python bench/bench_pg_search_writes.py [--items 20000] [--edits 300]

A throw-away cluster (tests/pg_cluster.py) holds two databases: one with the current schema and
one with step 10 undone (``item_search`` and its triggers dropped). In each: a bulk insert of
``--items`` items like bench/bench_pg.py's (the importer's path), then ``--edits`` items drafted,
submitted, approved and published one by one through the services (a clerk's path), then one
item with a 6,000-character body saved 20 times. Prints the times side by side for
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from bench_pg import WORDS  # noqa: E402

from board_app.domain.items import (  # noqa: E402
    AuditEntry,
    Item,
    Organization,
    OrgKind,
    PublicationType,
)
from board_app.services.context import Services, open_services  # noqa: E402

UNDO_STEP_10 = (
    "DROP TRIGGER board_item_search_insert ON item",
    "DROP TRIGGER board_item_search_update ON item",
    "DROP TABLE item_search",
)


def bulk(svc: Services, org_id: int, count: int) -> float:
    rnd = random.Random(7)
    now = datetime.now(timezone.utc)
    items = [
        Item(
            title=f"2024年3月{rnd.choice(WORDS)}{rnd.choice(WORDS)}情况（{n}）",
            publication_type=PublicationType.IMMEDIATE,
            organization_id=org_id,
            body="。".join(rnd.sample(WORDS, 8)) * 3,
        )
        for n in range(count)
    ]
    t = time.perf_counter()
    for start in range(0, count, 5000):
        batch = items[start : start + 5000]
        audits = [
            AuditEntry(at=now, operator="bench", action="item.create", item_id=None, changes={})
            for _ in batch
        ]
        svc.repo.insert_new_items(batch, audits, now=now)
    return time.perf_counter() - t


def clerk(svc: Services, org_id: int, count: int) -> tuple[float, float]:
    """Seconds for drafting+submitting+approving, and for publishing, ``count`` items."""
    t = time.perf_counter()
    ids = []
    for k in range(count):
        item = svc.items.save(
            Item(
                title=f"第{k}号：关于村道维修资金使用情况的公示",
                publication_type=PublicationType.IMMEDIATE,
                organization_id=org_id,
                body="经村民代表会议讨论通过，现将村道维修资金使用情况公示如下。" * 4,
                responsible="文书",
                expire_date=date(2026, 12, 31),
            )
        )
        svc.items.submit(item.id)  # type: ignore[arg-type]
        svc.items.approve(item.id, reviewer="村务监督委员会", on=date(2026, 10, 9))  # type: ignore[arg-type]
        ids.append(item.id)
    drafted = time.perf_counter() - t
    t = time.perf_counter()
    for item_id in ids:
        svc.items.publish(item_id, on=date(2026, 10, 9))
    return drafted, time.perf_counter() - t


def long_body(svc: Services, org_id: int) -> float:
    rnd = random.Random(5)
    text = "".join(rnd.choice("".join(WORDS) + "，。；") for _ in range(6000))
    item = svc.items.save(
        Item(
            title="长段落",
            publication_type=PublicationType.IMMEDIATE,
            organization_id=org_id,
            body=text,
        )
    )
    t = time.perf_counter()
    for n in range(20):
        item.body = text[n:] + text[:n]
        item = svc.items.save(item)
    return (time.perf_counter() - t) / 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--edits", type=int, default=300)
    args = parser.parse_args()
    from pg_cluster import start_cluster

    cluster = start_cluster()
    rows: dict[str, list[float]] = {}
    try:
        for name, undo in (("with", False), ("without", True), ("with ", False)):
            db = name.strip() + ("2" if name.endswith(" ") else "")
            cluster.sql(f'CREATE DATABASE "{db}"')
            url = cluster.url(db)
            with open_services(url, operator="bench") as svc:
                if undo:
                    for statement in UNDO_STEP_10:
                        svc.database.db.execute_sql(statement)
                org = svc.orgs.create(Organization(name="东风村", kind=OrgKind.VILLAGE_COMMITTEE))
                assert org.id is not None
                took = bulk(svc, org.id, args.items)
                drafted, published = clerk(svc, org.id, args.edits)
                rows[name] = [
                    args.items / took,
                    args.edits / drafted,
                    args.edits / published,
                    long_body(svc, org.id) * 1000,
                ]
    finally:
        cluster.stop()
    print(
        f"load average {os.getloadavg()[0]:.1f}, {date.today()}, {args.items:,} items bulk, "
        f"{args.edits} drafted+submitted+approved then published one by one"
    )
    print("| | with step 10 (1st) | without | with step 10 (2nd) |")
    print("|---|---:|---:|---:|")
    labels = [
        "bulk insert, items/s",
        "draft+submit+approve, items/s",
        "publish, items/s",
        "save of a 6,000-character body, ms",
    ]
    for n, label in enumerate(labels):
        print(f"| {label} | " + " | ".join(f"{rows[k][n]:.0f}" for k in rows) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
