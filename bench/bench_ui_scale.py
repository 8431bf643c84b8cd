"""Main window at scale: 100,000 items; time to a usable window and to filter/search answers.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui_scale.py [--items 100000]

The database is generated once (cached in the temp folder) with repository inserts in one
transaction. Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from board_app.domain.items import (
    AuditEntry,
    Item,
    Organization,
    OrgKind,
    PublicationType,
    Status,
)
from board_app.services.context import open_services

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


def generate(path: Path, count: int) -> None:
    rnd = random.Random(7)
    services = open_services(path)
    orgs = [
        services.orgs.create(Organization(name=f"第{n}村党支部", kind=OrgKind.PARTY_BRANCH))
        for n in range(1, 4)
    ] + [
        services.orgs.create(Organization(name=f"第{n}村村委会", kind=OrgKind.VILLAGE_COMMITTEE))
        for n in range(1, 4)
    ]
    cats = {o.id: services.orgs.categories(o.id) for o in orgs}
    repo = services.repo
    now = datetime.now(timezone.utc)
    start = date(2018, 1, 1)
    numbers: dict[tuple[int, int], int] = {}
    batch: list[Item] = []
    for n in range(count):
        org = orgs[n % len(orgs)]
        cat = rnd.choice(cats[org.id])
        day = start + timedelta(days=rnd.randrange(3000))
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
            # the importer's bulk insert (prepared statements), edited over time in batches
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
            repo.insert_new_items(batch, audits, now=stamp)
            batch = []
    services.close()


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="run SQLite ANALYZE on the file first (what PRAGMA optimize would do)",
    )
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"board-bench-ui-{args.items}.sqlite3"
    if not path.exists():
        t = time.perf_counter()
        generate(path, args.items)
        print(f"generated {args.items} items in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    if args.analyze:
        import sqlite3

        with sqlite3.connect(path) as conn:
            conn.execute("ANALYZE")

    t0 = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from board_app.ui.main import load_bundled_font
    from board_app.ui.main_window import MainWindow

    load_bundled_font(app)
    services = open_services(path)
    window = MainWindow(services)
    window.show()
    app.processEvents()
    startup = (time.perf_counter() - t0) * 1000

    f = window.items_page.filters
    results: list[tuple[str, float, int]] = []

    def measure(label: str, action) -> None:  # type: ignore[no-untyped-def]
        ms = timed(lambda: (action(), f.flush(), app.processEvents()))
        results.append((label, ms, window.items_page.model.total))

    measure("tab 定期公开", lambda: f.tabs.setCurrentIndex(2))
    measure(
        "status 已公开", lambda: f.status.setCurrentIndex(1 + list(Status).index(Status.PUBLISHED))
    )
    measure(
        "period 2024-Q3 (with its months)",
        lambda: f.period.setCurrentIndex(f.period.findData("2024-Q3")),
    )
    measure("clear filters", f.reset)
    measure("search 2 chars 低保 (titles and bodies, LIKE)", lambda: f.search.setText("低保"))
    measure("search 2 chars 孙宝, a name (LIKE)", lambda: f.search.setText("孙宝"))
    measure("search 1 char 宝 (LIKE)", lambda: f.search.setText("宝"))
    measure("search 2 + 4 chars 低保 城乡低保", lambda: f.search.setText("低保 城乡低保"))
    measure("search 4 chars 道路硬化", lambda: f.search.setText("道路硬化"))
    measure("search body text 宅基地。养老", lambda: f.search.setText("宅基地。养老"))
    measure("search no match 不存在的事项", lambda: f.search.setText("不存在的事项"))
    f.search.clear()
    f.flush()
    org = services.orgs.all()[0]
    measure(
        "tree: one organization",
        lambda: window.items_page.tree.setCurrentIndex(
            window.items_page.tree_model.find(
                __import__("board_app.ui.models.org_tree_model", fromlist=["Node"]).Node(
                    "org", org.id
                )
            ).index()
        ),
    )
    from PySide6.QtCore import Qt

    from board_app.ui.models.item_table_model import COL_PUBLISH, COL_TITLE

    measure(
        "sort by title",
        lambda: window.items_page.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder),
    )
    measure(
        "sort by publish date desc",
        lambda: window.items_page.table.sortByColumn(COL_PUBLISH, Qt.SortOrder.DescendingOrder),
    )
    measure("scroll: fetch next 200 rows", window.items_page.model.fetchMore)

    note = ", after ANALYZE" if args.analyze else ", no ANALYZE statistics"
    print(f"## Main window at scale ({args.items:,} items{note})\n")
    print(
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; offscreen Qt; {date.today()}.\n"
    )
    print(
        f"- Window shown with the first page: **{startup:.0f} ms** "
        "(QApplication, font, open database, tree with counts, count + first 200 rows)\n"
    )
    print("| Action | ms | matching items |")
    print("|---|---:|---:|")
    for label, ms, total in results:
        print(f"| {label} | {ms:.0f} | {total:,} |")
    window.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
