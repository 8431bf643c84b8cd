"""Import, list and export at scale: 100,000 items (a third with 5-row ledgers) as one file.

    .venv/bin/python bench/bench_import.py [--items 100000]

Each step runs as its own `board-app` process, as a user would run it; wall time and the peak
memory of the process are printed. Results go to docs/benchmarks.md with the machine.
Goals (issue "Trust" §6): import >= 2,000 items/s, `list` of one organization < 1 s,
`export` < 10 s, peak memory < 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_file(path: Path, count: int) -> None:
    """The interchange file: items over 25 years, every third periodic with a ledger."""
    items = []
    for k in range(count):
        year = 2000 + k // 4000
        month = k % 12 + 1
        kind = ("long_term", "periodic", "immediate")[k % 3]
        item = {
            "title": f"第{k}号公开事项：关于村集体经济收支情况的公示",
            "publication_type": kind,
            "domain": "village",
            "category": ("村务制度", "财务收支明细", "临时事项")[k % 3],
            "status": "published",
            "publish_date": f"{year}-{month:02d}-10",
            "number": f"{year}-{k % 4000 + 1:03d}",
            "body": "本村按照规定公开如下事项，请村民监督，如有异议请向村务监督委员会反映。" * 3,
            "responsible": "张三",
        }
        if kind == "periodic":
            item["period"] = f"{year}-{month:02d}"
            item["ledger"] = [
                {
                    "date": f"{year}-{month:02d}-{d + 1:02d}",
                    "voucher": f"记-{d + 1}",
                    "summary": "收取租金",
                    "income": "1200.00",
                    "expense": "0",
                }
                for d in range(5)
            ]
        if kind == "immediate":
            item["expire_date"] = f"{year}-{month:02d}-28"
        items.append(item)
    document = {
        "format": "board-app.items/1",
        "organization": {"name": "测试村村民委员会", "kind": "village_committee"},
        "items": items,
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def run(*args: str) -> tuple[float, float]:
    """Seconds and peak MB of one board-app process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        source, db = base / "items.json", base / "office.sqlite3"
        make_file(source, args.items)
        size = source.stat().st_size / 1e6
        secs, peak = run("--db", str(db), "import", str(source))
        print(
            f"import {args.items} items ({size:.0f} MB file): {secs:.1f} s, "
            f"{args.items / secs:.0f} items/s, peak {peak:.0f} MB"
        )
        secs, _ = run("--db", str(db), "list", "--org", "测试村村民委员会")
        print(f"list one organization ({args.items} rows): {secs:.2f} s")
        secs, peak = run(
            "--db",
            str(db),
            "export",
            "--org",
            "测试村村民委员会",
            "--out",
            str(base / "export.json"),
        )
        print(f"export {args.items} items: {secs:.1f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
