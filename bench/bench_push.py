"""Push of an office to a township PostgreSQL server: first push (everything sent) and a
second one (everything compared, nothing sent).

Run by hand (needs the PostgreSQL server binaries, as the tests do):

    .venv/bin/python bench/bench_push.py --items 2000 --images 200

An office database of ``--items`` published items (pictures on ``--images`` of them, from
bench_archive.populate) is pushed to a fresh database on a throw-away cluster
(tests/pg_cluster.py), twice.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests"), str(ROOT)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--images", type=int, default=200)
    args = parser.parse_args()

    from bench_archive import populate
    from pg_cluster import start_cluster

    from board_app.services.context import open_services
    from board_app.services.sync import push

    folder = Path(tempfile.mkdtemp(prefix="bench-push-"))
    office_db = folder / "office.sqlite3"
    populate(office_db, args.items, args.images)
    cluster = start_cluster()
    try:
        cluster.sql("CREATE DATABASE township ENCODING 'UTF8'")
        with open_services(office_db) as office, open_services(cluster.url("township")) as town:
            for run in ("first", "second"):
                start = time.perf_counter()
                report = push(office, town)
                took = time.perf_counter() - start
                print(
                    f"{run} push: {took:.2f} s  sent {len(report.sent)}  "
                    f"unchanged {report.unchanged}  conflicts {len(report.conflicts)}"
                )
    finally:
        cluster.stop()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
