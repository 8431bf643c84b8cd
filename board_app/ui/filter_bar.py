"""The bar above the item table: type tabs, status/period/scope filters and the search box."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QTabBar, QVBoxLayout, QWidget

from board_app.domain import labels
from board_app.domain.items import Cadence, PublicationType, Scope, Status
from board_app.domain.periods import Period
from board_app.i18n import _
from board_app.ui.models.item_table_model import period_text

SEARCH_DELAY_MS = 250


def recent_periods(today: date, years: int = 3) -> list[str]:
    """Periods offered in the filter: years, halves, quarters and months, newest first."""
    out: list[str] = []
    for year in range(today.year, today.year - years, -1):
        out.append(str(Period(year, Cadence.YEARLY)))
        out.extend(str(Period(year, Cadence.HALF_YEARLY, h)) for h in (2, 1))
        out.extend(str(Period(year, Cadence.QUARTERLY, q)) for q in (4, 3, 2, 1))
        out.extend(str(Period(year, Cadence.MONTHLY, m)) for m in range(12, 0, -1))
    return out


class FilterValues(TypedDict):
    """The filter bar's choices, as ``ItemFilter`` keyword arguments."""

    publication_type: PublicationType | None
    status: Status | None
    period: str | None
    scope: Scope | None
    text: str | None


class FilterBar(QWidget):
    """Emits ``changed`` when any filter changes (the search box after a short pause)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabBar()
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        self.tab_types: list[PublicationType | None] = [None, *PublicationType]
        self.tabs.addTab(_("All"))
        for pt in PublicationType:
            self.tabs.addTab(labels.publication_type(pt))
        self.status = QComboBox()
        self.status.addItem(_("Any status"))
        for st in Status:
            self.status.addItem(labels.status(st))
        self.period = QComboBox()
        self.period.addItem(_("Any period"), None)
        for p in recent_periods(today or date.today()):
            self.period.addItem(period_text(p), p)
        self.period.setMaxVisibleItems(20)
        self.scope = QComboBox()
        self.scope.addItem(_("Any scope"))
        for sc in Scope:
            self.scope.addItem(labels.scope(sc))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search titles and text (Ctrl+F)"))
        self.search.setMinimumWidth(220)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.flush)

        self.tabs.currentChanged.connect(lambda _i: self.changed.emit())
        for box in (self.status, self.period, self.scope):
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status)
        row.addWidget(self.period)
        row.addWidget(self.scope)
        row.addStretch(1)
        row.addWidget(self.search, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.tabs)
        layout.addLayout(row)

    def flush(self) -> None:
        """Apply a pending search now."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def values(self) -> FilterValues:
        """The chosen filters as ItemFilter keyword arguments."""
        text = self.search.text().strip()
        period = self.period.currentData()
        return {
            "publication_type": self.tab_types[max(0, self.tabs.currentIndex())],
            "status": ([None, *Status])[max(0, self.status.currentIndex())],
            "period": str(period) if period is not None else None,
            "scope": ([None, *Scope])[max(0, self.scope.currentIndex())],
            "text": text or None,
        }

    def reset(self) -> None:
        for w in (self.tabs, self.status, self.period, self.scope, self.search):
            w.blockSignals(True)
        self.tabs.setCurrentIndex(0)
        for box in (self.status, self.period, self.scope):
            box.setCurrentIndex(0)
        self.search.clear()
        for w in (self.tabs, self.status, self.period, self.scope, self.search):
            w.blockSignals(False)
        self.changed.emit()
