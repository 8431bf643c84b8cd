"""Render the pictures of docs/archive.md from the demo database (run by a developer).

Usage::

    .venv/bin/python scripts/archive_doc_images.py [WORKDIR]

Builds the demo organizations in a fresh database in WORKDIR (default: a temporary folder), an
archive box of 东风村党支部 for the demo year and its labels, and writes
``docs/images/archive-{cover,catalogue,item,notes,labels}.png`` with pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from board_app.demo import build_demo
from board_app.services.archive import build_archive, build_labels
from board_app.services.context import open_services

TODAY = date(2026, 11, 20)


def _png(pdf: Path, page: int, name: str, dpi: int = 60) -> None:
    out = ROOT / "docs" / "images" / name
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-png",
            "-singlefile",
            str(pdf),
            str(out),
        ],
        check=True,
    )
    print(f"{out}.png")


def main(argv: list[str]) -> int:
    work = Path(argv[0]) if argv else Path(tempfile.mkdtemp())
    services = open_services(work / "demo.sqlite3", operator="整理员")
    services.ctx.clock = lambda: datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
    build_demo(services, TODAY)
    org = services.orgs.all()[0]
    pdf = work / "box.pdf"
    result = build_archive(
        services, org.name, TODAY.year, retention="永久", out=pdf, deterministic=True
    )
    box = result.files[0]
    import json

    manifest = json.loads(box.manifest.read_text(encoding="utf-8"))
    item = max(manifest["items"], key=lambda e: e["pages"])  # a 件 with a ledger or images
    _png(pdf, 1, "archive-cover")
    _png(pdf, 2, "archive-catalogue")
    _png(pdf, item["first_page"], "archive-item", 80)
    _png(pdf, box.page_count, "archive-notes")
    labels = work / "labels.pdf"
    build_labels(services, org.name, TODAY.year, labels, deterministic=True)
    _png(labels, 1, "archive-labels")
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
