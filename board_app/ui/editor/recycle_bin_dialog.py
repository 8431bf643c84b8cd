"""The recycle bin (回收站): deleted drafts of the last 30 days, with a preview and 恢复.

Opened from 编辑 → 回收站…; restoring goes through ``services.recycle_bin.restore`` and emits
``restored`` with the item id so the window can list and open it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.periods import Period, label_zh
from board_app.i18n import _
from board_app.services.recycle_bin import KEEP_DAYS
from board_app.ui.editor.history_view import local_time
from board_app.ui.error_text import user_message

if TYPE_CHECKING:
    from board_app.services.context import Services
    from board_app.ui.main_window import MainWindow


class RecycleBinDialog(QDialog):
    """Deleted drafts of one organization (or all), newest first; restore the selected one."""

    restored = Signal(int)

    def __init__(
        self, services: Services, org_id: int | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.services = services
        self.org_id = org_id
        self.setWindowTitle(_("Recycle bin"))
        self.resize(860, 520)
        self.explanation = QLabel(
            _("Deleted drafts are kept here for {days} days; restore one to edit it again.").format(
                days=KEEP_DAYS
            ),
            self,
        )
        self.explanation.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [_("Title"), _("Status"), _("Deleted at"), _("Deleted by"), _("Days left")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText(_("Select a deleted draft to see its text."))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setSizes([300, 160])
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.restore_button = QPushButton(_("Restore"), self)
        self.restore_button.setEnabled(False)
        self.close_button = QPushButton(_("Close"), self)
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.close_button.clicked.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.entries: list[Any] = []
        self.reload()

    def reload(self) -> None:
        """Read the bin again (entries older than the keeping time are removed)."""
        try:
            self.entries = self.services.recycle_bin.entries(self.org_id)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, details logged
            self.entries = []
            self.status.setText(user_message(exc))
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (
                entry.title or _("Untitled item"),
                labels.status(entry.status),
                local_time(entry.deleted_at),
                entry.operator,
                str(self.services.recycle_bin.days_left(entry)),
            )
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col == 0:
                    cell.setToolTip(text)
                self.table.setItem(row, col, cell)
        if not self.entries:
            self.preview.setPlainText("")
            self.status.setText(self.status.text() or _("The recycle bin is empty."))
        self.restore_button.setEnabled(False)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _selection_changed(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        entry = self.entries[min(rows)] if rows else None
        self.restore_button.setEnabled(entry is not None)
        if entry is None:
            self.preview.setPlainText("")
            return
        try:
            item = self.services.recycle_bin.item(entry.id)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, details logged
            self.preview.setPlainText(user_message(exc))
            return
        lines = [item.title, ""]
        if item.period:
            lines.append(_("Period: {period}").format(period=period_text(item.period)))
        if item.ledger:
            lines.append(_("{count} ledger rows").format(count=len(item.ledger)))
        self.preview.setPlainText("\n".join(lines + ["", item.body]))

    def restore_selected(self) -> int | None:
        """Restore the selected entry; the item id, or None (the reason is shown)."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows:
            return None
        entry = self.entries[min(rows)]
        try:
            item = self.services.recycle_bin.restore(entry.id)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, details logged
            self.status.setText(user_message(exc))
            self.reload()
            return None
        self.reload()
        self.status.setText(_("“{title}” was restored.").format(title=item.title))
        self.restored.emit(item.id)
        return item.id


def period_text(period: str) -> str:
    """ "2026-Q4" as 2026年第四季度 (the text itself when it does not parse)."""
    try:
        return label_zh(Period.parse(period))
    except ValueError:
        return period


def open_recycle_bin(window: MainWindow) -> RecycleBinDialog:
    """Show the bin for the window's organization; a restored draft is listed and opened."""
    dialog = RecycleBinDialog(window.services, window.items_page.current_org_id(), window)

    def show(item_id: int) -> None:
        window.apply_changes()
        window.items_page.select_item(item_id)
        if window.items_page.editor.maybe_close():
            window.items_page.show_item(item_id)

    dialog.restored.connect(show)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
