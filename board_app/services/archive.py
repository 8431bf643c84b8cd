"""Archive use cases: build box PDFs with manifests, print box labels, verify a filed PDF.

An archive run takes every published or withdrawn item of an organization whose publish date
falls in a year (or quarter), whatever its scope (the archive is an internal record: nothing is
masked), gives new items their 件号 (kept for good), splits them by retention period (one box
never mixes year, organization or retention), writes one PDF/A-2b per box with a manifest
beside it, and records each box batch. 档号 = 全宗号-WS·年度-保管期限代码-件号 (DA/T 22-2015;
see docs/archive.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from board_app import files
from board_app.domain import labels
from board_app.domain.ids import stored_id
from board_app.domain.items import Item, Organization, Retention, Status, organization_data
from board_app.errors import CheckFailedError, UsageError
from board_app.i18n import _
from board_app.services.archive_checks import (  # noqa: F401 (public here too)
    FONDS_CODE_MAX,
    FONDS_NAME_MAX,
    fonds_code_problem,
    glyph_lines,
)
from board_app.storage.archive_repository import ArchiveStore, BoxBatch

if TYPE_CHECKING:
    from board_app.render.archive_common import ArchiveEntry
    from board_app.services.context import Services

ARCHIVED_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
MANIFEST_FORMAT = "board-app-archive-manifest"
DOCUMENT_CLASS = "WS"  # 文书 (DA/T 22-2015 档案门类代码)
SPINE_WIDTHS_MM = (20, 30, 40, 50)
Progress = Callable[[int, int], None]


@dataclass
class BoxFile:
    """One box PDF written by a run."""

    retention: Retention
    box: int
    pdf: Path
    manifest: Path
    first_seq: int
    last_seq: int
    item_count: int
    page_count: int
    sha256: str
    overlaps: list[BoxBatch] = field(default_factory=list)  # other boxes holding some 件号 too


@dataclass
class ArchiveResult:
    """The files an archive run wrote, one per retention period present.

    ``missing_glyphs``: (item, field, character) no font can print (only with
    ``allow_missing_glyphs``); ``pdfa``: whether the files claim PDF/A-2b (not when glyphs miss).
    """

    files: list[BoxFile] = field(default_factory=list)
    missing_glyphs: list[tuple[str, str, str]] = field(default_factory=list)
    pdfa: bool = True


_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def parse_retention(text: str) -> Retention:
    """永久/30年/10年, or the codes Y/D30/D10."""
    value = text.strip()
    for r in Retention:
        if value in (r.value, r.code, r.code.lower()):
            return r
    raise UsageError(
        _("Unknown retention period {value}: use 永久, 30年 or 10年.").format(value=text)
    )


def archive_code(fonds_code: str, year: int, retention: Retention, seq: int) -> str:
    """档号, e.g. ``J012-WS·2026-Y-0001``."""
    return f"{fonds_code}-{DOCUMENT_CLASS}·{year}-{retention.code}-{seq:04d}"


def period_bounds(year: int, quarter: int | None) -> tuple[date, date]:
    """First and last day of a year or of one of its quarters."""
    if quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    if quarter not in (1, 2, 3, 4):
        raise UsageError(_("The quarter must be 1, 2, 3 or 4."))
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def spine_width(pages: int) -> int:
    """Spine width in mm for a box of ``pages`` pages: ≤200 → 20, ≤300 → 30, ≤400 → 40, else 50."""
    for limit, width in ((200, 20), (300, 30), (400, 40)):
        if pages <= limit:
            return width
    return 50


def _text(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, (date, Decimal)):
        return str(value)
    if hasattr(value, "value"):
        return value.value  # enums
    return value


def canonical_content(item: Item) -> dict[str, Any]:
    """The archived fields of an item as JSON-ready values (dates and amounts as strings)."""
    return {
        "title": item.title,
        "body": item.body,
        "number": item.number,
        "publication_type": _text(item.publication_type),
        "domain": _text(item.domain),
        "scope": _text(item.scope),
        "period": item.period,
        "publish_date": _text(item.publish_date),
        "expire_date": _text(item.expire_date),
        "responsible": item.responsible,
        "reviewer": item.reviewer,
        "review_date": _text(item.review_date),
        "review_opinion": item.review_opinion,
        "retention": _text(item.retention),
        "status": _text(item.status),
        "withdrawn_date": _text(item.withdrawn_date),
        "withdrawn_reason": item.withdrawn_reason,
        "opening_balance": _text(item.opening_balance),
        "ledger": [
            [_text(r.date), r.voucher, r.summary, str(r.income), str(r.expense)]
            for r in item.ledger
        ],
        "images": [
            {"sha256": hashlib.sha256(i.data).hexdigest(), "caption": i.caption}
            for i in item.images
        ],
    }


def content_sha256(item: Item) -> str:
    """SHA-256 of the canonical JSON (sort_keys, ensure_ascii=False, UTF-8) of an item."""
    text = json.dumps(
        canonical_content(item), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest_path(pdf: Path) -> Path:
    """``FILE.manifest.json`` beside ``FILE.pdf``."""
    return pdf.with_name(pdf.stem + ".manifest.json")


# ----- building -----------------------------------------------------------------------------
def _organization(services: Services, name: str) -> Organization:
    org = services.orgs.by_name(name)
    if not org.fonds_code.strip():
        raise UsageError(
            _(
                "{org} has no fonds code (全宗号). Set it in the organization settings "
                "before archiving."
            ).format(org=org.name)
        )
    problem = fonds_code_problem(org.fonds_code, org.fonds_name)
    if problem:
        raise UsageError(problem)
    return org


def item_retention(item: Item, category_retention: dict[int, Retention]) -> Retention:
    """The item's retention, else its category's, else 10 years."""
    if item.retention is not None:
        return item.retention
    if item.category_id is not None and item.category_id in category_retention:
        return category_retention[item.category_id]
    return Retention.Y10


def _never_up(item: Item) -> bool:
    """A scheduled item withdrawn before its publish date was never disclosed."""
    return (
        item.status is Status.WITHDRAWN
        and item.withdrawn_date is not None
        and item.publish_date is not None
        and item.withdrawn_date < item.publish_date
    )


def _sort_key(item: Item) -> tuple[object, ...]:
    # 公开编号 compared by year and sequence as numbers: 2026-1000 comes after 2026-999.
    year, _sep, seq = (item.number or "").partition("-")
    number = (int(year), int(seq)) if year.isdigit() and seq.isdigit() else (0, 0)
    return (item.publish_date, number, item.number or "", item.id)


def _entry(
    services: Services,
    org: Organization,
    year: int,
    retention: Retention,
    seq: int,
    item: Item,
    categories: dict[int, str],
) -> ArchiveEntry:
    from board_app.render.archive_common import ArchiveEntry

    facts = [
        (_("Disclosure no."), item.number or ""),
        (_("Publish date"), item.publish_date.isoformat() if item.publish_date else ""),
        (_("Disclosure category"), categories.get(item.category_id or -1, "")),
        (_("Publication type"), labels.publication_type(item.publication_type)),
        (_("Disclosure scope"), labels.scope(item.scope)),
        (_("Disclosure period"), item.period or ""),
        (_("Person responsible"), item.responsible),
        (_("Status"), labels.status(item.status)),
    ]
    if item.expire_date:
        facts.append((_("Display until"), item.expire_date.isoformat()))
    remarks = []
    if item.status is Status.WITHDRAWN:
        facts.append(
            (_("Withdrawal date"), item.withdrawn_date.isoformat() if item.withdrawn_date else "")
        )
        facts.append((_("Reason"), item.withdrawn_reason))
        remarks.append(_("Withdrawn"))
    if item.replaces_id:
        remarks.append(_("Revision"))
    revisions: list[list[str]] = []
    if item.replaces_id or services.repo.replacing_item_id(stored_id(item.id)):
        chain = services.items.revision_chain(stored_id(item.id))
        for k, version in enumerate(chain, start=1):
            note = version.title
            if version.withdrawn_reason:
                note += "；" + version.withdrawn_reason
            if version.id == item.id:
                note = _("(this item)") + " " + note
            revisions.append(
                [
                    str(k),
                    version.number or "",
                    version.publish_date.isoformat() if version.publish_date else "",
                    labels.status(version.status),
                    note,
                ]
            )
    from board_app.render.archive_common import FRAME_W
    from board_app.services.matter_archive import archive_extras

    matter_facts, matter_remarks, attachments = archive_extras(services, item, FRAME_W)
    return ArchiveEntry(
        seq=seq,
        archive_no=archive_code(org.fonds_code, year, retention, seq),
        item=item,
        responsible=org.name,
        remarks="，".join(remarks + matter_remarks),
        facts=facts + matter_facts,
        revisions=revisions,
        category=categories.get(item.category_id or -1, ""),
        attachments=attachments,
    )


def build_archive(
    services: Services,
    org_name: str,
    year: int,
    quarter: int | None = None,
    retention: Retention | str | None = None,
    box: int | None = None,
    out: Path | str = "archive.pdf",
    progress: Progress | None = None,
    deterministic: bool = False,
    allow_missing_glyphs: bool = False,
) -> ArchiveResult:
    """Build the box PDF(s) and manifests of a year or quarter; returns what was written.

    With ``retention`` the PDF is ``out``; without, one PDF per retention period present,
    ``out`` with ``-Y``, ``-D30`` or ``-D10`` before the suffix. Only items disclosed by today
    (publish date not after today) are filed. A character no font can print refuses the run
    (:class:`CheckFailedError`, nothing written or numbered) unless ``allow_missing_glyphs``:
    then the files are written without the PDF/A claim (``ArchiveResult.pdfa`` is False).
    """
    from board_app.render.archive_common import BoxContent, make_styles, missing_glyphs
    from board_app.render.archive_pdf import render_box

    files.check_output(out)
    org = _organization(services, org_name)
    wanted = parse_retention(retention) if isinstance(retention, str) else retention
    if box is not None and box < 1:
        raise UsageError(_("The box number must be 1 or more."))
    first, last = period_bounds(year, quarter)
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("The output file must end in .pdf."))
    cats = services.orgs.categories(stored_id(org.id))
    cat_retention = {c.id: c.retention for c in cats if c.id is not None}
    cat_names = {c.id: c.name for c in cats if c.id is not None}
    eligible = sorted(
        (
            i
            for i in services.items.all_for(stored_id(org.id), year=year)
            if i.status in ARCHIVED_STATUSES
            and i.publish_date
            and i.publish_date <= min(last, services.ctx.today())  # scheduled: not yet
            and not _never_up(i)
        ),
        key=_sort_key,
    )
    store = ArchiveStore(services.repo)
    # An item keeps the retention it was numbered under (its 件号 is kept for good), even if the
    # category default it took its retention from changed since.
    numbered = store.year_numbers(stored_id(org.id), year)
    groups: dict[Retention, list[Item]] = {}
    for item in eligible:
        ret = numbered[item.id][0] if item.id in numbered else None
        groups.setdefault(ret or item_retention(item, cat_retention), []).append(item)
    result = ArchiveResult()
    styles = make_styles()
    # every 件 of the run laid out once before anything is numbered: a character no font has
    # refuses the run with nothing numbered or written
    prepared = {
        i.id: _entry(services, org, year, ret, 0, i, cat_names)
        for ret, its in groups.items()
        if wanted is None or ret is wanted
        for i in its
        if i.publish_date is not None and first <= i.publish_date <= last
    }
    trial = [
        replace(e, archive_no=" ".join(filter(None, [e.item.number, e.item.title[:30]])))
        for e in prepared.values()
    ]
    result.missing_glyphs = missing_glyphs(
        BoxContent(org, year, Retention.Y10, 0, trial, services.ctx.today(), "", _EPOCH), styles
    )
    if result.missing_glyphs and not allow_missing_glyphs:
        raise CheckFailedError(
            _("No installed font can print these characters; nothing was written:")
            + "\n"
            + "\n".join(line for line in glyph_lines(result.missing_glyphs))
        )
    result.pdfa = not result.missing_glyphs
    created = _EPOCH if deterministic else services.ctx.now()
    for ret in Retention:
        if (wanted is not None and ret is not wanted) or ret not in groups:
            continue
        numbers = store.assign(stored_id(org.id), year, ret, [stored_id(i.id) for i in groups[ret]])
        in_period = [
            i for i in groups[ret] if i.publish_date is not None and first <= i.publish_date <= last
        ]
        if not in_period:
            continue
        in_period.sort(key=lambda i: numbers[stored_id(i.id)])
        entries = [
            replace(
                prepared[i.id],
                seq=numbers[stored_id(i.id)],
                archive_no=archive_code(org.fonds_code, year, ret, numbers[stored_id(i.id)]),
            )
            for i in in_period
        ]
        box_no = box or store.box_for(stored_id(org.id), year, ret, entries[0].seq)
        content = BoxContent(
            org=org,
            year=year,
            retention=ret,
            box=box_no,
            entries=entries,
            compiled_on=services.ctx.today(),
            compiler=services.ctx.operator,
            created=created,
            retention_label=labels.retention(ret),
            quarter=quarter,
            deterministic=deterministic,
        )
        pdf_path = out if wanted is not None else out.with_name(f"{out.stem}-{ret.code}.pdf")
        files.check_output(pdf_path)
        files.check_output(manifest_path(pdf_path))
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        rendered = render_box(content, pdf_path, progress=progress, pdfa=result.pdfa)
        result.files.append(_record(services, store, content, rendered, pdf_path))
    if not result.files:
        message = _("{org} has no published or withdrawn items in {period}.").format(
            org=org.name, period=f"{year}" + (f" Q{quarter}" if quarter else "")
        )
        scheduled = sum(
            1
            for i in services.items.all_for(stored_id(org.id), year=year)
            if i.status in ARCHIVED_STATUSES
            and i.publish_date
            and first <= i.publish_date <= last
            and i.publish_date > services.ctx.today()
        )
        if scheduled:
            message += " " + _(
                "{count} item(s) are scheduled after today: they are filed once disclosed."
            ).format(count=scheduled)
        raise UsageError(message)
    return result


def _record(
    services: Services, store: ArchiveStore, content: Any, rendered: Any, pdf: Path
) -> BoxFile:
    from board_app.render.pdfa import write_atomic

    sha = hashlib.sha256(rendered.data).hexdigest()
    org = content.org
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "content_hash": "sha256 of JSON(sort_keys, ensure_ascii=False, separators=(',', ':'))",
        "organization": organization_data(org, ("name", "fonds_code", "fonds_name")),
        "year": content.year,
        "quarter": content.quarter,
        "retention": content.retention.value,
        "retention_code": content.retention.code,
        "box": content.box,
        "first_seq": content.first_seq,
        "last_seq": content.last_seq,
        "item_count": len(content.entries),
        "compiled_on": content.compiled_on.isoformat(),
        "pdf": {
            "file": pdf.name,
            "sha256": sha,
            "pages": rendered.page_count,
            "pdfa": "2b" if rendered.pdfa else None,
        },
        "items": [
            {
                "archive_no": e.archive_no,
                "seq": e.seq,
                "item_id": e.item.id,
                "number": e.item.number,
                "title": e.item.title,
                "category": e.category,
                "first_page": start,
                "pages": pages,
                "content_sha256": content_sha256(e.item),
            }
            for e, start, pages in zip(
                content.entries, rendered.item_start, rendered.item_pages, strict=True
            )
        ],
    }
    mpath = manifest_path(pdf)
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    # PDF and manifest written together: never one without the other, nothing half-written
    write_atomic([(pdf, rendered.data), (mpath, text.encode("utf-8"))])
    batch = BoxBatch(
        organization_id=org.id,
        year=content.year,
        retention=content.retention,
        box=content.box,
        quarter=content.quarter,
        first_seq=content.first_seq,
        last_seq=content.last_seq,
        item_count=len(content.entries),
        page_count=rendered.page_count,
        pdf_path=str(pdf.resolve()),
        pdf_sha256=sha,
        created_at=services.ctx.now(),
        operator=services.ctx.operator,
    )
    overlaps = store.overlapping(
        org.id, content.year, content.retention, content.first_seq, content.last_seq, content.box
    )
    with services.repo.transaction():
        store.record(batch)
        services.ctx.audit(
            "archive.box",
            organization_id=org.id,
            changes={
                "box": (
                    None,
                    (
                        f"{content.year} {content.retention.code} #{content.box} "
                        f"{content.first_seq:04d}-{content.last_seq:04d} {sha[:12]}"
                    ),
                )
            },
        )
    return BoxFile(
        retention=content.retention,
        box=content.box,
        pdf=pdf,
        manifest=mpath,
        first_seq=content.first_seq,
        last_seq=content.last_seq,
        item_count=len(content.entries),
        page_count=rendered.page_count,
        sha256=sha,
        overlaps=overlaps,
    )


# ----- box labels ---------------------------------------------------------------------------
def build_labels(
    services: Services,
    org_name: str,
    year: int,
    out: Path | str,
    spine: int | None = None,
    deterministic: bool = False,
) -> list[BoxBatch]:
    """Spine and cover labels for every recorded box batch of a year; returns the batches
    (see :mod:`board_app.services.archive_labels`)."""
    from board_app.services.archive_labels import build_box_labels

    return build_box_labels(services, org_name, year, out, spine, deterministic)
