"""The feedback register (意见登记): add, handle, reply, close; box openings; settings.

Every change is one transaction with an audit entry (action ``feedback.*``) listing the
changed fields; nothing is written when a check fails.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import date

from board_app.domain.dates import add_days
from board_app.domain.feedback import (
    BoxOpening,
    FeedbackQuery,
    FeedbackRecord,
    FeedbackSettings,
    FeedbackStatus,
    RecordProblem,
    ReplyMethod,
    Satisfaction,
    check_opening,
    check_record,
    label,
)
from board_app.domain.ids import stored_id
from board_app.domain.items import Organization, Retention
from board_app.domain.workdays import DayKind, WorkdayCalendar
from board_app.errors import NotFoundError, ValidationError
from board_app.i18n import _
from board_app.services.conflicts import (
    EditConflict,
    EditConflictError,
    build_conflict,
    refusing_stale,
)
from board_app.services.context import Context
from board_app.storage.feedback_repository import FeedbackStore, feedback_audit

NUMBER_PREFIX = "YJ"
_COMPARED = [f.name for f in fields(FeedbackRecord) if f.name not in ("id", "version")]


REPLY_SOON_DAYS = 3


@dataclass
class FeedbackCalendar:
    """What the disclosure calendar shows of an organization's feedback on a day."""

    due_soon: list[FeedbackRecord] = field(default_factory=list)  # open, due within 3 days
    overdue: list[FeedbackRecord] = field(default_factory=list)  # open, past the due date
    opening_due: date | None = None  # next box opening (None: no schedule)

    def opening_missed(self, on: date) -> bool:
        """The scheduled opening is past and the box was not opened."""
        return self.opening_due is not None and self.opening_due < on

    @property
    def empty(self) -> bool:
        return not (self.due_soon or self.overdue or self.opening_due)


@dataclass
class Saved:
    """A record as saved and the warnings the user should see (e.g. an unknown year)."""

    record: FeedbackRecord
    warnings: list[str] = field(default_factory=list)


def diff_records(
    before: FeedbackRecord | None, after: FeedbackRecord
) -> dict[str, tuple[object, object]]:
    """Changed fields between two versions of a record, plus its id for the audit lookup."""
    changes: dict[str, tuple[object, object]] = {}
    for name in _COMPARED:
        old = getattr(before, name) if before is not None else None
        new = getattr(after, name)
        if old != new and not (before is None and new in (None, "")):
            changes[name] = (old, new)
    changes["feedback_id"] = (after.id, after.id)
    return changes


def _refuse(record: FeedbackRecord, problems: list[RecordProblem]) -> ValidationError:
    what = record.number or _("new feedback record")
    lines = [
        _("{record}, field {field}: {message}").format(
            record=what, field=p.field, message=p.message
        )
        for p in problems
    ]
    return ValidationError(
        _("Nothing was saved:") + "\n" + "\n".join(lines), [str(p) for p in problems]
    )


def unknown_year_warning(years: list[int]) -> str:
    """The warning for years whose holidays are not known."""
    return _(
        "Holidays of {years} are not known: working days were counted as Monday to Friday. "
        "Enter that year's holidays and make-up working days (published by the State Council "
        "each autumn) under Feedback > Holidays or with `feedback holiday`."
    ).format(years=", ".join(str(y) for y in years))


class FeedbackService:
    """Use cases of the feedback register."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = ctx.repo
        self.store = FeedbackStore(ctx.repo)

    # ----- organizations, settings, working days --------------------------------------------
    def org(self, name: str) -> Organization:
        """The organization named ``name`` (NotFoundError otherwise)."""
        org = self.repo.get_organization_by_name(name)
        if org is None:
            raise NotFoundError(_("No organization named {name}").format(name=name))
        return org

    def settings(self, org_id: int) -> FeedbackSettings:
        """Working days to reply, box schedule, 回音壁 switch and retention of an organization."""
        return self.store.settings(org_id)

    def save_settings(self, settings: FeedbackSettings) -> None:
        """Change an organization's feedback settings (audited)."""
        problems = []
        if not 1 <= settings.due_working_days <= 60:
            problems.append(_("Working days to reply must be between 1 and 60."))
        if not 0 <= settings.box_interval_days <= 366:
            problems.append(_("Days between box openings must be between 0 and 366."))
        if settings.retention not in {r.value for r in Retention}:
            problems.append(_("Unknown retention period {value}.").format(value=settings.retention))
        if problems:
            raise ValidationError(_("Nothing was saved:") + "\n" + "\n".join(problems), problems)
        before = self.store.settings(settings.organization_id)
        changes = {
            f.name: (getattr(before, f.name), getattr(settings, f.name))
            for f in fields(FeedbackSettings)
            if getattr(before, f.name) != getattr(settings, f.name)
        }
        if not changes:
            return
        with self.repo.transaction():
            self.store.save_settings(settings)
            self.ctx.audit(
                "feedback.settings", organization_id=settings.organization_id, changes=changes
            )

    def workdays(self) -> WorkdayCalendar:
        """The working-day calendar with this database's holiday entries."""
        return WorkdayCalendar(self.store.calendar_days())

    def holiday_entries(self, year: int | None = None) -> list[tuple[date, DayKind]]:
        """The holidays and make-up working days entered in this database."""
        days = self.store.calendar_days()
        return sorted((d, k) for d, k in days.items() if year is None or d.year == year)

    def set_holiday(self, day: date, kind: DayKind | None, note: str = "") -> None:
        """Enter a holiday or make-up working day (``kind`` None removes the entry)."""
        before = self.store.calendar_days().get(day)
        with self.repo.transaction():
            self.store.set_calendar_day(day, kind, note)
            self.ctx.audit(
                "feedback.holiday",
                changes={
                    str(day): (before.value if before else None, kind.value if kind else None)
                },
            )

    def due_date(self, org_id: int, received: date) -> tuple[date, list[str]]:
        """The reply due date (N working days after receipt) and any warnings."""
        days = self.settings(org_id).due_working_days
        due, unknown = self.workdays().add_working_days(received, days)
        return due, [unknown_year_warning(unknown)] if unknown else []

    # ----- records ----------------------------------------------------------------------------
    def get(self, record_id: int) -> FeedbackRecord:
        record = self.store.get(record_id)
        if record is None:
            raise NotFoundError(_("No feedback record {id}").format(id=record_id))
        return record

    def conflict(self, mine: FeedbackRecord) -> EditConflict:
        """Both versions of a record whose save was refused (see services.conflicts)."""
        theirs = self.store.get(mine.id)  # type: ignore[arg-type]
        history = feedback_audit(self.repo, mine.id, mine.organization_id)  # type: ignore[arg-type]

        def differences(a: FeedbackRecord, b: FeedbackRecord) -> dict[str, tuple[object, object]]:
            changes = {k: v for k, v in diff_records(a, b).items() if k != "feedback_id"}
            if "opening_id" in changes:  # the box opening by its date, as the form shows it
                opened: dict[object, date] = {
                    o.id: o.opened for o in self.store.openings(mine.organization_id)
                }
                theirs_id, mine_id = changes["opening_id"]
                changes["opening_id"] = (opened.get(theirs_id), opened.get(mine_id))
            return changes

        return build_conflict(
            "feedback", mine.number or mine.content[:20], mine, theirs, differences, history
        )

    def find(self, org_id: int, number: str) -> FeedbackRecord:
        """The record with register number ``number`` of an organization."""
        record = self.store.find(org_id, number)
        if record is None:
            raise NotFoundError(_("No feedback record numbered {number}").format(number=number))
        return record

    def records(self, flt: FeedbackQuery) -> list[FeedbackRecord]:
        """Records matching the filters, newest first."""
        return self.store.query(flt)

    def for_item(self, org_id: int, item_number: str) -> list[FeedbackRecord]:
        """The records about one disclosure item (by 公开编号)."""
        if not item_number:
            return []
        return self.store.query(FeedbackQuery(organization_id=org_id, item_number=item_number))

    def item_id_for(self, org_id: int, item_number: str) -> int | None:
        """The id of the disclosure item numbered ``item_number`` (None when there is none)."""
        item = self.repo.find_item_by_number(org_id, item_number) if item_number else None
        return item.id if item is not None else None

    def history(self, record: FeedbackRecord) -> list:
        """Audit entries of a record, oldest first."""
        return feedback_audit(self.repo, stored_id(record.id), record.organization_id)

    def _checks(self, record: FeedbackRecord, *, new: bool) -> list[RecordProblem]:
        problems = check_record(record, today=self.ctx.today(), new=new)
        if (
            record.item_number
            and self.item_id_for(record.organization_id, record.item_number) is None
        ):
            problems.append(
                RecordProblem(
                    "item_number",
                    _("No disclosure item numbered {number} in this organization.").format(
                        number=record.item_number
                    ),
                )
            )
        if record.opening_id is not None:
            opening = self.store.get_opening(record.opening_id)
            if opening is None or opening.organization_id != record.organization_id:
                problems.append(
                    RecordProblem("opening", _("No such box opening in this organization."))
                )
            elif record.received < opening.opened:
                problems.append(
                    RecordProblem(
                        "received",
                        _(
                            "A letter from the box opened on {date} cannot be received earlier."
                        ).format(date=opening.opened),
                    )
                )
        return problems

    def add(self, record: FeedbackRecord) -> Saved:
        """Register a new opinion: number, due date (unless given), status 已登记."""
        self.repo.get_organization(record.organization_id)
        if record.id is not None:
            raise ValidationError(_("This record is already registered."))
        warnings: list[str] = []
        record.status = FeedbackStatus.REGISTERED
        for name in ("reply_text", "reply_by", "public_summary"):
            setattr(record, name, "")
        record.reply_date = record.reply_method = record.response = None
        record.closed_date = record.post_from = None
        if record.due is None:
            record.due, warnings = self.due_date(record.organization_id, record.received)
            new_due = False
        else:
            new_due = True
        problems = self._checks(record, new=new_due)
        if problems:
            raise _refuse(record, problems)
        with self.repo.transaction():
            year = record.received.year
            record.number = self.store.take_number(
                record.organization_id, year, f"{NUMBER_PREFIX}-{year}-"
            )
            self.store.save(record, now=self.ctx.now())
            self.ctx.audit(
                "feedback.add",
                organization_id=record.organization_id,
                changes=diff_records(None, record),
            )
        return Saved(record, warnings)

    def update(self, record: FeedbackRecord) -> Saved:
        """Save edits of the registration fields (status and reply change through steps)."""
        before = self.get(stored_id(record.id))
        if record.version != before.version:  # read before someone else saved it
            raise EditConflictError(self.conflict(record))
        for name in ("status", "number", "organization_id"):
            setattr(record, name, getattr(before, name))
        if record.status is FeedbackStatus.CLOSED:
            raise ValidationError(
                _("{number} is closed and can no longer be changed.").format(number=before.number)
            )
        problems = self._checks(record, new=record.due != before.due)
        if problems:
            raise _refuse(record, problems)
        return Saved(self._write(before, record, "feedback.update"))

    def _write(self, before: FeedbackRecord, after: FeedbackRecord, action: str) -> FeedbackRecord:
        changes = diff_records(before, after)
        if len(changes) == 1:
            return before
        with refusing_stale(lambda: self.conflict(after)), self.repo.transaction():
            self.store.save(after, now=self.ctx.now())
            self.ctx.audit(action, organization_id=after.organization_id, changes=changes)
        return after

    def _step(
        self, record_id: int, expected: tuple[FeedbackStatus, ...], action: str, **updates: object
    ) -> FeedbackRecord:
        before = self.get(record_id)
        if before.status not in expected:
            raise ValidationError(
                _("{number} is {status}; this step is not possible now.").format(
                    number=before.number, status=label(before.status)
                )
            )
        after = copy.deepcopy(before)
        for key, value in updates.items():
            setattr(after, key, value)
        problems = self._checks(after, new=False)
        if problems:
            raise _refuse(after, problems)
        return self._write(before, after, action)

    def start(self, record_id: int, *, handler: str) -> FeedbackRecord:
        """已登记 → 办理中, naming the 承办人."""
        if not handler.strip():
            raise ValidationError(_("Name the person handling it (承办人)."))
        return self._step(
            record_id,
            (FeedbackStatus.REGISTERED,),
            "feedback.start",
            handler=handler.strip(),
            status=FeedbackStatus.IN_PROGRESS,
        )

    def reply(
        self,
        record_id: int,
        *,
        text: str,
        on: date,
        by: str,
        method: ReplyMethod,
        public_summary: str = "",
        post_from: date | None = None,
    ) -> FeedbackRecord:
        """Record the reply (→ 已答复); ``post_from`` puts it on the 回音壁 from that date."""
        if not by.strip():
            raise ValidationError(_("Name who replied."))
        if on > self.ctx.today():
            raise ValidationError(_("The reply date {date} is in the future.").format(date=on))
        before = self.get(record_id)
        if before.status not in (FeedbackStatus.REGISTERED, FeedbackStatus.IN_PROGRESS):
            raise ValidationError(
                _("{number} is {status}; this step is not possible now.").format(
                    number=before.number, status=label(before.status)
                )
            )
        # 已登记 → 办理中 is recorded too, with the replier as handler when none was named.
        handling = copy.deepcopy(before)
        handling.status = FeedbackStatus.IN_PROGRESS
        handling.handler = before.handler or by.strip()
        after = copy.deepcopy(handling)
        after.reply_text = text
        after.reply_date = on
        after.reply_by = by.strip()
        after.reply_method = method
        after.public_summary = public_summary.strip() or before.public_summary
        after.post_from = post_from
        after.status = FeedbackStatus.REPLIED
        problems = self._checks(after, new=False)
        if problems:
            raise _refuse(after, problems)
        with self.repo.transaction():
            if before.status is FeedbackStatus.REGISTERED:
                self._write(before, handling, "feedback.start")
                after.version = handling.version  # the reply follows the start just saved
            return self._write(handling, after, "feedback.reply")

    def post(self, record_id: int, *, summary: str, on: date | None) -> FeedbackRecord:
        """Put a reply on the 回音壁 from ``on`` with a public summary (None: take it off)."""
        return self._step(
            record_id,
            (FeedbackStatus.REPLIED, FeedbackStatus.CLOSED),
            "feedback.post",
            public_summary=summary.strip(),
            post_from=on,
        )

    def close(self, record_id: int, *, on: date, response: Satisfaction | None) -> FeedbackRecord:
        """已答复 → 已办结 with the submitter's response (None when not obtained)."""
        if on > self.ctx.today():
            raise ValidationError(_("The closing date {date} is in the future.").format(date=on))
        return self._step(
            record_id,
            (FeedbackStatus.REPLIED,),
            "feedback.close",
            closed_date=on,
            response=response,
            status=FeedbackStatus.CLOSED,
        )

    def calendar(self, org: Organization, on: date) -> FeedbackCalendar:
        """Replies due within 3 days, overdue replies and the next box opening on ``on``."""
        open_records = self.store.open_records(stored_id(org.id))
        soon_limit = add_days(on, REPLY_SOON_DAYS)
        return FeedbackCalendar(
            due_soon=[r for r in open_records if r.due is not None and on <= r.due <= soon_limit],
            overdue=[r for r in open_records if r.due is not None and r.due < on],
            opening_due=self.next_opening_due(stored_id(org.id), on),
        )

    def posted_for_board(self, org: Organization, on: date) -> list[FeedbackRecord] | None:
        """Records posted on the 回音壁 that may be up on ``on`` (None: the 回音壁 is off)."""
        from board_app.services.feedback_board import posted_records

        return posted_records(self.repo, org, on)

    # ----- box openings -----------------------------------------------------------------------
    def add_opening(self, opening: BoxOpening) -> BoxOpening:
        """Record an opening of the 意见箱 (two openers, number of letters)."""
        self.repo.get_organization(opening.organization_id)
        problems = check_opening(opening, today=self.ctx.today())
        if problems:
            lines = [f"{p.field}: {p.message}" for p in problems]
            raise ValidationError(_("Nothing was saved:") + "\n" + "\n".join(lines), lines)
        opening.opener_one, opening.opener_two = (
            opening.opener_one.strip(),
            opening.opener_two.strip(),
        )
        with self.repo.transaction():
            self.store.add_opening(opening, now=self.ctx.now())
            self.ctx.audit(
                "feedback.opening",
                organization_id=opening.organization_id,
                changes={
                    "opened": (None, opening.opened),
                    "openers": (None, f"{opening.opener_one}、{opening.opener_two}"),
                    "letters": (None, opening.letters),
                },
            )
        return opening

    def openings(self, org_id: int, year: int | None = None) -> list[BoxOpening]:
        """Openings of an organization by date."""
        return self.store.openings(org_id, year)

    def letters_registered(self, opening_id: int) -> int:
        """How many letters of an opening were registered as records."""
        return self.store.letters_registered(opening_id)

    def next_opening_due(self, org_id: int, on: date) -> date | None:
        """When the box is next due to be opened (None: no schedule)."""
        interval = self.settings(org_id).box_interval_days
        if interval <= 0:
            return None
        done = [o for o in self.store.openings(org_id) if o.opened <= on]
        if not done:
            return on
        return add_days(max(o.opened for o in done), interval)
