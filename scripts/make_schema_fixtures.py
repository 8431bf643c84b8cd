"""Write tests/data/schema-v<N>.sqlite3: a small database of each released schema version.

Run once when a version is released (``python scripts/make_schema_fixtures.py``); commit the
files. The databases hold the sample items (tests/data/sample-items.json) and are built by the
frozen migration steps of their version only, so they are what that release wrote.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from board_app.services.context import open_services
from board_app.storage import migrations

DATA = ROOT / "tests" / "data"


def build(version: int, dest: Path) -> None:
    """A database migrated to ``version`` only, holding the sample items."""
    steps = migrations.MIGRATIONS
    kept = [s for s in steps if s[0] <= version]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        shutil.copy(DATA / "sample-items.json", base / "items.json")
        shutil.copy(DATA / "sample-photo.jpg", base / "sample-photo.jpg")
        db = base / "fixture.sqlite3"
        migrations.MIGRATIONS[:] = kept
        try:
            with open_services(db) as services:
                services.interchange.import_file(base / "items.json")
        finally:
            migrations.MIGRATIONS[:] = steps
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("DELETE FROM audit")
        con.execute("VACUUM")
        con.close()
        shutil.copy(db, dest)


if __name__ == "__main__":
    for number, _step in list(migrations.MIGRATIONS):
        build(number, DATA / f"schema-v{number}.sqlite3")
        print(f"wrote tests/data/schema-v{number}.sqlite3")
