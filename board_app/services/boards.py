"""The poster pipeline shared by the command line and the GUI.

select items (rules) -> lay out (layout.poster) -> check glyphs -> draw (render.poster_pdf),
full size or tiled onto A4/A3 sheets.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from board_app import files
from board_app.domain.ids import stored_id
from board_app.domain.items import Category, Item, Organization, Status
from board_app.domain.rules import BoardSelection, select_board_items
from board_app.errors import CheckFailedError, NotFoundError, UsageError
from board_app.i18n import _
from board_app.layout.poster import PosterLayout, Sections, build_poster
from board_app.layout.templates import (  # re-exported: the UI and CLI see layout through here
    BoardTemplate,
    list_templates,
    load_template,
    resolve_template,
)
from board_app.layout.tiling import DEFAULT_OVERLAP_MM, TILE_PAPERS, TilePlan, plan_tiles
from board_app.render import poster_fonts
from board_app.render.poster_pdf import PdfInfo, render_poster
from board_app.services import feedback_board

__all__ = [
    "DEFAULT_OVERLAP_MM",
    "TILE_PAPERS",
    "BoardTemplate",
    "PosterOptions",
    "PosterSource",
    "list_templates",
    "load_template",
    "make_poster",
    "render_poster_bytes",
    "resolve_template",
]


class PosterSource(Protocol):
    """What the poster pipeline reads: the repository, the GUI preview's snapshot of one
    organization (ui/board/preview_data.py) or a test's stand-in.

    A source that also has ``feedback_records`` (a snapshot) or is the repository itself gives
    the 回音壁 its posted replies (see :func:`feedback_board.posted_records`)."""

    def get_organization_by_name(self, name: str, /) -> Organization | None: ...

    def list_categories(self, org_id: int, /) -> list[Category]: ...

    def list_items(self, org_id: int, /, *, details: bool = ...) -> list[Item]: ...

    def load_details(self, items: list[Item], /) -> list[Item]:
        """Fill in ledgers and images of items listed without details; returns ``items``."""
        ...


@dataclass
class PosterOptions:
    """What to print: date, board size, audience, tiling and checks."""

    on: date
    template: str | None = None
    size: str | None = None
    landscape: bool = False
    audience: str = "public"
    tile: str | None = None
    overlap_mm: float = DEFAULT_OVERLAP_MM
    allow_missing_glyphs: bool = False
    deterministic: bool = False


@dataclass
class PosterResult:
    """What was made."""

    sheets: int
    pages_written: int
    selection: BoardSelection
    missing_glyphs: list[tuple[str, str]] = field(default_factory=list)
    continued_sheets: int = 0
    out: Path | None = None
    tiles: int = 0
    template: str = ""
    #: (item title, message): layout warnings such as pictures printed below 100 dpi
    warnings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PreparedPoster:
    """A laid-out poster ready to draw."""

    org: Organization
    layout: PosterLayout
    selection: BoardSelection
    plan: TilePlan | None
    info: PdfInfo
    missing_glyphs: list[tuple[str, str]]


def choose_template(org: Organization, options: PosterOptions) -> BoardTemplate:
    """--size beats --template beats the organization's template; default a3-portrait."""
    if options.template and options.size:
        raise UsageError(_("Give either a template or a size, not both"))
    return resolve_template(
        options.template, options.size, options.landscape, default=org.board_template or None
    )


def missing_glyphs(layout: PosterLayout) -> list[tuple[str, str]]:
    """(item title or "", character) for every character no font can draw, in order."""
    texts = list(layout.texts())
    by_role: dict[str, set[str]] = {}
    for text in texts:
        by_role.setdefault(text.role, set()).update(text.text)
    # Each role's characters are checked once; only texts holding a missing one are named.
    missing = {
        role: poster_fonts.missing_characters("".join(chars), role)
        for role, chars in by_role.items()
    }
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for text in texts:
        if not missing[text.role]:
            continue
        for ch in sorted(missing[text.role].intersection(text.text)):
            key = (text.owner, ch)
            if key not in seen:
                seen.add(key)
                out.append(key)
    return out


def prepare_poster(
    org: Organization,
    categories: list[Category],
    items: list[Item],
    options: PosterOptions,
    extra_sections: dict[str, list[Item]] | None = None,
) -> PreparedPoster:
    """Select, lay out and check a poster without touching the database (the faces are those
    of :func:`font_faces.apply_font_settings`)."""
    if options.audience not in ("public", "party"):
        raise UsageError(
            _("Audience must be public or party, not {value}").format(value=options.audience)
        )
    template = choose_template(org, options)
    selection = select_board_items(org, categories, items, options.on, options.audience)
    for shown in selection.sections.values():
        fill_image_sizes(shown)
    sections: Sections = {pt: shown for pt, shown in selection.sections.items()}
    sections.update(extra_sections or {})  # e.g. the 回音壁
    layout = build_poster(org, sections, template, options.on, categories=categories)
    plan = None
    if options.tile:
        plan = plan_tiles(template.width_pt, template.height_pt, options.tile, options.overlap_mm)
    info = PdfInfo(
        title=layout.title,
        author=org.name,
        subject=_("Disclosure board on {date}").format(date=options.on.isoformat()),
    )
    return PreparedPoster(org, layout, selection, plan, info, missing_glyphs(layout))


def fill_image_sizes(items: list[Item]) -> None:
    """Give every picture its pixel size (read from its bytes when the record lacks it): the
    layout sizes photos from these numbers and reads no image files itself."""
    from PIL import Image, UnidentifiedImageError

    for item in items:
        for image in item.images:
            if image.width and image.height:
                continue
            try:
                with Image.open(io.BytesIO(image.data)) as im:
                    image.width, image.height = im.size
            except (OSError, UnidentifiedImageError, ValueError):
                continue  # the layout treats an unknown size as an ordinary photo


def _check(prepared: PreparedPoster, options: PosterOptions) -> None:
    if prepared.missing_glyphs and not options.allow_missing_glyphs:
        lines = [
            _("{item}: {char} (U+{code:04X})").format(
                item=owner or _("board"), char=ch, code=ord(ch)
            )
            for owner, ch in prepared.missing_glyphs
        ]
        raise CheckFailedError(
            _("No installed font can print these characters; nothing was written:")
            + "\n"
            + "\n".join(lines)
        )


def _load(repo: PosterSource, org_name: str) -> tuple[Organization, list[Category], list[Item]]:
    org = repo.get_organization_by_name(org_name)
    if org is None:
        raise NotFoundError(_("No organization named {name}").format(name=org_name))
    categories = repo.list_categories(stored_id(org.id))
    items = repo.list_items(stored_id(org.id), details=False)
    # Only items that are or were published can be on a board: load their ledgers and images.
    candidates = [i for i in items if i.status in (Status.PUBLISHED, Status.WITHDRAWN)]
    repo.load_details(candidates)
    return org, categories, items


def write_poster(prepared: PreparedPoster, options: PosterOptions, out: Path) -> PosterResult:
    """Check glyphs and write the PDF atomically (a temporary file renamed into place)."""
    out = Path(out)
    files.check_output(out)
    _check(prepared, options)
    with files.atomic_output(out, suffix=".pdf") as tmp:
        pages = render_poster(
            prepared.layout,
            tmp,
            prepared.info,
            deterministic=options.deterministic,
            plan=prepared.plan,
        )
    return _result(prepared, pages, out)


def _result(prepared: PreparedPoster, pages: int, out: Path | None) -> PosterResult:
    layout, plan = prepared.layout, prepared.plan
    return PosterResult(
        sheets=len(layout.sheets),
        pages_written=pages,
        selection=prepared.selection,
        missing_glyphs=prepared.missing_glyphs,
        continued_sheets=layout.continued_sheets,
        out=out,
        tiles=pages - len(layout.sheets) if plan else 0,  # blank tiles are not printed
        template=layout.template.name,
        warnings=list(layout.warnings),
    )


def make_poster(
    repo: PosterSource, org_name: str, options: PosterOptions, out: Path
) -> PosterResult:
    """Make the poster PDF of an organization's board (the CLI and GUI entry point)."""
    org, categories, items = _load(repo, org_name)
    extra = feedback_board.board_sections(repo, org, options.on)
    return write_poster(prepare_poster(org, categories, items, options, extra), options, out)


def render_poster_bytes(
    repo: PosterSource, org_name: str, options: PosterOptions
) -> tuple[bytes, PosterResult]:
    """The poster PDF in memory (GUI preview), with the same checks as :func:`make_poster`."""
    org, categories, items = _load(repo, org_name)
    extra = feedback_board.board_sections(repo, org, options.on)
    prepared = prepare_poster(org, categories, items, options, extra)
    _check(prepared, options)
    buf = io.BytesIO()
    pages = render_poster(
        prepared.layout, buf, prepared.info, deterministic=options.deterministic, plan=prepared.plan
    )
    return buf.getvalue(), _result(prepared, pages, None)
