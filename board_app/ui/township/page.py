"""The township page (乡镇): pick a township and a date, then three tabs over its villages —
the calendar (worst village first), the 公开情况统计表 and a read-only board preview.

Everything here only reads through ``services.township`` and ``services.boards``: the office
of the township cannot change a village's items from this page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.township import calendar_table
from board_app.ui.colors import ALERT_STYLE, alert_color
from board_app.ui.township.preview_tab import BoardPreviewTab
from board_app.ui.township.stats_tab import StatisticsTab

OrgRole = Qt.ItemDataRole.UserRole + 1


def fill_table(table: QTableWidget, head: list[str], rows: list[list[str]]) -> None:
    """Replace a read-only table's contents (numbers right-aligned)."""
    table.clear()
    table.setColumnCount(len(head))
    table.setHorizontalHeaderLabels(head)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = QTableWidgetItem(text)
            if c > 0 and (text.replace(".", "").replace("%", "").isdigit() or text == "—"):
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, cell)
    table.resizeColumnsToContents()


def cell(table: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    """The item of a cell filled by :func:`fill_table` (every cell has one)."""
    item = table.item(row, col)
    assert item is not None, (row, col)
    return item


def read_only_table() -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class TownshipPage(QWidget):
    """Township, date and the three views; ``message`` reports to the status bar."""

    message = Signal(str)

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.calendar_data: Any = None

        self.township = QComboBox()
        self.township.setMinimumWidth(180)
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self._set_date(services.ctx.today())
        self.refresh_button = QPushButton(_("Refresh"))
        self.empty_label = QLabel(
            _(
                "No organization belongs to a township yet. Set the township in "
                "Edit organization, or run board-app township assign."
            )
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(ALERT_STYLE)
        self.empty_label.hide()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Township:")))
        bar.addWidget(self.township)
        bar.addSpacing(12)
        bar.addWidget(QLabel(_("As of:")))
        bar.addWidget(self.as_of)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)

        # ----- calendar: villages worst first, the selected village's reports below -----------
        self.villages = read_only_table()
        self.entries = QTreeWidget()
        self.entries.setHeaderLabels([_("Category"), _("Period"), _("Due date"), _("State")])
        self.entries.setRootIsDecorated(False)
        self.entries.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview_button = QPushButton(_("View this village's board"))
        self.preview_button.setEnabled(False)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.entries, 1)
        below_layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        calendar = QSplitter(Qt.Orientation.Vertical)
        calendar.addWidget(self.villages)
        calendar.addWidget(below)
        calendar.setSizes([300, 200])

        self.stats = StatisticsTab(self)
        self.preview = BoardPreviewTab(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(calendar, _("Calendar across villages"))
        self.tabs.addTab(self.stats, _("Disclosure statistics"))
        self.tabs.addTab(self.preview, _("Board preview (read-only)"))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.tabs, 1)

        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        self.township.currentIndexChanged.connect(lambda _i: self.refresh())
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.villages.currentCellChanged.connect(lambda *_a: self._show_village())
        self.villages.cellDoubleClicked.connect(lambda *_a: self.preview_selected())
        self.preview_button.clicked.connect(lambda _c=False: self.preview_selected())
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        self.loaded = False  # the views are computed when the page is first shown

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload_townships()

    # ----- state ----------------------------------------------------------------------------
    def _set_date(self, day: date) -> None:
        self.as_of.setDate(QDate(day.year, day.month, day.day))

    def on(self) -> date:
        """The date the views are computed for."""
        day = self.as_of.date().toPython()
        assert isinstance(day, date)
        return day

    def current_township(self) -> str:
        return self.township.currentText()

    def set_services(self, services: Any) -> None:
        """Another database was opened."""
        self.services = services
        self.reload_townships()

    def reload_townships(self, select: str | None = None) -> None:
        """Fill the township list (keeping the choice when it still exists)."""
        self.loaded = True
        keep = select or self.current_township()
        names = self.services.township.townships()
        self.township.blockSignals(True)
        self.township.clear()
        self.township.addItems(names)
        if keep in names:
            self.township.setCurrentText(keep)
        self.township.blockSignals(False)
        self.empty_label.setVisible(not names)
        self.tabs.setEnabled(bool(names))
        self.refresh()

    # ----- views ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the calendar and statistics; reload the preview's village list."""
        name = self.current_township()
        if not name:
            self.calendar_data = None
            fill_table(self.villages, [], [])
            self.entries.clear()
            self.stats.clear()
            self.preview.set_villages([])
            return
        try:
            self.calendar_data = self.services.township.calendar(name, self.on())
        except BoardAppError as exc:
            self.message.emit(str(exc))
            return
        self._fill_calendar()
        self.stats.stale = True
        if self.tabs.currentWidget() is self.stats:
            self.stats.refresh()
        self.preview.set_villages([v.org for v in self.calendar_data.villages])

    def _fill_calendar(self) -> None:
        villages = self.calendar_data.villages
        head, rows = calendar_table(self.calendar_data)
        self.villages.blockSignals(True)
        fill_table(self.villages, head, rows)
        for r, village in enumerate(villages):
            cell(self.villages, r, 0).setData(OrgRole, village.org.id)
            if village.overdue or village.feedback_overdue or village.matters_overdue:
                for c in range(len(head)):
                    cell(self.villages, r, c).setForeground(QBrush(alert_color()))
        self.villages.blockSignals(False)
        if villages:
            self.villages.setCurrentCell(0, 0)
        self._show_village()

    def _tab_changed(self) -> None:
        """The 统计表 is computed when its tab is shown (it reads every village's items)."""
        if self.tabs.currentWidget() is self.stats and self.stats.stale:
            self.stats.refresh()

    def selected_village(self) -> Any:
        """The calendar row selected (a ``VillageDue``), or None."""
        row = self.villages.currentRow()
        if self.calendar_data is None or not 0 <= row < len(self.calendar_data.villages):
            return None
        return self.calendar_data.villages[row]

    def _show_village(self) -> None:
        self.entries.clear()
        village = self.selected_village()
        self.preview_button.setEnabled(village is not None)
        if village is None:
            return
        for entry in [*village.overdue, *village.due, *village.upcoming]:
            row = QTreeWidgetItem(
                [entry.category.name, str(entry.period), entry.due.isoformat(), entry.state.label]
            )
            if entry in village.overdue:
                for c in range(4):
                    row.setForeground(c, QBrush(alert_color()))
            self.entries.addTopLevelItem(row)

    def preview_selected(self) -> None:
        """Show the selected village's board on the preview tab."""
        village = self.selected_village()
        if village is None:
            return
        self.tabs.setCurrentWidget(self.preview)
        self.preview.show_village(village.org.id)
