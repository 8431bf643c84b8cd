"""The matters service on a real database: steps in order, bad input refused, disclosures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from board_app.domain.items import LedgerRow, Organization, OrgKind, PublicationType, Status
from board_app.domain.matters import END, Body, Matter, MatterStatus, Outcome, Step, StepKind
from board_app.errors import NotFoundError, ValidationError
from board_app.services.matters import MatterInputError
from board_app.services.workdays import add_working_days

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines

KIND = "补助对象和项目落实范围确定"


@pytest.fixture
def village(services):
    return services.orgs.create(
        Organization(name="墨黑村村民委员会", kind=OrgKind.VILLAGE_COMMITTEE, phone="0870-6123456")
    )


@pytest.fixture
def matter(services, village):
    return services.matters.create(
        Matter(
            title="生态文明家园建设项目落实范围",
            organization_id=village.id,
            kind=KIND,
            proposer="墨黑村党总支",
            budget=Decimal("600000.00"),
        )
    )


def step(kind, day, members, present, votes, outcome=Outcome.PASSED, then="", body=None):
    f, a, ab = votes
    return Step(
        kind=kind,
        body=body,
        held_on=day,
        place="墨黑村村委会会议室",
        chair="曹平",
        recorder="王𠮷",
        members=members,
        present=present,
        votes_for=f,
        votes_against=a,
        abstentions=ab,
        outcome=outcome,
        then=then,
        supervisors_attended=True,
        supervisors="杨堃、李喆",
    )


def hold(services, matter_id, s):
    m = services.matters.save_step(matter_id, s)
    return services.matters.close_step(matter_id, m.open_step().id)


def resolve(services, matter_id):
    hold(services, matter_id, step(StepKind.PROPOSAL, date(2026, 7, 1), 7, 7, (7, 0, 0)))
    hold(services, matter_id, step(StepKind.CONSULTATION, date(2026, 7, 3), 12, 11, (11, 0, 0)))
    hold(services, matter_id, step(StepKind.REVIEW, date(2026, 7, 8), 104, 81, (72, 5, 4)))
    return hold(
        services, matter_id, step(StepKind.RESOLUTION, date(2026, 7, 10), 45, 38, (35, 2, 1))
    )


def test_four_steps_in_order_then_resolved(services, matter):
    with pytest.raises(MatterInputError) as err:
        services.matters.save_step(
            matter.id, step(StepKind.REVIEW, date(2026, 7, 1), 9, 9, (9, 0, 0))
        )
    assert err.value.fields[0].field == "step"
    done = resolve(services, matter.id)
    assert done.status is MatterStatus.RESOLVED and done.progress_mark() == "●●●●"
    again = services.matters.get(matter.id)
    assert [s.kind for s in again.steps] == list(StepKind)
    assert again.steps[1].recorder == "王𠮷" and again.steps[0].supervisors == "杨堃、李喆"
    with pytest.raises(ValidationError):
        services.matters.save_step(
            matter.id, step(StepKind.RESOLUTION, date(2026, 7, 20), 45, 40, (40, 0, 0))
        )


@pytest.mark.parametrize(
    ("members", "present", "votes", "day", "field"),
    [
        (45, 50, (30, 0, 0), date(2026, 7, 2), "present"),  # attendance above membership
        (45, 30, (25, 5, 1), date(2026, 7, 2), "votes_for"),  # more votes than present
        (45, 40, (30, 0, 0), date(2026, 6, 30), "held_on"),  # before the proposal
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    services, matter, members, present, votes, day, field
):
    hold(services, matter.id, step(StepKind.PROPOSAL, date(2026, 7, 1), 7, 7, (7, 0, 0)))
    before = services.matters.get(matter.id)
    audit = len(services.repo.recent_audit(1000))
    with pytest.raises(MatterInputError) as err:
        services.matters.save_step(
            matter.id, step(StepKind.CONSULTATION, day, members, present, votes)
        )
    assert field in {p.field for p in err.value.fields}
    assert services.matters.get(matter.id).steps == before.steps
    assert len(services.repo.recent_audit(1000)) == audit


def test_rule_failure_keeps_the_step_open(services, matter):
    m = services.matters.save_step(
        matter.id, step(StepKind.PROPOSAL, date(2026, 7, 1), 7, 3, (3, 0, 0))
    )
    open_id = m.open_step().id
    with pytest.raises(MatterInputError) as err:
        services.matters.close_step(matter.id, open_id)
    assert err.value.fields[0].field == "present"
    assert services.matters.get(matter.id).open_step().id == open_id
    fixed = step(StepKind.PROPOSAL, date(2026, 7, 1), 7, 4, (4, 0, 0))
    fixed.id = open_id
    services.matters.save_step(matter.id, fixed)
    assert services.matters.close_step(matter.id, open_id).next_kind() is StepKind.CONSULTATION


def test_failed_vote_returns_or_ends(services, matter):
    hold(services, matter.id, step(StepKind.PROPOSAL, date(2026, 7, 1), 7, 7, (7, 0, 0)))
    hold(services, matter.id, step(StepKind.CONSULTATION, date(2026, 7, 3), 12, 11, (11, 0, 0)))
    back = hold(
        services,
        matter.id,
        step(
            StepKind.REVIEW,
            date(2026, 7, 8),
            104,
            81,
            (30, 40, 11),
            Outcome.RECONSIDER,
            then=StepKind.CONSULTATION.value,
        ),
    )
    assert back.next_kind() is StepKind.CONSULTATION and back.progress_mark() == "●○○○"
    hold(services, matter.id, step(StepKind.CONSULTATION, date(2026, 7, 9), 12, 12, (12, 0, 0)))
    ended = hold(
        services,
        matter.id,
        step(StepKind.REVIEW, date(2026, 7, 15), 104, 90, (20, 60, 10), Outcome.REJECTED, then=END),
    )
    assert ended.status is MatterStatus.ENDED and len(ended.steps) == 5
    with pytest.raises(ValidationError):
        services.matters.disclose_resolution(matter.id)


def test_resolution_disclosure_goes_through_review_and_links_both_ways(services, matter):
    with pytest.raises(ValidationError):
        services.matters.disclose_resolution(matter.id)
    resolve(services, matter.id)
    item = services.matters.disclose_resolution(matter.id, on=date(2026, 7, 11))
    assert item.status is Status.DRAFT and item.publication_type is PublicationType.IMMEDIATE
    assert item.expire_date == date(2026, 7, 17)  # 7 days of 公示 by default
    for text in (
        "生态文明家园建设",
        "应到45人，实到38人",
        "赞成35票",
        "2026年7月10日",
        "曹平主持",
        "0870-6123456",
        "杨堃、李喆",
    ):
        assert text in item.body
    assert services.matters.disclose_resolution(matter.id).id == item.id  # one per matter
    assert services.matters.get(matter.id).resolution_item_id == item.id
    assert services.matters.for_item(item.id).id == matter.id
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="村务监督委员会", on=date(2026, 7, 11))
    published = services.items.publish(item.id)
    assert published.number and published.publish_date == date(2026, 7, 11)


def test_result_disclosure_with_spending_ledger(services, matter):
    resolve(services, matter.id)
    with pytest.raises(ValidationError):
        services.matters.disclose_result(matter.id)
    with pytest.raises(MatterInputError) as err:
        services.matters.mark_implemented(matter.id, on=date(2026, 7, 9))
    assert err.value.fields[0].field == "implemented_on"
    rows = [
        LedgerRow(
            date(2026, 9, 1), "记-031", "50户补助资金拨付", Decimal("600000.00"), Decimal("0.00")
        ),
        LedgerRow(
            date(2026, 9, 2), "付-032", "发放建设补助50户", Decimal("0.00"), Decimal("600000.00")
        ),
    ]
    done = services.matters.mark_implemented(
        matter.id, on=date(2026, 10, 30), summary="50户全部完工验收", spending=rows
    )
    assert done.status is MatterStatus.IMPLEMENTED
    item = services.matters.disclose_result(matter.id)
    assert [r.voucher for r in item.ledger] == ["记-031", "付-032"]
    assert "50户全部完工验收" in item.body and "2026年10月30日" in item.body
    assert services.matters.for_item(item.id).result_item_id == item.id


def test_owed_disclosures_count_working_days(services, village, matter):
    hold(services, matter.id, step(StepKind.PROPOSAL, date(2026, 9, 20), 7, 7, (7, 0, 0)))
    hold(services, matter.id, step(StepKind.CONSULTATION, date(2026, 9, 22), 12, 11, (11, 0, 0)))
    hold(services, matter.id, step(StepKind.REVIEW, date(2026, 9, 25), 104, 81, (72, 5, 4)))
    hold(services, matter.id, step(StepKind.RESOLUTION, date(2026, 9, 30), 45, 38, (35, 2, 1)))
    due = add_working_days(date(2026, 9, 30), 3)
    assert due >= date(2026, 10, 8)  # the National Day holiday does not count
    owed = services.matters.owed(village.id, date(2026, 10, 7))
    assert [(o.what, o.overdue) for o in owed] == [("resolution", False)]
    owed = services.matters.owed(village.id, due + (date(2026, 1, 2) - date(2026, 1, 1)))
    assert owed[0].overdue
    item = services.matters.disclose_resolution(matter.id, on=date(2026, 10, 8))
    assert services.matters.owed(village.id, date(2026, 10, 20))[0].item.id == item.id
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="监委会", on=date(2026, 10, 8))
    services.items.publish(item.id)
    assert services.matters.owed(village.id, date(2026, 10, 20)) == []
    services.matters.mark_implemented(matter.id, on=date(2026, 11, 2))
    owed = services.matters.owed(village.id, date(2026, 11, 20))
    assert [(o.what, o.overdue) for o in owed] == [("result", True)]


def test_settings_scope_and_days(services, village, matter):
    settings = services.matters.settings(village.id)
    settings.scope = ["村级工程项目"]
    settings.notice_days = 10
    services.matters.save_settings(village.id, settings)
    with pytest.raises(MatterInputError) as err:
        services.matters.update(
            Matter(
                title="x",
                id=matter.id,
                kind="不在范围内",
                organization_id=village.id,
                version=services.matters.get(matter.id).version,
            )
        )
    assert {p.field for p in err.value.fields} == {"kind"}
    settings.scope = []
    with pytest.raises(MatterInputError):
        services.matters.save_settings(village.id, settings)
    made = services.matters.scope_and_workflow_items(village.id)
    assert [i.publication_type for i in made] == [PublicationType.LONG_TERM] * 2
    assert "1. 村级工程项目" in made[0].body
    assert "公示期不少于10天" in made[1].body and "3个工作日内" in made[1].body


def test_missing_things_are_refused(services, village):
    with pytest.raises(NotFoundError):
        services.matters.get(999)
    with pytest.raises(NotFoundError):
        services.matters.create(Matter(title="x", organization_id=999))
    with pytest.raises(MatterInputError):
        services.matters.create(Matter(title="  ", organization_id=village.id))
    assert Body.REPRESENTATIVES.label


def test_reopen_last_step_to_correct_it(services, matter):
    hold(services, matter.id, step(StepKind.PROPOSAL, date(2026, 7, 1), 7, 7, (7, 0, 0)))
    reopened = services.matters.reopen_last_step(matter.id)
    assert reopened.open_step().kind is StepKind.PROPOSAL
    with pytest.raises(ValidationError):
        services.matters.reopen_last_step(matter.id)  # already open
    fixed = reopened.open_step()
    fixed.place = "村委会二楼"
    services.matters.save_step(matter.id, fixed)
    services.matters.close_step(matter.id, fixed.id)
    hold(services, matter.id, step(StepKind.CONSULTATION, date(2026, 7, 3), 12, 11, (11, 0, 0)))
    hold(services, matter.id, step(StepKind.REVIEW, date(2026, 7, 8), 104, 81, (72, 5, 4)))
    hold(services, matter.id, step(StepKind.RESOLUTION, date(2026, 7, 10), 45, 38, (35, 2, 1)))
    services.matters.disclose_resolution(matter.id, on=date(2026, 7, 11))
    with pytest.raises(ValidationError):
        services.matters.reopen_last_step(matter.id)  # the resolution is being disclosed
    assert services.matters.get(matter.id).steps[0].place == "村委会二楼"


def test_import_keeps_the_organizations_saved_settings(services, village, matter, tmp_path):
    resolve(services, matter.id)
    settings = services.matters.settings(village.id)
    settings.notice_days = 12
    services.matters.save_settings(village.id, settings)
    out = tmp_path / "v.json"
    services.interchange.export_file(village.name, out)
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    data["matter_settings"]["notice_days"] = 3
    data["matters"][0]["title"] = "另一个事项"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = services.interchange.import_file(out)
    assert report.matters_added == ["另一个事项"]
    assert services.matters.settings(village.id).notice_days == 12


def test_a_kind_dropped_from_the_scope_stays_on_its_matters(services, village, matter):
    settings = services.matters.settings(village.id)
    settings.scope = ["村级工程项目"]
    services.matters.save_settings(village.id, settings)
    renamed = Matter(
        title="生态文明家园建设项目范围",
        id=matter.id,
        kind=KIND,
        organization_id=village.id,
        proposer=matter.proposer,
        budget=matter.budget,
        version=services.matters.get(matter.id).version,
    )
    assert services.matters.update(renamed).kind == KIND
