"""四议两公开 matters in the interchange format: round trip, re-import, refusal of bad matters."""

from __future__ import annotations

import json
from datetime import date

import pytest

from board_app.demo_matters import MATTER_TITLE, MOHEI, build_mohei
from board_app.errors import ValidationError
from board_app.services.context import open_services

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines


@pytest.fixture
def exported(services, tmp_path):
    build_mohei(services, date(2026, 11, 20))
    out = tmp_path / "mohei.json"
    services.interchange.export_file(MOHEI, out)
    return out


def test_round_trip_keeps_steps_links_and_settings(services, exported, tmp_path):
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["matters"][0]["resolution_item"] == "2026-003"
    assert "村级工程项目" in data["matter_settings"]["scope"]
    other = open_services(tmp_path / "copy.sqlite3")
    try:
        report = other.interchange.import_file(exported)
        assert report.matters_added == [MATTER_TITLE]
        org = other.orgs.by_name(MOHEI)
        (copy,) = other.matters.matters_of(org.id)
        (original,) = services.matters.matters_of(services.orgs.by_name(MOHEI).id)
        assert [
            (s.kind, s.held_on, s.votes_for, s.outcome, s.closed, s.supervisors) for s in copy.steps
        ] == [
            (s.kind, s.held_on, s.votes_for, s.outcome, s.closed, s.supervisors)
            for s in original.steps
        ]
        assert copy.spending == original.spending and copy.budget == original.budget
        assert other.items.get(copy.resolution_item_id).number == "2026-003"
        assert other.matters.for_item(copy.result_item_id).id == copy.id
        again = other.interchange.import_file(exported)
        assert again.matters_added == [] and again.matters_skipped == [MATTER_TITLE]
    finally:
        other.close()


def test_bad_matter_refuses_the_whole_file(exported, tmp_path):
    data = json.loads(exported.read_text(encoding="utf-8"))
    step = data["matters"][0]["steps"][3]
    step["present"] = step["members"] + 5  # attendance above membership
    data["matters"][0]["steps"][1]["held_on"] = "2020-01-01"  # dates out of order
    data["matters"][0]["result_item"] = "2026-999"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    other = open_services(tmp_path / "empty.sqlite3")
    try:
        with pytest.raises(ValidationError) as err:
            other.interchange.import_file(bad)
        text = "\n".join(err.value.problems)
        assert "第 4 步，实到人数：实到 73 人，但应到只有 68 人" in text
        assert "第 2 步，日期：会议日期 2020-01-01" in text and "2026-999" in text
        assert other.orgs.all() == []  # nothing written
    finally:
        other.close()


def test_files_without_matters_have_no_matter_keys(services, party_org, tmp_path):
    out = tmp_path / "party.json"
    services.interchange.export_file(party_org.name, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "matters" not in data and "matter_settings" not in data
    data["matters"] = "oops"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError):
        services.interchange.import_file(out)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["matter_settings"].update(notice_days=True), "notice_days"),
        (lambda d: d["matter_settings"].update(notice_days="7"), "notice_days"),
        (
            lambda d: d["matter_settings"]["rules"]["representatives"].update(quorum=[3, 2, False]),
            "3/2",
        ),
        (lambda d: d["matter_settings"]["rules"].update(nobody={}), "nobody"),
        (lambda d: d["matters"][0]["steps"][0].update(members=1.5), "members"),
        (lambda d: d["matters"][0]["steps"][0].update(members=10**40), "members"),
        (lambda d: d["matters"][0]["steps"][0].update(kind="vote"), "vote"),
        (lambda d: d["matters"][0].update(budget=600000), "budget"),
        (lambda d: d["matters"][0].update(title="路" * 300), "188"),
        (lambda d: d["matters"][0]["steps"].reverse(), "顺序错误"),
        (lambda d: d["matters"][0].update(extra=1), "extra"),
    ],
)
def test_hostile_matter_files_are_refused_with_the_place(exported, tmp_path, change, expected):
    data = json.loads(exported.read_text(encoding="utf-8"))
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    other = open_services(tmp_path / "empty.sqlite3")
    try:
        with pytest.raises(ValidationError) as err:
            other.interchange.import_file(bad)
        assert expected in str(err.value) or expected in "\n".join(err.value.problems)
        assert other.orgs.all() == []
    finally:
        other.close()


def test_duplicate_keys_in_a_matter_are_refused(exported, tmp_path):
    text = exported.read_text(encoding="utf-8").replace(
        '"proposer": "墨黑村党总支",', '"proposer": "墨黑村党总支", "proposer": "别人",', 1
    )
    bad = tmp_path / "dup.json"
    bad.write_text(text, encoding="utf-8")
    other = open_services(tmp_path / "empty.sqlite3")
    try:
        with pytest.raises(ValidationError) as err:
            other.interchange.import_file(bad)
        assert "proposer" in "\n".join(err.value.problems)
    finally:
        other.close()
