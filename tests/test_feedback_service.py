"""The feedback register through its service: records, status steps, due dates, openings."""

from __future__ import annotations

from datetime import date

import pytest
from support import category_id, publish_item

from board_app.domain.feedback import (
    BoxOpening,
    Channel,
    FeedbackKind,
    FeedbackQuery,
    FeedbackRecord,
    FeedbackStatus,
    ReplyMethod,
    Satisfaction,
)
from board_app.domain.items import Item, PublicationType
from board_app.domain.workdays import DayKind, WorkdayCalendar
from board_app.errors import NotFoundError, ValidationError

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines


def record(org, **kw) -> FeedbackRecord:
    base = {
        "organization_id": org.id,
        "received": date(2026, 11, 16),
        "channel": Channel.BOX,
        "kind": FeedbackKind.QUESTION,
        "content": "村道维修的钱是从哪里来的？",
        "submitter": "王𠮷堃",
        "contact": "13812345678",
    }
    base.update(kw)
    return FeedbackRecord(**base)


def test_workdays_follow_statutory_holidays_and_make_up_days():
    cal = WorkdayCalendar()
    # 2026 National Day: 10-01..10-07 off; Saturday 10-10 is a make-up working day.
    assert not cal.is_workday(date(2026, 10, 5))
    assert cal.is_workday(date(2026, 10, 10))
    due, unknown = cal.add_working_days(date(2026, 9, 30), 7)
    # 10-08, 10-09, 10-10 (make-up), 10-12, 10-13, 10-14, 10-15
    assert due == date(2026, 10, 15) and unknown == []
    # Plain week without holidays: Monday + 7 working days is the Wednesday after next.
    assert cal.add_working_days(date(2026, 11, 16), 7) == (date(2026, 11, 25), [])


def test_unknown_year_counts_weekdays_until_the_user_enters_holidays():
    cal = WorkdayCalendar()
    due, unknown = cal.add_working_days(date(2026, 12, 30), 3)
    assert unknown == [2027]
    assert due == date(2027, 1, 4)  # 12-31 Thu, 01-01 Fri (weekday), 01-04 Mon
    entered = WorkdayCalendar(
        {date(2027, 1, 1): DayKind.HOLIDAY, date(2027, 1, 2): DayKind.WORKDAY}
    )
    due, unknown = entered.add_working_days(date(2026, 12, 30), 3)
    assert unknown == [] and due == date(2027, 1, 4)  # 12-31, 01-02 (make-up), 01-04


def test_add_numbers_the_record_and_sets_the_due_date(services, party_org):
    saved = services.feedback.add(record(party_org))
    rec = saved.record
    assert rec.number == "YJ-2026-001"
    assert rec.status is FeedbackStatus.REGISTERED
    assert rec.due == date(2026, 11, 25) and saved.warnings == []
    again = services.feedback.add(record(party_org, content="第二条"))
    assert again.record.number == "YJ-2026-002"
    history = services.feedback.history(rec)
    assert [h.action for h in history] == ["feedback.add"]
    assert history[0].changes["submitter"] == (None, "王𠮷堃")


def test_due_days_per_organization_and_unknown_year_warning(services, party_org):
    settings = services.feedback.settings(party_org.id)
    assert settings.due_working_days == 7 and not settings.board_enabled
    settings.due_working_days = 3
    services.feedback.save_settings(settings)
    services.ctx.clock = lambda: __import__("datetime").datetime(
        2026, 12, 31, 2, tzinfo=__import__("datetime").timezone.utc
    )
    saved = services.feedback.add(record(party_org, received=date(2026, 12, 30)))
    assert saved.record.due == date(2027, 1, 4)
    assert saved.warnings and "2027" in saved.warnings[0]
    services.feedback.set_holiday(date(2027, 1, 4), DayKind.HOLIDAY)
    due, warnings = services.feedback.due_date(party_org.id, date(2026, 12, 30))
    assert due == date(2027, 1, 5) and warnings == []


def test_status_steps_reply_and_close_are_audited(services, party_org):
    rec = services.feedback.add(record(party_org)).record
    rec = services.feedback.start(rec.id, handler="李会计")
    assert rec.status is FeedbackStatus.IN_PROGRESS
    rec = services.feedback.reply(
        rec.id,
        text="来自一事一议筹资，明细已公开。",
        on=date(2026, 11, 18),
        by="李会计",
        method=ReplyMethod.PHONE,
    )
    assert rec.status is FeedbackStatus.REPLIED and rec.reply_date == date(2026, 11, 18)
    rec = services.feedback.close(rec.id, on=date(2026, 11, 19), response=Satisfaction.SATISFIED)
    assert rec.status is FeedbackStatus.CLOSED
    actions = [h.action for h in services.feedback.history(rec)]
    assert actions == ["feedback.add", "feedback.start", "feedback.reply", "feedback.close"]
    with pytest.raises(ValidationError):
        services.feedback.close(rec.id, on=date(2026, 11, 19), response=None)


def test_reply_from_registered_passes_through_in_progress(services, party_org):
    rec = services.feedback.add(record(party_org)).record
    rec = services.feedback.reply(
        rec.id, text="已答复。", on=date(2026, 11, 17), by="张书记", method=ReplyMethod.IN_PERSON
    )
    assert rec.handler == "张书记"
    steps = [h.changes.get("status") for h in services.feedback.history(rec)]
    assert ("registered", "in_progress") in steps and ("in_progress", "replied") in steps


def test_bad_input_is_refused_and_nothing_written(services, party_org):
    fb = services.feedback
    with pytest.raises(ValidationError, match="公开编号|2026-999"):
        fb.add(record(party_org, item_number="2026-999"))
    with pytest.raises(ValidationError, match="due|截止|办理期限"):
        fb.add(record(party_org, due=date(2026, 11, 18)))  # before today (2026-11-20)
    with pytest.raises(ValidationError):
        fb.add(record(party_org, received=date(2026, 12, 1)))  # future
    with pytest.raises(ValidationError):
        fb.add(record(party_org, content="  "))
    with pytest.raises(ValidationError, match="U\\+001B"):
        fb.add(record(party_org, content="问\x1b[31m红"))
    with pytest.raises(ValidationError, match="200"):
        fb.add(record(party_org, contact="1" * 201))
    assert fb.records(FeedbackQuery(organization_id=party_org.id)) == []
    rec = fb.add(record(party_org)).record
    with pytest.raises(ValidationError):  # reply before receipt
        fb.reply(rec.id, text="答复", on=date(2026, 11, 10), by="张", method=ReplyMethod.PHONE)
    with pytest.raises(ValidationError):  # empty reply
        fb.reply(rec.id, text=" ", on=date(2026, 11, 17), by="张", method=ReplyMethod.PHONE)
    assert fb.get(rec.id).status is FeedbackStatus.REGISTERED
    assert [h.action for h in fb.history(rec)] == ["feedback.add"]
    with pytest.raises(NotFoundError):
        fb.find(party_org.id, "YJ-2026-999")


def test_links_to_an_item_by_its_number(services, party_org):
    item = publish_item(
        services,
        Item(
            organization_id=party_org.id,
            title="2026年第三季度党费收缴情况",
            publication_type=PublicationType.PERIODIC,
            period="2026-Q3",
            category_id=category_id(services, party_org, "党费收缴使用"),
        ),
        date(2026, 10, 10),
    )
    rec = services.feedback.add(record(party_org, item_number=item.number)).record
    assert [r.id for r in services.feedback.for_item(party_org.id, item.number)] == [rec.id]


def test_box_openings_and_letters(services, party_org):
    fb = services.feedback
    with pytest.raises(ValidationError):
        fb.add_opening(BoxOpening(party_org.id, date(2026, 11, 16), "张三", "张三", 2))
    with pytest.raises(ValidationError):
        fb.add_opening(BoxOpening(party_org.id, date(2026, 11, 16), "张三", "", 2))
    opening = fb.add_opening(BoxOpening(party_org.id, date(2026, 11, 16), "张三", "李四", 2))
    fb.add(record(party_org, opening_id=opening.id))
    assert fb.letters_registered(opening.id) == 1
    with pytest.raises(ValidationError):
        fb.add(record(party_org, opening_id=opening.id, received=date(2026, 11, 13)))
    assert fb.next_opening_due(party_org.id, date(2026, 11, 20)) is None  # no schedule yet
    settings = fb.settings(party_org.id)
    settings.box_interval_days = 7
    fb.save_settings(settings)
    assert fb.next_opening_due(party_org.id, date(2026, 11, 20)) == date(2026, 11, 23)
    cal = fb.calendar(party_org, date(2026, 11, 24))
    assert cal.opening_due == date(2026, 11, 23) and cal.opening_missed(date(2026, 11, 24))


def test_calendar_lists_replies_due_soon_and_overdue(services, party_org):
    fb = services.feedback
    late = fb.add(record(party_org, received=date(2026, 11, 2))).record  # due 11-11
    soon = fb.add(record(party_org, received=date(2026, 11, 16))).record  # due 11-25
    later = fb.add(record(party_org, received=date(2026, 11, 19))).record  # due 11-30
    cal = services.calendar.for_org(party_org, date(2026, 11, 22)).feedback
    assert [r.id for r in cal.overdue] == [late.id]
    assert [r.id for r in cal.due_soon] == [soon.id]
    assert later.id not in [r.id for r in cal.due_soon + cal.overdue]
    fb.reply(late.id, text="已答复", on=date(2026, 11, 20), by="甲", method=ReplyMethod.PHONE)
    cal = services.calendar.for_org(party_org, date(2026, 11, 22)).feedback
    assert cal.overdue == []


def test_far_dates_do_not_overflow(services, party_org):
    far = date(9999, 12, 31)
    assert services.calendar.for_org(party_org, far).feedback is not None
    assert WorkdayCalendar().add_working_days(date(9999, 12, 30), 5)[0] == far
