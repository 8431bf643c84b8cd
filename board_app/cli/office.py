"""Subcommands for office files: import-ledger, template, report, notice; and the hooks that
let ``export --format xlsx`` and ``import FILE.xlsx`` take workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path

from board_app.cli.context import CliContext
from board_app.domain.ids import stored_id
from board_app.errors import UsageError
from board_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the office subcommands and the xlsx option of ``export``."""
    p = sub.add_parser(
        "import-ledger",
        help=_("replace an item's ledger with a spreadsheet (.xlsx .xls .ods .csv)"),
    )
    p.add_argument("--org", required=True, help=_("organization name"))
    p.add_argument(
        "--item",
        required=True,
        help=_("the item's 公开编号, or for a draft its id (first column of list)"),
    )
    p.add_argument("file", type=Path)
    p.add_argument("--sheet", help=_("the sheet to read (default: the first with a ledger)"))
    p.add_argument("--dry-run", action="store_true", help=_("check and report; write nothing"))
    p.set_defaults(handler=cmd_import_ledger)

    p = sub.add_parser("template", help=_("write a workbook for entering items"))
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--org", help=_("organization whose catalogue fills the category list"))
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser("report", help=_("write the disclosure statistics of a year (.xlsx)"))
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("notice", help=_("write an item as a Word notice (.docx)"))
    p.add_argument("--org", required=True, help=_("organization name"))
    p.add_argument(
        "--item",
        required=True,
        help=_("the item's 公开编号, or for a draft its id (first column of list)"),
    )
    p.add_argument("--out", required=True, type=Path)
    p.add_argument(
        "--internal",
        action="store_true",
        help=_("keep personal numbers unmasked (not for posting)"),
    )
    p.set_defaults(handler=cmd_notice)

    importer = sub.choices.get("import")
    if importer is not None:
        importer.description = _(
            "Import items from a JSON file or a workbook (.xlsx .xls .ods .csv, see template)."
        )
    export = sub.choices.get("export")
    if export is not None:  # export --format xlsx: a hook, the JSON export stays as it is
        export.add_argument(
            "--format",
            choices=["json", "xlsx"],
            default=None,
            help=_("file format (default: from the file name, else json)"),
        )
        json_handler = export.get_default("handler")

        def cmd_export_any(args: argparse.Namespace, ctx: CliContext) -> int:
            fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "json")
            if fmt == "xlsx":
                return cmd_export_xlsx(args, ctx)
            return int(json_handler(args, ctx) or 0)

        export.set_defaults(handler=cmd_export_any)


def _lines(items: list[str], limit: int = 50) -> list[str]:
    out = [f"  - {x}" for x in items[:limit]]
    if len(items) > limit:
        out.append(_("… and {count} more").format(count=len(items) - limit))
    return out


def cmd_import_ledger(args: argparse.Namespace, ctx: CliContext) -> int:
    """Read a ledger spreadsheet into an item (or with --dry-run, only check it)."""
    preview = ctx.services.office.import_ledger(
        args.org, args.item, args.file, sheet=args.sheet, dry_run=args.dry_run
    )
    for line in _lines(preview.warnings):
        ctx.warn(_("Warning: {message}").format(message=line.strip(" -")))
    if args.dry_run:  # the preview: the rows as they would be stored, with their balance
        from board_app.domain.money import running_balances

        balances = running_balances(preview.ledger(), preview.opening_balance)
        for p, balance in zip(preview.rows, balances, strict=True):
            ctx.echo(
                "\t".join(
                    [
                        str(p.source_row),
                        p.row.date.isoformat() if p.row.date else "-",
                        p.row.voucher or "-",
                        p.row.summary,
                        f"{p.row.income:,.2f}",
                        f"{p.row.expense:,.2f}",
                        f"{balance:,.2f}",
                    ]
                )
            )
    income, expense = preview.totals()
    if preview.opening_balance is not None:
        ctx.echo(_("Opening balance: {amount}").format(amount=f"{preview.opening_balance:,.2f}"))
    if preview.checked_totals:
        ctx.echo(_("Total rows checked: {rows}").format(rows="、".join(preview.checked_totals)))
    ctx.echo(
        _("{sheet}: {count} row(s), income {income}, expense {expense}.").format(
            sheet=preview.sheet,
            count=len(preview.rows),
            income=f"{income:,.2f}",
            expense=f"{expense:,.2f}",
        )
    )
    ctx.echo(_("Dry run: nothing was written.") if args.dry_run else _("The ledger was saved."))
    return 0


def cmd_template(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write the item template workbook."""
    path = ctx.services.office.write_template(args.out, org_name=args.org)
    ctx.echo(_("Template written to {path}").format(path=path))
    return 0


def cmd_report(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write the 公开情况统计表."""
    report = ctx.services.office.write_report(args.year, args.out)
    ctx.echo(
        _("Disclosure statistics of {year} ({count} period(s)) written to {path}").format(
            year=args.year, count=len(report.lines), path=args.out
        )
    )
    return 0


def cmd_notice(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write one item as a .docx 公告."""
    office = ctx.services.office
    item = office.find_item(args.org, args.item)
    path = office.write_notice(stored_id(item.id), args.out, internal=args.internal)
    ctx.echo(_("Notice written to {path}").format(path=path))
    return 0


def cmd_export_xlsx(args: argparse.Namespace, ctx: CliContext) -> int:
    """export --format xlsx."""
    if args.out.suffix.lower() != ".xlsx":
        raise UsageError(
            _("{file}: an Excel export needs a file name ending in .xlsx.").format(file=args.out)
        )
    report = ctx.services.office.export_items(args.org, args.out, year=args.year)
    ctx.echo(
        _("Wrote {items} item(s) and {ledgers} ledger sheet(s) to {path}").format(
            items=report.items, ledgers=report.ledgers, path=report.path
        )
    )
    return 0
