"""Subcommands import, export, list, backup, restore and check."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from board_app.cli.context import CliContext, printable
from board_app.domain import labels
from board_app.domain.items import PublicationType, Status
from board_app.domain.queries import ItemFilter
from board_app.errors import BoardAppError, CheckFailedError, UsageError
from board_app.i18n import _
from board_app.paths import is_server_url

if TYPE_CHECKING:
    from board_app.services.interchange import ImportReport


def register(sub: argparse._SubParsersAction) -> None:
    """Add the basic subcommands."""
    p = sub.add_parser("import", help=_("import items from a JSON file"))
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=_("check and report; write nothing"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help=_("export an organization's items to JSON"))
    p.add_argument("--org", required=True, help=_("organization name"))
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--year", type=int, help=_("only items published in this year"))
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("list", help=_("list items"))
    p.add_argument("--org", required=True, help=_("organization name"))
    p.add_argument("--type", choices=[t.value for t in PublicationType])
    p.add_argument("--status", choices=[s.value for s in Status])
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("backup", help=_("copy the database to a file"))
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=_("replace the database with a backup"))
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("check", help=_("check the database"))
    p.set_defaults(handler=cmd_check)


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Import (or with --dry-run, check) a JSON file."""
    if not args.file.is_file():
        raise UsageError(_("{file}: file not found.").format(file=args.file))
    new_database = not is_server_url(ctx.db_path) and not Path(ctx.db_path).exists()
    if args.dry_run and new_database:
        # Check the file against an empty database without creating the real one.
        report = _dry_run_on_scratch(args.file)
    else:
        ctx.create = True
        try:
            report = ctx.services.interchange.import_file(args.file, dry_run=args.dry_run)
        except BoardAppError:
            if new_database:  # a refused file leaves no new, empty database behind
                ctx.discard_new_database()
            raise
    if report.dry_run:
        ctx.echo(_("Dry run: nothing was written."))
    if report.organization_created:
        ctx.echo(_("New organization: {name}").format(name=report.organization))
    for name in report.categories_created:
        ctx.echo(_("New category: {name}").format(name=name))
    for warning in report.warnings:
        ctx.warn(_("Warning: {message}").format(message=warning))
    for note in report.notes:
        ctx.echo(note)
    ctx.echo(
        _("{org}: {added} item(s) added, {skipped} already present.").format(
            org=report.organization, added=len(report.added), skipped=len(report.skipped)
        )
    )
    if report.matters_added or report.matters_skipped:
        ctx.echo(
            _("四议两公开: {added} matter(s) added, {skipped} already present.").format(
                added=len(report.matters_added), skipped=len(report.matters_skipped)
            )
        )
    return 0


def _dry_run_on_scratch(file: Path) -> ImportReport:
    """Check ``file`` against an empty scratch database."""
    import tempfile

    from board_app.services.context import open_services

    with (
        tempfile.TemporaryDirectory(prefix=".board-app-tmp-dry-") as folder,
        open_services(Path(folder) / "dry-run.sqlite3") as scratch,
    ):
        return scratch.interchange.import_file(file, dry_run=True)


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    """Export items to JSON with an images folder."""
    report = ctx.services.interchange.export_file(args.org, args.out, year=args.year)
    ctx.echo(
        _("Wrote {items} item(s) and {images} image(s) to {path}").format(
            items=report.items, images=report.images, path=report.path
        )
    )
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """Print the items of an organization as a table."""
    org = ctx.services.orgs.by_name(args.org)
    flt = ItemFilter(
        organization_id=org.id,
        publication_type=PublicationType(args.type) if args.type else None,
        status=Status(args.status) if args.status else None,
    )
    today = ctx.services.ctx.today()
    type_label = {t.value: labels.publication_type(t) for t in PublicationType}
    status_label = {st.value: labels.status(st) for st in Status}
    total = 0
    lines: list[str] = []
    for (
        item_id,
        number,
        ptype,
        status,
        period,
        published,
        expires,
        category,
        title,
    ) in ctx.services.items.table(flt):
        total += 1
        shown = status_label.get(status, status)
        if status == Status.PUBLISHED.value and published and published > today.isoformat():
            shown = labels.status_on(Status.PUBLISHED, date.fromisoformat(published), today)
        lines.append(
            "\t".join(
                field if field.isprintable() else printable(field)
                for field in (
                    number or f"#{item_id}",  # a draft: its id (for --item)
                    type_label.get(ptype, ptype),
                    shown,
                    period or "-",
                    published or "-",
                    expires or "-",
                    category or "-",
                    title,
                )
            )
        )
        if len(lines) >= 5000:
            ctx.echo("\n".join(lines))
            lines = []
    if lines:
        ctx.echo("\n".join(lines))
    ctx.echo(_("{count} item(s)").format(count=total))
    return 0


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    """Copy the database with the online backup API."""
    dest = ctx.services.backup_to(args.out)
    ctx.echo(_("Backup written to {path}").format(path=dest))
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    """Replace the database with a backup, first saving a copy of what it replaces."""
    if not args.file.is_file():
        raise UsageError(_("{file}: file not found.").format(file=args.file))
    ctx.create = True  # restoring onto a new computer makes the database
    path = ctx.services.path
    saved = ctx.services.restore_from(args.file)  # keeps the lock; migrates an older file
    if saved:
        ctx.echo(_("The previous database was saved as {path}").format(path=saved))
    ctx.echo(_("Restored {source} into {path}").format(source=args.file, path=path))
    return 0


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    """quick_check, foreign keys, schema version and the newest backup."""
    from board_app.services.maintenance import check_database

    report = check_database(ctx.services)
    for line in report.lines:
        ctx.echo(line)
    if report.problems:
        raise CheckFailedError(
            _("{count} problem(s) found:").format(count=len(report.problems))
            + "\n"
            + "\n".join(report.problems)
        )
    return 0
