"""The 意见 page: filters, the list of records, the editor, and the handling steps."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.feedback import (
    Channel,
    FeedbackKind,
    FeedbackQuery,
    FeedbackRecord,
    FeedbackStatus,
    label,
)
from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.ui.dialogs.common import EnumCombo, show_error
from board_app.ui.feedback.dialogs import (
    CloseDialog,
    HolidaysDialog,
    OpeningsDialog,
    PostDialog,
    ReplyDialog,
    SettingsDialog,
)
from board_app.ui.feedback.editor import RecordEditor
from board_app.ui.feedback.model import COL_CONTENT, FeedbackTableModel
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services


def _any(value: Any) -> str:
    return label(value) if value is not None else _("All")


class FeedbackPage(QWidget):
    """Filters | table | editor, with buttons for the handling steps."""

    open_item = Signal(int)
    buttons_updated = Signal()  # the buttons were set for the records shown (role gate)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.org = QComboBox()
        self.org.currentIndexChanged.connect(lambda _i: self._org_changed())
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText(_("All years"))
        self.year.setValue(0)
        self.status = EnumCombo([None, *FeedbackStatus], _any)
        self.channel = EnumCombo([None, *Channel], _any)
        self.kind = EnumCombo([None, *FeedbackKind], _any)
        self.item_filter = QLineEdit()
        self.item_filter.setPlaceholderText(_("Disclosure no."))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search"))
        self.year.valueChanged.connect(lambda _v: self.refresh())
        for combo in (self.status, self.channel, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for edit in (self.item_filter, self.search):
            edit.editingFinished.connect(self.refresh)
        filters = QHBoxLayout()
        for text, w in (
            (_("Organization"), self.org),
            (_("Year"), self.year),
            (_("Status"), self.status),
            (_("Channel"), self.channel),
            (_("Kind"), self.kind),
        ):
            filters.addWidget(QLabel(text))
            filters.addWidget(w)
        filters.addWidget(self.item_filter)
        filters.addWidget(self.search, 1)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for key, text, slot in (
            ("new", _("New record"), self.new_record),
            ("start", _("Start handling"), self.start),
            ("reply", _("Reply…"), self.reply),
            ("close", _("Close…"), self.close_record),
            ("post", _("Board replies…"), self.post),
            ("openings", _("Box openings…"), self.openings),
            ("settings", _("Settings…"), self.edit_settings),
            ("holidays", _("Holidays…"), self.holidays),
            ("summary", _("Yearly summary PDF…"), self.summary_pdf),
            ("archive", _("Register for the archive…"), self.register_pdf),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            self.buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.count = QLabel()
        actions.addWidget(self.count)

        self.model = FeedbackTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CONTENT, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._row(cur.row()))

        self.editor = RecordEditor(services)
        self.editor.saved.connect(self._saved)
        self.editor.open_item.connect(self.open_item)
        self.editor.setMinimumWidth(380)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        self.reload_orgs()

    # ----- data ------------------------------------------------------------------------------
    def today(self) -> date:
        return self.services.ctx.today()

    def set_services(self, services: Services) -> None:
        self.services = services
        self.editor.services = services
        self.reload_orgs()

    def org_id(self) -> int | None:
        return self.org.currentData()

    def reload_orgs(self, select: int | None = None) -> None:
        current = select if select is not None else self.org_id()
        self.org.blockSignals(True)
        self.org.clear()
        for org in self.services.orgs.all():
            self.org.addItem(org.name, org.id)
            if org.id == current:
                self.org.setCurrentIndex(self.org.count() - 1)
        self.org.blockSignals(False)
        self._org_changed()

    def _org_changed(self) -> None:
        self.editor.new_record(self.org_id(), self.today())
        self.refresh()

    def query(self) -> FeedbackQuery:
        return FeedbackQuery(
            organization_id=self.org_id(),
            year=self.year.value() or None,
            status=self.status.value(),
            channel=self.channel.value(),
            kind=self.kind.value(),
            item_number=self.item_filter.text().strip() or None,
            text=self.search.text().strip(),
        )

    def refresh(self, select: int | None = None) -> None:
        """Reload the list (keeping or moving the selection)."""
        keep = select if select is not None else self._selected_id()
        if self.org_id() is None:
            self.model.set_records([], self.today())
        else:
            self.model.set_records(self.services.feedback.records(self.query()), self.today())
        self.count.setText(_("{count} record(s).").format(count=self.model.rowCount()))
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def _selected_id(self) -> int | None:
        record = self.selected()
        return record.id if record else None

    def selected(self) -> FeedbackRecord | None:
        return self.model.record(self.table.currentIndex().row())

    def _row(self, row: int) -> None:
        record = self.model.record(row)
        if record is not None:
            self.editor.load(self.services.feedback.get(stored_id(record)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        r = self.selected()
        status = r.status if r else None
        has_org = self.org_id() is not None
        self.buttons["start"].setEnabled(status is FeedbackStatus.REGISTERED)
        self.buttons["reply"].setEnabled(
            status in (FeedbackStatus.REGISTERED, FeedbackStatus.IN_PROGRESS)
        )
        self.buttons["close"].setEnabled(status is FeedbackStatus.REPLIED)
        self.buttons["post"].setEnabled(status in (FeedbackStatus.REPLIED, FeedbackStatus.CLOSED))
        for key in ("new", "openings", "settings", "summary", "archive"):
            self.buttons[key].setEnabled(has_org)
        self.buttons_updated.emit()

    def refresh_state(self) -> None:
        """Set the editor and the buttons afresh (e.g. the login's rights changed)."""
        record = self.selected()
        if record is None:
            self.editor.new_record(self.org_id(), self.today())
        else:
            self.editor.load(self.services.feedback.get(stored_id(record)))
        self._update_buttons()

    def _saved(self, record_id: int) -> None:
        self.refresh(select=record_id)

    # ----- links -----------------------------------------------------------------------------
    def show_for_item(self, org_id: int, item_number: str) -> None:
        """List the records about one disclosure item (link from the item page)."""
        self.reload_orgs(select=org_id)
        self.item_filter.setText(item_number)
        self.refresh()

    def show_record(self, record_id: int) -> None:
        """Select one record (link from the calendar)."""
        record = self.services.feedback.get(record_id)
        self.reload_orgs(select=record.organization_id)
        self.item_filter.clear()
        self.search.clear()
        self.status.set_value(None)
        self.refresh(select=record_id)

    # ----- steps -----------------------------------------------------------------------------
    def new_record(self) -> None:
        self.table.clearSelection()
        self.editor.new_record(self.org_id(), self.today())

    def start(self) -> None:
        r = self.selected()
        if r is None:
            return
        handler = self.editor.handler.text().strip()
        try:
            self.services.feedback.start(stored_id(r), handler=handler)
        except BoardAppError as exc:
            show_error(self, exc, _("Start handling"))
            return
        self.refresh(select=r.id)
        self._row(self.table.currentIndex().row())

    def _run(self, dialog: Any, record_id: int | None) -> None:
        if dialog.exec():
            self.refresh(select=record_id)
            self._row(self.table.currentIndex().row())

    def reply(self) -> None:
        r = self.selected()
        if r is not None:
            self._run(ReplyDialog(self.services, r, self.today(), self), r.id)

    def close_record(self) -> None:
        r = self.selected()
        if r is not None:
            self._run(CloseDialog(self.services, r, self.today(), self), r.id)

    def post(self) -> None:
        r = self.selected()
        if r is not None:
            self._run(PostDialog(self.services, r, self), r.id)

    def openings(self) -> None:
        org_id = self.org_id()
        if org_id is not None:
            OpeningsDialog(self.services, org_id, self.today(), self).exec()
            self.editor._fill_openings(org_id, None)

    def edit_settings(self) -> None:
        org_id = self.org_id()
        if org_id is not None:
            SettingsDialog(self.services, org_id, self).exec()

    def holidays(self) -> None:
        HolidaysDialog(self.services, self.today().year + 1, self).exec()
        self.refresh()

    def summary_pdf(self, path: Path | None = None) -> Path | None:
        """Write the yearly summary of the chosen year (default this year) as a PDF."""
        from board_app.services.feedback_summary import write_summary_pdf, yearly_summary

        org_id = self.org_id()
        if org_id is None:
            return None
        year = self.year.value() or self.today().year
        interactive = path is None
        if path is None:
            chosen, _f = QFileDialog.getSaveFileName(
                self, _("Yearly summary PDF…"), f"意见办理统计-{year}.pdf", "PDF (*.pdf)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            org = self.services.orgs.get(org_id)
            summary = yearly_summary(self.services.feedback, org, year, self.today())
            write_summary_pdf(summary, path)
        except (BoardAppError, OSError) as exc:
            show_error(self, exc, _("Yearly summary PDF…"))
            return None
        if interactive:
            QMessageBox.information(
                self, _("Yearly summary PDF…"), _("Wrote {path}").format(path=path)
            )
        return path

    def register_pdf(self, path: Path | None = None) -> Path | None:
        """Write the year's register and box openings as an archive 件 (unmasked PDF/A)."""
        from board_app.services.feedback_archive import build_register

        org_id = self.org_id()
        if org_id is None:
            return None
        year = self.year.value() or self.today().year
        title = _("Register for the archive…")
        interactive = path is None
        if path is None:
            chosen, _f = QFileDialog.getSaveFileName(
                self, title, f"意见登记簿-{year}.pdf", "PDF (*.pdf)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            org = self.services.orgs.get(org_id)
            result = build_register(self.services, org.name, year, path)
        except (BoardAppError, OSError) as exc:
            show_error(self, exc, title)
            return None
        if interactive:
            QMessageBox.information(
                self,
                title,
                _("Wrote {path}: {archive_no}, {records} record(s), {openings} opening(s).").format(
                    path=result.pdf,
                    archive_no=result.archive_no,
                    records=result.records,
                    openings=result.openings,
                ),
            )
        return result.pdf
