"""Roles on PostgreSQL: each login connects with its own user and tries, by hand-written SQL and
through the app, to read and change what is not its own. The database must refuse.

One database (a copy of the migrated template) serves the module: three villages in two
townships, with items, ledger rows, images, feedback and matters, and one login per role.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from support import category_id, set_township

from board_app.domain.items import (
    Item,
    LedgerRow,
    Organization,
    OrgKind,
    PublicationType,
    Status,
)
from board_app.domain.queries import ItemFilter
from board_app.services.context import open_services
from board_app.services.server_access import AccessDeniedError, ServerAccessService

pg_errors = pytest.importorskip("psycopg.errors")
psycopg = pytest.importorskip("psycopg")

VILLAGES = {"东村村民委员会": "城关镇", "西村村民委员会": "城关镇", "南村村民委员会": "河口乡"}
INSERT_ITEM = (
    "INSERT INTO item (organization_id, title, body, publication_type, responsible, reviewer,"
    " review_opinion, status, withdrawn_reason, created_at, updated_at)"
    " VALUES (ORG, 't', 'b', 'periodic', '', '', '', 'draft', '', now(), now())"
)
LEDGER = [LedgerRow(date=date(2026, 9, 3), voucher="记-1", summary="修路", expense=Decimal(10))]


def _item(services, org, title: str) -> Item:
    return Item(
        title=title,
        publication_type=PublicationType.PERIODIC,
        organization_id=org.id,
        category_id=category_id(services, org, "财务收支明细"),
        period="2026-09",
        body="本季度收支如下。",
        responsible="会计",
        ledger=list(LEDGER),
    )


@pytest.fixture(scope="module")
def server(pg_cluster, pg_template):  # type: ignore[no-untyped-def]
    """The shared office database with its villages, items and logins."""
    name = f"roles_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    token = uuid.uuid4().hex[:6]
    logins = {
        "clerk": f"dong_clerk_{token}",
        "reviewer": f"dong_review_{token}",
        "township": f"chengguan_{token}",
        "west": f"xi_clerk_{token}",
        "admin": f"county_admin_{token}",
    }
    admin = open_services(pg_cluster.url(name), operator="管理员")
    orgs, items = {}, {}
    for village, township in VILLAGES.items():
        org = admin.orgs.create(Organization(name=village, kind=OrgKind.VILLAGE_COMMITTEE))
        set_township(admin, org.id, township)
        orgs[village] = org
        draft = admin.items.save(_item(admin, org, f"{village}九月财务收支（草稿）"))
        submitted = admin.items.save(_item(admin, org, f"{village}九月财务收支（送审）"))
        admin.items.submit(submitted.id)
        items[village] = SimpleNamespace(draft=draft.id, submitted=submitted.id)
    access = ServerAccessService(admin)
    access.grant("clerk", logins["clerk"], organization="东村村民委员会")
    access.grant("reviewer", logins["reviewer"], organization="东村村民委员会")
    access.grant("township", logins["township"], township="城关镇")
    access.grant("clerk", logins["west"], organization="西村村民委员会")
    access.grant("admin", logins["admin"])
    west_category = category_id(admin, orgs[WEST], "财务收支明细")
    admin.close()
    ns = SimpleNamespace(
        cluster=pg_cluster,
        name=name,
        logins=logins,
        orgs={k: v.id for k, v in orgs.items()},
        items=items,
        west_category=west_category,
        url=lambda user=None: pg_cluster.url(name, user=user) if user else pg_cluster.url(name),
    )
    yield ns
    pg_cluster.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for login in logins.values():
        pg_cluster.sql(f'DROP ROLE IF EXISTS "{login}"')


def _connect(server, role: str):  # type: ignore[no-untyped-def]
    return psycopg.connect(
        host=str(server.cluster.socket_dir), dbname=server.name, user=server.logins[role]
    )


def _one(conn, sql: str, params=()):  # type: ignore[no-untyped-def]
    return conn.execute(sql, params).fetchone()[0]


EAST, WEST, SOUTH = VILLAGES


# ----- the schema ---------------------------------------------------------------------------
def test_every_table_with_organization_data_has_row_security(server) -> None:
    """Any table keyed by organization, item or matter has RLS on (also tables added later)."""
    rows = server.cluster.sql(
        "SELECT c.relname, c.relrowsecurity, count(p.polname) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() "
        "LEFT JOIN pg_policy p ON p.polrelid = c.oid "
        "WHERE c.relkind = 'r' AND EXISTS (SELECT 1 FROM information_schema.columns col "
        "  WHERE col.table_schema = n.nspname AND col.table_name = c.relname "
        "  AND col.column_name IN ('organization_id', 'organization', 'item_id', 'matter_id')) "
        "GROUP BY c.relname, c.relrowsecurity ORDER BY 1",
        server.name,
    )
    tables = {name: (rls, policies) for name, rls, policies in rows}
    assert {"item", "ledger_row", "image", "audit", "feedback", "matter_step"} <= set(tables)
    unprotected = [name for name, (rls, policies) in tables.items() if not rls or not policies]
    assert unprotected == []


# ----- a clerk's hand-written SQL -----------------------------------------------------------
def test_clerk_reads_only_its_own_village(server) -> None:
    east, west = server.orgs[EAST], server.orgs[WEST]
    with _connect(server, "clerk") as conn:
        assert {r[0] for r in conn.execute("SELECT organization_id FROM item")} == {east}
        assert _one(conn, "SELECT count(*) FROM item WHERE organization_id = %s", (west,)) == 0
        assert [r[0] for r in conn.execute("SELECT id FROM organization")] == [east]
        assert {r[0] for r in conn.execute("SELECT organization_id FROM category")} == {east}
        assert {r[0] for r in conn.execute("SELECT organization FROM audit")} == {east}
        ledger_orgs = {
            r[0]
            for r in conn.execute(
                "SELECT i.organization_id FROM ledger_row l JOIN item i ON i.id = l.item_id"
            )
        }
        assert ledger_orgs == {east}
        # the ledger rows of another village's item stay invisible even by their item id
        west_item = server.items[WEST].draft
        assert _one(conn, "SELECT count(*) FROM ledger_row WHERE item_id = %s", (west_item,)) == 0


def test_clerk_cannot_change_or_delete_another_villages_rows(server) -> None:
    west = server.orgs[WEST]
    with _connect(server, "clerk") as conn:
        assert (
            conn.execute(
                "UPDATE item SET title = '改' WHERE organization_id = %s", (west,)
            ).rowcount
            == 0
        )
        assert conn.execute("DELETE FROM item WHERE organization_id = %s", (west,)).rowcount == 0
        assert conn.execute("DELETE FROM ledger_row").rowcount == 1  # only its own draft's row
        conn.rollback()
        assert (
            conn.execute("UPDATE organization SET phone = '1' WHERE id = %s", (west,)).rowcount == 0
        )
        conn.commit()
    titles = server.cluster.sql(
        f"SELECT count(*) FROM item WHERE organization_id = {west} AND title = '改'", server.name
    )
    assert titles == [(0,)]


@pytest.mark.parametrize(
    "statement",
    [
        INSERT_ITEM.replace("ORG", "{west}"),
        (
            "INSERT INTO category (organization_id, name, domain, publication_type, scope, cadence,"
            " retention, display_order) VALUES ({west}, '假目录', 'village', 'periodic', 'public',"
            " 'as_needed', '10年', 0)"
        ),
        (
            "INSERT INTO ledger_row (item_id, position, voucher, summary, income, expense)"
            " VALUES ({west_item}, 9, 'x', 'x', '1', '0')"
        ),
        (
            "INSERT INTO audit (at, operator, action, organization, item, changes)"
            " VALUES (now(), 'x', 'item.update', {west}, {west_item}, '{{}}')"
        ),
        (
            "INSERT INTO audit (at, operator, action, organization, item, changes)"
            " VALUES (now(), 'x', 'org.create', NULL, NULL, '{{}}')"
        ),
        "UPDATE item SET organization_id = {west} WHERE id = {east_item}",
        "UPDATE item SET replaces_id = {west_item} WHERE id = {east_item}",
        "UPDATE item SET category_id = {west_category} WHERE id = {east_item}",
        "UPDATE item SET status = 'reviewed' WHERE id = {east_submitted}",
        "UPDATE item SET title = '送审后悄悄改' WHERE id = {east_submitted}",
        "UPDATE item SET status = 'published' WHERE id = {east_item}",
        "UPDATE organization SET name = '东村' WHERE id = {east}",
        "UPDATE organization SET township = '河口乡' WHERE id = {east}",
        (
            "INSERT INTO organization (name, kind, phone, address, fonds_code, fonds_name,"
            " display_days, board_title, board_subtitle, footer_lines, board_template, board_theme,"
            " public_numbers) VALUES ('新村', 'village', '', '', '', '', 30, '', '', '[]', '',"
            " 'red', '[]')"
        ),
        "UPDATE audit SET operator = '别人'",
        "DELETE FROM audit",
        "TRUNCATE item CASCADE",
        (
            "INSERT INTO access_grant (login, role, organization_id) VALUES (current_user, 'clerk',"
            " {west})"
        ),
        "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
        "INSERT INTO calendar_day (day, kind, note) VALUES ('2026-12-24', 'holiday', 'x')",
    ],
)
def test_clerk_is_refused(server, statement: str) -> None:
    values = {
        "west": server.orgs[WEST],
        "east": server.orgs[EAST],
        "west_item": server.items[WEST].draft,
        "east_item": server.items[EAST].draft,
        "east_submitted": server.items[EAST].submitted,
        "west_category": server.west_category,
    }
    with _connect(server, "clerk") as conn, pytest.raises(pg_errors.InsufficientPrivilege):
        conn.execute(statement.format(**values))


def test_clerk_works_on_its_own_rows(server) -> None:
    with _connect(server, "clerk") as conn:
        draft = server.items[EAST].draft
        assert (
            conn.execute("UPDATE item SET title = '改标题' WHERE id = %s", (draft,)).rowcount == 1
        )
        conn.execute("UPDATE organization SET phone = '0535-1' WHERE id = %s", (server.orgs[EAST],))
        conn.execute("UPDATE item SET status = 'submitted' WHERE id = %s", (draft,))
        # a push or an import brings items reviewed where they were written
        conn.execute(
            INSERT_ITEM.replace("ORG", str(server.orgs[EAST])).replace("'draft'", "'reviewed'")
        )
        conn.rollback()  # leaves the module's data as it was


# ----- a reviewer ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE item SET title = '审核人改标题' WHERE id = {submitted}",
        "UPDATE item SET body = '审核人改正文', status = 'draft' WHERE id = {submitted}",
        "UPDATE ledger_row SET expense = '99' WHERE item_id = {submitted}",
        "DELETE FROM item WHERE id = {submitted}",
        INSERT_ITEM.replace("ORG", "{east}"),
        "UPDATE item SET status = 'published' WHERE id = {submitted}",
        "UPDATE organization SET phone = '1' WHERE id = {east}",
    ],
)
def test_reviewer_cannot_change_content(server, statement: str) -> None:
    values = {"submitted": server.items[EAST].submitted, "east": server.orgs[EAST]}
    with _connect(server, "reviewer") as conn, pytest.raises(pg_errors.InsufficientPrivilege):
        conn.execute(statement.format(**values))


def test_reviewer_records_reviews_of_its_village_only(server) -> None:
    with _connect(server, "reviewer") as conn:
        east, west = server.items[EAST].submitted, server.items[WEST].submitted
        assert (
            conn.execute(
                "UPDATE item SET status = 'reviewed', reviewer = '监委会', review_opinion = '同意'"
                " WHERE id = %s",
                (east,),
            ).rowcount
            == 1
        )
        assert (
            conn.execute("UPDATE item SET status = 'reviewed' WHERE id = %s", (west,)).rowcount == 0
        )
        conn.rollback()


# ----- a township viewer ----------------------------------------------------------------------
def test_township_viewer_reads_its_township_and_writes_nothing(server) -> None:
    with _connect(server, "township") as conn:
        seen = {r[0] for r in conn.execute("SELECT DISTINCT organization_id FROM item")}
        assert seen == {server.orgs[EAST], server.orgs[WEST]}  # not 南村 (河口乡)
        ledger_orgs = conn.execute(
            "SELECT DISTINCT i.organization_id FROM ledger_row l JOIN item i ON i.id = l.item_id"
        ).fetchall()
        assert {r[0] for r in ledger_orgs} == {server.orgs[EAST], server.orgs[WEST]}
        for statement in (
            "UPDATE item SET title = 'x'",
            "DELETE FROM item",
            "INSERT INTO audit (at, operator, action, changes) VALUES (now(), 'x', 'x', '{}')",
            "UPDATE organization SET phone = '1'",
        ):
            with pytest.raises(pg_errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()


def test_nobody_asks_what_another_login_may_see(server) -> None:
    with _connect(server, "clerk") as conn:
        mine = _one(conn, "SELECT board_orgs(current_user, 'read')")
        theirs = _one(conn, "SELECT board_orgs(%s, 'read')", (server.logins["township"],))
        admin = _one(conn, "SELECT board_is_admin(%s)", (server.logins["admin"],))
    assert mine == [server.orgs[EAST]] and theirs == [] and admin is False


def test_an_administrator_login_sees_and_changes_every_village(server) -> None:
    with _connect(server, "admin") as conn:
        assert _one(conn, "SELECT count(DISTINCT organization_id) FROM item") == 3
        conn.execute(
            "UPDATE organization SET name = '南村村委会' WHERE id = %s", (server.orgs[SOUTH],)
        )
        conn.execute(
            "UPDATE item SET status = 'reviewed' WHERE id = %s", (server.items[WEST].submitted,)
        )
        conn.rollback()
        with pytest.raises(pg_errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit")  # the audit log stays, even for administrators


def test_grant_table_shows_each_login_only_its_own_grants(server) -> None:
    with _connect(server, "clerk") as conn:
        rows = conn.execute("SELECT login, role FROM access_grant").fetchall()
    assert rows == [(server.logins["clerk"], "clerk")]


# ----- the app as these logins ----------------------------------------------------------------
@pytest.fixture
def as_login(server):  # type: ignore[no-untyped-def]
    opened = []

    def open_as(role: str):  # type: ignore[no-untyped-def]
        svc = open_services(server.url(server.logins[role]), operator=f"{role}-operator")
        opened.append(svc)
        return svc

    yield open_as
    for svc in opened:
        svc.close()


def test_clerk_in_the_app_works_on_its_village_and_is_told_no_elsewhere(server, as_login) -> None:
    clerk = as_login("clerk")
    assert [o.name for o in clerk.orgs.all()] == [EAST]
    org = clerk.orgs.by_name(EAST)
    listed = clerk.items.page(ItemFilter(organization_id=org.id))
    assert {s.id for s in listed} >= {server.items[EAST].draft, server.items[EAST].submitted}
    new = clerk.items.save(_item(clerk, org, "东村九月补充收支"))
    clerk.items.submit(new.id)
    with pytest.raises(AccessDeniedError, match="审核人"):
        clerk.items.approve(new.id, reviewer="自己", on=date(2026, 11, 20))
    assert clerk.items.get(new.id).status is Status.SUBMITTED  # nothing half-written
    history = clerk.items.history(new.id)
    assert [e.action for e in history] == ["item.create", "item.submit"]
    # another village is simply not there for this login
    from board_app.errors import NotFoundError

    with pytest.raises(NotFoundError):
        clerk.orgs.by_name(WEST)
    with pytest.raises(NotFoundError):
        clerk.items.get(server.items[WEST].draft)


def test_reviewer_approves_and_clerk_publishes(server, as_login) -> None:
    clerk, reviewer = as_login("clerk"), as_login("reviewer")
    org = clerk.orgs.by_name(EAST)
    item = clerk.items.save(_item(clerk, org, "东村十月财务收支"))
    clerk.items.submit(item.id)
    reviewed = reviewer.items.approve(item.id, reviewer="村务监督委员会", on=date(2026, 11, 20))
    assert reviewed.status is Status.REVIEWED
    draft = reviewer.items.get(item.id)
    draft.body = "审核人想改正文"
    with pytest.raises(AccessDeniedError):
        reviewer.items.save(draft)
    published = clerk.items.publish(item.id, on=date(2026, 11, 21))
    assert published.status is Status.PUBLISHED and published.number
    users = server.cluster.sql(
        f"SELECT action, db_user, operator FROM audit WHERE item = {item.id} ORDER BY id",
        server.name,
    )
    assert users == [
        ("item.create", server.logins["clerk"], "clerk-operator"),
        ("item.submit", server.logins["clerk"], "clerk-operator"),
        ("item.approve", server.logins["reviewer"], "reviewer-operator"),
        ("item.publish", server.logins["clerk"], "clerk-operator"),
    ]


def test_recycle_bin_as_clerk_and_as_township_viewer(server, as_login) -> None:
    from datetime import datetime, timedelta, timezone

    clerk, viewer = as_login("clerk"), as_login("township")
    org = clerk.orgs.by_name(EAST)
    doomed = clerk.items.save(_item(clerk, org, "东村要删除的草稿"))
    clerk.items.delete_draft(doomed.id)
    assert [e.title for e in clerk.recycle_bin.entries()] == ["东村要删除的草稿"]
    assert "东村要删除的草稿" in [e.title for e in viewer.recycle_bin.entries()]
    later = datetime.now(timezone.utc) + timedelta(days=31)
    viewer.ctx.clock = clerk.ctx.clock = lambda: later
    assert viewer.recycle_bin.purge_expired() == 0  # a viewer purges nothing, and says nothing
    assert clerk.recycle_bin.purge_expired() == 1
    purges = server.cluster.sql(
        "SELECT organization, db_user FROM audit WHERE action = 'recycle_bin.purge'", server.name
    )
    assert purges == [(server.orgs[EAST], server.logins["clerk"])]


def test_township_viewer_in_the_app_reads_and_is_refused_clearly(server, as_login) -> None:
    from board_app.ui.error_text import user_message

    viewer = as_login("township")
    assert sorted(o.name for o in viewer.orgs.all()) == sorted([EAST, WEST])
    item = viewer.items.get(server.items[WEST].draft)
    assert item.ledger[0].summary == "修路"
    item.title = "乡镇改标题"
    with pytest.raises(AccessDeniedError) as refused:
        viewer.items.save(item)
    assert "Traceback" not in str(refused.value)
    assert user_message(refused.value) == str(refused.value)


def test_forged_database_user_in_the_audit_is_overwritten(server) -> None:
    with _connect(server, "clerk") as conn:
        stamped = _one(
            conn,
            "INSERT INTO audit (at, operator, action, organization, item, changes, db_user)"
            " VALUES (now(), 'x', 'test', %s, NULL, '{}', 'postgres') RETURNING db_user",
            (server.orgs[EAST],),
        )
        conn.rollback()
    assert stamped == server.logins["clerk"]


def test_a_read_only_connection_is_named_as_such(server, as_login) -> None:
    """A standby (read replica) refuses every write; the app says so instead of failing."""
    server.cluster.sql(
        f'ALTER ROLE "{server.logins["west"]}" SET default_transaction_read_only = on',
        server.name,
    )
    west = as_login("west")
    item = west.items.get(server.items[WEST].draft)
    item.title = "只读连接上的修改"
    with pytest.raises(AccessDeniedError, match="只读"):
        west.items.save(item)
