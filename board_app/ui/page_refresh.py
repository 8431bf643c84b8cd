"""Pages refreshed only when a change concerns them (change notices instead of reload-all).

Each page of the main window says which ``Changes`` concern it and how it refreshes. After an
operation the window passes what changed (``Services.take_changes``) to ``changed``: the page
shown refreshes at once when concerned, the others are marked stale and refresh when next
shown (the window calls ``changed`` when the page shown changes, too). A page is also stale
when the day changed since it was refreshed (dates in it move).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QTabWidget, QWidget

from board_app.services.changes import Changes


@dataclass
class _Page:
    refresh: Callable[[], object]
    concerned: Callable[[Changes], bool]
    stale: bool = True  # a page refreshes when first shown
    day: date | None = None


class StalePages:
    """The pages of a ``QTabWidget`` with their refresh and the changes that concern them."""

    def __init__(
        self,
        tabs: QTabWidget,
        today: Callable[[], date],
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        self.tabs = tabs
        self.today = today
        self.busy = busy
        self._pages: dict[QWidget, _Page] = {}

    def add(
        self,
        page: QWidget,
        refresh: Callable[[], object],
        concerned: Callable[[Changes], bool],
        *,
        fresh: bool = False,
    ) -> None:
        """Refresh ``page`` with ``refresh`` when ``concerned(changes)`` says so; ``fresh``
        when it has just loaded its data (else it refreshes when first shown)."""
        self._pages[page] = _Page(refresh, concerned, not fresh, self.today() if fresh else None)

    def is_stale(self, page: QWidget) -> bool:
        return self._pages[page].stale

    def changed(self, changes: Changes) -> None:
        """Mark the concerned pages stale; the page shown refreshes now."""
        for entry in self._pages.values():
            if changes and entry.concerned(changes):
                entry.stale = True
        self.shown()

    def mark_all_stale(self) -> None:
        """Everything may have changed (another database, Refresh)."""
        for entry in self._pages.values():
            entry.stale = True
        self.shown()

    def shown(self) -> None:
        """Refresh the page shown when it is stale (not while a worker owns the database)."""
        page = self.tabs.currentWidget()
        entry = self._pages.get(page) if page is not None else None
        if entry is None or self.busy():
            return
        today = self.today()
        if not entry.stale and entry.day == today:
            return
        entry.stale = False
        entry.day = today
        entry.refresh()
