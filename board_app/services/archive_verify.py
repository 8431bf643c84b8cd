"""Verify a filed box PDF against its manifest and the database (``board-app verify``).

Checks the PDF's SHA-256 against the manifest, the recorded box batch (same PDF, same 件号
range), and for every item its 件号 and the SHA-256 of its canonical content now; items of the
box's range that the manifest does not list are reported too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from board_app.domain.ids import stored_id
from board_app.domain.items import Retention
from board_app.errors import NotFoundError, UsageError
from board_app.i18n import _
from board_app.services.archive import (
    MANIFEST_FORMAT,
    archive_code,
    content_sha256,
    manifest_path,
    period_bounds,
)
from board_app.storage.archive_repository import ArchiveStore

if TYPE_CHECKING:
    from board_app.services.context import Services


@dataclass
class VerifyReport:
    """Differences between a filed PDF, its manifest and the database (empty: all match)."""

    pdf: Path
    manifest: Path
    problems: list[str] = field(default_factory=list)
    items_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_archive(services: Services, pdf: Path | str) -> VerifyReport:
    """Check a box PDF against its manifest (PDF SHA-256) and the database (box batch record,
    件号 and the content hash of every item)."""
    from board_app.render.pdfa import sha256_file

    pdf = Path(pdf)
    if not pdf.is_file():
        raise NotFoundError(_("{file}: file not found.").format(file=pdf))
    mpath = manifest_path(pdf)
    report = VerifyReport(pdf=pdf, manifest=mpath)
    problems = report.problems
    if not mpath.is_file():
        problems.append(_("The manifest {file} is missing.").format(file=mpath))
        return report
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
            raise ValueError(_("not a board-app archive manifest"))
        year, box = int(manifest["year"]), int(manifest["box"])
        retention = Retention(manifest["retention"])
        org_name = str(manifest["organization"]["name"])
        fonds_code = manifest["organization"].get("fonds_code")
        entries = list(manifest["items"])
        first, last = int(manifest.get("first_seq", 0)), int(manifest.get("last_seq", 0))
        quarter = manifest.get("quarter")
        lo, hi = period_bounds(year, int(quarter) if quarter is not None else None)
        if not isinstance(manifest.get("pdf", {}), dict) or not all(
            isinstance(e, dict) for e in entries
        ):
            raise ValueError(_("unexpected structure"))
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, UsageError) as exc:
        problems.append(
            _("The manifest {file} is damaged (清单损坏): {error}").format(file=mpath, error=exc)
        )
        return report
    sha = sha256_file(pdf)
    if sha != manifest.get("pdf", {}).get("sha256"):
        problems.append(
            _("The PDF differs from the one the manifest describes (SHA-256 {sha}).").format(
                sha=sha[:16]
            )
        )
    org = services.repo.get_organization_by_name(org_name)
    if org is None:
        problems.append(_("Organization {org} is not in the database.").format(org=org_name))
        return report
    if fonds_code is not None and org.fonds_code != fonds_code:
        problems.append(
            _("The fonds code (全宗号) of {org} is now {now}; the box was filed as {then}.").format(
                org=org.name, now=org.fonds_code or "—", then=fonds_code
            )
        )
    categories = {c.id: c.name for c in services.orgs.categories(stored_id(org.id))}
    import pikepdf

    from board_app.render.pdfa import pdfa_claim

    try:
        claim = pdfa_claim(pdf)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        problems.append(_("The PDF cannot be read ({error}).").format(error=exc))
        claim = None
    if claim:  # the file's own claim (manifests before 2026-12 did not record it)
        from board_app.render.pdfa_check import check_pdfa

        for problem in check_pdfa(pdf):
            problems.append(_("The PDF claims PDF/A but {problem}.").format(problem=problem))
    store = ArchiveStore(services.repo)
    batch = store.batch(stored_id(org.id), year, retention, box)
    if batch is None:
        problems.append(
            _("No box batch {year} {retention} box {box} is recorded.").format(
                year=year, retention=retention.value, box=box
            )
        )
    else:
        if batch.pdf_sha256 != sha:
            problems.append(
                _(
                    "The database records another PDF for this box (SHA-256 {sha}, built {when})."
                ).format(sha=batch.pdf_sha256[:16], when=batch.created_at.date().isoformat())
            )
        if (batch.first_seq, batch.last_seq) != (
            manifest.get("first_seq"),
            manifest.get("last_seq"),
        ):
            problems.append(
                _("The recorded item numbers {first}–{last} differ from the manifest.").format(
                    first=batch.first_seq, last=batch.last_seq
                )
            )
    numbered = store.numbers(stored_id(org.id), year, retention)
    listed = set()
    for entry in entries:
        report.items_checked += 1
        code, item_id = entry.get("archive_no", "?"), entry.get("item_id")
        listed.add(item_id)
        if not isinstance(item_id, int) or not store.item_exists(item_id):
            problems.append(_("{code}: the item is no longer in the database.").format(code=code))
            continue
        if numbered.get(item_id) != entry.get("seq"):
            problems.append(
                _("{code}: the database gives this item 件号 {seq}.").format(
                    code=code, seq=numbered.get(item_id)
                )
            )
        item = services.items.get(item_id)
        if content_sha256(item) != entry.get("content_sha256"):
            problems.append(_("{code}: the item was changed after it was filed.").format(code=code))
        filed_category = entry.get("category")
        now_category = categories.get(item.category_id, "")
        if filed_category is not None and filed_category != now_category:
            problems.append(
                _("{code}: the category is now {now}; it was filed as {then}.").format(
                    code=code, now=now_category or "—", then=filed_category or "—"
                )
            )
    for item_id, seq in sorted(numbered.items(), key=lambda kv: kv[1]):
        if first <= seq <= last and item_id not in listed:
            item = services.items.get(item_id)
            if item.publish_date and lo <= item.publish_date <= hi:
                problems.append(
                    _("{code} is in the database but not in the manifest.").format(
                        code=archive_code(org.fonds_code, year, retention, seq)
                    )
                )
    return report
