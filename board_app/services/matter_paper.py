"""Paper of a 四议两公开 matter: the record sheet PDF and its facts for the archive."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from board_app.domain.ids import stored_id
from board_app.domain.items import Status
from board_app.errors import UsageError
from board_app.i18n import _

if TYPE_CHECKING:
    from board_app.render.matter_sheet import SheetData
    from board_app.services.context import Services

_STATUS_ZH = {
    Status.DRAFT: "草稿",
    Status.SUBMITTED: "待审核",
    Status.REVIEWED: "已审核",
    Status.PUBLISHED: "已公开",
    Status.WITHDRAWN: "已撤下",
}


def sheet_data(services: Services, matter_id: int) -> SheetData:
    """The record sheet's content: the matter, its meetings and both disclosures."""
    from board_app.render.matter_sheet import Disclosure, SheetData

    matter = services.matters.get(matter_id)
    org = services.orgs.get(stored_id(matter.organization_id))
    disclosures = []
    for label, item_id in (
        ("决议公开", matter.resolution_item_id),
        ("实施结果公开", matter.result_item_id),
    ):
        if item_id is None:
            disclosures.append(Disclosure(label, status="未公开"))
            continue
        item = services.items.get(item_id)
        disclosures.append(
            Disclosure(
                label, item.number or "", item.title, item.publish_date, _STATUS_ZH[item.status]
            )
        )
    return SheetData(
        org_name=org.name, matter=matter, disclosures=disclosures, printed_on=services.ctx.today()
    )


def write_record_sheet(
    services: Services, matter_id: int, out: Path | str, *, deterministic: bool = False
) -> Path:
    """Write the one-page A4 record sheet of a matter to ``out`` (a .pdf path)."""
    from board_app.files import write_bytes_atomic
    from board_app.render.matter_sheet import render_sheet

    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("The output file must end in .pdf."))
    data = sheet_data(services, matter_id)
    pdf, _pages = render_sheet(data, deterministic=deterministic)
    # all or nothing, and never over the program's own files (the output guard)
    return write_bytes_atomic(out, pdf)
