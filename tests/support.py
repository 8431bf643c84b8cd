"""Helpers shared by tests (importable as ``support``)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from board_app.domain.items import Category, Item, Organization, PublicationType

if TYPE_CHECKING:
    from board_app.services.boards import PosterSource

#: The clock of the service tests (conftest.py gives every Services this "now").
FIXED_NOW = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)


class FakeRepo:
    """The tests' stand-in for the repository: one organization with its categories and items,
    read the way the poster pipeline reads (``services.boards.PosterSource``)."""

    def __init__(
        self, organization: Organization, items: list[Item], categories: list[Category]
    ) -> None:
        self.org, self.items, self.categories = organization, items, categories

    def get_organization_by_name(self, name: str) -> Organization | None:
        return self.org if name == self.org.name else None

    def list_categories(self, org_id: int) -> list[Category]:
        return self.categories

    def list_items(self, org_id: int, *, details: bool = True) -> list[Item]:
        return self.items

    def load_details(self, items: list[Item]) -> list[Item]:
        return items  # the items were made with their ledgers and images


def _fake_repo_is_a_poster_source(repo: FakeRepo) -> PosterSource:
    return repo  # checked by mypy (tests/test_types.py)


def category_id(services, org, name: str) -> int:
    """Id of the category called ``name`` in the organization's catalogue."""
    return next(c.id for c in services.orgs.categories(org.id) if c.name == name)


def party_dues_item(services, org, **kw) -> Item:
    """An unsaved 定期公开 draft: the third quarter's 党费收缴使用 of ``org`` (``kw`` overrides)."""
    data = {
        "title": "2026年第三季度党费收缴使用情况",
        "publication_type": PublicationType.PERIODIC,
        "organization_id": org.id,
        "category_id": category_id(services, org, "党费收缴使用"),
        "period": "2026-Q3",
        "body": "本季度应缴党费党员31名。",
        "responsible": "吴喆",
    }
    data.update(kw)
    return Item(**data)


def publish_item(services, item, on: date):
    """Save, submit, approve and publish an item on ``on``.

    An item without a 责任人 or body gets placeholders: submission needs both.
    """
    item.responsible = item.responsible or "村委会"
    item.body = item.body if item.body.strip() else "（正文）"
    item = services.items.save(item)
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="村务监督委员会", on=on, opinion="同意")
    return services.items.publish(item.id, on=on)


def demo_copy(template_dir, target, on):
    """A copy of a demo database built once in ``template_dir`` (as of ``on``) at ``target``.

    Building the demo takes seconds; copying the closed file takes milliseconds.
    """
    import shutil
    from datetime import datetime, timezone
    from pathlib import Path

    from board_app.demo import build_demo
    from board_app.services.context import open_services

    template = Path(template_dir) / "demo-template.sqlite3"
    if not template.exists():
        svc = open_services(template, operator="测试员")
        try:
            svc.ctx.clock = lambda: datetime(on.year, on.month, on.day, 2, tzinfo=timezone.utc)
            build_demo(svc, on)
        finally:
            svc.close()
    shutil.copy(template, target)
    return Path(target)


def dump_rows(services) -> list[str]:
    """Every row of every table (either engine), to prove that nothing changed."""
    db = services.database.db
    lines: list[str] = []
    for table in sorted(db.get_tables()):
        if table.startswith(("sqlite_", "item_fts")):
            continue
        rows = db.execute_sql(f'SELECT * FROM "{table}"').fetchall()
        lines.extend(f"{table}: {row!r}" for row in sorted(rows, key=repr))
    return lines


def set_township(services, org_id: int, township: str) -> None:
    """Put an organization of a server database into a township, as the administrator.

    Adds ``organization.township`` first when the schema does not have it yet (what migration
    step 8 adds; a no-op once it is there)."""
    db = services.database.db
    db.execute_sql(
        "ALTER TABLE organization ADD COLUMN IF NOT EXISTS township VARCHAR(255) NOT NULL "
        "DEFAULT ''"
    )
    db.execute_sql("UPDATE organization SET township = %s WHERE id = %s", (township, org_id))
