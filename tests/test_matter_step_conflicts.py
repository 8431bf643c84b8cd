"""A meeting of a 四议两公开 matter saved from an older version of the matter: refused with both
versions (the meeting's fields side by side), nothing overwritten — on both engines."""

from __future__ import annotations

from datetime import date

import pytest

from board_app.domain.matters import Matter, Outcome, Step, StepKind
from board_app.services.conflicts import EditConflictError, conflict_message

pytestmark = pytest.mark.both_engines


def proposal(**changes: object) -> Step:
    values: dict = {
        "held_on": date(2026, 11, 2),
        "place": "村委会会议室",
        "chair": "杨永堃",
        "recorder": "陈䶮",
        "members": 7,
        "present": 6,
        "votes_for": 6,
        "votes_against": 0,
        "abstentions": 0,
        "outcome": Outcome.PASSED,
        "summary": "提议硬化村东主干道。",
    }
    values.update(changes)
    return Step(kind=StepKind.PROPOSAL, **values)


@pytest.fixture
def matter(services, party_org) -> Matter:
    return services.matters.create(Matter(title="村道硬化", organization_id=party_org.id))


def test_a_new_meeting_over_theirs_is_refused_with_both(services, other, matter):
    seen = services.matters.get(matter.id)  # version 1, no meeting yet
    other.matters.save_step(matter.id, proposal(), base_version=1)
    mine = proposal(present=7, votes_for=7, summary="提议硬化村东主干道，经王𠮷家门口。")
    with pytest.raises(EditConflictError) as refused:
        services.matters.save_step(matter.id, mine, base_version=seen.version)
    conflict = refused.value.conflict
    assert (conflict.kind, conflict.mine_version, conflict.theirs_version) == ("matter", 1, 2)
    assert conflict.changed_by == "李会计"
    rows = {d.label: (d.theirs, d.mine) for d in conflict.differences}
    assert rows == {
        "实到人数": ("6", "7"),
        "赞成": ("6", "7"),
        "议定要点": ("提议硬化村东主干道。", "提议硬化村东主干道，经王𠮷家门口。"),
    }
    assert "王𠮷" in conflict_message(conflict)
    stored = services.matters.get(matter.id)
    assert stored.version == 2 and len(stored.steps) == 1
    assert stored.steps[0].present == 6  # theirs, not overwritten


def test_a_change_of_the_open_meeting_over_theirs_is_refused(services, other, matter):
    services.matters.save_step(matter.id, proposal(), base_version=1)
    mine = services.matters.get(matter.id)
    theirs = other.matters.get(matter.id)
    step = theirs.open_step()
    step.place = "村党群服务中心"
    other.matters.save_step(matter.id, step, base_version=theirs.version)
    my_step = mine.open_step()
    my_step.chair = "赵䶮"
    with pytest.raises(EditConflictError) as refused:
        services.matters.save_step(matter.id, my_step, base_version=mine.version)
    rows = {d.name: (d.theirs, d.mine) for d in refused.value.conflict.differences}
    assert rows == {"place": ("村党群服务中心", "村委会会议室"), "chair": ("杨永堃", "赵䶮")}
    stored = services.matters.get(matter.id).open_step()
    assert (stored.place, stored.chair) == ("村党群服务中心", "杨永堃")
    # from the stored version it saves
    again = services.matters.get(matter.id)
    again.open_step().chair = "赵䶮"
    saved = services.matters.save_step(matter.id, again.open_step(), base_version=again.version)
    assert (saved.open_step().place, saved.open_step().chair) == ("村党群服务中心", "赵䶮")
