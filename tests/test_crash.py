"""Kill a writing process with SIGKILL at random moments: nothing committed is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

WRITER = r"""
import sys
from board_app.domain.items import Item, Organization, PublicationType
from board_app.services.context import open_services

path, log = sys.argv[1], sys.argv[2]
services = open_services(path, wait=10)
org = services.orgs.all()[0] if services.orgs.all() else services.orgs.create(
    Organization(name="崩溃测试村"))
with open(log, "a", encoding="utf-8") as fh:
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        item = services.items.save(Item(
            title=f"事项 {sys.argv[3]}-{n} 䶮𠮷", publication_type=PublicationType.LONG_TERM,
            organization_id=org.id, body="正文" * 50))
        fh.write(f"{item.title}\n")
        fh.flush()
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_never_loses_committed_items(tmp_path: Path):
    db = tmp_path / "crash.sqlite3"
    log = tmp_path / "committed.log"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(20261126)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for run in range(20):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(db), str(log), str(run)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            titles = {row[0] for row in con.execute("SELECT title FROM item")}
        finally:
            con.close()
        committed = set(log.read_text(encoding="utf-8").splitlines()) if log.exists() else set()
        assert committed <= titles, f"run {run}: lost {sorted(committed - titles)[:3]}"
    # The next process opens it at once: the dead writer's lock is gone.
    from board_app.services.context import open_services

    start = time.monotonic()
    services = open_services(db, wait=0)
    try:
        assert services.orgs.all()[0].name == "崩溃测试村"
    finally:
        services.close()
    assert time.monotonic() - start < 5
