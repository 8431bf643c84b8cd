"""The item table: a Qt model over paged, sorted service queries.

Only the rows the view has scrolled to are loaded, ``PAGE`` at a time (``canFetchMore`` /
``fetchMore``); the total comes from a count query. Sorting asks the service again with a
``SortKey``; the model never holds all rows of a large database.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from board_app.domain import labels
from board_app.domain.items import Status
from board_app.domain.periods import Period, label_zh
from board_app.domain.queries import ItemFilter, ItemSummary, SortKey
from board_app.i18n import N_, _

if TYPE_CHECKING:
    from board_app.services.context import Services

_Index = QModelIndex | QPersistentModelIndex

(
    COL_NUMBER,
    COL_ORG,
    COL_TITLE,
    COL_TYPE,
    COL_CATEGORY,
    COL_PERIOD,
    COL_STATUS,
    COL_PUBLISH,
    COL_EXPIRE,
) = range(9)
HEADERS = [
    N_("No."),
    N_("Organization"),
    N_("Title"),
    N_("Type"),
    N_("Category"),
    N_("Period"),
    N_("Status"),
    N_("Published on"),
    N_("Expires on"),
]
SORT_KEYS = [
    SortKey.NUMBER,
    SortKey.ORGANIZATION,
    SortKey.TITLE,
    SortKey.TYPE,
    SortKey.CATEGORY,
    SortKey.PERIOD,
    SortKey.STATUS,
    SortKey.PUBLISH_DATE,
    SortKey.EXPIRE_DATE,
]
ItemIdRole = Qt.ItemDataRole.UserRole + 1
SummaryRole = Qt.ItemDataRole.UserRole + 2

SCHEDULED_COLOUR = "#0e7490"
_STATUS_COLOURS = {
    Status.DRAFT: "#6b7280",
    Status.SUBMITTED: "#b45309",
    Status.REVIEWED: "#1d4ed8",
    Status.PUBLISHED: "#15803d",
    Status.WITHDRAWN: "#9ca3af",
}


def period_text(period: str | None) -> str:
    """A period as written on the boards: 2026年第三季度, in the English UI too (periods are
    data, printed in Chinese, and the Chinese form is what the clerk searches for)."""
    if not period:
        return ""
    try:
        return label_zh(Period.parse(period))
    except ValueError:
        return period


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class ItemTableModel(QAbstractTableModel):
    """Rows of ItemSummary, fetched page by page from ``services.items``."""

    PAGE = 200

    def __init__(self, services: Services, parent: Any = None) -> None:
        super().__init__(parent)
        self.services = services
        self.filter = ItemFilter()
        self.sort_key = SortKey.UPDATED
        self.descending = True
        self.total = 0
        self.org_names: dict[int | None, str] = {}
        self.rows: list[ItemSummary] = []
        self.today: date = services.ctx.today() if services is not None else date.today()
        self.blocked = False  # True while a worker thread owns the database

    # ----- loading ------------------------------------------------------------------------
    def set_services(self, services: Services) -> None:
        self.services = services
        self.filter = ItemFilter()
        self.reload()

    def set_filter(self, flt: ItemFilter) -> None:
        """Show the items matching ``flt`` (first page only)."""
        self.filter = flt
        self.reload()

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Count again and load the first page (or as many rows as were loaded)."""
        if self.blocked or self.services is None:
            return
        want = max(self.PAGE, len(self.rows)) if keep_loaded else self.PAGE
        self.org_names = {o.id: o.name for o in self.services.orgs.all()}
        self.today = self.services.ctx.today()
        self.beginResetModel()
        self.total = self.services.items.count(self.filter)
        self.rows = self.services.items.page(
            self.filter, sort=self.sort_key, descending=self.descending, offset=0, limit=want
        )
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.blocked and len(self.rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self.blocked:
            return
        more = self.services.items.page(
            self.filter,
            sort=self.sort_key,
            descending=self.descending,
            offset=len(self.rows),
            limit=self.PAGE,
        )
        if not more:
            self.total = len(self.rows)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        self.sort_key = SORT_KEYS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # ----- lookups ------------------------------------------------------------------------
    def item_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def summary(self, row: int) -> ItemSummary | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, item_id: int) -> int:
        """Row of a loaded item, or -1."""
        for row, summary in enumerate(self.rows):
            if summary.id == item_id:
                return row
        return -1

    # ----- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        s = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(s, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Numbers run per organization: say whose item it is (useful in "all"); the
            # title's full text (the column elides it in the middle).
            org = _("Organization: {name}").format(name=self.org_names.get(s.organization_id, ""))
            detail = {COL_TITLE: s.title, COL_CATEGORY: s.category_name}.get(col)
            return f"{detail}\n{org}" if detail else org
        if role == ItemIdRole:
            return s.id
        if role == SummaryRole:
            return s
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            if labels.is_scheduled(s.status, s.publish_date, self.today):
                return QBrush(QColor(SCHEDULED_COLOUR))
            return QBrush(QColor(_STATUS_COLOURS[s.status]))
        if role == Qt.ItemDataRole.ForegroundRole and s.status is Status.WITHDRAWN:
            return QBrush(QColor(_STATUS_COLOURS[Status.WITHDRAWN]))
        return None

    def _text(self, s: ItemSummary, col: int) -> str:
        if col == COL_NUMBER:
            return s.number or ""
        if col == COL_ORG:
            return self.org_names.get(s.organization_id, "")
        if col == COL_TITLE:
            return s.title
        if col == COL_TYPE:
            return labels.publication_type(s.publication_type)
        if col == COL_CATEGORY:
            return s.category_name or _("(no category)")
        if col == COL_PERIOD:
            return period_text(s.period)
        if col == COL_STATUS:
            return labels.status_on(s.status, s.publish_date, self.today)
        if col == COL_PUBLISH:
            return _day(s.publish_date)
        if col == COL_EXPIRE:
            return _day(s.expire_date)
        return ""
