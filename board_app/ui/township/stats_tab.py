"""The 公开情况统计表 tab of the township page: a period, the table, PDF and Excel export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import Cadence
from board_app.domain.periods import Period
from board_app.i18n import N_, _
from board_app.ui import save_dialogs
from board_app.ui.colors import alert_color
from board_app.ui.error_text import user_message

_KINDS = (
    (Cadence.YEARLY, N_("Year")),
    (Cadence.QUARTERLY, N_("Quarter")),
    (Cadence.MONTHLY, N_("Month")),
)


class StatisticsTab(QWidget):
    """Per village: published by type, reports due on time / late / overdue, feedback."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        from board_app.ui.township.page import read_only_table

        self.page = page
        self.data: Any = None
        self.stale = True  # the page's township or date changed since the last refresh
        today = page.on()
        self.kind = QComboBox()
        for cadence, text in _KINDS:
            self.kind.addItem(_(text), cadence.value)
        self.kind.setCurrentIndex(1)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.index = QSpinBox()
        self.index.setRange(1, 4)
        self.index.setValue((today.month - 1) // 3 + 1)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.pdf_button = QPushButton(_("Export PDF…"))
        self.xlsx_button = QPushButton(_("Export Excel…"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Period:")))
        bar.addWidget(self.kind)
        bar.addWidget(self.year)
        bar.addWidget(self.index)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        self.table = read_only_table()
        self.missed = QLabel()
        self.missed.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missed)

        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.index.valueChanged.connect(lambda _v: self.refresh())
        self.pdf_button.clicked.connect(lambda _c=False: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda _c=False: self.export("xlsx"))

    def _kind_changed(self) -> None:
        cadence = Cadence(self.kind.currentData())
        self.index.blockSignals(True)
        self.index.setVisible(cadence is not Cadence.YEARLY)
        self.index.setRange(1, 12 if cadence is Cadence.MONTHLY else 4)
        self.index.blockSignals(False)
        self.refresh()

    def period(self) -> Period:
        """The period chosen."""
        cadence = Cadence(self.kind.currentData())
        index = 1 if cadence is Cadence.YEARLY else self.index.value()
        return Period(self.year.value(), cadence, index)

    def set_period(self, period: Period) -> None:
        """Choose a period (year, quarter or month)."""
        for n in range(self.kind.count()):
            if self.kind.itemData(n) == period.cadence.value:
                self.kind.setCurrentIndex(n)
        self.year.setValue(period.year)
        self.index.setValue(period.index)
        self.refresh()

    def clear(self) -> None:
        from board_app.ui.township.page import fill_table

        self.data = None
        fill_table(self.table, [], [])
        self.subtitle.clear()
        self.missed.clear()
        self.pdf_button.setEnabled(False)
        self.xlsx_button.setEnabled(False)

    def refresh(self) -> None:
        """Recompute the table for the page's township and date."""
        from board_app.services import township_report as report
        from board_app.ui.township.page import cell, fill_table

        name = self.page.current_township()
        self.stale = False
        if not name:
            self.clear()
            return
        self.data = self.page.services.township.statistics(name, self.period(), self.page.on())
        self.subtitle.setText(report.subtitle(self.data))
        rows = report.table_rows(self.data)
        fill_table(self.table, report.headers(), rows)
        last = len(rows) - 1
        bold = QFont()
        bold.setBold(True)
        for c in range(self.table.columnCount()):
            cell(self.table, last, c).setFont(bold)
        for r, stats in enumerate(self.data.rows):
            if stats.overdue or stats.feedback_overdue:
                cell(self.table, r, 1).setForeground(QBrush(alert_color()))
        missed = report.missed_rows(self.data)
        self.missed.setText(
            _("{count} report(s) due in the period were late or are overdue.").format(
                count=len(missed)
            )
            if missed
            else _("None: every report due in the period was on time.")
        )
        self.pdf_button.setEnabled(True)
        self.xlsx_button.setEnabled(True)

    def export(self, kind: str, path: Path | None = None) -> Path | None:
        """Write the table as PDF or .xlsx (asks for the file unless given)."""
        from board_app.services import township_report as report

        if self.data is None:
            return None
        if path is None:
            name = save_dialogs.safe_file_name(
                f"{self.data.township}公开情况统计表{self.data.period}"
            )
            if kind == "pdf":
                path = save_dialogs.ask_save_path(
                    self, "township", _("Export PDF"), f"{name}.pdf", _("PDF files (*.pdf)"), ".pdf"
                )
            else:
                path = save_dialogs.ask_save_path(
                    self, "township", _("Export Excel"), f"{name}.xlsx", "Excel (*.xlsx)", ".xlsx"
                )
            if path is None:
                return None
        try:
            if kind == "pdf":
                written = report.write_statistics_pdf(self.data, path)
            else:
                written = report.write_statistics_xlsx(self.data, path)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
            QMessageBox.warning(self, _("Export"), user_message(exc))
            return None
        self.page.message.emit(_("Exported to {path}.").format(path=written))
        return written
