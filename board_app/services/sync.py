"""Offline offices: ``push`` this office's records to the township's database.

A village without a connection works on its own SQLite file and sends its items (with ledger
rows and pictures), feedback register, box openings and 四议两公开 matters when it can. The
push is the JSON import (``services/interchange*.py``) fed with a document built in memory:
the same identity (公开编号, else title/type/period/publish date; feedback by register number;
openings by date and openers; matters by title) and the same checks and writing. Where the
import refuses a whole file on a differing record, a push lists it as a conflict (which record,
which field, theirs and ours), leaves both sides as they are and sends the rest. A difference
is never an update: published records are immutable on both sides. Pushing twice changes
nothing the second time; the whole push is one transaction on the target.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from board_app.domain import labels
from board_app.domain.feedback import field_label as feedback_field
from board_app.domain.items import (
    Cadence,
    Domain,
    Item,
    ItemImage,
    Organization,
    PublicationType,
    Scope,
    Status,
)
from board_app.domain.matter_rules import FIELD_LABELS as MATTER_FIELD_LABELS
from board_app.errors import UsageError, ValidationError
from board_app.i18n import N_, _
from board_app.paths import is_server_url
from board_app.services import feedback_interchange, interchange_matters
from board_app.services.interchange import InterchangeService, item_identity, item_record
from board_app.services.interchange_parse import (
    ITEM_KEYS,
    ParsedItem,
    normalise_number,
    parse_data,
    refusal,
)

if TYPE_CHECKING:
    from board_app.services.context import Services

Progress = Callable[[int, int], None]
_SHOWN = 80  # characters of a value shown in a conflict


@dataclass(frozen=True)
class Conflict:
    """One field of one record that differs between this office and the target."""

    organization: str
    kind: str  # translated: item, feedback record, box opening, matter
    record: str  # 公开编号 and title, register number, date …
    field: str  # the format's key, e.g. publish_date
    theirs: str  # the target's value (kept)
    ours: str  # this office's value (not sent)
    field_label: str = ""  # the key as users read it (发布日期)

    def __post_init__(self) -> None:
        if not self.field_label:
            object.__setattr__(self, "field_label", self.field)


@dataclass
class PushReport:
    """What a push sent, found already there, and left alone because it differs."""

    target: str
    sent: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    organizations_created: list[str] = field(default_factory=list)


@dataclass
class _Snapshot:
    """One local organization read before the target's transaction starts."""

    org: Organization
    items: list[Item]
    records: list[dict[str, Any]]
    feedback: dict[str, list[Any]]
    matters: dict[str, Any]


_ENUM_LABELS: dict[type, Callable[[Any], str]] = {
    Status: labels.status,
    PublicationType: labels.publication_type,
    Scope: labels.scope,
    Domain: labels.domain,
    Cadence: labels.cadence,
}
_OPENING_FIELDS = {
    "opened": N_("Opened on"),
    "openers": N_("Openers"),
    "letters": N_("Letters"),
    "note": N_("Note"),
}
_MATTER_FIELDS = {
    "steps": N_("Steps"),
    "resolution_item": N_("Resolution disclosure"),
    "result_item": N_("Result disclosure"),
    "kind": N_("Kind"),
}


def field_label(kind: str, name: str) -> str:
    """A field of an item, feedback record, box opening or matter as users read it."""
    if kind == "item":
        return labels.item_field(name)
    if kind == "feedback":
        return feedback_field(name)
    if kind == "opening":
        return _(_OPENING_FIELDS[name]) if name in _OPENING_FIELDS else name
    if name in _MATTER_FIELDS:
        return _(_MATTER_FIELDS[name])
    return _(MATTER_FIELD_LABELS[name]) if name in MATTER_FIELD_LABELS else name


def show(value: object) -> str:
    """A value of a conflict as one short line."""
    if value is None or value == "" or value == []:
        return "—"
    label = _ENUM_LABELS.get(type(value))
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    elif label is not None:
        text = label(value)
    else:
        text = str(getattr(value, "value", value))
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def is_server_address(text: str) -> bool:
    """Whether ``text`` names a PostgreSQL server (a libpq URI) rather than a database file."""
    return is_server_url(text)


def where(services: Services) -> str:
    """The database as shown to the user: its file, or its server address without password."""
    return services.location


def local_file(services: Services) -> Path | None:
    """The database file of ``services`` (None for a database on a server)."""
    return None if services.is_server else services.path


def open_other(
    spec: str, *, this: Path | None = None, operator: str | None = None, wait: float = 3.0
) -> Services:
    """Open the other side of a push or pull: a ``postgresql://`` address or an existing
    database file (never created: a mistyped name is refused, not made; never ``this``,
    the database already open)."""
    from board_app.services.context import open_services

    if is_server_address(spec):
        return open_services(spec, operator=operator, wait=wait)
    path = Path(spec).expanduser()
    if not path.is_file():
        raise UsageError(_("{path}: no such database file.").format(path=path))
    if this is not None and path.resolve() == Path(this).resolve():
        raise UsageError(_("The target is this database itself."))
    return open_services(path, operator=operator, wait=wait, create=False)


def chosen_organizations(services: Services, names: list[str] | None) -> list[Organization]:
    """The organizations of the local database to push or pull (all when ``names`` is empty)."""
    if not names:
        orgs = services.orgs.all()
        if not orgs:
            raise UsageError(_("The database has no organization yet."))
        return orgs
    return [services.orgs.by_name(name) for name in names]


def push(
    source: Services,
    target: Services,
    *,
    organizations: list[str] | None = None,
    target_label: str = "",
    progress: Progress | None = None,
) -> PushReport:
    """Send the chosen organizations of ``source`` to ``target`` (one transaction there)."""
    if where(source) == where(target):
        raise UsageError(_("The target is this database itself."))
    snapshots = [_snapshot(source, org) for org in chosen_organizations(source, organizations)]
    for attempt in range(1, RACE_ATTEMPTS + 1):
        report = PushReport(target=target_label or where(target))
        try:
            with target.repo.transaction():
                for n, snap in enumerate(snapshots, start=1):
                    _push_organization(snap, target, report)
                    if progress:  # inside the transaction: a cancel here rolls back everything
                        progress(n, len(snapshots))
            return report
        except Exception as exc:
            # Another clerk wrote the same number or organization on the server in the
            # meantime (the import's own check then finds it, or the unique index does):
            # nothing of ours was kept; the next attempt sees theirs and lists a conflict.
            # A refusal that is not a race is refused again the same way.
            racy = _raced(exc) or (target.is_server and isinstance(exc, ValidationError))
            if attempt == RACE_ATTEMPTS or not racy:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


RACE_ATTEMPTS = 3
_RACE_STATES = {"23505", "40001", "40P01"}  # unique violation, serialization failure, deadlock


def _raced(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is the server's word for a concurrent writer."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "sqlstate", None) in _RACE_STATES:
            return True
        current = current.__cause__ or current.__context__
    return False


def _snapshot(source: Services, org: Organization) -> _Snapshot:
    items = source.repo.list_items(org.id)  # type: ignore[arg-type]
    cats = {c.id: c.name for c in source.repo.list_categories(org.id)}  # type: ignore[arg-type]
    numbers = {k: _number(v) for k, v in source.repo.numbers_by_id(org.id).items()}  # type: ignore[arg-type]
    for item in items:  # as the import reads them: 2026-0007 is 2026-007 (in memory only)
        item.number = _number(item.number)
    feedback = feedback_interchange.export(source.ctx, org, None)
    for row in feedback.get("feedback", []):
        if row.get("item_number"):
            row["item_number"] = _number(row["item_number"])
    matters = interchange_matters.export(source.ctx, org.id)  # type: ignore[arg-type]
    for matter in matters.get("matters", []):
        for key in ("resolution_item", "result_item"):
            matter[key] = _number(matter.get(key))
    return _Snapshot(
        org=org,
        items=items,
        records=[item_record(item, cats, numbers) for item in items],
        feedback=feedback,
        matters=matters,
    )


def _number(number: str | None) -> str | None:
    """A 公开编号 as the import normalises it (others are left for the import to refuse)."""
    if number and re.fullmatch(r"[0-9]{4}-[0-9]{1,6}", number):
        return normalise_number(number)
    return number


def _item_label(item: Item) -> str:
    return f"{item.number} “{item.title}”" if item.number else f"“{item.title}”"


def _push_organization(snap: _Snapshot, target: Services, report: PushReport) -> None:
    name = snap.org.name
    existing = target.repo.get_organization_by_name(name)
    known = (
        target.interchange.known_items(existing.id, details=False)  # type: ignore[arg-type]
        if existing
        else {}
    )
    new_items: list[tuple[Item, dict[str, Any]]] = []
    matched: list[tuple[Item, dict[str, Any], Item]] = []
    for item, record in zip(snap.items, snap.records, strict=True):
        match = known.get(item_identity(item))
        if match is None:
            new_items.append((item, record))
        else:
            matched.append((item, record, match))
    for start in range(0, len(matched), 500):  # one chunk's ledgers and pictures at a time
        chunk = matched[start : start + 500]
        target.repo.load_details([match for _i, _r, match in chunk])
        for item, record, match in chunk:
            _compare_item(report, name, item, record, match, target)
            match.images, match.ledger = [], []
    theirs_fb = feedback_interchange.export(target.ctx, existing, None) if existing else {}
    new_openings = _compare(
        report,
        name,
        "opening",
        snap.feedback.get("box_openings", []),
        theirs_fb.get("box_openings", []),
        lambda o: (o["opened"], *o["openers"]),
        lambda o: f"{o['opened']} {'、'.join(o['openers'])}",
    )
    new_feedback = _compare(
        report,
        name,
        "feedback",
        snap.feedback.get("feedback", []),
        theirs_fb.get("feedback", []),
        lambda r: r.get("number"),
        lambda r: str(r.get("number")),
    )
    theirs_matters = interchange_matters.export(target.ctx, existing.id) if existing else {}  # type: ignore[arg-type]
    new_matters = _compare(
        report,
        name,
        "matter",
        snap.matters.get("matters", []),
        theirs_matters.get("matters", []),
        lambda m: m["title"],
        lambda m: f"“{m['title']}”",
    )
    if existing is not None and not (new_items or new_openings or new_feedback or new_matters):
        return
    document = InterchangeService.document(snap.org, [record for _item, record in new_items])
    if new_openings:
        document["box_openings"] = new_openings
    if new_feedback:
        document["feedback"] = new_feedback
    if new_matters:
        document["matters"] = new_matters
        document["matter_settings"] = snap.matters.get("matter_settings")
    source = Path(_("organization “{name}” of this office").format(name=name))
    parsed = parse_data(document, source, load_images=False, check_texts=False)
    if parsed.problems:
        raise refusal(source, parsed.problems)
    for p in parsed.items:  # pictures travel as the stored bytes, not through files
        local = new_items[p.position - 1][0]
        p.item.images = [
            ItemImage(i.data, i.caption, i.media_type, i.width, i.height) for i in local.images
        ]
        p.given = p.given | {"images"}
    done = target.interchange.import_parsed(parsed, source)
    if done.organization_created:
        report.organizations_created.append(name)
    report.sent += [f"{name}: " + _("item “{title}”").format(title=t) for t in done.added]
    report.sent += [
        f"{name}: " + _("box opening {date}").format(date=o["opened"]) for o in new_openings
    ]
    report.sent += [
        f"{name}: " + _("feedback record {number}").format(number=r.get("number"))
        for r in new_feedback
    ]
    report.sent += [f"{name}: " + _("matter “{title}”").format(title=t) for t in done.matters_added]
    report.warnings += [f"{name}: {w}" for w in done.warnings]


_FILLED = ("domain", "scope", "retention")


def _compare_item(
    report: PushReport,
    organization: str,
    item: Item,
    record: dict[str, Any],
    match: Item,
    target: Services,
) -> None:
    """The import's conflict rule for one item that the target has (every field given)."""
    # A domain, scope or retention the item leaves empty is its category's on the target (the
    # import fills them in): not given, as in a file without them.
    given = {k for k in ITEM_KEYS if k not in _FILLED or getattr(item, k) is not None}
    parsed = ParsedItem(0, item, record.get("category"), record.get("replaces"), given)
    changes = target.interchange.item_changes(parsed, match)
    for fld in sorted(changes):
        theirs, ours = changes[fld]
        report.conflicts.append(
            Conflict(
                organization,
                _("item"),
                _item_label(match),
                fld,
                show(theirs),
                show(ours),
                field_label("item", fld),
            )
        )
    if not changes:
        report.unchanged += 1


def _compare(
    report: PushReport,
    organization: str,
    kind: str,
    ours: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    identity: Callable[[dict[str, Any]], object],
    label: Callable[[dict[str, Any]], str],
) -> list[dict[str, Any]]:
    """Records of ours not on the other side; differing ones become conflicts (``kind``:
    opening, feedback or matter)."""
    kind_text = {"opening": _("box opening"), "feedback": _("feedback record")}.get(
        kind, _("matter")
    )
    by_key = {identity(t): t for t in theirs}
    new = []
    for record in ours:
        match = by_key.get(identity(record))
        if match is None:
            new.append(record)
            continue
        differing = sorted(k for k in set(record) | set(match) if record.get(k) != match.get(k))
        for key in differing:
            report.conflicts.append(
                Conflict(
                    organization,
                    kind_text,
                    label(match),
                    key,
                    show(match.get(key)),
                    show(record.get(key)),
                    field_label(kind, key),
                )
            )
        if not differing:
            report.unchanged += 1
    return new


def push_summary(report: PushReport) -> str:
    """The one-line summary of a push."""
    return _(
        "Push to {target}: {sent} sent, {unchanged} unchanged, {conflicts} conflict(s)."
    ).format(
        target=report.target,
        sent=len(report.sent),
        unchanged=report.unchanged,
        conflicts=len(report.conflicts),
    )
