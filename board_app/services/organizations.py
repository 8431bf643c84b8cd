"""Organizations (单位) and their disclosure catalogue (公开目录)."""

from __future__ import annotations

from dataclasses import asdict

from board_app.domain.ids import stored_id
from board_app.domain.items import Cadence, Category, DueRule, Organization, PublicationType
from board_app.errors import NotFoundError, ValidationError
from board_app.i18n import _
from board_app.services.catalogue_defaults import default_catalogue
from board_app.services.context import Context

DEFAULT_DISPLAY_DAYS_KEY = "default_display_days"


class OrganizationService:
    """Create, edit and list organizations and their catalogue categories."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = ctx.repo

    def all(self) -> list[Organization]:
        """Every organization, in creation order."""
        return self.repo.list_organizations()

    def get(self, org_id: int) -> Organization:
        return self.repo.get_organization(org_id)

    def by_name(self, name: str) -> Organization:
        """The organization called ``name``; NotFoundError lists the known names otherwise."""
        org = self.repo.get_organization_by_name(name)
        if org is None:
            known = "、".join(o.name for o in self.repo.list_organizations()) or "-"
            raise NotFoundError(
                _("No organization is called “{name}”. Known: {known}").format(
                    name=name, known=known
                )
            )
        return org

    def default_display_days(self) -> int:
        """Display days given to new organizations (a setting stored in the database)."""
        value = self.repo.get_meta(DEFAULT_DISPLAY_DAYS_KEY)
        return int(value) if value else 30

    def set_default_display_days(self, days: int) -> None:
        if days < 1:
            raise ValidationError(_("Display days must be at least 1."))
        with self.repo.transaction():
            self.repo.set_meta(DEFAULT_DISPLAY_DAYS_KEY, str(days))

    def _check(self, org: Organization) -> None:
        problems = []
        if not org.name.strip():
            problems.append(_("The organization name is empty."))
        if org.display_days < 1:
            problems.append(_("Display days must be at least 1."))
        from board_app.services.archive import fonds_code_problem

        fonds = fonds_code_problem(org.fonds_code or "", org.fonds_name or "")
        if fonds:
            problems.append(fonds)
        from board_app.domain.township import clean_township, township_problem

        org.township = clean_township(org.township)
        township = township_problem(org.township)
        if township:
            problems.append(township)
        other = self.repo.get_organization_by_name(org.name)
        if other is not None and other.id != org.id:
            problems.append(_("An organization called “{name}” exists.").format(name=org.name))
        if problems:
            raise ValidationError("; ".join(problems), problems)

    def create(self, org: Organization, *, with_catalogue: bool = True) -> Organization:
        """Add an organization with the default catalogue for its kind."""
        org.name = org.name.strip()
        self._check(org)
        with self.repo.transaction():
            self.repo.save_organization(org)
            if with_catalogue:
                for cat in default_catalogue(org.kind):
                    cat.organization_id = org.id
                    self.repo.save_category(cat)
            self.ctx.audit(
                "organization.create",
                organization_id=org.id,
                changes={"name": (None, org.name)},
            )
        return org

    def update(self, org: Organization) -> Organization:
        """Save changed organization fields, recording what changed."""
        self._check(org)
        before = asdict(self.repo.get_organization(stored_id(org.id)))
        after = asdict(org)
        changes = {k: (before[k], after[k]) for k in after if before.get(k) != after[k]}
        with self.repo.transaction():
            self.repo.save_organization(org)
            if changes:
                self.ctx.audit("organization.update", organization_id=org.id, changes=changes)
        return org

    # ----- catalogue ------------------------------------------------------------------------
    def categories(self, org_id: int) -> list[Category]:
        """The catalogue in display order."""
        return self.repo.list_categories(org_id)

    def category(self, cat_id: int) -> Category:
        return self.repo.get_category(cat_id)

    def save_category(self, cat: Category) -> Category:
        """Add or change a category; names are unique within an organization."""
        if not cat.name.strip():
            raise ValidationError(_("The category name is empty."))
        other = self.repo.find_category(stored_id(cat.organization_id), cat.name)
        if other is not None and other.id != cat.id:
            raise ValidationError(_("A category called “{name}” exists.").format(name=cat.name))
        with self.repo.transaction():
            if cat.id is None and cat.display_order == 0:
                existing = self.repo.list_categories(stored_id(cat.organization_id))
                cat.display_order = max((c.display_order for c in existing), default=-1) + 1
            before = asdict(self.repo.get_category(cat.id)) if cat.id else {}
            self.repo.save_category(cat)
            after = asdict(cat)
            self.ctx.audit(
                "category.save",
                organization_id=cat.organization_id,
                changes={k: (before.get(k), v) for k, v in after.items() if before.get(k) != v},
            )
        return cat

    def set_cadence(self, cat_id: int, cadence: Cadence) -> Category:
        """Let the organization pick how often a category is disclosed (财务收支明细 monthly
        or quarterly). Periodic categories need a cadence other than "as needed"; a category
        without a due rule gets the usual one (day 10 of the month after the period). Reports
        already filed keep their periods; finer ones still count in the calendar."""
        cat = self.repo.get_category(cat_id)
        if cat.publication_type is PublicationType.PERIODIC and cadence is Cadence.AS_NEEDED:
            raise ValidationError(
                _(
                    "“{name}” is disclosed periodically: choose monthly, quarterly, half-yearly "
                    "or yearly."
                ).format(name=cat.name)
            )
        if cadence is cat.cadence:
            return cat
        before = cat.cadence
        cat.cadence = cadence
        if cadence is not Cadence.AS_NEEDED and cat.due_rule is None:
            cat.due_rule = DueRule(1, 10)
        with self.repo.transaction():
            self.repo.save_category(cat)
            self.ctx.audit(
                "category.cadence",
                organization_id=cat.organization_id,
                changes={"name": (cat.name, cat.name), "cadence": (before.value, cadence.value)},
            )
        return cat

    def delete_category(self, cat_id: int) -> None:
        """Remove a category; its items keep their data and lose the category link."""
        cat = self.repo.get_category(cat_id)
        with self.repo.transaction():
            self.repo.delete_category(cat_id)
            self.ctx.audit(
                "category.delete",
                organization_id=cat.organization_id,
                changes={"name": (cat.name, None)},
            )

    def reorder_categories(self, org_id: int, ordered_ids: list[int]) -> None:
        """Set the display order to the order of ``ordered_ids``."""
        with self.repo.transaction():
            for position, cat_id in enumerate(ordered_ids):
                cat = self.repo.get_category(cat_id)
                if cat.organization_id != org_id:
                    raise ValidationError(_("The category belongs to another organization."))
                cat.display_order = position
                self.repo.save_category(cat)
            self.ctx.audit(
                "category.reorder", organization_id=org_id, changes={"order": (None, ordered_ids)}
            )
