"""Benchmark: archive 1,000 items with 100 images into one box PDF (not run in CI).

    .venv/bin/python bench/bench_archive.py [--items 1000] [--images 100]

Makes a fresh database in a temporary folder (items written straight through the repository as
published, to keep the set-up short), then builds the archive in a fresh child process and
reports wall time and that process's peak RSS. Target: < 15 s and < 400 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ORG = "东风村村民委员会"
TEXT = (
    "经村民代表会议讨论决定，现将本村有关事项公开如下，请广大村民监督。如有疑问，请于公开之日起"
    "七日内向村务监督委员会反映，联系电话13812345678。低保对象张三，身份证号110101199003077777。"
)


def populate(db: Path, items: int, images: int) -> None:
    from PIL import Image

    from board_app.domain.items import (
        Item,
        ItemImage,
        LedgerRow,
        Organization,
        OrgKind,
        PublicationType,
        Retention,
        Status,
    )
    from board_app.services.context import open_services

    rng = random.Random(7)
    with open_services(db, operator="bench") as s:
        org = s.orgs.create(
            Organization(
                name=ORG, kind=OrgKind.VILLAGE_COMMITTEE, fonds_code="J012", fonds_name=ORG
            )
        )
        cat = next(c for c in s.orgs.categories(org.id) if c.retention is Retention.PERMANENT)
        now = datetime(2026, 12, 31, tzinfo=timezone.utc)
        with s.repo.transaction():
            for k in range(items):
                day = date(2026, 1, 1) + timedelta(days=k * 364 // items)
                item = Item(
                    title=f"东风村2026年第{k + 1}号公开事项：村级事务与财务收支情况公示",
                    publication_type=PublicationType.IMMEDIATE,
                    organization_id=org.id,
                    category_id=cat.id,
                    retention=Retention.PERMANENT,
                    status=Status.PUBLISHED,
                    body="\n\n".join(TEXT for _ in range(1 + k % 3)),
                    publish_date=day,
                    number=f"2026-{k + 1:04d}",
                    responsible="王会计",
                    reviewer="李监委",
                    review_date=day,
                    review_opinion="同意公开。",
                )
                if k % 4 == 0:
                    item.ledger = [
                        LedgerRow(
                            day,
                            f"记-{j:03d}",
                            "收到上级转移支付资金",
                            Decimal(rng.randint(100, 90000)),
                        )
                        for j in range(6)
                    ]
                if k % (items // images) == 0 and k // (items // images) < images:
                    buf = io.BytesIO()
                    Image.effect_noise((1200, 900), 40).convert("RGB").save(buf, "JPEG", quality=85)
                    item.images = [
                        ItemImage(data=buf.getvalue(), caption="现场照片", width=1200, height=900)
                    ]
                s.repo.save_item(item, now=now)


def build(db: Path, out: Path) -> None:
    from board_app.services.archive import build_archive
    from board_app.services.context import open_services

    start = time.perf_counter()
    with open_services(db, operator="bench") as s:
        result = build_archive(s, ORG, 2026, retention="永久", out=out)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    f = result.files[0]
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                "peak_rss_mb": round(peak_mb, 1),
                "items": f.item_count,
                "pages": f.page_count,
                "pdf_mb": round(out.stat().st_size / 1e6, 1),
            }
        )
    )


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return f"nproc {nproc}, {cpu}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument("--build", nargs=2, metavar=("DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(Path(args.build[0]), Path(args.build[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        t = time.perf_counter()
        populate(db, args.items, args.images)
        print(f"set-up: {time.perf_counter() - t:.1f} s", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, __file__, "--build", str(db), str(Path(tmp) / "box.pdf")],
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(done.stdout.strip().splitlines()[-1])
        report["machine"] = machine()
        print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
