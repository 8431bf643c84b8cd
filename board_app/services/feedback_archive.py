"""The year's feedback register (意见登记簿) and box openings as one archive 件.

Internal record: nothing is masked (submitter names and contacts are kept). The 件 takes the
organization's register retention (default 10年) and a 件号 in that year's sequence after the
items already numbered; the number is kept for good (re-running rebuilds the same 件) and the
item archive numbers later items after it. 档号 as for items (services.archive.archive_code).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from board_app import files
from board_app.domain.feedback import FeedbackQuery, FeedbackRecord, label
from board_app.domain.ids import stored_id
from board_app.domain.items import Retention
from board_app.errors import UsageError
from board_app.i18n import _
from board_app.render.feedback_pdf import Report, ReportBlock, render_report
from board_app.services.archive import archive_code, parse_retention
from board_app.storage.archive_repository import ArchiveStore
from board_app.storage.feedback_repository import FeedbackStore

if TYPE_CHECKING:
    from board_app.services.context import Services


@dataclass
class RegisterFile:
    """The register 件 written."""

    pdf: Path
    archive_no: str
    seq: int
    retention: Retention
    records: int
    openings: int
    pages: int


def _number(services: Services, org_id: int, year: int, retention: Retention) -> int:
    """The register's 件号 of ``year`` (given now when it has none, or its retention changed)."""
    store = FeedbackStore(services.repo)
    have = store.register_number(org_id, year)
    if have is not None and have[0] == retention.value:
        return have[1]
    with services.repo.transaction():
        # the next 件号 after the items', from the counter they share (locked: no duplicate)
        (seq,) = ArchiveStore(services.repo).take_pieces(org_id, year, retention, 1)
        store.set_register_number(org_id, year, retention.value, seq)
        services.ctx.audit(
            "feedback.archive_number",
            organization_id=org_id,
            changes={"register": (None, f"{year} {retention.code} {seq:04d}")},
        )
    return seq


def _record_row(r: FeedbackRecord) -> list[str]:
    reply = ""
    if r.reply_date:
        method = label(r.reply_method) if r.reply_method else ""
        reply = f"{r.reply_date.isoformat()} {r.reply_by} {method}\n{r.reply_text}"
    state = label(r.status)
    if r.response:
        state += "\n" + label(r.response)
    if r.closed_date:
        state += "\n" + r.closed_date.isoformat()
    return [
        r.number,
        r.received.isoformat(),
        f"{label(r.channel)}\n{label(r.kind)}",
        f"{r.submitter or _('Anonymous')}\n{r.contact}".strip(),
        r.content + (f"\n[{r.item_number}]" if r.item_number else ""),
        f"{r.handler}\n{r.due.isoformat() if r.due else ''}".strip(),
        reply,
        state,
    ]


def register_report(
    services: Services, org_name: str, year: int, retention: Retention, seq: int
) -> tuple[Report, int, int]:
    """The register as a report, with the number of records and openings."""
    fb = services.feedback
    org = fb.org(org_name)
    records = sorted(
        fb.records(FeedbackQuery(organization_id=org.id, year=year)), key=lambda r: r.number
    )
    openings = fb.openings(stored_id(org.id), year)
    code = archive_code(org.fonds_code, year, retention, seq)
    stamp = ReportBlock(
        _("Archive stamp"),
        header=[_("Fonds no."), _("Year"), _("Retention"), _("Item no."), _("Archive no.")],
        rows=[[org.fonds_code, str(year), retention.value, str(seq), code]],
        widths=[0.15, 0.1, 0.12, 0.1, 0.53],
    )
    register = ReportBlock(
        _("Register of opinions"),
        lines=[] if records else [_("None.")],
        header=[
            _("Number"),
            _("Received"),
            _("Channel / kind"),
            _("Submitter / contact"),
            _("Content [disclosure no.]"),
            _("Handler / due"),
            _("Reply"),
            _("Status"),
        ]
        if records
        else [],
        rows=[_record_row(r) for r in records],
        widths=[0.09, 0.08, 0.07, 0.11, 0.25, 0.09, 0.23, 0.08],
    )
    box = ReportBlock(
        _("Box opening records"),
        lines=[] if openings else [_("None.")],
        header=[_("Opening date"), _("Openers"), _("Letters"), _("Registered"), _("Note")]
        if openings
        else [],
        rows=[
            [
                o.opened.isoformat(),
                f"{o.opener_one}、{o.opener_two}",
                str(o.letters),
                str(fb.letters_registered(stored_id(o.id))),
                o.note,
            ]
            for o in openings
        ],
        widths=[0.14, 0.3, 0.1, 0.1, 0.36],
    )
    report = Report(
        title=_("{org} feedback register {year}").format(org=org.fonds_name or org.name, year=year),
        subtitle=_("Internal archive record: not for public display"),
        blocks=[stamp, register, box],
        author=org.fonds_name or org.name,
        wide=True,
        footer=code,
    )
    return report, len(records), len(openings)


def build_register(
    services: Services,
    org_name: str,
    year: int,
    out: Path | str,
    *,
    retention: Retention | str | None = None,
    deterministic: bool = False,
) -> RegisterFile:
    """Write the year's register as a PDF/A-2b archive 件 (unmasked)."""
    import pikepdf

    from board_app.render import pdfa

    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("The output file must end in .pdf."))
    files.check_output(out)  # before a 件号 is given
    org = services.feedback.org(org_name)
    if retention is None:
        retention = services.feedback.settings(stored_id(org.id)).retention
    ret = parse_retention(retention) if isinstance(retention, str) else retention
    seq = _number(services, stored_id(org.id), year, ret)
    report, records, openings = register_report(services, org_name, year, ret, seq)
    report.deterministic = deterministic
    buf = io.BytesIO()
    pages = render_report(report, buf)
    pdf = pikepdf.Pdf.open(io.BytesIO(buf.getvalue()))
    created = datetime(2000, 1, 1, tzinfo=timezone.utc) if deterministic else services.ctx.now()
    pdfa.finish(
        pdf,
        title=report.title,
        author=report.author,
        subject=_("Feedback register and box openings"),
        keywords=f"{org.fonds_code} {year} {ret.code}",
        created=created,
    )
    pdfa.save(pdf, out)  # atomic, through the output guard
    return RegisterFile(
        pdf=out,
        archive_no=report.footer,
        seq=seq,
        retention=ret,
        records=records,
        openings=openings,
        pages=pages,
    )
