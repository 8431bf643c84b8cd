"""Organizations and catalogue categories: rows <-> domain objects."""

from __future__ import annotations

import json

from board_app.domain.items import (
    Cadence,
    Category,
    Domain,
    DueRule,
    Organization,
    OrgKind,
    PublicationType,
    Retention,
    Scope,
)
from board_app.errors import NotFoundError
from board_app.i18n import _
from board_app.storage.models import (
    CategoryRow,
    OrganizationRow,
)
from board_app.storage.rows import bound_methods


@bound_methods
class CatalogueRows:
    """Organizations and their disclosure catalogue."""

    # ----- organizations --------------------------------------------------------------------
    @staticmethod
    def _org(row: OrganizationRow) -> Organization:
        options = json.loads(row.board_options or "{}")
        return Organization(
            board_language=str(options.get("language") or "zh_CN"),
            board_signoff=bool(options.get("signoff", True)),
            board_signoff_text=str(options.get("signoff_text") or ""),
            id=row.id,
            name=row.name,
            kind=OrgKind(row.kind),
            phone=row.phone,
            address=row.address,
            fonds_code=row.fonds_code,
            fonds_name=row.fonds_name,
            display_days=row.display_days,
            board_title=row.board_title,
            board_subtitle=row.board_subtitle,
            footer_lines=json.loads(row.footer_lines or "[]"),
            board_template=row.board_template,
            board_theme=row.board_theme,
            public_numbers=json.loads(row.public_numbers or "[]"),
            tracking_start=row.tracking_start,
            township=row.township,
        )

    def list_organizations(self) -> list[Organization]:
        return [self._org(r) for r in OrganizationRow.select().order_by(OrganizationRow.id)]

    def get_organization(self, org_id: int) -> Organization:
        row = OrganizationRow.get_or_none(OrganizationRow.id == org_id)
        if row is None:
            raise NotFoundError(_("The organization no longer exists."))
        return self._org(row)

    def get_organization_by_name(self, name: str) -> Organization | None:
        row = OrganizationRow.get_or_none(OrganizationRow.name == name)
        return self._org(row) if row else None

    def save_organization(self, org: Organization) -> Organization:
        data = {
            "name": org.name,
            "kind": org.kind.value,
            "phone": org.phone,
            "address": org.address,
            "fonds_code": org.fonds_code,
            "fonds_name": org.fonds_name,
            "display_days": org.display_days,
            "board_title": org.board_title,
            "board_subtitle": org.board_subtitle,
            "footer_lines": json.dumps(org.footer_lines, ensure_ascii=False),
            "board_template": org.board_template,
            "board_theme": org.board_theme,
            "public_numbers": json.dumps(org.public_numbers, ensure_ascii=False),
            "tracking_start": org.tracking_start,
            "township": org.township,
            "board_options": json.dumps(
                {
                    "language": org.board_language,
                    "signoff": org.board_signoff,
                    "signoff_text": org.board_signoff_text,
                },
                ensure_ascii=False,
            ),
        }
        if org.id is None:
            org.id = OrganizationRow.insert(**data).execute()
        else:
            OrganizationRow.update(**data).where(OrganizationRow.id == org.id).execute()
        return org

    def delete_organization(self, org_id: int) -> None:
        OrganizationRow.delete().where(OrganizationRow.id == org_id).execute()

    # ----- categories -----------------------------------------------------------------------
    @staticmethod
    def _cat(row: CategoryRow) -> Category:
        rule = (
            DueRule(row.due_month_offset, row.due_day)
            if row.due_month_offset is not None and row.due_day is not None
            else None
        )
        return Category(
            id=row.id,
            organization_id=row.organization_id,
            name=row.name,
            domain=Domain(row.domain),
            publication_type=PublicationType(row.publication_type),
            scope=Scope(row.scope),
            cadence=Cadence(row.cadence),
            due_rule=rule,
            retention=Retention(row.retention),
            display_order=row.display_order,
        )

    def list_categories(self, org_id: int) -> list[Category]:
        query = (
            CategoryRow.select()
            .where(CategoryRow.organization == org_id)
            .order_by(CategoryRow.display_order, CategoryRow.id)
        )
        return [self._cat(r) for r in query]

    def get_category(self, cat_id: int) -> Category:
        row = CategoryRow.get_or_none(CategoryRow.id == cat_id)
        if row is None:
            raise NotFoundError(_("The category no longer exists (it may have been deleted)."))
        return self._cat(row)

    def find_category(self, org_id: int, name: str) -> Category | None:
        row = CategoryRow.get_or_none(
            (CategoryRow.organization == org_id) & (CategoryRow.name == name)
        )
        return self._cat(row) if row else None

    def save_category(self, cat: Category) -> Category:
        data = {
            "organization": cat.organization_id,
            "name": cat.name,
            "domain": cat.domain.value,
            "publication_type": cat.publication_type.value,
            "scope": cat.scope.value,
            "cadence": cat.cadence.value,
            "due_month_offset": cat.due_rule.month_offset if cat.due_rule else None,
            "due_day": cat.due_rule.day if cat.due_rule else None,
            "retention": cat.retention.value,
            "display_order": cat.display_order,
        }
        if cat.id is None:
            cat.id = CategoryRow.insert(**data).execute()
        else:
            CategoryRow.update(**data).where(CategoryRow.id == cat.id).execute()
        return cat

    def delete_category(self, cat_id: int) -> None:
        CategoryRow.delete().where(CategoryRow.id == cat_id).execute()
