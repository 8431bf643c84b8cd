"""Two clerks on one database: a save over someone else's newer version is refused with both
versions (此事项已被他人修改); numbers stay gap-free and duplicate-free.

Tests that take ``engine`` run on SQLite and on PostgreSQL. SQLite lets one process write, so
there the second clerk is a second connection to the same file with its own services; on
PostgreSQL it is a second connection to the server, as a second PC has.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackRecord
from board_app.domain.items import Item, LedgerRow, Status
from board_app.domain.matters import Matter
from board_app.services.conflicts import EditConflictError
from board_app.services.context import open_services
from board_app.storage.versions import StaleVersionError
from tests.conftest import FIXED_NOW
from tests.support import category_id, party_dues_item, publish_item

pytestmark = pytest.mark.both_engines


def draft(services, org, **kw) -> Item:
    return services.items.save(party_dues_item(services, org, **kw))


def test_a_save_from_an_older_version_is_refused_with_both_versions(services, other, party_org):
    item = draft(
        services,
        party_org,
        ledger=[LedgerRow(date(2026, 7, 3), "记1", "党费", Decimal("10.00"), Decimal("0.00"))],
    )
    mine = services.items.get(item.id)
    theirs = other.items.get(item.id)
    theirs.body = "本季度应缴党费党员32名，𠮷姓党员已补缴。"
    assert other.items.save(theirs).version == 2

    mine.title = "2026年第三季度党费收缴情况（更正）"
    mine.ledger = []
    with pytest.raises(EditConflictError) as refused:
        services.items.save(mine)
    conflict = refused.value.conflict
    assert (conflict.mine_version, conflict.theirs_version) == (1, 2)
    assert conflict.changed_by == "李会计" and conflict.changed_at == FIXED_NOW
    by_field = {d.name: d for d in conflict.differences}
    assert by_field["body"].theirs == "本季度应缴党费党员32名，𠮷姓党员已补缴。"
    assert by_field["body"].mine == "本季度应缴党费党员31名。"
    assert by_field["title"].mine == "2026年第三季度党费收缴情况（更正）"
    assert "ledger" in by_field
    text = str(refused.value)
    assert text.startswith("此事项已被他人修改")
    assert "第 1 版" in text and "第 2 版" in text and "李会计" in text
    assert refused.value.exit_code == 2
    # nothing of mine was written: their body, the original title and ledger stay
    stored = services.items.get(item.id)
    assert stored.version == 2 and stored.body == theirs.body
    assert stored.title == item.title and len(stored.ledger) == 1
    assert [e.operator for e in services.items.history(item.id)] == ["测试员", "李会计"]


def test_compare_and_set_catches_a_save_between_read_and_write(services, other, party_org):
    """The other clerk saves after this save read the item: the UPDATE … AND version = ?
    matches nothing and the whole save is rolled back."""
    item = draft(services, party_org)
    mine = services.items.get(item.id)
    mine.body = "我的正文"
    real_get = services.repo.get_item
    raced = []

    def get_then_race(item_id: int) -> Item:
        found = real_get(item_id)
        if not raced:
            raced.append(True)
            theirs = other.items.get(item_id)
            theirs.responsible = "周堃"
            other.items.save(theirs)
        return found

    services.repo.get_item = get_then_race  # type: ignore[method-assign]
    try:
        with pytest.raises(EditConflictError) as refused:
            services.items.save(mine)
    finally:
        services.repo.get_item = real_get  # type: ignore[method-assign]
    assert refused.value.conflict.theirs_version == 2
    stored = services.items.get(item.id)
    assert stored.body == item.body and stored.responsible == "周堃"
    # straight at the storage layer: nothing written, the stored version named
    mine.version = 1
    with pytest.raises(StaleVersionError) as stale:
        services.repo.save_item(mine, now=FIXED_NOW)
    assert (stale.value.base, stale.value.stored) == (1, 2)


def test_an_unchanged_stale_copy_and_workflow_steps_are_not_refused(services, other, party_org):
    item = draft(services, party_org)
    stale = services.items.get(item.id)
    other.items.submit(item.id)
    assert services.items.save(stale).status is Status.SUBMITTED  # nothing of its own to save
    other.items.approve(item.id, reviewer="周", on=date(2026, 10, 8))
    done = services.items.publish(item.id, on=date(2026, 10, 9))  # steps read the item afresh
    assert done.number == "2026-001" and done.version == 4


def test_feedback_and_matters_refuse_stale_saves(services, other, party_org):
    record = services.feedback.add(
        FeedbackRecord(
            organization_id=party_org.id,
            received=date(2026, 10, 8),
            channel=Channel.VISIT,
            kind=FeedbackKind.QUESTION,
            content="东风路维修资金从哪里来？",
        )
    ).record
    mine = services.feedback.get(record.id)
    theirs = other.feedback.get(record.id)
    theirs.content = "东风路维修资金从哪里来？共修了几次？"
    other.feedback.update(theirs)
    mine.contact = "13800000000"
    with pytest.raises(EditConflictError) as refused:
        services.feedback.update(mine)
    assert str(refused.value).startswith("此意见记录已被他人修改")
    assert services.feedback.get(record.id).contact == ""

    matter = services.matters.create(Matter(title="村道硬化", organization_id=party_org.id))
    mine_m = services.matters.get(matter.id)
    theirs_m = other.matters.get(matter.id)
    theirs_m.proposer = "村党支部"
    other.matters.update(theirs_m)
    mine_m.title = "村道硬化工程"
    with pytest.raises(EditConflictError) as refused_m:
        services.matters.update(mine_m)
    assert refused_m.value.conflict.changed_by == "李会计"
    assert services.matters.get(matter.id).title == "村道硬化"


def test_publish_numbers_have_no_gap_after_a_failed_publish(services, party_org):
    first = publish_item(services, draft(services, party_org), date(2026, 10, 9))
    not_reviewed = draft(services, party_org, period="2026-Q2")
    with pytest.raises(Exception):  # noqa: B017 - refused: it was never reviewed
        services.items.publish(not_reviewed.id, on=date(2026, 10, 9))
    second = publish_item(services, draft(services, party_org, period="2026-Q1"), date(2026, 10, 9))
    assert (first.number, second.number) == ("2026-001", "2026-002")


def test_counter_starts_after_numbers_already_given_and_skips_taken_ones(services, party_org):
    a = publish_item(services, draft(services, party_org), date(2026, 10, 9))
    assert a.number == "2026-001"
    # a database numbered before the counter existed, and an item imported as 2026-003
    services.database.db.execute_sql("DELETE FROM number_counter")
    services.database.db.execute_sql(f"UPDATE item SET number = '2026-002' WHERE id = {a.id}")
    imported = draft(services, party_org, period="2026-Q2")
    services.database.db.execute_sql(
        "UPDATE item SET number = '2026-003', status = 'published', publish_date = '2026-07-01' "
        f"WHERE id = {imported.id}"
    )
    b = publish_item(services, draft(services, party_org, period="2026-Q1"), date(2026, 10, 9))
    assert b.number == "2026-004"
    services.database.db.execute_sql(
        f"UPDATE item SET number = '2026-005' WHERE id = {imported.id}"
    )
    c = publish_item(services, draft(services, party_org, period="2025-Q4"), date(2026, 10, 9))
    assert c.number == "2026-006"  # 005 was taken outside the counter: skipped, not doubled


def test_command_line_edit_refuses_an_older_version(db_path, capsys):
    from board_app.cli import main

    with open_services(db_path, operator="测试员") as svc:
        from board_app.domain.items import Organization, OrgKind

        org = svc.orgs.create(Organization(name="东风村党支部", kind=OrgKind.PARTY_BRANCH))
        item_id = draft(svc, org).id

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", str(db_path), "--operator", "李会计", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    where = ["--org", "东风村党支部", "--item", f"#{item_id}"]
    code, out, _err = run("item", "show", *where)
    assert code == 0 and "第 1 版" in out and "测试员" in out
    code, out, _err = run(
        "item", "edit", *where, "--title", "党费收缴（更正）", "--if-version", "1"
    )
    assert code == 0 and "第 2 版" in out
    code, out, err = run("item", "edit", *where, "--body", "𠮷 的新正文", "--if-version", "1")
    assert code == 2 and out == ""
    assert err.startswith("此事项已被他人修改")
    assert "第 1 版" in err and "第 2 版" in err and "李会计" in err
    assert "党费收缴（更正）" in err  # their title beside mine
    assert "Traceback" not in err
    code, _out, err = run("item", "edit", *where, "--body", "x", "--if-version", "0")
    assert code == 2 and "--if-version" in err
    code, _out, err = run("item", "edit", *where, "--body", "x", "--if-version", "5")
    assert code == 2 and "还没有第 5 版" in err
    with open_services(db_path) as svc:
        stored = svc.items.get(item_id)
    assert stored.version == 2 and stored.body == "本季度应缴党费党员31名。"


def test_conflict_names_categories_not_ids(services, other, party_org):
    item = draft(services, party_org)
    mine = services.items.get(item.id)
    theirs = other.items.get(item.id)
    theirs.category_id = category_id(services, party_org, "三会一课")
    other.items.save(theirs)
    mine.body = "改"
    with pytest.raises(EditConflictError) as refused:
        services.items.save(mine)
    by_field = {d.name: d for d in refused.value.conflict.differences}
    assert (by_field["category_id"].theirs, by_field["category_id"].mine) == (
        "三会一课",
        "党费收缴使用",
    )


def test_numbers_are_taken_in_the_publishing_database_with_two_open(tmp_path):
    """A fresh process with two databases open: the first publish of the first database takes
    its number there, not in the database opened last (model binding)."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    script = textwrap.dedent(
        """
        import sys
        from datetime import date
        from pathlib import Path
        from board_app.domain.items import Item, Organization, OrgKind, PublicationType
        from board_app.services.context import open_services

        folder = Path(sys.argv[1])
        first = open_services(folder / "a.sqlite3", operator="甲")
        second = open_services(folder / "b.sqlite3", operator="乙")
        for svc in (first, second):
            svc.orgs.create(Organization(name="东风村村委会", kind=OrgKind.VILLAGE_COMMITTEE))
        org = first.orgs.by_name("东风村村委会")
        item = first.items.save(
            Item(title="村道维修公示", publication_type=PublicationType.LONG_TERM,
                 organization_id=org.id, body="正文", responsible="甲")
        )
        first.items.submit(item.id)
        first.items.approve(item.id, reviewer="监委会", on=date(2026, 10, 9))
        print(first.items.publish(item.id, on=date(2026, 10, 9)).number)
        for name, svc in (("a", first), ("b", second)):
            rows = svc.database.db.execute_sql("SELECT count(*) FROM number_counter")
            print(name, rows.fetchone()[0])
            svc.close()
        """
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["2026-001", "a", "1", "b", "0"]
