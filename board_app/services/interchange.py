"""JSON import and export (format ``board-app.items/1``).

Import checks the whole file before writing anything; any error refuses the file with every
problem listed, and nothing is written. Identity: an item matches an existing one by
(organization, number) when the file gives a number, else by (organization, title, type,
period, publish date); equal matches are skipped, differing ones are conflicts.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from board_app import files
from board_app.domain.ids import stored_id
from board_app.domain.items import (
    Cadence,
    Category,
    Domain,
    Item,
    Organization,
    PublicationType,
    Retention,
    Scope,
    Status,
    organization_data,
)
from board_app.domain.periods import Period
from board_app.errors import UsageError, ValidationError
from board_app.i18n import _
from board_app.services import feedback_interchange, interchange_matters
from board_app.services.context import Context
from board_app.services.interchange_parse import FORMAT, ParsedFile, ParsedItem, parse_file, refusal
from board_app.services.items import ItemService, diff_items
from board_app.services.organizations import OrganizationService
from board_app.storage.numbering import ItemNumberBatch, item_number_parts

Progress = Callable[[int, int], None]

_FILE_FIELDS = {
    "title": "title",
    "body": "body",
    "publication_type": "publication_type",
    "domain": "domain",
    "scope": "scope",
    "status": "status",
    "number": "number",
    "period": "period",
    "publish_date": "publish_date",
    "expire_date": "expire_date",
    "responsible": "responsible",
    "reviewer": "reviewer",
    "review_date": "review_date",
    "review_opinion": "review_opinion",
    "retention": "retention",
    "withdrawn_date": "withdrawn_date",
    "withdrawn_reason": "withdrawn_reason",
    "opening_balance": "opening_balance",
    "ledger": "ledger",
    "images": "images",
}


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    organization: str
    organization_created: bool = False
    categories_created: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)  # e.g. feedback records imported
    matters_added: list[str] = field(default_factory=list)  # 四议两公开 (interchange_matters)
    matters_skipped: list[str] = field(default_factory=list)


@dataclass
class ExportReport:
    """What an export wrote."""

    path: Path
    items: int
    images: int
    images_dir: Path | None


def item_identity(item: Item) -> tuple:
    """The import's identity of an item: its number, else its natural key."""
    if item.number:
        return ("number", item.number)
    return ("natural", item.title, item.publication_type.value, item.period, item.publish_date)


class InterchangeService:
    """Import and export of the JSON interchange format."""

    def __init__(self, ctx: Context, orgs: OrganizationService, items: ItemService) -> None:
        self.ctx = ctx
        self.repo = ctx.repo
        self.orgs = orgs
        self.items = items

    # ----- import ---------------------------------------------------------------------------
    def import_file(
        self, path: Path, *, dry_run: bool = False, progress: Progress | None = None
    ) -> ImportReport:
        """Import a file; raises ValidationError listing every problem and writes nothing."""
        path = Path(path)
        parsed = parse_file(path)
        if progress:
            progress(1, 3)
        return self.import_parsed(parsed, path, dry_run=dry_run, progress=progress)

    def import_parsed(
        self,
        parsed: ParsedFile,
        path: Path,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import an already parsed document (``path`` names it in messages); the rest of
        :meth:`import_file` (also used by ``push``, which builds the document in memory)."""
        problems = list(parsed.problems)
        org = parsed.organization
        if problems:
            raise self._refusal(path, problems)
        assert org is not None  # the parser names a problem whenever it finds no organization
        report = ImportReport(organization=org.name, dry_run=dry_run)
        existing_org = self.repo.get_organization_by_name(org.name)
        plan = self._plan(parsed, existing_org.id if existing_org else None, report, problems)
        fb_plan = feedback_interchange.plan(
            self.ctx,
            parsed.feedback,
            existing_org,
            {p.item.number for p in plan if p.item.number},
            problems,
        )
        report.notes += feedback_interchange.notes(*fb_plan)
        matter_plan = interchange_matters.parse_data(parsed.matter_data, problems)
        interchange_matters.check(
            matter_plan,
            self.ctx,
            existing_org.id if existing_org else None,
            {p.item.number for p in plan if p.item.number},
            problems,
        )
        if problems:
            raise self._refusal(path, problems)
        if progress:
            progress(2, 3)
        if dry_run:
            report.organization_created = existing_org is None
            return report
        with self.repo.transaction():
            if existing_org is None:
                org.display_days = org.display_days or self.orgs.default_display_days()
                self.orgs.create(org)
                report.organization_created = True
                org_id = stored_id(org.id)
            else:
                org_id = stored_id(existing_org.id)
            self._write(plan, org_id, report)
            feedback_interchange.write(self.ctx, org_id, fb_plan[0], fb_plan[1])
            report.matters_added, report.matters_skipped = interchange_matters.write(
                matter_plan,
                self.ctx,
                org_id,
            )
            if progress:  # inside the transaction: a cancel here still rolls everything back
                progress(3, 3)
        if len(plan) >= 500:
            self.repo.optimize(full=True)
        return report

    def _refusal(self, path: Path, problems: list[str]) -> ValidationError:
        return refusal(path, problems)

    def _plan(
        self,
        parsed: ParsedFile,
        org_id: int | None,
        report: ImportReport,
        problems: list[str],
    ) -> list[ParsedItem]:
        """Decide which items are new; fill problems with duplicates and conflicts."""
        org = parsed.organization
        assert org is not None  # import_file refuses a file without one before planning
        if org_id is not None:
            existing = self.repo.get_organization(org_id)
            for key in ("phone", "address", "board_title", "public_numbers", "township"):
                if key in parsed.given_org_keys and getattr(org, key) != getattr(existing, key):
                    report.warnings.append(
                        _(
                            "Organization {field}: the database keeps “{kept}”, the file says "
                            "“{file}”."
                        ).format(field=key, kept=getattr(existing, key), file=getattr(org, key))
                    )
        seen: dict[tuple, ParsedItem] = {}
        numbers_in_file: dict[str, ParsedItem] = {}
        new_items: list[ParsedItem] = []
        # Items listed without ledgers and pictures; those of matches are loaded in chunks
        # below (a push to a server holding thousands of items must not fetch every picture).
        known_items = self.known_items(org_id, details=False) if org_id is not None else {}
        events: list[tuple[ParsedItem, Item | None, str]] = []  # in file order
        for p in parsed.items:
            identity = item_identity(p.item)
            if identity in seen:
                duplicate = _("{a} and {b} are the same item (same {what}).").format(
                    a=seen[identity].label,
                    b=p.label,
                    what=_("number")
                    if identity[0] == "number"
                    else _("title, type, period and publish date"),
                )
                events.append((p, None, duplicate))
                continue
            seen[identity] = p
            if p.item.number:
                numbers_in_file[p.item.number] = p
            match = known_items.get(identity)
            if match is None:
                new_items.append(p)
            else:
                events.append((p, match, ""))
        matches = [e for e in events if e[1] is not None]
        differing: dict[int, list[str]] = {}
        for start in range(0, len(matches), 500):
            chunk = matches[start : start + 500]
            self.repo.load_details([m for _p, m, _t in chunk])  # type: ignore[misc]
            for p, match, _t in chunk:
                differing[id(p)] = self._differences(p, match)  # type: ignore[arg-type]
                match.images, match.ledger = [], []  # type: ignore[union-attr]
        for p, match, duplicate in events:
            if match is None:
                problems.append(duplicate)
            elif differing[id(p)]:
                problems.append(
                    _(
                        "{label} conflicts with the database (number {number}): {fields} differ."
                    ).format(
                        label=p.label,
                        number=match.number or "-",
                        fields=", ".join(differing[id(p)]),
                    )
                )
            else:
                report.skipped.append(p.item.title)
        for p in new_items:
            if (
                p.replaces
                and p.replaces not in numbers_in_file
                and (org_id is None or self.repo.find_item_by_number(org_id, p.replaces) is None)
            ):
                # E.g. an export of one year whose revision replaced last year's item:
                # the item is imported, without the link.
                report.warnings.append(
                    _(
                        "{label}, replaces: no item numbered {number}; imported without "
                        "the link to it."
                    ).format(label=p.label, number=p.replaces)
                )
        categories = {c.name for c in self.repo.list_categories(org_id)} if org_id else set()
        if org_id is None:
            from board_app.services.catalogue_defaults import default_catalogue

            categories = {c.name for c in default_catalogue(org.kind)}
        for p in new_items:
            if p.category and p.category not in categories:
                categories.add(p.category)
                report.categories_created.append(p.category)
            report.added.append(p.item.title)
        return new_items

    def known_items(self, org_id: int, *, details: bool = True) -> dict[tuple, Item]:
        """The organization's items by import identity (number, and natural key);
        ``details=False`` leaves out ledgers and pictures (``repo.load_details`` adds them)."""
        known: dict[tuple, Item] = {}
        for item in self.repo.list_items(org_id, details=details):
            known.setdefault(item_identity(item), item)
            if item.number:
                known.setdefault(
                    (
                        "natural",
                        item.title,
                        item.publication_type.value,
                        item.period,
                        item.publish_date,
                    ),
                    item,
                )
        return known

    def _differences(self, parsed: ParsedItem, existing: Item) -> list[str]:
        return sorted(self.item_changes(parsed, existing))

    def item_changes(self, parsed: ParsedItem, existing: Item) -> dict[str, tuple[object, object]]:
        """The import's conflict rule: the given fields of ``parsed`` that differ from the
        database's ``existing`` item, as (database, file) values."""
        candidate = Item(**existing.__dict__)
        for key in parsed.given:
            attr = _FILE_FIELDS.get(key)
            if attr:
                setattr(candidate, attr, getattr(parsed.item, attr))
        changes = diff_items(existing, candidate)
        if "category" in parsed.given and parsed.category:
            current = (
                self.repo.get_category(existing.category_id).name
                if existing.category_id is not None
                else None
            )
            if current != parsed.category:
                changes["category"] = (current, parsed.category)
        if "images" in changes and "images" in parsed.given:
            old = [(i.caption, i.data) for i in existing.images]
            new = [(i.caption, i.data) for i in candidate.images]
            if old == new:
                del changes["images"]
        return changes

    def _category_for(self, org_id: int, p: ParsedItem, created: dict[str, Category]) -> Category:
        name = p.category or _default_category_name(p.item)
        cat = created.get(name) or self.repo.find_category(org_id, name)
        if cat is None:
            cadence = Cadence.AS_NEEDED
            if p.item.period:
                cadence = Period.parse(p.item.period).cadence
            cat = Category(
                organization_id=org_id,
                name=name,
                domain=p.item.domain or Domain.PARTY,
                publication_type=p.item.publication_type,
                scope=p.item.scope or Scope.PUBLIC,
                cadence=cadence,
                retention=p.item.retention or Retention.Y10,
            )
            self.orgs.save_category(cat)
        created[name] = cat
        return cat

    def _write(self, plan: list[ParsedItem], org_id: int, report: ImportReport) -> None:
        created: dict[str, Category] = {}
        ordered = sorted(
            plan,
            key=lambda p: (p.item.publish_date is None, p.item.publish_date or 0, p.position),
        )
        numbers = self._numbers(org_id, ordered)
        now = self.ctx.now()
        for p in ordered:
            item = p.item
            item.organization_id = org_id
            cat = self._category_for(org_id, p, created)
            item.category_id = cat.id
            item.domain = item.domain or cat.domain
            item.scope = item.scope or cat.scope
            item.retention = item.retention or cat.retention
            if item.number:
                if not numbers.keep(item.number):
                    raise ValidationError(
                        _(
                            "{label}: the number {number} was given to another item while the "
                            "file was being checked; nothing was imported. Import it again to "
                            "see the conflict."
                        ).format(label=p.label, number=item.number)
                    )
            elif item.status in (Status.PUBLISHED, Status.WITHDRAWN):
                # published and withdrawn items have a publish date (checked by the parser)
                item.number = numbers.take(item.publish_date.year)  # type: ignore[union-attr]
        numbers.finish()
        for start in range(0, len(ordered), 1000):
            chunk = [p.item for p in ordered[start : start + 1000]]
            audits = [
                self.ctx.audit_entry(
                    "item.import", organization_id=org_id, changes=diff_items(None, item)
                )
                for item in chunk
            ]
            self.repo.insert_new_items(chunk, audits, now=now)
            for item in chunk:  # written: the pictures need not stay in memory
                for image in item.images:
                    image.data = b""
        by_number = {p.item.number: p.item.id for p in ordered if p.item.number}
        for p in ordered:
            if p.replaces:
                target = by_number.get(p.replaces)
                if target is None:
                    found = self.repo.find_item_by_number(org_id, p.replaces)
                    target = found.id if found else None
                p.item.replaces_id = target
                self.repo.save_item(p.item, now=now)

    def _numbers(self, org_id: int, ordered: list[ParsedItem]) -> ItemNumberBatch:
        """公开编号 for the import from the counters publishing uses: imported items keep the
        numbers they come with (the counters move past them), published and withdrawn items
        without one are numbered in publish order after the database's."""
        kept = {p.item.number for p in ordered if p.item.number}
        years = {parts[0] for n in kept if (parts := item_number_parts(n))}
        years |= {
            p.item.publish_date.year
            for p in ordered
            if not p.item.number
            and p.item.status in (Status.PUBLISHED, Status.WITHDRAWN)
            and p.item.publish_date
        }
        return self.repo.item_number_batch(org_id, years, kept)

    # ----- export ---------------------------------------------------------------------------
    def export_file(
        self,
        org_name: str,
        out: Path,
        *,
        year: int | None = None,
        progress: Progress | None = None,
    ) -> ExportReport:
        """Write every item of an organization (whatever its status and scope) to ``out``.

        Images go to a folder ``<out stem>_images`` beside the file.
        """
        out = Path(out)
        files.check_output(out)
        files.check_output(_images_dir(out))
        if out.is_dir():
            raise UsageError(
                _("{file} is a folder; give a file name for the export.").format(file=out)
            )
        org = self.orgs.by_name(org_name)
        try:
            return self._export(org, out, year, progress)
        except OSError as exc:
            raise files.io_error(exc, out) from exc

    def _export(
        self, org: Organization, out: Path, year: int | None, progress: Progress | None
    ) -> ExportReport:
        items = self.repo.list_items(stored_id(org.id), year=year, details=False)
        cats = {c.id: c.name for c in self.repo.list_categories(stored_id(org.id))}
        numbers = self.repo.numbers_by_id(stored_id(org.id))
        images_dir = _images_dir(out)
        image_count = 0
        with contextlib.ExitStack() as stack:
            staging: Path | None = None
            tmp = stack.enter_context(files.atomic_output(out))
            with open(tmp, "w", encoding="utf-8") as fh:
                document = self.document(org, [])
                # feedback and box_openings (optional keys) go before "items", which stays last
                document = feedback_interchange.before_items(document, self.ctx, org, year)
                # 四议两公开 matters (optional keys) go before "items", which stays last
                extra = interchange_matters.export(self.ctx, stored_id(org.id))
                if extra:
                    items_key = document.pop("items")
                    document.update(extra)
                    document["items"] = items_key
                head = json.dumps(document, ensure_ascii=False, indent=2)
                fh.write(head[: head.rindex("[")] + "[")
                for start in range(0, len(items), 500):
                    chunk = self.repo.load_details(items[start : start + 500])
                    for n, item in enumerate(chunk, start=start + 1):
                        record = item_record(item, cats, numbers)
                        if item.images:
                            if staging is None:
                                staging = stack.enter_context(files.atomic_folder(images_dir))
                            record["images"] = self._export_images(item, staging, images_dir.name)
                            image_count += len(item.images)
                        fh.write("\n    " if n == 1 else ",\n    ")
                        fh.write(json.dumps(record, ensure_ascii=False))
                        if progress:
                            progress(n, len(items))
                    for item in chunk:  # one chunk's pictures in memory at a time
                        item.images, item.ledger = [], []
                fh.write("\n  ]\n}\n" if items else "]\n}\n")
        return ExportReport(
            path=out,
            items=len(items),
            images=image_count,
            images_dir=images_dir if image_count else None,
        )

    @staticmethod
    def _export_images(item: Item, folder: Path, folder_name: str) -> list[dict[str, str]]:
        out = []
        for k, image in enumerate(item.images, start=1):
            ext = ".png" if image.media_type == "image/png" else ".jpg"
            name = f"{item.id:06d}-{k:02d}{ext}"
            (folder / name).write_bytes(image.data)
            out.append({"path": f"{folder_name}/{name}", "caption": image.caption})
        return out

    @staticmethod
    def document(org: Organization, records: list[dict[str, object]]) -> dict[str, object]:
        """The format's document for ``org`` with the item objects ``records``."""
        document: dict[str, object] = {
            "format": FORMAT,
            "organization": organization_data(org),
            "items": records,
        }
        return document


def _images_dir(out: Path) -> Path:
    """The folder of an export's pictures: ``<stem>_images`` beside the file."""
    return out.parent / f"{out.stem}_images"


def _default_category_name(item: Item) -> str:
    return {
        PublicationType.LONG_TERM: "长期公开事项",
        PublicationType.PERIODIC: "定期公开事项",
        PublicationType.IMMEDIATE: "即时公开事项",
    }[item.publication_type]


def item_record(item: Item, cats: dict, numbers: dict) -> dict:
    """An item as the format's JSON object (without images; empty values left out)."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    record: dict = {
        "title": item.title,
        "body": item.body,
        "publication_type": item.publication_type.value,
        "domain": item.domain.value if item.domain else None,
        "category": cats.get(item.category_id),
        "scope": item.scope.value if item.scope else None,
        "status": item.status.value,
        "number": item.number,
        "period": item.period,
        "publish_date": day(item.publish_date),
        "expire_date": day(item.expire_date),
        "responsible": item.responsible,
        "reviewer": item.reviewer,
        "review_date": day(item.review_date),
        "review_opinion": item.review_opinion,
        "retention": item.retention.value if item.retention else None,
        "withdrawn_date": day(item.withdrawn_date),
        "withdrawn_reason": item.withdrawn_reason,
        "replaces": numbers.get(item.replaces_id) if item.replaces_id else None,
        "opening_balance": (
            f"{item.opening_balance:.2f}" if item.opening_balance is not None else None
        ),
        "ledger": [
            {
                "date": day(r.date),
                "voucher": r.voucher,
                "summary": r.summary,
                "income": f"{r.income:.2f}",
                "expense": f"{r.expense:.2f}",
            }
            for r in item.ledger
        ],
    }
    return {k: v for k, v in record.items() if v is not None}
