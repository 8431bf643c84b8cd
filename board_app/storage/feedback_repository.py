"""Rows <-> feedback domain objects (the only module that knows the feedback tables)."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any, overload

import peewee as pw

from board_app.domain.feedback import (
    RECORD_FIELDS,
    BoxOpening,
    Channel,
    FeedbackKind,
    FeedbackQuery,
    FeedbackRecord,
    FeedbackSettings,
    FeedbackStatus,
    ReplyMethod,
    Satisfaction,
)
from board_app.domain.workdays import DayKind
from board_app.storage import numbering
from board_app.storage.dialect import upsert
from board_app.storage.feedback_models import (
    BoxOpeningRow,
    CalendarDayRow,
    FeedbackArchiveRow,
    FeedbackRow,
    FeedbackSettingsRow,
)
from board_app.storage.repository import Repository
from board_app.storage.rows import naive_utc, opt
from board_app.storage.versions import update_if_version

_FIELDS = RECORD_FIELDS


def _record(row: FeedbackRow) -> FeedbackRecord:
    return FeedbackRecord(
        id=row.id,
        organization_id=row.organization_id,
        number=row.number,
        received=_day(row.received) or date.min,
        channel=Channel(row.channel),
        kind=FeedbackKind(row.kind),
        content=row.content,
        submitter=row.submitter,
        contact=row.contact,
        item_number=row.item_number,
        handler=row.handler,
        due=_day(row.due),
        status=FeedbackStatus(row.status),
        reply_text=row.reply_text,
        reply_date=_day(row.reply_date),
        reply_by=row.reply_by,
        reply_method=opt(ReplyMethod, row.reply_method),
        response=opt(Satisfaction, row.response),
        closed_date=_day(row.closed_date),
        public_summary=row.public_summary,
        post_from=_day(row.post_from),
        opening_id=row.opening_id,
        version=row.version,
    )


@overload
def _day(value: date | str) -> date: ...
@overload
def _day(value: object) -> date | None: ...
def _day(value: object) -> date | None:
    """A stored day (a date, or ISO text as SQLite may give it back); None for NULL."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _opening(row: BoxOpeningRow) -> BoxOpening:
    return BoxOpening(
        id=row.id,
        organization_id=row.organization_id,
        opened=_day(row.opened),
        opener_one=row.opener_one,
        opener_two=row.opener_two,
        letters=row.letters,
        note=row.note,
    )


def _value(value: object) -> object:
    return value.value if hasattr(value, "value") else value


class FeedbackStore:
    """Reads and writes the feedback tables in the repository's database."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def _bound(self) -> AbstractContextManager[Any]:
        return self.repo.database.bound()

    # ----- settings ---------------------------------------------------------------------------
    def settings(self, org_id: int) -> FeedbackSettings:
        """The organization's settings (defaults when none were saved)."""
        with self._bound():
            row = FeedbackSettingsRow.get_or_none(FeedbackSettingsRow.organization == org_id)
        if row is None:
            return FeedbackSettings(organization_id=org_id)
        return FeedbackSettings(
            organization_id=org_id,
            due_working_days=row.due_working_days,
            box_interval_days=row.box_interval_days,
            board_enabled=bool(row.board_enabled),
            retention=row.retention,
        )

    def save_settings(self, settings: FeedbackSettings) -> None:
        with self._bound():
            upsert(
                FeedbackSettingsRow,
                {
                    "organization": settings.organization_id,
                    "due_working_days": settings.due_working_days,
                    "box_interval_days": settings.box_interval_days,
                    "board_enabled": settings.board_enabled,
                    "retention": settings.retention,
                },
                ["organization"],
            )

    # ----- the register's 件号 -----------------------------------------------------------------
    def register_number(self, org_id: int, year: int) -> tuple[str, int] | None:
        """(retention, 件号) given to the year's register, or None."""
        with self._bound():
            row = FeedbackArchiveRow.get_or_none(
                (FeedbackArchiveRow.organization == org_id) & (FeedbackArchiveRow.year == year)
            )
        return (row.retention, row.seq) if row else None

    def set_register_number(self, org_id: int, year: int, retention: str, seq: int) -> None:
        with self._bound():
            FeedbackArchiveRow.delete().where(
                (FeedbackArchiveRow.organization == org_id) & (FeedbackArchiveRow.year == year)
            ).execute()
            FeedbackArchiveRow.insert(
                organization=org_id, year=year, retention=retention, seq=seq
            ).execute()

    # ----- holiday entries --------------------------------------------------------------------
    def calendar_days(self) -> dict[date, DayKind]:
        """Every day the user entered: ``{day: holiday/workday}``."""
        with self._bound():
            return {_day(r.day): DayKind(r.kind) for r in CalendarDayRow.select()}

    def set_calendar_day(self, day: date, kind: DayKind | None, note: str = "") -> None:
        """Enter a holiday or make-up working day; ``kind`` None removes the entry."""
        with self._bound():
            if kind is None:
                CalendarDayRow.delete().where(CalendarDayRow.day == day).execute()
            else:
                upsert(CalendarDayRow, {"day": day, "kind": kind.value, "note": note}, ["day"])

    # ----- box openings -----------------------------------------------------------------------
    def add_opening(self, opening: BoxOpening, *, now: datetime) -> BoxOpening:
        with self._bound():
            opening.id = BoxOpeningRow.insert(
                organization=opening.organization_id,
                opened=opening.opened,
                opener_one=opening.opener_one,
                opener_two=opening.opener_two,
                letters=opening.letters,
                note=opening.note,
                created_at=naive_utc(now),
            ).execute()
        return opening

    def get_opening(self, opening_id: int) -> BoxOpening | None:
        with self._bound():
            row = BoxOpeningRow.get_or_none(BoxOpeningRow.id == opening_id)
        return _opening(row) if row else None

    def openings(self, org_id: int | None = None, year: int | None = None) -> list[BoxOpening]:
        """Openings by date (optionally of one organization and year)."""
        with self._bound():
            query = BoxOpeningRow.select()
            if org_id is not None:
                query = query.where(BoxOpeningRow.organization == org_id)
            if year is not None:
                query = query.where(
                    (BoxOpeningRow.opened >= date(year, 1, 1))
                    & (BoxOpeningRow.opened <= date(year, 12, 31))
                )
            return [_opening(r) for r in query.order_by(BoxOpeningRow.opened, BoxOpeningRow.id)]

    def letters_registered(self, opening_id: int) -> int:
        """How many records were registered from one opening."""
        with self._bound():
            return FeedbackRow.select().where(FeedbackRow.opening == opening_id).count()

    # ----- records ----------------------------------------------------------------------------
    def save(self, record: FeedbackRecord, *, now: datetime) -> FeedbackRecord:
        """Insert or update a record (an update only from the version stored now)."""
        values = {name: _value(getattr(record, name)) for name in _FIELDS}
        values["organization"] = record.organization_id
        values["opening"] = record.opening_id
        values["updated_at"] = naive_utc(now)
        with self._bound():
            if record.id is None:
                values["created_at"] = naive_utc(now)
                record.id = FeedbackRow.insert(**values, version=1).execute()
                record.version = 1
            else:  # compare-and-set: StaleVersionError when saved by someone since
                record.version = update_if_version(FeedbackRow, record.id, record.version, values)
        return record

    def get(self, record_id: int) -> FeedbackRecord | None:
        with self._bound():
            row = FeedbackRow.get_or_none(FeedbackRow.id == record_id)
        return _record(row) if row else None

    def find(self, org_id: int, number: str) -> FeedbackRecord | None:
        with self._bound():
            row = FeedbackRow.get_or_none(
                (FeedbackRow.organization == org_id) & (FeedbackRow.number == number)
            )
        return _record(row) if row else None

    def take_number(
        self, org_id: int, year: int, prefix: str, reserved: Collection[str] = ()
    ) -> str:
        """The next register number of a year from the locked counter (inside the caller's
        transaction: no duplicate when two clerks register at the same moment); ``reserved``
        are numbers that records being imported keep."""
        with self._bound():
            return numbering.take_feedback_number(org_id, year, prefix, reserved)

    def keep_number(self, org_id: int, year: int, prefix: str, seq: int) -> None:
        """An imported record keeps ``prefix`` + ``seq``: the counter moves past it (inside
        the import's transaction)."""
        with self._bound():
            numbering.keep_feedback_number(org_id, year, prefix, seq)

    def query(self, flt: FeedbackQuery) -> list[FeedbackRecord]:
        """Records matching the filters, newest received first."""
        with self._bound():
            query = FeedbackRow.select()
            conds: list[pw.Expression] = []
            if flt.organization_id is not None:
                conds.append(FeedbackRow.organization == flt.organization_id)
            if flt.year is not None:
                conds.append(FeedbackRow.received >= date(flt.year, 1, 1))
                conds.append(FeedbackRow.received <= date(flt.year, 12, 31))
            if flt.status is not None:
                conds.append(FeedbackRow.status == flt.status.value)
            if flt.channel is not None:
                conds.append(FeedbackRow.channel == flt.channel.value)
            if flt.kind is not None:
                conds.append(FeedbackRow.kind == flt.kind.value)
            if flt.item_number:
                conds.append(FeedbackRow.item_number == flt.item_number)
            if flt.opening_id is not None:
                conds.append(FeedbackRow.opening == flt.opening_id)
            if flt.text:
                needle = flt.text
                conds.append(
                    FeedbackRow.content.contains(needle)
                    | FeedbackRow.reply_text.contains(needle)
                    | FeedbackRow.submitter.contains(needle)
                    | FeedbackRow.number.contains(needle)
                    | FeedbackRow.public_summary.contains(needle)
                )
            for cond in conds:
                query = query.where(cond)
            rows = query.order_by(FeedbackRow.received.desc(), FeedbackRow.id.desc())
            return [_record(r) for r in rows]

    def open_records(self, org_id: int) -> list[FeedbackRecord]:
        """Records not yet replied, oldest due first."""
        with self._bound():
            rows = FeedbackRow.select().where(
                (FeedbackRow.organization == org_id)
                & (FeedbackRow.status.in_(("registered", "in_progress")))
            )
            return sorted((_record(r) for r in rows), key=lambda r: (r.due or date.max, r.id))

    def posted(self, org_id: int, since: date) -> list[FeedbackRecord]:
        """Records posted on the 回音壁 on or after ``since``."""
        with self._bound():
            rows = FeedbackRow.select().where(
                (FeedbackRow.organization == org_id)
                & FeedbackRow.post_from.is_null(False)
                & (FeedbackRow.post_from >= since)
            )
            return [_record(r) for r in rows.order_by(FeedbackRow.post_from.desc(nulls="LAST"))]


def feedback_audit(repo: Repository, record_id: int, org_id: int) -> list:
    """Audit entries of one feedback record, oldest first."""
    import json

    from board_app.storage.models import AuditRow

    with repo.database.bound():
        query = (
            AuditRow.select()
            .where((AuditRow.organization == org_id) & AuditRow.action.startswith("feedback."))
            .order_by(AuditRow.id)
        )
        out = []
        for row in query:
            ids = json.loads(row.changes).get("feedback_id") or [None, None]
            if record_id in ids:
                out.append(repo._audit(row))
        return out
