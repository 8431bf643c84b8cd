"""Box labels use case: spine and cover labels for the recorded box batches of a year."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from board_app import files
from board_app.domain import labels
from board_app.domain.ids import stored_id
from board_app.errors import CheckFailedError, UsageError
from board_app.i18n import _
from board_app.services.archive import (
    SPINE_WIDTHS_MM,
    _organization,
    spine_width,
)
from board_app.services.archive_checks import glyph_lines
from board_app.storage.archive_repository import ArchiveStore, BoxBatch

if TYPE_CHECKING:
    from board_app.services.context import Services


def build_box_labels(
    services: Services,
    org_name: str,
    year: int,
    out: Path | str,
    spine: int | None = None,
    deterministic: bool = False,
) -> list[BoxBatch]:
    """Spine and cover labels for every recorded box batch of a year; returns the batches."""
    from board_app.render.labels_pdf import BoxLabel, render_labels

    files.check_output(out)
    org = _organization(services, org_name)
    if spine is not None and spine not in SPINE_WIDTHS_MM:
        raise UsageError(_("The spine width must be 20, 30, 40 or 50 mm."))
    batches = ArchiveStore(services.repo).batches(stored_id(org.id), year)
    if not batches:
        raise UsageError(
            _("No boxes of {org} for {year} are recorded: run the archive first.").format(
                org=org.name, year=year
            )
        )
    from board_app.render import fonts

    missing = [
        (_("Box labels"), _("Fonds name"), ch)
        for ch in sorted(
            fonts.missing_characters(org.fonds_name or org.name, "title")
            | fonts.missing_characters(org.fonds_code, "sans_bold")
        )
    ]
    if missing:
        raise CheckFailedError(
            _("No installed font can print these characters; nothing was written:")
            + "\n"
            + "\n".join(glyph_lines(missing))
        )
    out = Path(out)
    labels_list = [
        BoxLabel(
            fonds_code=org.fonds_code,
            fonds_name=org.fonds_name or org.name,
            year=b.year,
            retention=labels.retention(b.retention),
            first_seq=b.first_seq,
            last_seq=b.last_seq,
            box=b.box,
            spine_mm=spine or spine_width(b.page_count),
        )
        for b in batches
    ]
    with files.atomic_output(out, suffix=".pdf") as tmp:
        render_labels(labels_list, tmp, deterministic=deterministic)
    return batches
