"""四议两公开 rules as pure functions: attendance, passing, order of steps, bad input."""

from __future__ import annotations

from datetime import date

import pytest

from board_app.domain.matter_rules import (
    DEFAULT_RULES,
    HALF_OR_MORE,
    MORE_THAN_HALF,
    TWO_THIRDS,
    Basis,
    MatterSettings,
    MeetingRule,
    Threshold,
    close_problems,
    input_problems,
    with_rule,
)
from board_app.domain.matters import END, Body, Matter, MatterStatus, Outcome, Step, StepKind

TODAY = date(2026, 11, 20)
SETTINGS = MatterSettings()


def meeting(
    kind=StepKind.RESOLUTION,
    body=None,
    members=30,
    present=20,
    votes=(11, 5, 4),
    outcome=Outcome.PASSED,
    held_on=date(2026, 7, 10),
    then="",
) -> Step:
    f, a, ab = votes
    return Step(
        kind=kind,
        body=body,
        held_on=held_on,
        place="村委会",
        chair="张三",
        recorder="李四",
        members=members,
        present=present,
        votes_for=f,
        votes_against=a,
        abstentions=ab,
        outcome=outcome,
        then=then,
    )


def fields(problems) -> set[str]:
    return {p.field for p in problems}


@pytest.mark.parametrize(
    ("threshold", "count", "whole", "met", "minimum"),
    [
        (TWO_THIRDS, 20, 30, True, 20),  # 三分之二以上 includes two thirds itself
        (TWO_THIRDS, 19, 30, False, 20),
        (TWO_THIRDS, 7, 10, True, 7),
        (TWO_THIRDS, 6, 10, False, 7),
        (MORE_THAN_HALF, 10, 20, False, 11),  # 过半数: exactly half is not enough
        (MORE_THAN_HALF, 11, 20, True, 11),
        (MORE_THAN_HALF, 4, 7, True, 4),
        (HALF_OR_MORE, 10, 20, True, 10),  # 半数以上 includes half
        (HALF_OR_MORE, 4, 7, True, 4),
        (HALF_OR_MORE, 3, 7, False, 4),
    ],
)
def test_thresholds(threshold, count, whole, met, minimum):
    assert threshold.met(count, whole) is met
    assert threshold.minimum(whole) == minimum
    assert threshold.met(threshold.minimum(whole), whole)
    assert not threshold.met(threshold.minimum(whole) - 1, whole)


def test_representatives_need_two_thirds_and_a_majority_of_those_present():
    # 第二十六条: 30 members -> 20 must attend; 20 present -> 11 in favour.
    assert close_problems(meeting(present=20, votes=(11, 5, 4)), None, SETTINGS, TODAY) == []
    few = close_problems(meeting(present=19, votes=(15, 2, 2)), None, SETTINGS, TODAY)
    assert fields(few) == {"present"}
    assert "20" in few[0].message and "第二十六条" in few[0].message
    half = close_problems(meeting(present=20, votes=(10, 6, 4)), None, SETTINGS, TODAY)
    assert fields(half) == {"votes_for"}
    assert "11" in half[0].message


def test_villagers_meeting_by_adults_or_by_households():
    # 第二十二条: more than half of adult villagers, or two thirds of households.
    adults = meeting(body=Body.VILLAGERS, members=1000, present=500, votes=(400, 50, 50))
    assert fields(close_problems(adults, None, SETTINGS, TODAY)) == {"present"}
    adults.present = 501
    assert close_problems(adults, None, SETTINGS, TODAY) == []
    homes = meeting(body=Body.HOUSEHOLDS, members=300, present=200, votes=(101, 99, 0))
    assert close_problems(homes, None, SETTINGS, TODAY) == []
    homes.votes_for, homes.votes_against = 100, 100
    assert fields(close_problems(homes, None, SETTINGS, TODAY)) == {"votes_for"}


def test_party_members_pass_on_more_than_half_of_all_with_voting_rights():
    # 支部工作条例第十一条: quorum half of the members, passing more than half of the members.
    review = meeting(kind=StepKind.REVIEW, members=100, present=60, votes=(50, 5, 5))
    problems = close_problems(review, None, SETTINGS, TODAY)
    assert fields(problems) == {"votes_for"} and "51" in problems[0].message
    review.votes_for, review.abstentions = 51, 4
    assert close_problems(review, None, SETTINGS, TODAY) == []
    review.present, review.votes_for, review.votes_against, review.abstentions = 49, 49, 0, 0
    assert fields(close_problems(review, None, SETTINGS, TODAY)) == {"present"}


def test_rejected_outcome_must_match_the_vote_and_say_what_follows():
    step = meeting(outcome=Outcome.REJECTED, votes=(15, 3, 2))
    assert fields(close_problems(step, None, SETTINGS, TODAY)) == {"outcome", "then"}
    step.votes_for, step.votes_against, step.then = 5, 13, END
    assert close_problems(step, None, SETTINGS, TODAY) == []
    step.then = StepKind.RESOLUTION.value  # back to itself is allowed
    assert close_problems(step, None, SETTINGS, TODAY) == []
    proposal = meeting(
        kind=StepKind.PROPOSAL,
        members=5,
        present=5,
        votes=(1, 4, 0),
        outcome=Outcome.REJECTED,
        then=StepKind.REVIEW.value,
    )
    assert "then" in fields(input_problems(proposal, None))


def test_bad_input_is_named_at_its_field():
    step = meeting(members=10, present=12, votes=(13, 0, 0))
    assert fields(input_problems(step, None)) == {"present", "votes_for"}
    later = meeting(held_on=date(2026, 7, 11))
    earlier = meeting(held_on=date(2026, 7, 10))
    assert fields(input_problems(earlier, later)) == {"held_on"}
    assert fields(input_problems(meeting(kind=StepKind.REVIEW, body=Body.VILLAGERS), None)) == {
        "body"
    }
    negative = meeting(votes=(-1, 0, 0))
    assert "votes_for" in fields(input_problems(negative, None))


def test_closing_needs_the_whole_record_and_a_held_meeting():
    empty = Step(kind=StepKind.PROPOSAL)
    assert {"held_on", "place", "chair", "recorder", "members", "present", "outcome"} <= fields(
        close_problems(empty, None, SETTINGS, TODAY)
    )
    future = meeting(held_on=date(2026, 12, 1))
    assert fields(close_problems(future, None, SETTINGS, TODAY)) == {"held_on"}


def test_rules_are_configurable_per_organization():
    strict_party = MeetingRule(MORE_THAN_HALF, MORE_THAN_HALF, Basis.MEMBERS, "某省规定")
    settings = with_rule(SETTINGS, Body.PARTY_MEMBERS, strict_party)
    review = meeting(kind=StepKind.REVIEW, members=100, present=50, votes=(50, 0, 0))
    assert fields(close_problems(review, None, SETTINGS, TODAY)) == {"votes_for"}
    assert "某省规定" in close_problems(review, None, settings, TODAY)[0].message
    back = MatterSettings.from_json(settings.to_json())
    assert back.rule(Body.PARTY_MEMBERS) == strict_party
    assert back.rule(Body.REPRESENTATIVES) == DEFAULT_RULES[Body.REPRESENTATIVES]
    with pytest.raises(ValueError):
        MatterSettings.from_json(
            {"rules": {"representatives": {"quorum": [3, 2, False], "passing": [1, 2, True]}}}
        )
    assert Threshold(2, 3, False).text()


def test_sources_name_the_articles():
    assert "第二十六条" in DEFAULT_RULES[Body.REPRESENTATIVES].source
    assert "第二十二条" in DEFAULT_RULES[Body.VILLAGERS].source
    assert "第二十二条" in DEFAULT_RULES[Body.HOUSEHOLDS].source
    assert "第十一条" in DEFAULT_RULES[Body.PARTY_MEMBERS].source


def _closed(kind, outcome=Outcome.PASSED, then=""):
    step = meeting(kind=kind, outcome=outcome, then=then)
    step.closed = True
    return step


def test_next_step_progress_and_returns():
    matter = Matter(title="修路")
    assert matter.next_kind() is StepKind.PROPOSAL and matter.progress_mark() == "○○○○"
    matter.steps = [_closed(StepKind.PROPOSAL), _closed(StepKind.CONSULTATION)]
    assert matter.next_kind() is StepKind.REVIEW and matter.progress_mark() == "●●○○"
    matter.steps.append(
        _closed(StepKind.REVIEW, Outcome.RECONSIDER, then=StepKind.CONSULTATION.value)
    )
    assert matter.next_kind() is StepKind.CONSULTATION and matter.progress_mark() == "●○○○"
    matter.steps += [
        _closed(StepKind.CONSULTATION),
        _closed(StepKind.REVIEW),
        _closed(StepKind.RESOLUTION),
    ]
    assert matter.status is MatterStatus.RESOLVED and matter.progress_mark() == "●●●●"
    assert matter.next_kind() is None
    ended = Matter(
        title="卖地",
        steps=[_closed(StepKind.PROPOSAL), _closed(StepKind.CONSULTATION, Outcome.REJECTED, END)],
    )
    assert ended.status is MatterStatus.ENDED and ended.progress_mark() == "●○○○×"


def test_texts_no_real_record_reaches_are_refused():
    from board_app.domain.matter_rules import matter_problems

    assert fields(matter_problems(Matter(title="路" * 300))) == {"title"}
    step = meeting()
    step.place = "会" * 500
    assert fields(input_problems(step, None)) == {"place"}
    step.place, step.members = "会议室", 10**9
    assert fields(input_problems(step, None)) == {"members"}
