"""The bulk import path keeps the search index, the triggers and the audit log right."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from board_app.domain.queries import ItemFilter
from board_app.services.context import open_services


def _schema(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")}
    finally:
        con.close()


def test_bulk_import_indexes_every_item_and_keeps_the_triggers(tmp_path: Path) -> None:
    items = [
        {
            "title": f"关于第{k}批补助对象的公示",
            "publication_type": "immediate",
            "body": f"名单见附件，监督电话见栏底。编号{k:05d}甲乙丙",
            "status": "draft",
        }
        for k in range(1500)
    ]
    doc = {"format": "board-app.items/1", "organization": {"name": "测试村"}, "items": items}
    path = tmp_path / "bulk.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "o.sqlite3"
    fresh = tmp_path / "fresh.sqlite3"
    with open_services(fresh):
        pass
    with open_services(db) as services:
        report = services.interchange.import_file(path)
        assert len(report.added) == 1500
        org = services.orgs.by_name("测试村")
        found = services.items.page(ItemFilter(organization_id=org.id, text="01234甲乙丙"))
        assert [row.title for row in found] == ["关于第1234批补助对象的公示"]
        assert services.items.count(ItemFilter(organization_id=org.id, text="补助对象")) == 1500
        # The trigger is back: an item saved afterwards is found too.
        item = services.items.get(found[0].id)
        item.body = "更正：名单见村委会公告栏"
        services.items.save(item)
        assert services.items.count(ItemFilter(organization_id=org.id, text="村委会公告栏")) == 1
        assert len(services.repo.audit_for_item(item.id)) >= 2
    assert _schema(db) == _schema(fresh)
