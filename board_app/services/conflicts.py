"""Refusing a save over someone else's newer change ("此事项已被他人修改").

Every item, feedback record and matter carries the version it was read at. A save from an
older version than the stored one is refused with :class:`EditConflictError`: nothing is
written, and the error carries both versions — who saved the stored one and when (from the
audit log), and every field where the two differ (theirs and mine) — so the command line can
print them and the editor can show them side by side.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from board_app.domain import labels
from board_app.domain.feedback import field_label as feedback_field
from board_app.domain.feedback import label as feedback_label
from board_app.domain.ids import stored_id
from board_app.domain.items import AuditEntry, Domain, PublicationType, Retention, Scope, Status
from board_app.errors import UsageError
from board_app.i18n import N_, _
from board_app.storage.versions import StaleVersionError

if TYPE_CHECKING:
    from board_app.domain.items import Item
    from board_app.domain.matters import Matter, Step
    from board_app.storage.repository import Repository

#: What the refusal calls the record, per kind.
_HEADLINES = {
    "item": N_("This item has been changed by someone else."),
    "feedback": N_("This feedback record has been changed by someone else."),
    "matter": N_("This matter has been changed by someone else."),
}

_MATTER_FIELDS = {
    "kind": N_("Kind"),
    "proposer": N_("Proposer"),
    "description": N_("Description"),
    "budget": N_("Budget"),
}

#: Longest value quoted in the message (the dialog shows the full text).
_QUOTE_CHARS = 60


@dataclass
class FieldDifference:
    """One field whose stored value (theirs) differs from the one being saved (mine)."""

    name: str
    label: str
    theirs: str
    mine: str


@dataclass
class EditConflict:
    """Both versions of a record that two people changed."""

    kind: str  # "item", "feedback" or "matter"
    title: str
    mine_version: int
    theirs_version: int | None  # None: the record was deleted meanwhile
    changed_by: str = ""
    changed_at: datetime | None = None
    differences: list[FieldDifference] = field(default_factory=list)
    theirs: Any = None  # the stored record (None when deleted)
    mine: Any = None  # the copy that was refused


class EditConflictError(UsageError):
    """A save over a newer stored version was refused (exit code 2); nothing was written."""

    def __init__(self, conflict: EditConflict) -> None:
        super().__init__(conflict_message(conflict))
        self.conflict = conflict


def _text(value: object) -> str:
    """A field value as users read it (enums by their label)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return "；".join(_text(v) for v in value) or "—"
    if isinstance(value, Status):
        return labels.status(value)
    if isinstance(value, PublicationType):
        return labels.publication_type(value)
    if isinstance(value, Retention):
        return labels.retention(value)
    if isinstance(value, (Scope, Domain)):
        return labels.scope(value) if isinstance(value, Scope) else labels.domain(value)
    shown = getattr(value, "label", None)  # e.g. a matter's meeting body or outcome
    if isinstance(value, enum.Enum) and isinstance(shown, str):
        return shown
    if isinstance(value, enum.Enum):
        try:
            return feedback_label(value)
        except KeyError:
            return str(value.value)
    return str(value)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"


def field_label(kind: str, name: str) -> str:
    """A field as users call it."""
    if kind == "feedback":
        return feedback_field(name)
    if kind == "matter" and name in _MATTER_FIELDS:
        return _(_MATTER_FIELDS[name])
    if kind == "matter":
        # imported here: commands that never meet a matter (a poster) need not load its rules
        from board_app.domain.matter_rules import FIELD_LABELS as MATTER_STEP_LABELS

        if name in MATTER_STEP_LABELS:  # a field of the meeting being recorded
            return _(MATTER_STEP_LABELS[name])
    return labels.item_field(name)


def headline(kind: str) -> str:
    """What the refusal calls the record ("此事项已被他人修改。" for an item)."""
    return _(_HEADLINES[kind])


def record_text(kind: str, record: Any) -> str:
    """A record's own text, shown side by side with the other version and copied for the clerk:
    an item's title and body, a feedback record's content, a matter's title and description."""
    if record is None:
        return ""
    if kind == "feedback":
        parts = [record.content]
    elif kind == "matter":
        parts = [record.title, record.description]
        step = record.open_step()  # the meeting being recorded: its summary is the clerk's text
        if step is not None and step.summary:
            parts.append(f"{step.kind.label}：{step.summary}")
    else:
        parts = [record.title, record.body]
    return "\n\n".join(part for part in parts if part).strip()


def conflict_message(conflict: EditConflict) -> str:
    """The refusal as the command line prints it (several lines)."""
    lines = [headline(conflict.kind)]
    if conflict.theirs_version is None:
        lines.append(
            _("“{title}” was deleted by someone else; nothing was saved.").format(
                title=conflict.title
            )
        )
        return "\n".join(lines)
    when = (
        conflict.changed_at.astimezone().strftime("%Y-%m-%d %H:%M") if conflict.changed_at else "?"
    )
    lines.append(
        _(
            "“{title}”: you edited version {mine}; version {theirs} was saved meanwhile by "
            "{who} at {when}. Nothing was saved."
        ).format(
            title=conflict.title,
            mine=conflict.mine_version,
            theirs=conflict.theirs_version,
            who=conflict.changed_by or "?",
            when=when,
        )
    )
    if conflict.differences:
        lines.append(_("Where the two versions differ (theirs / yours):"))
        lines.extend(
            "  "
            + _("{field}: theirs “{theirs}” / yours “{mine}”").format(
                field=d.label, theirs=_short(d.theirs), mine=_short(d.mine)
            )
            for d in conflict.differences
        )
    lines.append(_("Reload the stored version, then make your change again."))
    return "\n".join(lines)


def build_conflict(
    kind: str,
    title: str,
    mine: Any,
    theirs: Any,
    diff: Callable[[Any, Any], dict[str, tuple[object, object]]],
    history: list[AuditEntry],
) -> EditConflict:
    """The conflict between ``mine`` (refused) and ``theirs`` (stored; None if deleted)."""
    last = history[-1] if history else None
    differences = []
    if theirs is not None:
        for name, (their_value, my_value) in diff(theirs, mine).items():
            if name.endswith("_id") and name not in ("category_id", "opening_id"):
                continue
            differences.append(
                FieldDifference(name, field_label(kind, name), _text(their_value), _text(my_value))
            )
    return EditConflict(
        kind=kind,
        title=title,
        mine_version=mine.version,
        theirs_version=theirs.version if theirs is not None else None,
        changed_by=last.operator if last else "",
        changed_at=last.at if last else None,
        differences=differences,
        theirs=theirs,
        mine=mine,
    )


@contextmanager
def refusing_stale(make_conflict: Callable[[], EditConflict]) -> Iterator[None]:
    """Turn the storage's compare-and-set failure into EditConflictError.

    Put it OUTSIDE the transaction: the transaction is rolled back first, then the stored
    version is read for the message.
    """
    try:
        yield
    except StaleVersionError as exc:
        raise EditConflictError(make_conflict()) from exc


def item_conflict(repo: Repository, mine: Item) -> EditConflict:
    """Both versions of an item: the stored one, who saved it when (the item's audit trail),
    and the fields where it differs from ``mine`` (categories by name)."""
    from board_app.errors import NotFoundError
    from board_app.services.items import diff_items

    record_id = stored_id(mine.id)
    try:
        theirs: Item | None = repo.get_item(record_id)
    except NotFoundError:
        theirs = None

    def category_name(cat_id: object) -> object:
        try:
            return repo.get_category(cat_id).name if isinstance(cat_id, int) else cat_id
        except NotFoundError:
            return cat_id

    def differences(a: Item, b: Item) -> dict[str, tuple[object, object]]:
        changes = diff_items(a, b)
        if "category_id" in changes:
            their_cat, my_cat = changes["category_id"]
            changes["category_id"] = (category_name(their_cat), category_name(my_cat))
        return changes

    history = repo.audit_for_item(record_id)
    return build_conflict("item", mine.title, mine, theirs, differences, history)


def _step_compared() -> tuple[str, ...]:
    """Fields of a meeting compared when a step was saved over a newer version of its matter:
    what the clerk records (not its kind, its checkbox of supervisors, closing or id)."""
    from board_app.domain.matters import Step  # here: a poster never meets a matter

    skipped = ("kind", "supervisors_attended", "closed", "id")
    return tuple(f.name for f in fields(Step) if f.name not in skipped)


def matter_conflict(
    repo: Repository, theirs: Matter | None, mine: Matter, step: Step | None = None
) -> EditConflict:
    """Both versions of a matter; who saved it is the newest matter entry of its
    organization's audit log (matter entries do not name the matter's id). ``step``: the
    meeting the clerk saved, compared with the stored one (absent when theirs has none)."""
    history = [
        entry
        for entry in repo.recent_audit(200)
        if entry.action.startswith("matter.") and entry.organization_id == mine.organization_id
    ][:1]

    def differences(a: Matter, b: Matter) -> dict[str, tuple[object, object]]:
        names = ("title", "kind", "proposer", "description", "budget")
        changed = {
            n: (getattr(a, n), getattr(b, n)) for n in names if getattr(a, n) != getattr(b, n)
        }
        if step is not None:
            index = _counterpart(a.steps, step)
            stored = a.steps[index] if index is not None else None
            for n in _step_compared():
                their_value = getattr(stored, n) if stored is not None else None
                if their_value != getattr(step, n):
                    changed[n] = (their_value, getattr(step, n))
        return changed

    return build_conflict("matter", mine.title, mine, theirs, differences, history)


def _counterpart(steps: list[Step], step: Step) -> int | None:
    """Where ``step`` is among a matter's stored ``steps``: the same meeting, or for a new one
    the open meeting of its kind someone else recorded meanwhile (None: no such meeting)."""
    for k, stored in enumerate(steps):
        if step.id is not None and stored.id == step.id:
            return k
        if step.id is None and not stored.closed and stored.kind is step.kind:
            return k
    return None


def matter_step_conflict(
    repo: Repository, theirs: Matter, step: Step, base_version: int
) -> EditConflict:
    """A meeting saved from version ``base_version`` of its matter, stored since at a newer
    one: theirs as stored, mine the same matter with the clerk's meeting in its place."""
    mine = copy.deepcopy(theirs)
    mine.version = base_version
    index = _counterpart(mine.steps, step)
    if index is None:
        mine.steps.append(step)
    else:
        mine.steps[index] = step
    return matter_conflict(repo, theirs, mine, step)
