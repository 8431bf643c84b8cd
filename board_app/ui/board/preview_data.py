"""What a board preview is rendered from (a snapshot of one organization) and what it yields."""

from __future__ import annotations

from dataclasses import dataclass

from board_app.domain.items import Category, Item, Organization
from board_app.services.boards import PosterOptions, PosterResult


class Snapshot:
    """One organization's data read on the UI thread; quacks like the repository for
    ``render_poster_bytes`` so the worker thread never uses the database connection."""

    def __init__(
        self,
        org: Organization,
        categories: list[Category],
        items: list[Item],
        feedback_records: list | None = None,
    ) -> None:
        self.org, self.categories, self.items = org, categories, items
        # Replies posted on the 回音壁 (None: the organization's 回音壁 is off).
        self.feedback_records = feedback_records

    def get_organization_by_name(self, name: str) -> Organization | None:
        return self.org if name == self.org.name else None

    def list_categories(self, _org_id: int) -> list[Category]:
        return list(self.categories)

    def list_items(self, _org_id: int, **_kw: object) -> list[Item]:
        return list(self.items)

    def load_details(self, items: list[Item]) -> list[Item]:
        """The snapshot's items were read with their details already."""
        return items


@dataclass
class Rendered:
    """A finished preview: the PDF bytes and what the board service reported."""

    data: bytes
    result: PosterResult
    options: PosterOptions
    org: Organization
    items: list[Item]
    seconds: float
