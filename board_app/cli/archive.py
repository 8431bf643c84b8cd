"""Subcommands archive, labels and verify (archive boxes after DA/T 22-2015)."""

from __future__ import annotations

import argparse
from pathlib import Path

from board_app.cli.context import CliContext
from board_app.errors import CheckFailedError
from board_app.i18n import _

# Spine widths of archive boxes in mm (kept equal to services.archive.SPINE_WIDTHS_MM, which a
# test checks); the engine itself is imported only when a command runs.
SPINE_WIDTHS_MM = (20, 30, 40, 50)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the archive subcommands."""
    p = sub.add_parser("archive", help=_("write archive PDFs (归档文件) for the archive boxes"))
    p.add_argument("--org", required=True, help=_("organization name"))
    p.add_argument("--year", required=True, type=int, help=_("year of the publish dates"))
    p.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help=_("only this quarter"))
    p.add_argument(
        "--retention", help=_("only this retention period: 永久, 30年 or 10年 (or Y, D30, D10)")
    )
    p.add_argument("--box", type=int, help=_("box number (default: the next free one)"))
    p.add_argument("--out", required=True, type=Path, help=_("output PDF file"))
    p.add_argument(
        "--deterministic", action="store_true", help=_("identical bytes for identical input")
    )
    p.add_argument(
        "--allow-missing-glyphs",
        action="store_true",
        help=_("write even when a character has no font (shows a box; the file is then not PDF/A)"),
    )
    p.set_defaults(handler=cmd_archive)

    p = sub.add_parser("labels", help=_("print spine and cover labels for the archive boxes"))
    p.add_argument("--org", required=True, help=_("organization name"))
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--out", required=True, type=Path, help=_("output PDF file"))
    p.add_argument(
        "--spine",
        type=int,
        choices=list(SPINE_WIDTHS_MM),
        help=_("spine width in mm for every box (default: from the page count)"),
    )
    p.set_defaults(handler=cmd_labels)

    p = sub.add_parser(
        "verify", help=_("check an archive PDF against its manifest and the database")
    )
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_verify)


def cmd_archive(args: argparse.Namespace, ctx: CliContext) -> int:
    """Build the box PDFs and list what was written."""

    def progress(done: int, total: int) -> None:
        if total >= 200 and (done % 100 == 0 or done == total):
            ctx.warn(_("{done} of {total} items laid out").format(done=done, total=total))

    from board_app.services import archive

    result = archive.build_archive(
        ctx.services,
        args.org,
        args.year,
        quarter=args.quarter,
        retention=args.retention,
        box=args.box,
        out=args.out,
        progress=progress,
        deterministic=args.deterministic,
        allow_missing_glyphs=args.allow_missing_glyphs,
    )
    if result.missing_glyphs:
        ctx.warn(
            _(
                "Warning: no font can print these characters; they show as boxes and the "
                "files do not claim PDF/A:"
            )
        )
        for line in archive.glyph_lines(result.missing_glyphs):
            ctx.warn("  " + line)
    for f in result.files:
        ctx.echo(
            _(
                "{path}: {retention}, box {box}, items {first}–{last} ({count}), {pages} pages"
            ).format(
                path=f.pdf,
                retention=f.retention.value,
                box=f.box,
                first=f"{f.first_seq:04d}",
                last=f"{f.last_seq:04d}",
                count=f.item_count,
                pages=f.page_count,
            )
        )
        ctx.echo(_("{path}: manifest").format(path=f.manifest))
        for other in f.overlaps:
            ctx.warn(
                _(
                    "Box {other} ({first}–{last}) of the same year and retention already holds "
                    "some of these items: one item belongs in one box (use --box {other} to "
                    "rebuild that box instead)."
                ).format(
                    other=other.box,
                    first=f"{other.first_seq:04d}",
                    last=f"{other.last_seq:04d}",
                )
            )
    return 0


def cmd_labels(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write box labels for every recorded box batch of the year."""
    from board_app.services import archive

    batches = archive.build_labels(ctx.services, args.org, args.year, args.out, spine=args.spine)
    ctx.echo(
        _("Wrote labels for {count} box(es) to {path}").format(count=len(batches), path=args.out)
    )
    return 0


def cmd_verify(args: argparse.Namespace, ctx: CliContext) -> int:
    """Check a box PDF; exit code 4 when anything differs."""
    from board_app.services.archive_verify import verify_archive

    report = verify_archive(ctx.services, args.file)
    if report.problems:
        for problem in report.problems:
            ctx.warn(problem)
        raise CheckFailedError(
            _("{file}: {count} difference(s) found.").format(
                file=args.file, count=len(report.problems)
            )
        )
    ctx.echo(
        _("{file}: matches its manifest and the database ({count} items).").format(
            file=args.file, count=report.items_checked
        )
    )
    return 0
