"""PostgreSQL's grams index for one- and two-character search terms (schema step 10): equal
to a plain LIKE/ILIKE scan, chosen by the planner, and built for the items of an older
database by the migration."""

from __future__ import annotations

import random

import peewee as pw
import pytest
from pg_cluster import db_name
from test_search_short_terms import TEXTS, _random_texts, _save_all, _titles

from board_app.domain.items import AuditEntry, Item, PublicationType
from board_app.domain.queries import ItemFilter
from board_app.services.context import Services, open_services
from board_app.storage import migrations, migrations_search, search
from board_app.storage.models import ItemRow


@pytest.fixture
def server(pg_board_url: str):  # type: ignore[no-untyped-def]
    services = open_services(pg_board_url, operator="测试员")
    yield services
    services.close()


def _ids(db: pw.Database, condition: pw.Expression) -> set[int]:
    with db.bind_ctx([ItemRow]):
        return {r.id for r in ItemRow.select(ItemRow.id).where(condition)}


def _plain_scan(db: pw.Database, term: str) -> set[int]:
    like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    op = "LIKE" if term.lower() == term.upper() else "ILIKE"
    sql = f"SELECT id FROM item WHERE title {op} %s OR body {op} %s"
    return {row[0] for row in db.execute_sql(sql, (like, like)).fetchall()}


def test_indexed_search_equals_a_plain_scan(server: Services) -> None:
    """Also where PostgreSQL folds the case of letters beyond ASCII (Ä, Σ/σ/ς, ǅ, ẞ)."""
    rnd = random.Random(10)
    texts = _random_texts(rnd, 40) + [("ÄÖÜ ΣΑΣ ǅ", "éÉ ß ẞ İı Straße ＡＢ"), ("ǆ", "Σσς ａ")]
    _save_all(server, texts)
    db = server.database.db
    terms = {"ä", "Ä", "ö", "σ", "Σ", "ς", "ǅ", "ǆ", "Ǆ", "é", "ß", "ẞ", "i", "İ", "ı", "ss"}
    terms |= {"Σα", "ΑΣ", "aß", "𠮷", "a", "A", "%", "_", "\\", "　", "，", "ａｂ", "Ａ"}
    terms |= {a + b for a in "孙𠮷，Xa" for b in "宝𠀀。y1"}
    for term in sorted(terms):
        assert _ids(db, search.matching_condition(term, db)) == _plain_scan(db, term), term


def _plan(db: pw.Database, text: str) -> str:
    with db.bind_ctx([ItemRow]):
        query = ItemRow.select(ItemRow.id).where(search.matching_condition(text, db))
        sql, params = query.sql()
    rows = db.execute_sql("EXPLAIN " + sql, params).fetchall()
    return "\n".join(r[0] for r in rows)


def test_short_terms_can_use_the_grams_index(server: Services) -> None:
    _save_all(server, TEXTS)
    db = server.database.db
    with db.atomic():
        db.execute_sql("SET LOCAL enable_seqscan = off")
        for text in ("孙宝", "𠮷", "a", "孙宝 宝"):
            assert "item_search_grams" in _plan(db, text), text
        assert "item_search_grams" not in _plan(db, "孙宝同志")  # 3+ characters: trigrams


def test_a_large_table_chooses_the_grams_index_by_itself(server: Services) -> None:
    org_id = _save_all(server, TEXTS)
    words = ["村务", "财务收支", "低保", "救助", "宅基地", "党员", "道路硬化", "养老"]
    rnd = random.Random(3)
    items = [
        Item(
            organization_id=org_id,
            title=f"{rnd.choice(words)}情况（{n}）",
            body="。".join(rnd.sample(words, 5)) * 2,
            publication_type=PublicationType.IMMEDIATE,
        )
        for n in range(3000)
    ]
    now = server.ctx.clock()
    audits = [
        AuditEntry(at=now, operator="t", action="item.create", item_id=None, changes={})
        for _ in items
    ]
    server.repo.insert_new_items(items, audits, now=now)
    server.repo.optimize(full=True)
    plan = _plan(server.database.db, "孙宝")  # in one item of 3,005
    assert "item_search_grams" in plan and "Seq Scan" not in plan, plan
    assert "item_search" not in _plan(server.database.db, "低保")  # common: LIKE alone
    assert _titles(server, org_id, "孙宝") == {"关于孙宝同志的公示"}
    db = server.database.db
    common = server.items.count(ItemFilter(organization_id=org_id, text="低保"))
    assert common == len(_plain_scan(db, "低保")) > 1000  # a common term: the same answer


def test_migration_fills_the_grams_of_existing_items(pg_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A database of the previous schema version, with items, gets the column and index."""
    step = migrations_search.v10_short_term_index
    before = [m for m in migrations.MIGRATIONS if m[1] is not step]
    monkeypatch.setattr(migrations, "MIGRATIONS", before)
    old = open_services(pg_url, operator="测试员")
    try:
        assert "item_search" not in old.database.db.get_tables()
        org_id = _save_all(old, TEXTS)
    finally:
        old.close()
    monkeypatch.undo()
    services = open_services(pg_url, operator="测试员")
    try:
        assert services.database.migrated_from == before[-1][0]
        db = services.database.db
        missing = db.execute_sql(
            "SELECT count(*) FROM item i LEFT JOIN item_search s ON s.item_id = i.id "
            "WHERE s.item_id IS NULL OR s.organization_id <> i.organization_id"
        ).fetchone()
        assert missing[0] == 0
        row = db.execute_sql(
            "SELECT grams FROM item_search s JOIN item i ON i.id = s.item_id WHERE i.title = %s",
            ("关于孙宝同志的公示",),
        ).fetchone()
        assert {"孙", "孙宝", "示", "经", "。"} <= set(row[0]) and "示经" not in row[0]
        assert len(row[0]) == len(set(row[0]))  # each gram once
        assert _titles(services, org_id, "孙宝") == {"关于孙宝同志的公示"}
        assert _titles(services, org_id, "𠮷") == {"𠮷祥路硬化"}
        with db.atomic():
            db.execute_sql("SET LOCAL enable_seqscan = off")
            assert "item_search_grams" in _plan(db, "孙宝")
    finally:
        services.close()


def test_the_grams_follow_edits_and_deletions(server: Services) -> None:
    org_id = _save_all(server, TEXTS)
    item = next(i for i in server.items.all_for(org_id) if i.title == "低保")
    item.body = "改为孙宝的名字"
    server.items.save(item)
    assert _titles(server, org_id, "孙宝") == {"关于孙宝同志的公示", "低保"}
    assert _titles(server, org_id, "附件") == set()  # the old body's grams are gone
    assert _titles(server, org_id, "附") == set()
    server.items.delete_draft(item.id)  # type: ignore[arg-type]
    db = server.database.db
    count = db.execute_sql("SELECT count(*) FROM item_search WHERE item_id = %s", (item.id,))
    assert count.fetchone()[0] == 0
    assert _titles(server, org_id, "孙宝") == {"关于孙宝同志的公示"}


def test_a_clerk_reads_only_its_villages_grams_and_writes_none(pg_cluster, pg_url) -> None:  # type: ignore[no-untyped-def]
    import uuid

    import psycopg

    from board_app.domain.items import Organization, OrgKind
    from board_app.services.server_access import ServerAccessService

    login = f"grams_clerk_{uuid.uuid4().hex[:6]}"
    admin = open_services(pg_url, operator="管理员")
    try:
        east = _save_all(admin, TEXTS)
        west = admin.orgs.create(Organization(name="西村村委会", kind=OrgKind.VILLAGE_COMMITTEE))
        admin.items.save(
            Item(
                organization_id=west.id,
                title="西村孙宝",
                body="",
                publication_type=PublicationType.IMMEDIATE,
            )
        )
        ServerAccessService(admin).grant("clerk", login, organization="东风村村委会")
    finally:
        admin.close()
    name = db_name(pg_url)
    try:
        with psycopg.connect(host=str(pg_cluster.socket_dir), dbname=name, user=login) as conn:
            seen = {r[0] for r in conn.execute("SELECT organization_id FROM item_search")}
            assert seen == {east}
            for statement in (
                f"INSERT INTO item_search VALUES (999, {east}, '{{孙宝}}')",
                "UPDATE item_search SET grams = '{}'",
                "DELETE FROM item_search",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
                conn.rollback()
        clerk = open_services(pg_cluster.url(name, user=login), operator="文书")
        try:
            assert _titles(clerk, east, "孙宝") == {"关于孙宝同志的公示"}
            clerk.items.save(
                Item(
                    organization_id=east,
                    title="新增孙宝事项",
                    body="",
                    publication_type=PublicationType.IMMEDIATE,
                )
            )  # the trigger writes the grams for the clerk
            assert _titles(clerk, east, "孙宝") == {"关于孙宝同志的公示", "新增孙宝事项"}
        finally:
            clerk.close()
    finally:
        pg_cluster.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg_cluster.sql(f'DROP ROLE IF EXISTS "{login}"')
