"""The disclosure calendar, the home page: what is due, overdue or done for every organization.

For each organization and each category with a cadence (from the organization's tracking start,
editable here, so old history is not all overdue): periods due, overdue (red), not yet due and
disclosed; immediate items that come down soon; items waiting for review. Clicking an entry
opens its item (``open_item``) or starts a new one pre-filled with organization, category and
period (``create_item``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.items import Organization
from board_app.domain.periods import label_zh
from board_app.domain.queries import ItemFilter, SortKey
from board_app.domain.schedule import (
    DueEntry,
    DueState,
    due_rule_text,
)
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.ui.colors import ALERT_STYLE, alert_color
from board_app.ui.feedback.calendar_rows import add_feedback_rows
from board_app.ui.matters.calendar_rows import add_matter_rows
from board_app.ui.office.hooks import report_button
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services

ActionRole = Qt.ItemDataRole.UserRole + 1


def action_of(row: QTreeWidgetItem) -> tuple | None:
    """The entry's action: ("open", item_id), ("create", org_id, category_id, period),
    ("feedback", record_id) or ("openings", org_id)."""
    text = row.data(0, ActionRole)
    if not text:
        return None
    parts = str(text).split("\x1f")
    if parts[0] in ("open", "feedback", "openings"):
        return (parts[0], int(parts[1]))
    if parts[0] == "open":
        return ("open", int(parts[1]))
    if parts[0] == "matter":
        return ("matter", int(parts[1]))
    return ("create", int(parts[1]), int(parts[2]), parts[3])


ENDING_DAYS = 7
WITHOUT_LIMIT = 50
STATE_ORDER = {DueState.OVERDUE: 0, DueState.DUE: 1, DueState.UPCOMING: 2, DueState.DONE: 3}
STATE_COLOURS = {
    DueState.OVERDUE: alert_color(),
    DueState.DUE: QColor("#b45309"),
    DueState.UPCOMING: QColor("#4b5563"),
    DueState.DONE: QColor("#15803d"),
}
LINK = QColor("#1d4ed8")


def period_label(text: str | None) -> str:
    """ "2026年第三季度", in the English UI too: periods are data, written as on the boards."""
    from board_app.domain.periods import Period, PeriodError

    if not text:
        return ""
    try:
        return label_zh(Period.parse(text))
    except PeriodError:
        return text


class CalendarView(QWidget):
    """A tree: organization > periodic disclosures / ending soon / awaiting review."""

    open_item = Signal(int)
    create_item = Signal(int, int, str)  # organization id, category id, period
    open_feedback = Signal(int)  # feedback record id
    open_openings = Signal(int)  # organization id (意见箱开箱)
    open_matter = Signal(int)  # 四议两公开 matter id
    refreshed = Signal()  # the tree (and its "Track from" fields) was rebuilt

    COLUMNS = 4

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._today = today
        self.track_edits: dict[int, QDateEdit] = {}
        self._pending: dict[int, date] = {}
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(600)
        self.save_timer.timeout.connect(self.save_tracking_starts)

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.show_done = QCheckBox(_("Show disclosed and not-yet-due periods"))
        self.show_done.setChecked(True)
        self.show_done.toggled.connect(lambda _c: self.refresh())
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.show_done)
        top.addWidget(report_button(self))  # 导出统计表…
        top.addWidget(self.refresh_button)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(self.COLUMNS)
        self.tree.setHeaderLabels([_("Disclosure"), _("Period"), _("Due / last day"), _("State")])
        self.tree.setAlternatingRowColors(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setMouseTracking(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 460)
        for col in range(1, self.COLUMNS - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.itemEntered.connect(self._hover)

        hint = QLabel(
            _(
                "Click an entry to open its item, or to start the missing report with the "
                "category and period filled in."
            )
        )
        hint.setStyleSheet("color: #6b7280;")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        self.refresh()

    # ----- data ------------------------------------------------------------------------------
    def today(self) -> date:
        return self._today or self.services.ctx.today()

    def set_today(self, day: date | None) -> None:
        self._today = day
        self.refresh()

    def set_services(self, services: Services) -> None:
        self.services = services
        self._pending.clear()
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the tree from the database."""
        on = self.today()
        self.heading.setText(_("Disclosure calendar – {date}").format(date=on.isoformat()))
        expanded = self._collapsed_keys()
        self.tree.clear()
        self.track_edits.clear()
        totals = {DueState.OVERDUE: 0, DueState.DUE: 0}
        ending_total = waiting_total = 0
        orgs = self.services.orgs.all()
        for org in orgs:
            cal = self.services.calendar.for_org(org, on, ending_days=ENDING_DAYS)
            for e in cal.entries:
                if e.state in totals:
                    totals[e.state] += 1
            for owed in cal.matters:  # 四议两公开 disclosures count like any other
                totals[DueState.OVERDUE if owed.overdue else DueState.DUE] += 1
            ending_total += len(cal.ending)
            waiting_total += cal.waiting_total
            self._add_org(org, cal.entries, cal.ending, cal.waiting, on, cal.waiting_total)
            top = self.tree.topLevelItem(self.tree.topLevelItemCount() - 1)
            if top is not None:
                add_feedback_rows(self, top, org, cal.feedback, on)
            add_matter_rows(self, self._find_key(f"org:{org.id}"), org, cal.matters)
        for key in expanded:
            row = self._find_key(key)
            if row is not None:
                row.setExpanded(False)
        if not orgs:
            self.summary.setText(_("No organizations yet. Create one in the Organization menu."))
        else:
            self.summary.setText(
                _(
                    "{overdue} overdue, {due} due, {ending} ending within {days} days, "
                    "{waiting} awaiting review"
                ).format(
                    overdue=totals[DueState.OVERDUE],
                    due=totals[DueState.DUE],
                    ending=ending_total,
                    days=ENDING_DAYS,
                    waiting=waiting_total,
                )
            )
            self.summary.setStyleSheet(
                f"{ALERT_STYLE} font-weight: bold;" if totals[DueState.OVERDUE] else ""
            )
        self.refreshed.emit()

    def _collapsed_keys(self) -> list[str]:
        out = []
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            row = it.value()
            key = row.data(0, Qt.ItemDataRole.UserRole + 2)
            if key and not row.isExpanded():
                out.append(key)
            it += 1
        return out

    def _find_key(self, key: str) -> QTreeWidgetItem | None:
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            if it.value().data(0, Qt.ItemDataRole.UserRole + 2) == key:
                return it.value()
            it += 1
        return None

    # ----- building rows -------------------------------------------------------------------
    def _add_org(
        self,
        org: Organization,
        entries: list[DueEntry],
        ending: list,
        waiting: list,
        on: date,
        waiting_total: int,
    ) -> None:
        top = QTreeWidgetItem(self.tree, [org.name])
        top.setData(0, Qt.ItemDataRole.UserRole + 2, f"org:{org.id}")
        font = QFont(self.tree.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        top.setFont(0, font)
        top.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.setItemWidget(top, 3, self._track_widget(org, on))

        shown = [
            e
            for e in entries
            if self.show_done.isChecked() or e.state in (DueState.OVERDUE, DueState.DUE)
        ]
        shown.sort(key=lambda e: (STATE_ORDER[e.state], e.due, e.category.display_order))
        periodic = self._group(
            top, _("Periodic disclosures ({count})").format(count=len(shown)), f"periodic:{org.id}"
        )
        if not shown:
            self._note(periodic, _("Nothing is due."))
        for e in shown:
            self._due_row(periodic, org, e)

        soon = self._group(
            top,
            _("Immediate items ending within {days} days ({count})").format(
                days=ENDING_DAYS, count=len(ending)
            ),
            f"ending:{org.id}",
        )
        if not ending:
            self._note(soon, _("None."))
        for entry in ending:
            left = entry.days_left(on)
            state = _("Comes down today") if left == 0 else _("{days} days left").format(days=left)
            row = QTreeWidgetItem(
                soon,
                [
                    entry.item.title,
                    period_label(entry.item.period),
                    entry.last_day.isoformat(),
                    state,
                ],
            )
            self._link(row, ("open", entry.item.id))
            row.setForeground(3, QBrush(STATE_COLOURS[DueState.DUE]))

        self._add_without_category(top, org, on)

        review = self._group(
            top, _("Awaiting review ({count})").format(count=waiting_total), f"review:{org.id}"
        )
        if not waiting:
            self._note(review, _("None."))
        for item in waiting:
            row = QTreeWidgetItem(
                review,
                [
                    item.title,
                    period_label(item.period),
                    "",
                    labels.status_on(item.status, item.publish_date, on),
                ],
            )
            self._link(row, ("open", item.id))
        if waiting_total > len(waiting):
            self._note(
                review,
                _("… and {count} more: filter the item list by status to see them all.").format(
                    count=waiting_total - len(waiting)
                ),
            )
        top.setExpanded(True)
        for g in range(top.childCount()):
            child = top.child(g)
            if child is not None:
                child.setExpanded(True)

    def _add_without_category(self, top: QTreeWidgetItem, org: Organization, on: date) -> None:
        """Items whose category was removed from the catalogue: no calendar entry tracks them
        any more, so they are listed (to open and give a category) instead of vanishing."""
        flt = ItemFilter(organization_id=org.id, without_category=True)
        total = self.services.items.count(flt)
        if not total:
            return
        group = self._group(
            top, _("Without category ({count})").format(count=total), f"nocat:{org.id}"
        )
        for s in self.services.items.page(flt, sort=SortKey.PERIOD, offset=0, limit=WITHOUT_LIMIT):
            row = QTreeWidgetItem(
                group,
                [
                    s.title,
                    period_label(s.period),
                    s.publish_date.isoformat() if s.publish_date else "",
                    labels.status_on(s.status, s.publish_date, on),
                ],
            )
            self._link(
                row,
                ("open", s.id),
                _("The category of this item was removed. Click to open it and choose one."),
            )
        if total > WITHOUT_LIMIT:
            self._note(
                group,
                _("… and {count} more: “Without category” in the item tree lists them all.").format(
                    count=total - WITHOUT_LIMIT
                ),
            )

    def _track_widget(self, org: Organization, on: date) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Track from")))
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        start = org.tracking_start or date(on.year, 1, 1)
        edit.setDate(QDate(start.year, start.month, start.day))
        edit.setToolTip(
            _("Periods before this date are not tracked, so old history is not all overdue.")
        )
        edit.dateChanged.connect(
            lambda d, org_id=org.id: self._track_changed(org_id, date(d.year(), d.month(), d.day()))
        )
        row.addWidget(edit)
        row.addStretch(1)
        self.track_edits[stored_id(org)] = edit
        return box

    def _group(self, parent: QTreeWidgetItem, text: str, key: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(parent, [text])
        group.setData(0, Qt.ItemDataRole.UserRole + 2, key)
        font = QFont(self.tree.font())
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        group.setFirstColumnSpanned(True)
        return group

    def _note(self, parent: QTreeWidgetItem, text: str) -> None:
        row = QTreeWidgetItem(parent, [text])
        row.setForeground(0, QBrush(QColor("#6b7280")))
        row.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _due_row(self, parent: QTreeWidgetItem, org: Organization, e: DueEntry) -> None:
        colour = STATE_COLOURS[e.state]
        state = e.state.label
        if e.state is DueState.DONE and e.item is not None and e.item.number:
            state = _("{state} ({number})").format(state=state, number=e.item.number)
        row = QTreeWidgetItem(
            parent, [e.category.name, period_label(str(e.period)), e.due.isoformat(), state]
        )
        row.setForeground(3, QBrush(colour))
        if e.state is DueState.OVERDUE:
            for col in range(self.COLUMNS):
                row.setForeground(col, QBrush(colour))
            font = QFont(self.tree.font())
            font.setBold(True)
            row.setFont(3, font)
        rule = due_rule_text(e.category.cadence, e.category.due_rule)
        tip = _("{period} {category}, due {due}: {state}").format(
            period=str(e.period),
            category=e.category.name,
            due=e.due.isoformat(),
            state=e.state.label,
        )
        if rule:
            tip += "\n" + rule
        if e.item is not None and e.item.id is not None:
            self._link(row, ("open", e.item.id), tip + "\n" + _("Click to open the item"))
        else:
            self._link(
                row,
                ("create", org.id, e.category.id, str(e.period)),
                tip + "\n" + _("Click to start this report"),
            )

    def _link(self, row: QTreeWidgetItem, action: tuple, tip: str = "") -> None:
        # Stored as text: Python tuples in item data hit a PySide6 reference-count crash
        # when thousands of rows are built.
        row.setData(0, ActionRole, "\x1f".join(str(part) for part in action))
        if row.foreground(0).color() != STATE_COLOURS[DueState.OVERDUE]:
            row.setForeground(0, QBrush(LINK))
        font = QFont(self.tree.font())
        font.setUnderline(True)
        font.setBold(row.font(0).bold())
        row.setFont(0, font)
        for col in range(self.COLUMNS):
            row.setToolTip(col, tip or _("Click to open the item"))

    # ----- actions ---------------------------------------------------------------------------
    def activate(self, row: QTreeWidgetItem) -> None:
        """Open the item of an entry or start the missing report."""
        action = action_of(row)
        if not action:
            return
        if action[0] == "open":
            self.open_item.emit(int(action[1]))
        elif action[0] == "feedback":
            self.open_feedback.emit(int(action[1]))
        elif action[0] == "openings":
            self.open_openings.emit(int(action[1]))
        elif action[0] == "matter":
            self.open_matter.emit(int(action[1]))
        else:
            self.create_item.emit(int(action[1]), int(action[2]), str(action[3]))

    def _clicked(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        self.activate(row)

    def _hover(self, row: QTreeWidgetItem, _column: int) -> None:
        linked = bool(row.data(0, ActionRole))
        self.tree.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if linked else Qt.CursorShape.ArrowCursor
        )

    def rows(self) -> list[tuple[object, ...]]:
        """Every row's texts with its action (tests): (col0, col1, col2, col3, action)."""
        out: list[tuple[object, ...]] = []
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            row = it.value()
            out.append(tuple(row.text(c) for c in range(self.COLUMNS)) + (action_of(row),))
            it += 1
        return out

    def find_row(self, text: str, period: str | None = None) -> QTreeWidgetItem | None:
        """The first row whose first column is ``text`` (and second ``period``)."""
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            row = it.value()
            if row.text(0) == text and (period is None or row.text(1) == period):
                return row
            it += 1
        return None

    # ----- tracking start -----------------------------------------------------------------
    def _track_changed(self, org_id: int, day: date) -> None:
        self._pending[org_id] = day
        self.save_timer.start()

    def set_tracking_start(self, org_id: int, day: date) -> None:
        """Save an organization's tracking start now and rebuild."""
        self._pending[org_id] = day
        self.save_tracking_starts()

    def save_tracking_starts(self) -> None:
        self.save_timer.stop()
        pending, self._pending = self._pending, {}
        for org_id, day in pending.items():
            try:
                org = self.services.orgs.get(org_id)
                if org.tracking_start != day:
                    self.services.orgs.update(replace(org, tracking_start=day))
            except BoardAppError as exc:
                QMessageBox.warning(self, _("Track from"), str(exc))
        if pending:
            QTimer.singleShot(0, self.refresh)
