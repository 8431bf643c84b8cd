"""Offline offices: ``pull`` the township's catalogue and board texts into the local file.

For every organization of this office that the township's database also has (matched by name,
as the import does), the catalogue (categories with their cadence, due rule, type, domain, scope
and retention) and the board texts (title, subtitle, footer lines, template, theme) are taken
from the township: a category the office lacks is added, a differing one is changed, and one
only the office has stays. Items, feedback and matters are never touched. One transaction on
the local database; pulling twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from board_app.domain.items import Category, Organization
from board_app.errors import UsageError
from board_app.i18n import N_, _
from board_app.services.sync import chosen_organizations, show, where

if TYPE_CHECKING:
    from board_app.services.context import Services

Progress = Callable[[int, int], None]
BOARD_FIELDS = {
    "board_title": N_("Board title"),
    "board_subtitle": N_("Subtitle"),
    "footer_lines": N_("Footer lines"),
    "board_template": N_("Board template"),
    "board_theme": N_("Colour theme"),
}
CATEGORY_FIELDS = {
    "domain": N_("Domain"),
    "publication_type": N_("Publication type"),
    "scope": N_("Scope"),
    "cadence": N_("Cadence"),
    "due_rule": N_("Due rule"),
    "retention": N_("Retention"),
}


@dataclass(frozen=True)
class PulledChange:
    """One value of the local file replaced by the township's."""

    organization: str
    what: str  # a board field, or “category NAME: field”, as users read it
    before: str
    after: str
    field: str = ""  # the field's name (board_title, cadence …)
    category: str = ""  # the category's name for a catalogue change


@dataclass
class PullReport:
    """What a pull changed in the local file."""

    source: str
    changes: list[PulledChange] = field(default_factory=list)
    categories_added: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_on_server: list[str] = field(default_factory=list)


def pull(
    server: Services,
    local: Services,
    *,
    organizations: list[str] | None = None,
    source_label: str = "",
    progress: Progress | None = None,
) -> PullReport:
    """Bring the township's catalogue and board texts down into ``local``."""
    if where(server) == where(local):
        raise UsageError(_("The target is this database itself."))
    report = PullReport(source=source_label or where(server))
    wanted: list[tuple[Organization, Organization, list[Category]]] = []
    for org in chosen_organizations(local, organizations):
        theirs = server.repo.get_organization_by_name(org.name)
        if theirs is None:
            report.not_on_server.append(org.name)
            continue
        wanted.append((org, theirs, server.repo.list_categories(theirs.id)))  # type: ignore[arg-type]
    with local.repo.transaction():
        for n, (org, theirs, categories) in enumerate(wanted, start=1):
            _pull_board(local, org, theirs, report)
            _pull_catalogue(local, org, categories, report)
            if progress:
                progress(n, len(wanted))
    return report


def _pull_board(
    local: Services, org: Organization, theirs: Organization, report: PullReport
) -> None:
    changed = replace(org)
    for name, label in BOARD_FIELDS.items():
        before, after = getattr(org, name), getattr(theirs, name)
        if before == after:
            report.unchanged += 1
            continue
        setattr(changed, name, list(after) if isinstance(after, list) else after)
        report.changes.append(PulledChange(org.name, _(label), show(before), show(after), name))
    if changed != org:
        local.orgs.update(changed)


def _pull_catalogue(
    local: Services, org: Organization, categories: list[Category], report: PullReport
) -> None:
    mine = {c.name: c for c in local.repo.list_categories(org.id)}  # type: ignore[arg-type]
    for cat in sorted(categories, key=lambda c: c.display_order):
        current = mine.get(cat.name)
        if current is None:
            local.orgs.save_category(replace(cat, id=None, organization_id=org.id, display_order=0))
            report.categories_added.append(f"{org.name}: {cat.name}")
            continue
        changed = replace(current)
        for name, label in CATEGORY_FIELDS.items():
            before, after = getattr(current, name), getattr(cat, name)
            if before == after:
                continue
            setattr(changed, name, after)
            what = _("category “{name}”: {field}").format(name=cat.name, field=_(label))
            report.changes.append(
                PulledChange(
                    org.name, what, show(_rule(before)), show(_rule(after)), name, cat.name
                )
            )
        if changed != current:
            local.orgs.save_category(changed)
        else:
            report.unchanged += 1


def _rule(value: object) -> object:
    """A due rule as its words (other values as they are)."""
    month_offset = getattr(value, "month_offset", None)
    if month_offset is None:
        return value
    return _("day {day}, {months} month(s) after the period").format(
        day=value.day,  # type: ignore[attr-defined]
        months=month_offset,
    )


def pull_summary(report: PullReport) -> str:
    """The one-line summary of a pull."""
    return _(
        "Pull from {source}: {changes} change(s), {added} category(ies) added, "
        "{unchanged} unchanged."
    ).format(
        source=report.source,
        changes=len(report.changes),
        added=len(report.categories_added),
        unchanged=report.unchanged,
    )
