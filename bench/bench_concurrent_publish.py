"""Eight clerks publishing at the same moment on one PostgreSQL server.

    .venv/bin/python bench/bench_concurrent_publish.py [--clients 8] [--items 1000]
                                                      [--durable] [--url postgresql://…]

Without ``--url`` a throw-away cluster is started the way the tests start theirs
(tests/pg_cluster.py: a temporary folder, a Unix socket, fast settings with fsync off; with
``--durable`` fsync, full-page writes and synchronous commit stay on as on a real server).
Every client is its own process with its own connection. Each first drafts, submits and
approves its items (not timed), then all wait at one barrier and publish their items one by
one, all in the same organization and year, so every publish competes for the same 公开编号
counter. Afterwards the database is checked: every item published exactly once, the numbers
2026-001 … 2026-N without a gap or a duplicate, one publish audit entry per item (no lost
write). Throughput = published items / wall time from the barrier to the last publish.
Results go to docs/benchmarks.md with the machine.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

ORG = "东风村村民委员会"
CATEGORY = "工程项目"
YEAR = 2026
PUBLISH_ON = date(YEAR, 10, 9)


def prepare(url: str) -> None:
    """The organization (with its default catalogue) all clients publish in."""
    from board_app.domain.items import Organization, OrgKind
    from board_app.services.context import open_services

    with open_services(url, operator="bench") as svc:
        svc.orgs.create(Organization(name=ORG, kind=OrgKind.VILLAGE_COMMITTEE))


def client(url: str, index: int, count: int, barrier, results) -> None:  # type: ignore[no-untyped-def]
    """One clerk: draft, submit, approve ``count`` items; wait; publish them all."""
    from board_app.domain.items import Item, PublicationType
    from board_app.services.context import open_services

    with open_services(url, operator=f"文书{index}") as svc:
        org = svc.orgs.by_name(ORG)
        cat = next(c for c in svc.orgs.categories(org.id) if c.name == CATEGORY)  # type: ignore[arg-type]
        ids = []
        for k in range(count):
            item = svc.items.save(
                Item(
                    title=f"第{index}组第{k}号：关于村道维修资金使用情况的公示",
                    publication_type=PublicationType.IMMEDIATE,
                    organization_id=org.id,
                    category_id=cat.id,
                    body="经村民代表会议讨论通过，现将村道维修资金使用情况公示如下。" * 4,
                    responsible=f"文书{index}",
                    expire_date=date(YEAR, 12, 31),
                )
            )
            svc.items.submit(item.id)  # type: ignore[arg-type]
            svc.items.approve(item.id, reviewer="村务监督委员会", on=PUBLISH_ON)  # type: ignore[arg-type]
            ids.append(item.id)
        barrier.wait()
        start = time.perf_counter()
        latencies, errors = [], []
        for item_id in ids:
            t0 = time.perf_counter()
            try:
                svc.items.publish(item_id, on=PUBLISH_ON)
            except Exception as exc:  # noqa: BLE001 - counted and reported, not hidden
                errors.append(f"{type(exc).__name__}: {exc}")
            latencies.append(time.perf_counter() - t0)
        end = time.perf_counter()
    results.put((index, start, end, latencies, errors))


def check(url: str, expected: int) -> dict[str, object]:
    """Numbers, statuses and audit entries after the run."""
    from board_app.domain.items import Status
    from board_app.services.context import open_services

    with open_services(url, operator="bench") as svc:
        org = svc.orgs.by_name(ORG)
        items = svc.items.all_for(org.id, details=False)  # type: ignore[arg-type]
        published = [i for i in items if i.status is Status.PUBLISHED]
        numbers = [i.number for i in published]
        seqs = sorted(int(n.split("-")[1]) for n in numbers if n)  # type: ignore[union-attr]
        audits = svc.repo.recent_audit(limit=10 * expected)
        publish_entries = [a for a in audits if a.action == "item.publish"]
        return {
            "items": len(items),
            "published": len(published),
            "distinct_numbers": len(set(numbers)),
            "gap_free": seqs == list(range(1, expected + 1)),
            "publish_audit_entries": len(publish_entries),
            "audited_items": len({a.item_id for a in publish_entries}),
            "versions_ok": all(i.version == 4 for i in published),
        }


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.platform()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--items", type=int, default=1000, help="items per client")
    parser.add_argument("--url", help="an empty database on an existing server")
    parser.add_argument("--durable", action="store_true", help="fsync and synchronous commit on")
    args = parser.parse_args()

    cluster = None
    url = args.url
    if url is None:
        import pg_cluster

        if args.durable:
            pg_cluster.FAST_SETTINGS = ("listen_addresses=''", "max_connections=60")
        cluster = pg_cluster.start_cluster()
        cluster.sql("CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8'")
        url = cluster.url("bench")
    try:
        server = ""
        if cluster is not None:
            server = cluster.sql("SELECT version()")[0][0].split(" on ")[0]
            settings = cluster.sql(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name",
                "bench",
            )
        prepare(url)
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(args.clients)
        results = ctx.Queue()
        t_prep = time.perf_counter()
        procs = [
            ctx.Process(target=client, args=(url, k, args.items, barrier, results))
            for k in range(1, args.clients + 1)
        ]
        for p in procs:
            p.start()
        rows = [results.get() for _ in procs]
        for p in procs:
            p.join()
        wall_total = time.perf_counter() - t_prep
        start = min(r[1] for r in rows)
        end = max(r[2] for r in rows)
        latencies = sorted(x for r in rows for x in r[3])
        errors = [e for r in rows for e in r[4]]
        total = args.clients * args.items
        found = check(url, total)
    finally:
        if cluster is not None:
            cluster.stop()

    wall = end - start
    print(f"machine: {machine()}")
    if server:
        print(f"server: {server}, " + ", ".join(f"{k}={v}" for k, v in settings))
    print(f"clients: {args.clients} processes x {args.items} items, same organization and year")
    print(f"prepare + publish, whole run: {wall_total:.1f} s")
    print(f"publish phase: {total} publishes in {wall:.2f} s = {total / wall:.0f} publishes/s")
    median = statistics.median(latencies) * 1000
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
    print(
        f"latency per publish: median {median:.1f} ms, p95 {p95:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    for key, value in found.items():
        print(f"{key}: {value}")
    ok = (
        not errors
        and found["published"] == total
        and found["distinct_numbers"] == total
        and found["gap_free"]
        and found["audited_items"] == total
        and found["versions_ok"]
    )
    print("RESULT:", "no duplicate, no gap, no lost write" if ok else "FAILED")
    print(f"finished {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
