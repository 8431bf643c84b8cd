"""Organizations and catalogue categories: rows <-> domain objects."""

from __future__ import annotations

import json
from typing import Any

from board_app.domain.items import (
    ORGANIZATION_FIELDS,
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

#: Board options kept together in the ``board_options`` JSON column: field -> JSON key.
_BOARD_OPTIONS = {
    "board_language": "language",
    "board_signoff": "signoff",
    "board_signoff_text": "signoff_text",
}
#: Fields kept as JSON lists of text.
_JSON_LISTS = ("footer_lines", "public_numbers")
#: The organization table's data columns: each of the organization's other fields.
_COLUMNS = tuple(name for name in ORGANIZATION_FIELDS if name not in _BOARD_OPTIONS)
_DEFAULTS = Organization(name="")


@bound_methods
class CatalogueRows:
    """Organizations and their disclosure catalogue."""

    # ----- organizations --------------------------------------------------------------------
    @staticmethod
    def _org(row: OrganizationRow) -> Organization:
        values: dict[str, Any] = {name: getattr(row, name) for name in _COLUMNS}
        values["kind"] = OrgKind(row.kind)
        for name in _JSON_LISTS:
            values[name] = json.loads(values[name] or "[]")
        options = json.loads(row.board_options or "{}")
        for name, key in _BOARD_OPTIONS.items():
            default = getattr(_DEFAULTS, name)
            value = options.get(key)
            values[name] = default if value in (None, "") else type(default)(value)
        return Organization(id=row.id, **values)

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
        data: dict[str, Any] = {name: getattr(org, name) for name in _COLUMNS}
        data["kind"] = org.kind.value
        for name in _JSON_LISTS:
            data[name] = json.dumps(data[name], ensure_ascii=False)
        data["board_options"] = json.dumps(
            {key: getattr(org, name) for name, key in _BOARD_OPTIONS.items()}, ensure_ascii=False
        )
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
