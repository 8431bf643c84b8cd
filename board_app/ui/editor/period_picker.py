"""Period picker: a year and, by the category's cadence, the half-year, quarter or month."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QSpinBox, QWidget

from board_app.domain.items import Cadence
from board_app.domain.periods import Period, PeriodError, label_zh
from board_app.i18n import _
from board_app.ui.editor.fields import ElidedLabel

_GRANULARITIES = (Cadence.YEARLY, Cadence.HALF_YEARLY, Cadence.QUARTERLY, Cadence.MONTHLY)


def previous_period(today: date, cadence: Cadence) -> Period:
    """The most recent period of ``cadence`` that has ended by ``today``."""
    current = Period.containing(today, cadence if cadence in _GRANULARITIES else Cadence.YEARLY)
    return Period.containing(current.start - timedelta(days=1), current.cadence)


class PeriodPicker(QWidget):
    """Year spin box plus a part-of-year combo; ``period()`` gives "2026-Q3" style strings.

    With a fixed cadence the granularity is the category's; with "as needed" (or no category)
    a granularity combo lets the user choose.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.granularity = QComboBox(self)
        for cadence, text in zip(
            _GRANULARITIES, (_("Year"), _("Half-year"), _("Quarter"), _("Month")), strict=True
        ):
            self.granularity.addItem(text, cadence.value)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setSuffix(_(" (year)"))
        self.year.setValue(date.today().year)
        self.part = QComboBox(self)
        for combo in (self.granularity, self.part):
            # the whole text ("第4季度", "Second half") always shows, whatever the width
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.year.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.label = ElidedLabel(self)  # never widens the form (full text in its tooltip)
        self.label.setStyleSheet("color: #555;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.granularity)
        layout.addWidget(self.year)
        layout.addWidget(self.part)
        layout.addWidget(self.label, 1)
        self._cadence: Cadence = Cadence.AS_NEEDED
        self._loading = False
        self.granularity.currentIndexChanged.connect(self._granularity_changed)
        self.year.valueChanged.connect(self._emit)
        self.part.currentIndexChanged.connect(self._emit)
        self._fill_parts(Cadence.YEARLY)

    # ----- API --------------------------------------------------------------------------------
    def set_cadence(self, cadence: Cadence | None) -> None:
        """Follow a category's cadence; "as needed" or None lets the user pick the granularity."""
        self._cadence = cadence or Cadence.AS_NEEDED
        fixed = self._cadence in _GRANULARITIES
        self.granularity.setVisible(not fixed)
        if fixed and self.current_granularity() is not self._cadence:
            keep = self.year.value()
            self._set_granularity(self._cadence)
            self.year.setValue(keep)
            self._emit()

    def cadence(self) -> Cadence:
        return self._cadence

    def current_granularity(self) -> Cadence:
        return Cadence(self.granularity.currentData())

    def set_period(self, text: str | None) -> None:
        """Show ``text`` ("2026-Q3"); a period of another granularity switches the picker to it."""
        self._loading = True
        try:
            if text:
                try:
                    period = Period.parse(text)
                except PeriodError:
                    period = None
                if period is not None:
                    self._set_granularity(period.cadence)
                    if period.cadence is not self._cadence:
                        self.granularity.setVisible(True)
                    self.year.setValue(period.year)
                    self.part.setCurrentIndex(max(0, period.index - 1))
        finally:
            self._loading = False
        self._update_label()

    def period(self) -> str:
        """The chosen period as stored, e.g. "2026", "2026-H2", "2026-Q3", "2026-09"."""
        cadence = self.current_granularity()
        index = self.part.currentIndex() + 1 if cadence is not Cadence.YEARLY else 1
        return str(Period(self.year.value(), cadence, max(index, 1)))

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.granularity, self.year, self.part):
            widget.setEnabled(not read_only)

    # ----- internals ------------------------------------------------------------------------------
    def _set_granularity(self, cadence: Cadence) -> None:
        blocked = self.granularity.blockSignals(True)
        self.granularity.setCurrentIndex(max(0, self.granularity.findData(cadence.value)))
        self.granularity.blockSignals(blocked)
        self._fill_parts(cadence)

    def _fill_parts(self, cadence: Cadence) -> None:
        blocked = self.part.blockSignals(True)
        self.part.clear()
        if cadence is Cadence.HALF_YEARLY:
            self.part.addItems([_("First half"), _("Second half")])
        elif cadence is Cadence.QUARTERLY:
            self.part.addItems([_("Q{n}").format(n=n) for n in range(1, 5)])
        elif cadence is Cadence.MONTHLY:
            self.part.addItems([_("Month {n}").format(n=n) for n in range(1, 13)])
        self.part.setVisible(cadence is not Cadence.YEARLY)
        self.part.blockSignals(blocked)

    def _granularity_changed(self) -> None:
        self._fill_parts(self.current_granularity())
        self._emit()

    def _update_label(self) -> None:
        self.label.setText(label_zh(Period.parse(self.period())))

    def _emit(self) -> None:
        self._update_label()
        if not self._loading:
            self.changed.emit()
