"""意见登记 (feedback records), 意见箱开箱 (box openings) and their rules.

Plain dataclasses and enums. Status runs 已登记 → 办理中 → 已答复 → 已办结; a reply may be
given straight from 已登记 (the record passes through 办理中 in the audit log). The submitter's
name and contact are personal data: they never reach a board (see ``public_reply_texts``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date

from board_app.domain.dates import add_days
from board_app.i18n import N_, _

DEFAULT_DUE_WORKING_DAYS = 7
DEFAULT_BOX_INTERVAL_DAYS = 0  # no schedule until the organization sets one (e.g. 7)
SUBMITTER_PLACEHOLDER = N_("[name withheld]")
#: Key of the 回音壁 section in a board's sections (after the three publication types).
FEEDBACK_SECTION = "feedback"


class Channel(str, enum.Enum):
    """How an opinion came in (来源渠道)."""

    BOX = "box"
    HOTLINE = "hotline"
    LETTER = "letter"
    VISIT = "visit"
    IN_PERSON = "in_person"
    ONLINE = "online"
    MEETING = "meeting"


class FeedbackKind(str, enum.Enum):
    """What the opinion is (类别)."""

    QUESTION = "question"
    OPINION = "opinion"
    SUGGESTION = "suggestion"
    COMPLAINT = "complaint"
    REPORT = "report"


class FeedbackStatus(str, enum.Enum):
    """Where a record stands; declaration order is the order of the steps."""

    REGISTERED = "registered"
    IN_PROGRESS = "in_progress"
    REPLIED = "replied"
    CLOSED = "closed"


class ReplyMethod(str, enum.Enum):
    """How the submitter was told (答复方式)."""

    PHONE = "phone"
    WRITTEN = "written"
    IN_PERSON = "in_person"
    PUBLIC = "public"


class Satisfaction(str, enum.Enum):
    """The submitter's response to the reply (评价)."""

    SATISFIED = "satisfied"
    MOSTLY = "mostly"
    DISSATISFIED = "dissatisfied"


_LABELS: dict[enum.Enum, str] = {
    Channel.BOX: N_("Suggestion box"),
    Channel.HOTLINE: N_("Supervision hotline"),
    Channel.LETTER: N_("Letter"),
    Channel.VISIT: N_("Visit"),
    Channel.IN_PERSON: N_("Face to face"),
    Channel.ONLINE: N_("Online"),
    Channel.MEETING: N_("Meeting"),
    FeedbackKind.QUESTION: N_("Question"),
    FeedbackKind.OPINION: N_("Comment"),
    FeedbackKind.SUGGESTION: N_("Suggestion"),
    FeedbackKind.COMPLAINT: N_("Complaint"),
    FeedbackKind.REPORT: N_("Report of wrongdoing"),
    FeedbackStatus.REGISTERED: N_("Registered"),
    FeedbackStatus.IN_PROGRESS: N_("Being handled"),
    FeedbackStatus.REPLIED: N_("Replied"),
    FeedbackStatus.CLOSED: N_("Closed"),
    ReplyMethod.PHONE: N_("By phone"),
    ReplyMethod.WRITTEN: N_("In writing"),
    ReplyMethod.IN_PERSON: N_("In person"),
    ReplyMethod.PUBLIC: N_("Public reply"),
    Satisfaction.SATISFIED: N_("Satisfied"),
    Satisfaction.MOSTLY: N_("Mostly satisfied"),
    Satisfaction.DISSATISFIED: N_("Dissatisfied"),
}


_ACTION_LABELS = {
    "feedback.add": N_("Registered"),
    "feedback.update": N_("Edited"),
    "feedback.start": N_("Handling started"),
    "feedback.reply": N_("Replied"),
    "feedback.post": N_("Board posting changed"),
    "feedback.close": N_("Closed"),
}
_FIELD_LABELS = {
    "received": N_("Received"),
    "channel": N_("Channel"),
    "kind": N_("Kind"),
    "content": N_("Content"),
    "submitter": N_("Submitter"),
    "contact": N_("Contact"),
    "item_number": N_("Disclosure no."),
    "handler": N_("Handler"),
    "due": N_("Due"),
    "status": N_("Status"),
    "reply_text": N_("Reply"),
    "reply_date": N_("Reply date"),
    "reply_by": N_("Replied by"),
    "reply_method": N_("How told"),
    "response": N_("Response"),
    "closed_date": N_("Closing date"),
    "public_summary": N_("Public summary"),
    "post_from": N_("On the board from"),
    "opening_id": N_("Box opening"),
    "number": N_("Number"),
    "organization_id": N_("Organization"),
}


def action_label(action: str) -> str:
    """Translated name of an audited step (``feedback.reply`` → 已答复)."""
    return _(_ACTION_LABELS[action]) if action in _ACTION_LABELS else action


def field_label(name: str) -> str:
    """Translated name of a record field in the audit log."""
    return _(_FIELD_LABELS[name]) if name in _FIELD_LABELS else name


def label(value: enum.Enum) -> str:
    """Translated label of a feedback enum value."""
    return _(_LABELS[value])


@dataclass
class FeedbackRecord:
    """One opinion registered (意见登记) with its handling and reply."""

    organization_id: int
    received: date
    channel: Channel
    kind: FeedbackKind
    content: str
    submitter: str = ""  # empty: anonymous
    contact: str = ""
    item_number: str = ""  # related 公开编号
    handler: str = ""
    due: date | None = None
    status: FeedbackStatus = FeedbackStatus.REGISTERED
    reply_text: str = ""
    reply_date: date | None = None
    reply_by: str = ""
    reply_method: ReplyMethod | None = None
    response: Satisfaction | None = None
    closed_date: date | None = None
    public_summary: str = ""  # the question as it may be shown on the 回音壁
    post_from: date | None = None  # on the 回音壁 from this date (None: not posted)
    opening_id: int | None = None  # the box opening the letter came from
    number: str = ""  # register number, e.g. "YJ-2026-003"
    id: int | None = None
    #: The stored version this copy was read at (0: never stored); each save raises it by one.
    version: int = 0

    @property
    def anonymous(self) -> bool:
        """True when no submitter name was given."""
        return not self.submitter.strip()


#: The record's own data (not its database ids): what storage writes and interchange carries.
RECORD_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in fields(FeedbackRecord)
    if f.name not in ("id", "organization_id", "opening_id", "version")
)


@dataclass
class FeedbackQuery:
    """Filters of the feedback list (all optional)."""

    organization_id: int | None = None
    year: int | None = None
    status: FeedbackStatus | None = None
    channel: Channel | None = None
    kind: FeedbackKind | None = None
    item_number: str | None = None
    opening_id: int | None = None
    text: str = ""


@dataclass
class BoxOpening:
    """One opening of the 意见箱 by two people."""

    organization_id: int
    opened: date
    opener_one: str
    opener_two: str
    letters: int
    note: str = ""
    id: int | None = None


@dataclass
class FeedbackSettings:
    """Per-organization settings of the feedback register."""

    organization_id: int
    due_working_days: int = DEFAULT_DUE_WORKING_DAYS
    box_interval_days: int = DEFAULT_BOX_INTERVAL_DAYS  # 0: no schedule
    board_enabled: bool = False  # the 回音壁 section on boards
    retention: str = "10年"


@dataclass
class RecordProblem:
    """A problem with a record: the field and a message."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


#: Longest texts accepted (a letter of several pages fits; a 回音壁 summary is short).
TEXT_LIMITS = {
    "content": 20_000,
    "reply_text": 20_000,
    "public_summary": 200,
    "submitter": 100,
    "contact": 200,
    "handler": 100,
    "reply_by": 100,
    "item_number": 100,
}


def text_problems(record: FeedbackRecord) -> list[RecordProblem]:
    """Texts that are too long or hold control characters (tab and line breaks allowed)."""
    problems: list[RecordProblem] = []
    for name, limit in TEXT_LIMITS.items():
        value = getattr(record, name) or ""
        if len(value) > limit:
            problems.append(
                RecordProblem(
                    name,
                    _("{count} characters; at most {limit} are allowed.").format(
                        count=len(value), limit=limit
                    ),
                )
            )
        bad = next(
            (ch for ch in value if (ord(ch) < 0x20 and ch not in "\t\n\r") or ord(ch) == 0x7F),
            None,
        )
        if bad is not None:
            problems.append(
                RecordProblem(
                    name,
                    _("contains the control character U+{code:04X}").format(code=ord(bad)),
                )
            )
    return problems


def check_record(record: FeedbackRecord, *, today: date, new: bool) -> list[RecordProblem]:
    """Every problem that blocks saving ``record`` (``new``: entered just now)."""
    problems: list[RecordProblem] = text_problems(record)
    if not record.content.strip():
        problems.append(RecordProblem("content", _("The content is empty.")))
    if record.received > today:
        problems.append(
            RecordProblem(
                "received",
                _("The received date {date} is in the future.").format(date=record.received),
            )
        )
    if record.due is not None:
        if record.due < record.received:
            problems.append(
                RecordProblem(
                    "due",
                    _("The due date {due} is before the received date {received}.").format(
                        due=record.due, received=record.received
                    ),
                )
            )
        elif new and record.due < today:
            problems.append(
                RecordProblem(
                    "due", _("The due date {due} is already past.").format(due=record.due)
                )
            )
    problems += check_reply(record)
    closed, replied = record.closed_date, record.reply_date
    if closed is not None and replied is not None and closed < replied:
        problems.append(
            RecordProblem(
                "closed_date",
                _("The closing date {closed} is before the reply date {reply}.").format(
                    closed=closed, reply=replied
                ),
            )
        )
    if record.post_from is not None:
        if not record.public_summary.strip():
            problems.append(
                RecordProblem(
                    "public_summary",
                    _("A reply posted on the board needs a short public summary of the question."),
                )
            )
        if record.reply_date is None or record.post_from < record.reply_date:
            problems.append(
                RecordProblem(
                    "post_from", _("A reply can go on the board only on or after its date.")
                )
            )
    return problems


def check_reply(record: FeedbackRecord) -> list[RecordProblem]:
    """Problems of the reply fields (a reply before receipt, an empty reply)."""
    problems: list[RecordProblem] = []
    if record.reply_date is None:
        return problems
    if record.reply_date < record.received:
        problems.append(
            RecordProblem(
                "reply_date",
                _("The reply date {reply} is before the received date {received}.").format(
                    reply=record.reply_date, received=record.received
                ),
            )
        )
    if not record.reply_text.strip():
        problems.append(RecordProblem("reply_text", _("The reply text is empty.")))
    return problems


def check_opening(opening: BoxOpening, *, today: date) -> list[RecordProblem]:
    """Every problem that blocks saving a box opening."""
    problems: list[RecordProblem] = []
    one, two = opening.opener_one.strip(), opening.opener_two.strip()
    if not one or not two:
        problems.append(
            RecordProblem("openers", _("A box is opened by two people; give both names."))
        )
    elif one == two:
        problems.append(RecordProblem("openers", _("The two openers must be different people.")))
    if opening.letters < 0:
        problems.append(RecordProblem("letters", _("The number of letters cannot be negative.")))
    if opening.opened > today:
        problems.append(
            RecordProblem(
                "opened", _("The opening date {date} is in the future.").format(date=opening.opened)
            )
        )
    return problems


def is_open(record: FeedbackRecord) -> bool:
    """Not yet replied (registered or being handled)."""
    return record.status in (FeedbackStatus.REGISTERED, FeedbackStatus.IN_PROGRESS)


def is_overdue(record: FeedbackRecord, on: date) -> bool:
    """Still unanswered after its due date."""
    return is_open(record) and record.due is not None and record.due < on


def replied_on_time(record: FeedbackRecord) -> bool | None:
    """True/False for a replied record with a due date; None when it cannot be judged."""
    if record.reply_date is None or record.due is None:
        return None
    return record.reply_date <= record.due


def on_board(record: FeedbackRecord, on: date, display_days: int) -> bool:
    """Posted on the 回音壁 on ``on``: posted by then and within the display days."""
    if record.post_from is None or record.reply_date is None or not record.reply_text.strip():
        return False
    if record.status not in (FeedbackStatus.REPLIED, FeedbackStatus.CLOSED):
        return False
    last = add_days(record.post_from, max(0, display_days))
    return record.post_from <= on <= last


def scrub_submitter(text: str, record: FeedbackRecord) -> str:
    """``text`` with the submitter's name and contact replaced by a placeholder."""
    out = text
    for secret in sorted({record.submitter.strip(), record.contact.strip()}, key=len, reverse=True):
        if len(secret) >= 2:
            out = out.replace(secret, _(SUBMITTER_PLACEHOLDER))
    return out


@dataclass
class PublicReply:
    """What the 回音壁 shows of one reply: every text already scrubbed and masked."""

    question: str
    answer: str
    reply_date: date
    post_from: date
    number: str = ""
    kind: FeedbackKind = FeedbackKind.QUESTION
    texts: list[str] = field(default_factory=list)


def public_reply(
    record: FeedbackRecord,
    mask: Callable[[str, tuple[str, ...]], str],
    allowed: tuple[str, ...] = (),
) -> PublicReply:
    """The public form of a posted reply: no submitter, numbers masked.

    ``mask`` is ``masking.mask_text``-like: ``mask(text, allowed) -> str``.
    """
    assert record.reply_date is not None and record.post_from is not None

    def clean(text: str) -> str:
        return mask(scrub_submitter(text, record), allowed)

    question = clean(record.public_summary.strip())
    answer = clean(record.reply_text.strip())
    return PublicReply(
        question=question,
        answer=answer,
        reply_date=record.reply_date,
        post_from=record.post_from,
        number=record.number,
        kind=record.kind,
        texts=[question, answer],
    )
