"""Feedback records and box openings in the interchange format (optional top-level keys
``feedback`` and ``box_openings``; files without them stay valid). See
docs/interchange-format.md.

Identity as for items: a record by (organization, register number), an opening by
(organization, date, both openers). A match whose given fields are equal is skipped; one that
differs is a conflict naming the fields; the whole file is refused on any problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from board_app.domain.feedback import (
    RECORD_FIELDS,
    BoxOpening,
    Channel,
    FeedbackKind,
    FeedbackQuery,
    FeedbackRecord,
    FeedbackStatus,
    ReplyMethod,
    Satisfaction,
    check_opening,
    check_record,
)
from board_app.domain.items import Organization
from board_app.domain.workdays import WorkdayCalendar
from board_app.errors import ValidationError
from board_app.i18n import _
from board_app.services.context import Context
from board_app.storage.feedback_repository import FeedbackStore

TOP_KEYS = {"feedback", "box_openings"}
RECORD_KEYS = set(RECORD_FIELDS) | {"opening"}  # "opening": the box opening by date
OPENING_KEYS = {"opened", "openers", "letters", "note"}
_TEXTS = (
    "number",
    "content",
    "submitter",
    "contact",
    "item_number",
    "handler",
    "reply_text",
    "reply_by",
    "public_summary",
)
_DAYS = ("received", "due", "reply_date", "closed_date", "post_from")


@dataclass
class ParsedRecord:
    position: int
    record: FeedbackRecord
    given: set[str]
    opening: date | None


@dataclass
class ParsedFeedback:
    """What the file holds of feedback (empty lists when the keys are absent)."""

    records: list[ParsedRecord] = field(default_factory=list)
    openings: list[tuple[int, BoxOpening]] = field(default_factory=list)


class _Checker:
    def __init__(self, where: str, problems: list[str]) -> None:
        self.where, self.problems = where, problems

    def add(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where}, {key}: {message}")

    def text(self, raw: dict, key: str) -> str:
        value = raw.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(key, _("must be text"))
            return ""
        return value

    def day(self, raw: dict, key: str) -> date | None:
        value = raw.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(key, _("“{value}” is not a date (YYYY-MM-DD)").format(value=value))
        return None

    def choice(self, raw: dict, key: str, enum_type: Any, default: Any = None) -> Any:
        value = raw.get(key)
        if value is None:
            return default
        try:
            return enum_type(value)
        except ValueError:
            allowed = "|".join(e.value for e in enum_type)
            self.add(
                key, _("“{value}” is not one of {allowed}").format(value=value, allowed=allowed)
            )
            return default


def parse(data: dict, problems: list[str]) -> ParsedFeedback:
    """Read and check the ``feedback`` and ``box_openings`` keys of a file."""
    out = ParsedFeedback()
    openings = data.get("box_openings", [])
    if not isinstance(openings, list):
        problems.append(f"box_openings: {_('must be a list')}")
        openings = []
    for n, raw in enumerate(openings, start=1):
        c = _Checker(_("box opening {n}").format(n=n), problems)
        if not isinstance(raw, dict):
            c.add("-", _("must be an object"))
            continue
        for key in raw:
            if key not in OPENING_KEYS:
                c.add(key, _("unknown key"))
        openers = raw.get("openers")
        if not (
            isinstance(openers, list)
            and len(openers) == 2
            and all(isinstance(o, str) and o.strip() for o in openers)
        ):
            c.add("openers", _("must be a list of two names"))
            openers = ["", ""]
        letters = raw.get("letters", 0)
        if not isinstance(letters, int) or isinstance(letters, bool) or letters < 0:
            c.add("letters", _("must be a whole number of at least 0"))
            letters = 0
        opened = c.day(raw, "opened")
        if opened is None:
            c.add("opened", _("required"))
            continue
        opening = BoxOpening(
            0, opened, openers[0].strip(), openers[1].strip(), letters, c.text(raw, "note")
        )
        for problem in check_opening(opening, today=date.max):
            c.add(problem.field, problem.message)
        out.openings.append((n, opening))
    records = data.get("feedback", [])
    if not isinstance(records, list):
        problems.append(f"feedback: {_('must be a list')}")
        records = []
    for n, raw in enumerate(records, start=1):
        parsed = _parse_record(n, raw, problems)
        if parsed is not None:
            out.records.append(parsed)
    return out


def _parse_record(n: int, raw: Any, problems: list[str]) -> ParsedRecord | None:
    c = _Checker(_("feedback {n}").format(n=n), problems)
    if not isinstance(raw, dict):
        c.add("-", _("must be an object"))
        return None
    for key in raw:
        if key not in RECORD_KEYS:
            c.add(key, _("unknown key"))
    before = len(problems)
    # Any: the keys are the record's text fields (_TEXTS), unpacked into FeedbackRecord below.
    texts: dict[str, Any] = {key: c.text(raw, key) for key in _TEXTS}
    days = {key: c.day(raw, key) for key in _DAYS}
    for key in ("received", "channel", "kind", "content"):
        if raw.get(key) in (None, ""):
            c.add(key, _("required"))
    record = FeedbackRecord(
        organization_id=0,
        received=days["received"] or date.min,
        channel=c.choice(raw, "channel", Channel, Channel.BOX),
        kind=c.choice(raw, "kind", FeedbackKind, FeedbackKind.QUESTION),
        status=c.choice(raw, "status", FeedbackStatus, FeedbackStatus.REGISTERED),
        reply_method=c.choice(raw, "reply_method", ReplyMethod),
        response=c.choice(raw, "response", Satisfaction),
        due=days["due"],
        reply_date=days["reply_date"],
        closed_date=days["closed_date"],
        post_from=days["post_from"],
        **texts,
    )
    opening = c.day(raw, "opening")
    if len(problems) > before:
        return None
    for p in check_record(record, today=date.max, new=False):
        c.add(p.field, p.message)
    replied = record.status in (FeedbackStatus.REPLIED, FeedbackStatus.CLOSED)
    if replied and (record.reply_date is None or record.reply_method is None):
        c.add("reply_date", _("a replied or closed record needs reply_date and reply_method"))
    if not replied and (record.reply_date or record.reply_text.strip()):
        c.add("status", _("a record with a reply must be replied or closed"))
    if record.status is FeedbackStatus.CLOSED and record.closed_date is None:
        c.add("closed_date", _("required for a closed record"))
    return ParsedRecord(n, record, set(raw), opening)


_COMPARED = [
    f.name
    for f in fields(FeedbackRecord)
    if f.name not in ("id", "organization_id", "opening_id", "version")
]


def plan(
    ctx: Context,
    parsed: ParsedFeedback,
    org: Organization | None,
    item_numbers: set[str],
    problems: list[str],
) -> tuple[list[ParsedRecord], list[BoxOpening], int]:
    """New records and openings to write, and how many were already present."""
    store = FeedbackStore(ctx.repo)
    org_id = org.id if org is not None else None
    present = 0
    have_openings = store.openings(org_id) if org_id is not None else []
    new_openings: list[BoxOpening] = []
    seen: set[tuple] = set()
    for n, o in parsed.openings:
        if o.opened > ctx.today():
            problems.append(
                _("box opening {n}").format(n=n)
                + ", opened: "
                + _("{date} is in the future.").format(date=o.opened)
            )
        key = (o.opened, o.opener_one, o.opener_two)
        if key in seen:
            problems.append(_("box opening {n}: listed twice").format(n=n))
            continue
        seen.add(key)
        match = next(
            (h for h in have_openings if (h.opened, h.opener_one, h.opener_two) == key), None
        )
        if match is None:
            new_openings.append(o)
        elif match.letters != o.letters:
            problems.append(
                _("box opening {n}: differs from the database in {fields}").format(
                    n=n, fields="letters"
                )
            )
        else:
            present += 1
    opening_days = {o.opened for o in have_openings} | {o.opened for _n, o in parsed.openings}
    new_records: list[ParsedRecord] = []
    numbers: set[str] = set()
    for p in parsed.records:
        r = p.record
        where = _("feedback {n}").format(n=p.position)
        for name in ("received", "reply_date", "closed_date"):
            day = getattr(r, name)
            if day is not None and day > ctx.today():
                problems.append(
                    f"{where}, {name}: " + _("{date} is in the future.").format(date=day)
                )
        if (
            r.item_number
            and r.item_number not in item_numbers
            and not (org_id is not None and ctx.repo.find_item_by_number(org_id, r.item_number))
        ):
            problems.append(
                f"{where}, item_number: "
                + _("No disclosure item numbered {number} in this organization.").format(
                    number=r.item_number
                )
            )
        if p.opening is not None and p.opening not in opening_days:
            problems.append(
                f"{where}, opening: " + _("no box opening on {date}").format(date=p.opening)
            )
        if r.number:
            if r.number in numbers:
                problems.append(f"{where}, number: " + _("listed twice"))
                continue
            numbers.add(r.number)
            existing = store.find(org_id, r.number) if org_id is not None else None
            if existing is not None:
                differs = [
                    k for k in _COMPARED if k in p.given and getattr(existing, k) != getattr(r, k)
                ]
                if differs:
                    problems.append(
                        f"{where}: "
                        + _("{number} differs from the database in {fields}").format(
                            number=r.number, fields=", ".join(differs)
                        )
                    )
                else:
                    present += 1
                continue
        new_records.append(p)
    return new_records, new_openings, present


def notes(records: list[ParsedRecord], openings: list[BoxOpening], present: int) -> list[str]:
    """The import report's line about feedback (none when the file has none)."""
    if not (records or openings or present):
        return []
    return [
        _(
            "Feedback: {records} record(s) and {openings} box opening(s) added, "
            "{present} already present."
        ).format(records=len(records), openings=len(openings), present=present)
    ]


def write(
    ctx: Context,
    org_id: int,
    records: list[ParsedRecord],
    openings: list[BoxOpening],
) -> tuple[int, int]:
    """Write planned records and openings (inside the caller's transaction)."""
    store = FeedbackStore(ctx.repo)
    days = WorkdayCalendar(store.calendar_days())
    working = store.settings(org_id).due_working_days
    for o in openings:
        o.organization_id = org_id
        store.add_opening(o, now=ctx.now())
        ctx.audit(
            "feedback.opening",
            organization_id=org_id,
            changes={"opened": (None, o.opened), "imported": (None, True)},
        )
    by_day: dict[date, list[BoxOpening]] = {}
    for o in store.openings(org_id):
        by_day.setdefault(o.opened, []).append(o)
    from board_app.services.feedback import NUMBER_PREFIX, diff_records

    kept = {p.record.number for p in records if p.record.number}
    for year, seq in sorted(filter(None, (_register_number(n) for n in kept))):
        # in year order, as every import locks counters: the counter moves past kept numbers
        store.keep_number(org_id, year, f"{NUMBER_PREFIX}-{year}-", seq)
    for p in sorted(records, key=lambda p: (p.record.received, p.position)):
        r = p.record
        r.organization_id = org_id
        if r.due is None:
            r.due, _unknown = days.add_working_days(r.received, working)
        if p.opening is not None:
            r.opening_id = by_day[p.opening][0].id
        if not r.number:  # from the counter registering uses (locked until the import ends)
            year = r.received.year
            r.number = store.take_number(org_id, year, f"{NUMBER_PREFIX}-{year}-", kept)
        elif store.find(org_id, r.number) is not None:  # registered since the file was checked
            raise ValidationError(
                _(
                    "feedback {n}: the number {number} was given to another record while the "
                    "file was being checked; nothing was imported. Import it again to see the "
                    "conflict."
                ).format(n=p.position, number=r.number)
            )
        store.save(r, now=ctx.now())
        ctx.audit("feedback.import", organization_id=org_id, changes=diff_records(None, r))
    return len(records), len(openings)


def _register_number(number: str) -> tuple[int, int] | None:
    """(year, sequence) of a register number in the counter's form (YJ-2026-004), else None."""
    from board_app.services.feedback import NUMBER_PREFIX

    match = re.fullmatch(rf"{NUMBER_PREFIX}-([1-9][0-9]{{3}})-([0-9]{{1,6}})", number)
    return (int(match[1]), int(match[2])) if match else None


def export(ctx: Context, org: Organization, year: int | None) -> dict[str, list]:
    """The ``feedback`` and ``box_openings`` keys of an export (absent when empty)."""
    store = FeedbackStore(ctx.repo)
    records = store.query(FeedbackQuery(organization_id=org.id, year=year))
    openings = store.openings(org.id, year)
    opened_on = {o.id: o.opened for o in store.openings(org.id)}
    out: dict[str, list] = {}
    if openings:
        out["box_openings"] = [
            {
                "opened": o.opened.isoformat(),
                "openers": [o.opener_one, o.opener_two],
                "letters": o.letters,
                "note": o.note,
            }
            for o in openings
        ]
    if records:
        rows = []
        for r in sorted(records, key=lambda r: r.number):
            row: dict[str, Any] = {}
            for key in _TEXTS:
                if getattr(r, key):
                    row[key] = getattr(r, key)
            for key in _DAYS:
                if getattr(r, key) is not None:
                    row[key] = getattr(r, key).isoformat()
            for key in ("channel", "kind", "status", "reply_method", "response"):
                if getattr(r, key) is not None:
                    row[key] = getattr(r, key).value
            if r.opening_id in opened_on:
                row["opening"] = opened_on[r.opening_id].isoformat()
            rows.append(row)
        out["feedback"] = rows
    return out


def before_items(
    document: dict[str, object], ctx: Context, org: Organization, year: int | None
) -> dict[str, object]:
    """``document`` with the feedback keys of an export inserted before ``items`` (the
    streaming export writes the items last)."""
    extra = export(ctx, org, year)
    if not extra:
        return document
    out = {k: v for k, v in document.items() if k != "items"}
    out.update(extra)
    out["items"] = document.get("items", [])
    return out
