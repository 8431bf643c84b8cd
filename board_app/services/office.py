"""Office files as use cases: ledgers from spreadsheets, the item template, the Excel export,
the 公开情况统计表 and the Word 公告. The command line and the desktop both call these."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from board_app.domain.ids import stored_id
from board_app.domain.items import Item, Status
from board_app.errors import NotFoundError, UsageError, ValidationError
from board_app.i18n import _
from board_app.services.office_ledger import LedgerPreview, read_ledger

if TYPE_CHECKING:
    from board_app.services.context import Services

Progress = Callable[[int, int], None]
_NUMBER = re.compile(r"^\d{4}-\d{1,6}$")


@dataclass
class WorkbookReport:
    """What an export wrote."""

    path: Path
    items: int
    ledgers: int


def published_refusal() -> ValidationError:
    """The refusal for changing a published item."""
    message = _("A published item cannot be changed; make a revision first.")
    return ValidationError(message, [message])


class OfficeService:
    """Use cases on the office's own files (Excel/WPS workbooks, CSV, Word)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.repo = services.repo

    # ----- items ---------------------------------------------------------------------------
    def find_item(self, org_name: str, ref: str) -> Item:
        """An item of ``org_name`` by 公开编号 (2026-003) or, for a draft, its id (17 or #17)."""
        org = self.services.orgs.by_name(org_name)
        text = ref.strip()
        item: Item | None = None
        if _NUMBER.match(text):
            from board_app.services.interchange_parse import normalise_number

            item = self.repo.find_item_by_number(stored_id(org.id), normalise_number(text))
        elif text.lstrip("#").isdigit():
            item = self._by_id(int(text.lstrip("#")))
            if item is not None and item.organization_id != org.id:
                item = None
        if item is None:
            raise NotFoundError(
                _(
                    "{org} has no item “{ref}” (give its 公开编号, or for a draft the id shown by "
                    "board-app list)."
                ).format(org=org.name, ref=ref)
            )
        return item

    def _by_id(self, item_id: int) -> Item | None:
        try:
            return self.repo.get_item(item_id)
        except Exception as exc:
            if "DoesNotExist" in {c.__name__ for c in type(exc).__mro__}:
                return None
            raise

    # ----- ledgers -------------------------------------------------------------------------
    def preview_ledger(self, item: Item, path: Path, *, sheet: str | None = None) -> LedgerPreview:
        """Read a ledger spreadsheet for ``item`` (nothing is written)."""
        year = item.publish_date.year if item.publish_date else None
        return read_ledger(Path(path), sheet=sheet, period=item.period, year=year)

    def import_ledger(
        self,
        org_name: str,
        ref: str,
        path: Path,
        *,
        sheet: str | None = None,
        dry_run: bool = False,
    ) -> LedgerPreview:
        """Replace an editable item's ledger with a spreadsheet's rows (all or nothing).

        The opening balance is taken from the file when it has one. ValidationError lists
        every problem by cell; a published or withdrawn item is refused.
        """
        path = Path(path)
        if not path.is_file():
            raise UsageError(_("{file}: file not found.").format(file=path))
        item = self.find_item(org_name, ref)
        if item.status in (Status.PUBLISHED, Status.WITHDRAWN):
            raise published_refusal()
        preview = self.preview_ledger(item, path, sheet=sheet)
        if preview.problems:
            from board_app.services.interchange_parse import refusal

            raise refusal(path, preview.problems)
        if not dry_run:
            self.apply_ledger(item, preview)
        return preview

    def apply_ledger(self, item: Item, preview: LedgerPreview) -> Item:
        """Store a checked preview as the item's ledger (one transaction, audited)."""
        if item.status in (Status.PUBLISHED, Status.WITHDRAWN):
            raise published_refusal()
        if preview.problems:
            raise ValidationError("\n".join(preview.problems), preview.problems)
        item.ledger = preview.ledger()
        if preview.opening_balance is not None:
            item.opening_balance = preview.opening_balance
        return self.services.items.save(item)

    # ----- workbooks -----------------------------------------------------------------------
    def write_template(self, out: Path, *, org_name: str | None = None) -> Path:
        """The workbook for entering items; with an organization its catalogue is the
        category list."""
        from board_app.services.office_workbook import build_template, save

        org = self.services.orgs.by_name(org_name) if org_name else None
        categories = [c.name for c in self.repo.list_categories(stored_id(org.id))] if org else []
        self._check_out(out)
        return save(build_template(org, categories), Path(out))

    def export_items(
        self,
        org_name: str,
        out: Path,
        *,
        year: int | None = None,
        progress: Progress | None = None,
    ) -> WorkbookReport:
        """Every item of an organization (all statuses and scopes: an internal file) as .xlsx."""
        from board_app.services.office_export import build_items_workbook
        from board_app.services.office_workbook import save

        self._check_out(out)
        org = self.services.orgs.by_name(org_name)
        items = self.repo.list_items(stored_id(org.id), year=year)
        numbers = {
            stored_id(i.id): i.number
            for i in self.repo.list_items(stored_id(org.id), details=False)
        }
        categories = self.repo.list_categories(stored_id(org.id))
        wb = build_items_workbook(org, categories, items, numbers, progress)
        save(wb, Path(out))
        ledgers = sum(1 for i in items if i.ledger or i.opening_balance is not None)
        return WorkbookReport(Path(out), len(items), ledgers)

    def disclosure_report(self, year: int, *, on: date | None = None):
        """The 公开情况统计表 data of every organization for ``year``."""
        from board_app.services.office_export import DisclosureReport, report_lines

        on = on or self.services.ctx.today()
        if year < 1900 or year > on.year:
            raise UsageError(
                _("{year}: give a year up to {current}.").format(year=year, current=on.year)
            )
        report = DisclosureReport(year, on)
        for org in self.repo.list_organizations():
            items, _waiting = self.repo.calendar_items(
                stored_id(org.id),
                on=on,
                since=date(year, 1, 1) - timedelta(days=400),
                display_days=org.display_days,
                waiting_limit=0,
            )
            categories = self.repo.list_categories(stored_id(org.id))
            report.lines.extend(report_lines(org, categories, items, year, on))
        return report

    def write_report(self, year: int, out: Path, *, on: date | None = None):
        """Write the 公开情况统计表 for ``year``; returns the report data."""
        from board_app.services.office_export import build_report_workbook
        from board_app.services.office_workbook import save

        self._check_out(out)
        report = self.disclosure_report(year, on=on)
        save(build_report_workbook(report), Path(out))
        return report

    # ----- Word ----------------------------------------------------------------------------
    def write_notice(
        self, item_id: int, out: Path, *, internal: bool = False, item: Item | None = None
    ) -> Path:
        """An item as a .docx 公告 (masked as on a public board unless ``internal``).

        ``item`` may carry unsaved edits (the editor's current state); it defaults to the
        stored item.
        """
        from board_app.services.office_word import write_notice

        self._check_out(out)
        item = item or self.repo.get_item(item_id)
        org = self.repo.get_organization(stored_id(item.organization_id))
        return write_notice(item, org, Path(out), internal=internal, on=self.services.ctx.today())

    def _check_out(self, out: Path) -> None:
        """Fail before the work: never over the program's own files, never a folder."""
        self.services.check_output(out)
        if Path(out).is_dir():
            raise UsageError(_("{file} is a folder; give a file name.").format(file=out))
