"""push and pull between an office's database and the township's (services)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from support import demo_copy

from board_app.demo import PARTY, VILLAGE
from board_app.domain.feedback import FeedbackQuery
from board_app.domain.items import Cadence, Item, PublicationType, Status
from board_app.errors import UsageError
from board_app.services import feedback_interchange
from board_app.services.context import open_services
from board_app.services.sync import push
from board_app.services.sync_pull import pull

FIXED = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory):
    """One demo database per session for the push/pull tests (built by the first to ask)."""
    folder = tmp_path_factory.getbasetemp() / "sync-demo-template"
    folder.mkdir(exist_ok=True)
    return folder


def _open(path: Path | str):
    svc = open_services(path, operator="测试员")
    svc.ctx.clock = lambda: FIXED
    return svc


@pytest.fixture
def office(template_dir, tmp_path: Path):
    """The village office's own file: a copy of the demo database."""
    svc = _open(demo_copy(template_dir, tmp_path / "office.sqlite3", date(2026, 11, 20)))
    yield svc
    svc.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def township(request, tmp_path: Path):
    """The township's database (empty): a file, or a database on the PostgreSQL server."""
    if request.param == "postgresql":
        location = request.getfixturevalue("pg_board_url")
    else:
        location = tmp_path / "township.sqlite3"
    svc = _open(location)
    yield svc
    svc.close()


def _state(svc, name: str) -> dict:
    """Everything a push may write for one organization, comparable across databases."""
    org = svc.orgs.by_name(name)
    items = {}
    for item in svc.repo.list_items(org.id):
        items[item.number or item.title] = (
            item.title,
            item.status,
            item.body,
            item.ledger,
            [(i.caption, i.data) for i in item.images],
        )
    feedback = {
        r.number: (r.content, r.status, r.submitter)
        for r in svc.feedback.records(FeedbackQuery(organization_id=org.id))
    }
    matters = sorted(m.title for m in svc.matters.matters_of(org.id))
    return {"items": items, "feedback": feedback, "matters": matters}


def test_first_push_sends_everything_and_a_second_changes_nothing(office, township):
    first = push(office, township)
    assert first.conflicts == [] and len(first.organizations_created) == 3
    for name in (PARTY, VILLAGE):
        assert _state(township, name) == _state(office, name)  # pictures byte for byte
    assert any(s.startswith(f"{VILLAGE}: ") for s in first.sent)
    with_images = [i for i in office.repo.list_items(office.orgs.by_name(VILLAGE).id) if i.images]
    assert with_images, "the demo has pictures"
    before = {n: _state(township, n) for n in (PARTY, VILLAGE)}
    second = push(office, township)
    assert second.sent == [] and second.conflicts == []
    assert second.unchanged == len(first.sent)
    assert {n: _state(township, n) for n in (PARTY, VILLAGE)} == before


def test_a_published_record_differing_on_the_target_is_a_conflict_not_an_update(office, township):
    push(office, township)
    org = township.orgs.by_name(VILLAGE)
    theirs = next(i for i in township.repo.list_items(org.id) if i.status is Status.PUBLISHED)
    township.repo.save_item(replace(theirs, title="镇上改过的标题𠮷"), now=FIXED)
    local_org = office.orgs.by_name(VILLAGE)
    added = office.items.save(
        Item(
            title="新增的即时公开事项",
            publication_type=PublicationType.IMMEDIATE,
            organization_id=local_org.id,
            category_id=office.orgs.categories(local_org.id)[0].id,
            body="正文",
        )
    )
    report = push(office, township)
    (conflict,) = report.conflicts
    assert (conflict.organization, conflict.field) == (VILLAGE, "title")
    assert conflict.theirs == "镇上改过的标题𠮷" and conflict.ours == theirs.title
    assert theirs.number in conflict.record
    assert township.repo.get_item(theirs.id).title == "镇上改过的标题𠮷"  # nothing overwritten
    mine = office.repo.find_item_by_number(local_org.id, theirs.number)
    assert mine.title == theirs.title  # nor on this side
    assert report.sent == [f"{VILLAGE}: 事项“{added.title}”"]  # the rest still goes


def test_a_draft_changed_after_the_push_is_a_conflict_listing_both_values(office, township):
    push(office, township)
    org = office.orgs.by_name(PARTY)
    draft = next(i for i in office.repo.list_items(org.id) if i.status is Status.DRAFT)
    draft.body = "本机改过的正文，䶮堃喆。"
    office.items.save(draft)
    report = push(office, township)
    assert [(c.kind, c.field, c.ours) for c in report.conflicts] == [
        ("事项", "body", "本机改过的正文，䶮堃喆。")
    ]
    assert report.sent == []


def test_feedback_differing_on_the_target_is_a_conflict(office, township):
    push(office, township)
    org = township.orgs.by_name(VILLAGE)
    (record, *_rest) = township.feedback.records(FeedbackQuery(organization_id=org.id))
    from board_app.storage.feedback_repository import FeedbackStore

    FeedbackStore(township.repo).save(replace(record, content="镇上的版本"), now=FIXED)
    report = push(office, township)
    assert [(c.kind, c.record, c.field, c.theirs) for c in report.conflicts] == [
        ("意见记录", record.number, "content", "镇上的版本")
    ]


def test_failure_mid_way_leaves_the_target_as_it_was(office, township, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(feedback_interchange, "write", broken)  # after the items are written
    with pytest.raises(RuntimeError):
        push(office, township)
    assert township.orgs.all() == []
    monkeypatch.undo()
    push(office, township, organizations=[PARTY])  # the party branch has no feedback
    before = _state(township, PARTY)
    monkeypatch.setattr(feedback_interchange, "write", broken)
    with pytest.raises(RuntimeError):
        push(office, township)
    assert [o.name for o in township.orgs.all()] == [PARTY]
    assert _state(township, PARTY) == before


def test_push_to_itself_and_unknown_organizations_are_refused(office, township):
    with pytest.raises(UsageError):
        push(office, office)
    with pytest.raises(UsageError):
        push(office, township, organizations=["没有这个单位"])
    assert township.orgs.all() == []


def test_pull_brings_catalogue_and_board_texts_and_leaves_items(office, township):
    push(office, township)
    org = township.orgs.by_name(VILLAGE)
    township.orgs.update(
        replace(org, board_title="东风镇东风村村务公开栏", footer_lines=["镇纪委监督电话：12388"])
    )
    periodic = next(
        c
        for c in township.orgs.categories(org.id)
        if c.publication_type is PublicationType.PERIODIC and c.cadence is Cadence.QUARTERLY
    )
    township.orgs.set_cadence(periodic.id, Cadence.MONTHLY)
    template = township.orgs.categories(org.id)[0]
    township.orgs.save_category(replace(template, id=None, name="镇统一目录：人居环境整治"))
    items_before = _state(office, VILLAGE)

    report = pull(township, office)
    local = office.orgs.by_name(VILLAGE)
    assert local.board_title == "东风镇东风村村务公开栏"
    assert local.footer_lines == ["镇纪委监督电话：12388"]
    cats = {c.name: c for c in office.orgs.categories(local.id)}
    assert cats[periodic.name].cadence is Cadence.MONTHLY
    assert "镇统一目录：人居环境整治" in cats
    assert f"{VILLAGE}: 镇统一目录：人居环境整治" in report.categories_added
    assert {"board_title", "footer_lines"} <= {c.field for c in report.changes}
    (cadence,) = [c for c in report.changes if c.field == "cadence"]
    assert cadence.category == periodic.name and cadence.after == "每月"
    assert cadence.what == f"目录“{periodic.name}”：周期"
    assert _state(office, VILLAGE) == items_before  # items never touched

    again = pull(township, office)
    assert again.changes == [] and again.categories_added == []


def test_pull_names_organizations_the_server_lacks(office, township):
    report = pull(township, office)
    assert sorted(report.not_on_server) == sorted(o.name for o in office.orgs.all())
    assert report.changes == []


def test_a_clerk_writing_the_same_records_meanwhile_is_met_with_a_conflict(
    office, pg_board_url, monkeypatch
):
    """Two offices push at once: the second transaction hits the first's rows, is rolled back
    and tried again, and then lists what differs instead of failing."""
    from board_app.services.interchange import InterchangeService

    township = _open(pg_board_url)
    real = InterchangeService.import_parsed
    raced = []

    def other_clerk_first(self, parsed, path, **kwargs):
        if not raced:  # the other clerk commits the organization and one item first
            raced.append(True)
            with open_services(pg_board_url, operator="另一位文书") as other:
                push(office, other, organizations=[PARTY])
                org = other.orgs.by_name(PARTY)
                item = next(i for i in other.repo.list_items(org.id) if i.number)
                other.repo.save_item(replace(item, title="另一位文书的标题"), now=FIXED)
        return real(self, parsed, path, **kwargs)

    monkeypatch.setattr(InterchangeService, "import_parsed", other_clerk_first)
    try:
        report = push(office, township, organizations=[PARTY])
        assert raced and [c.field for c in report.conflicts] == ["title"]
        assert report.conflicts[0].theirs == "另一位文书的标题"
    finally:
        township.close()


def test_the_server_s_words_for_a_concurrent_writer_are_recognised():
    from board_app.services.sync import _raced

    class Unique(Exception):
        sqlstate = "23505"

    try:
        try:
            raise Unique("duplicate key value violates unique constraint")
        except Unique as exc:
            raise RuntimeError("wrapped by the driver") from exc
    except RuntimeError as wrapped:
        assert _raced(wrapped)
    assert not _raced(RuntimeError("disk full"))


def test_records_the_import_would_normalise_are_unchanged_on_the_second_push(office, township):
    """A number written 2026-0099 and an item without domain or scope (as older files and
    other programs left them) are read as the import reads them: equal the second time."""
    org = office.orgs.by_name(VILLAGE)
    office.repo.save_item(
        Item(
            title="旧系统转来的事项",
            publication_type=PublicationType.IMMEDIATE,
            organization_id=org.id,
            category_id=office.orgs.categories(org.id)[0].id,
            body="正文",
            status=Status.PUBLISHED,
            number="2026-0099",
            publish_date=date(2026, 3, 1),
        ),
        now=FIXED,
    )
    first = push(office, township)
    assert first.conflicts == []
    assert township.repo.find_item_by_number(township.orgs.by_name(VILLAGE).id, "2026-099")
    second = push(office, township)
    assert second.conflicts == [] and second.sent == []
    assert second.unchanged == len(first.sent)


def test_a_record_the_import_refuses_refuses_the_whole_push(office, township):
    from board_app.errors import ValidationError

    org = office.orgs.by_name(PARTY)
    office.repo.save_item(  # written past the editor's checks, e.g. by an old version
        Item(
            title="超" * 250,
            publication_type=PublicationType.LONG_TERM,
            organization_id=org.id,
            category_id=office.orgs.categories(org.id)[0].id,
        ),
        now=FIXED,
    )
    with pytest.raises(ValidationError) as refused:
        push(office, township)
    assert PARTY in str(refused.value) and "title" in "\n".join(refused.value.problems)
    assert township.orgs.all() == []
