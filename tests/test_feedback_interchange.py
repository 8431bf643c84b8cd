"""Feedback and box openings in the JSON interchange format: export, import, identity, refusal."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from support import demo_copy

from board_app.demo import VILLAGE
from board_app.domain.feedback import FeedbackQuery, FeedbackStatus
from board_app.errors import ValidationError
from board_app.services.context import open_services

FIXED = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-template")


@pytest.fixture
def source(template_dir, tmp_path: Path):
    """Services over a copy of the demo database (as of 2026-11-20)."""
    svc = open_services(
        demo_copy(template_dir, tmp_path / "demo.sqlite3", date(2026, 11, 20)), operator="测试员"
    )
    svc.ctx.clock = lambda: FIXED
    yield svc
    svc.close()


@pytest.fixture
def exported(source, tmp_path: Path) -> Path:
    out = tmp_path / "village.json"
    source.interchange.export_file(VILLAGE, out)
    return out


def fresh(tmp_path: Path, name: str):
    svc = open_services(tmp_path / name, operator="测试员")
    svc.ctx.clock = lambda: FIXED
    return svc


def test_export_then_import_keeps_records_and_openings(exported, source, tmp_path):
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert len(data["feedback"]) == 5 and len(data["box_openings"]) == 1
    assert any(r.get("submitter") == "王大伟" for r in data["feedback"])
    target = fresh(tmp_path, "other.sqlite3")
    try:
        report = target.interchange.import_file(exported)
        assert any("5" in n and "1" in n for n in report.notes)
        org = target.orgs.by_name(VILLAGE)
        got = {r.number: r for r in target.feedback.records(FeedbackQuery(organization_id=org.id))}
        src_org = source.orgs.by_name(VILLAGE)
        want = {
            r.number: r for r in source.feedback.records(FeedbackQuery(organization_id=src_org.id))
        }
        assert set(got) == set(want)
        for number, r in want.items():
            g = got[number]
            for key in (
                "received",
                "status",
                "submitter",
                "contact",
                "reply_text",
                "due",
                "post_from",
                "item_number",
                "response",
            ):
                assert getattr(g, key) == getattr(r, key), (number, key)
            assert (g.opening_id is None) == (r.opening_id is None)
        again = target.interchange.import_file(exported)
        assert any("已存在 6" in n or "6" in n for n in again.notes)
        assert len(target.feedback.records(FeedbackQuery(organization_id=org.id))) == 5
    finally:
        target.close()


def test_conflicts_and_bad_records_refuse_the_whole_file(exported, tmp_path):
    target = fresh(tmp_path, "other.sqlite3")
    try:
        target.interchange.import_file(exported)
        data = json.loads(exported.read_text(encoding="utf-8"))
        data["feedback"][0]["content"] = "改过的内容"
        changed = tmp_path / "changed.json"
        changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(ValidationError, match="content"):
            target.interchange.import_file(changed)
    finally:
        target.close()
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["feedback"].append(
        {
            "received": "2026-11-01",
            "channel": "box",
            "kind": "question",
            "content": "问",
            "colour": "red",
        }
    )
    data["feedback"].append(
        {
            "received": "2026-11-10",
            "channel": "box",
            "kind": "question",
            "content": "问",
            "status": "replied",
            "reply_text": "答",
            "reply_date": "2026-11-01",
            "reply_method": "phone",
        }
    )
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = fresh(tmp_path, "third.sqlite3")
    try:
        with pytest.raises(ValidationError) as info:
            target.interchange.import_file(bad)
        text = "\n".join(info.value.problems)
        assert "colour" in text and "reply_date" in text
        data = json.loads(exported.read_text(encoding="utf-8"))
        data["feedback"].append(
            {
                "received": "2026-11-01",
                "channel": "box",
                "kind": "question",
                "content": "问",
                "item_number": "2099-001",
            }
        )
        bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(ValidationError, match="2099-001"):
            target.interchange.import_file(bad)
        data = json.loads(exported.read_text(encoding="utf-8"))
        data["feedback"][0]["received"] = "2026-12-25"  # after today (2026-11-20)
        data["box_openings"][0]["openers"] = ["钱喆", "钱喆"]
        bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(ValidationError, match="两名开箱人"):
            target.interchange.import_file(bad)
        data["box_openings"][0]["openers"] = ["钱喆", "刘䶮"]
        bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(ValidationError, match="2026-12-25"):
            target.interchange.import_file(bad)
        assert target.orgs.all() == []  # nothing written
    finally:
        target.close()


def test_files_without_feedback_keys_import_as_before(exported, tmp_path):
    data = json.loads(exported.read_text(encoding="utf-8"))
    del data["feedback"], data["box_openings"]
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = fresh(tmp_path, "plain.sqlite3")
    try:
        report = target.interchange.import_file(plain)
        assert report.notes == [] and report.added
    finally:
        target.close()


def test_status_of_imported_records(exported, tmp_path):
    target = fresh(tmp_path, "s.sqlite3")
    try:
        target.interchange.import_file(exported)
        org = target.orgs.by_name(VILLAGE)
        statuses = {
            r.status for r in target.feedback.records(FeedbackQuery(organization_id=org.id))
        }
        assert statuses == set(FeedbackStatus)
    finally:
        target.close()
