"""The board page's controls: organization, board size, date, audience, tiling and the
output buttons, in two rows (``BoardControls``); ``update_state`` shows and enables them for the
chosen board and whether a preview is shown."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.boards import (
    DEFAULT_OVERLAP_MM,
    BoardTemplate,
    PosterOptions,
    list_templates,
    load_template,
    resolve_template,
)

A3_LONG_SIDE_MM = 420.0
CUSTOM = "__custom__"


def is_larger_than_a3(template: BoardTemplate) -> bool:
    """Boards larger than A3 print in a print shop or tiled onto office paper."""
    return max(template.width_mm, template.height_mm) > A3_LONG_SIDE_MM + 1.0


class BoardControls(QWidget):
    """The two rows of controls over the preview; they own their widgets.

    ``organization_changed`` and ``template_changed`` are emitted when those are chosen,
    ``options_changed`` when any other option (size, date, audience, tiling) changes; the
    buttons' ``clicked`` signals are the output requests.
    """

    organization_changed = Signal()
    template_changed = Signal()
    options_changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.org_combo = QComboBox()
        self.org_combo.setMinimumContentsLength(12)
        self.template_combo = QComboBox()
        for name in list_templates():
            self.template_combo.addItem(load_template(name).display_name(), name)
        self.template_combo.addItem(_("Custom size…"), CUSTOM)
        self.size_edit = QLineEdit()
        self.size_edit.setPlaceholderText(_("e.g. 2000x1200"))
        self.size_edit.setMinimumWidth(
            self.size_edit.fontMetrics().horizontalAdvance("0000x0000") + 16
        )
        self.size_edit.setMaximumWidth(140)
        self.size_edit.setVisible(False)
        self.landscape = QCheckBox(_("Landscape"))
        self.landscape.setVisible(False)
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.audience = QComboBox()
        self.audience.addItem(_("Public"), "public")
        self.audience.addItem(_("Party members"), "party")
        self.tile_combo = QComboBox()
        self.tile_combo.addItem(_("Full size"), None)
        self.tile_combo.addItem(_("Tile onto A4 sheets"), "A4")
        self.tile_combo.addItem(_("Tile onto A3 sheets"), "A3")
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0, 50)
        self.overlap.setDecimals(0)
        self.overlap.setValue(DEFAULT_OVERLAP_MM)
        self.overlap.setSuffix(" mm")
        self.overlap_label = QLabel(_("overlap"))

        self.texts_button = QPushButton(_("Board texts…"))
        self.export_button = QPushButton(_("Export PDF…"))
        self.preview_button = QPushButton(_("Print preview…"))
        self.print_button = QPushButton(_("Print…"))
        self.shop_button = QPushButton(_("Export for the print shop…"))
        self.shop_button.setToolTip(
            _("Full-size PDF for large-format printing (喷绘) at a print shop")
        )
        self._lay_out()
        self.org_combo.currentIndexChanged.connect(self.organization_changed)
        self.template_combo.currentIndexChanged.connect(self._template_chosen)
        self.size_edit.textChanged.connect(self.options_changed)
        self.landscape.toggled.connect(self.options_changed)
        self.date_edit.dateChanged.connect(self.options_changed)
        self.audience.currentIndexChanged.connect(self.options_changed)
        self.tile_combo.currentIndexChanged.connect(self.options_changed)
        self.overlap.valueChanged.connect(self.options_changed)

    def _lay_out(self) -> None:
        row1 = QHBoxLayout()
        for label, widget in (
            (_("Organization"), self.org_combo),
            (_("Board"), self.template_combo),
        ):
            row1.addWidget(QLabel(label))
            row1.addWidget(widget)
        row1.addWidget(self.size_edit)
        row1.addWidget(self.landscape)
        row1.addSpacing(8)
        row1.addWidget(QLabel(_("Date")))
        row1.addWidget(self.date_edit)
        row1.addWidget(QLabel(_("Audience")))
        row1.addWidget(self.audience)
        row1.addSpacing(8)
        row1.addWidget(self.tile_combo)
        row1.addWidget(self.overlap_label)
        row1.addWidget(self.overlap)
        row1.addStretch(1)
        # the output buttons on a row of their own: with the custom size and tiling controls
        # shown, one row was wider than a 1366×768 screen
        row2 = QHBoxLayout()
        row2.addWidget(self.texts_button)
        row2.addStretch(1)
        for button in (
            self.export_button,
            self.shop_button,
            self.preview_button,
            self.print_button,
        ):
            row2.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row1)
        layout.addLayout(row2)

    def _template_chosen(self) -> None:
        custom = self.template_combo.currentData() == CUSTOM
        self.size_edit.setVisible(custom)
        self.landscape.setVisible(custom)
        self.template_changed.emit()

    def set_organizations(self, organizations: list[tuple[int, str]]) -> bool:
        """Refill the organization list (id, name), keeping the chosen one without a signal;
        True when the chosen one is still there."""
        keep = self.org_combo.currentData()
        self.org_combo.blockSignals(True)
        self.org_combo.clear()
        for org_id, name in organizations:
            self.org_combo.addItem(name, org_id)
        index = self.org_combo.findData(keep) if keep is not None else -1
        self.org_combo.setCurrentIndex(max(index, 0))
        self.org_combo.blockSignals(False)
        return keep is not None and index >= 0

    def organization_id(self) -> int | None:
        """The organization chosen (None when there is none)."""
        org_id = self.org_combo.currentData()
        return int(org_id) if org_id is not None else None

    def select_organization(self, org_id: int) -> None:
        index = self.org_combo.findData(org_id)
        if index >= 0:
            self.org_combo.setCurrentIndex(index)

    def choose_template(self, name: str) -> None:
        """Choose the board ``name`` (the first when unknown) as if picked by the user."""
        index = self.template_combo.findData(name)
        self.template_combo.blockSignals(True)
        self.template_combo.setCurrentIndex(max(0, index))
        self.template_combo.blockSignals(False)
        self._template_chosen()

    def board_date(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def template(self) -> BoardTemplate:
        """The board size chosen; raises BoardAppError on a bad custom size."""
        name = self.template_combo.currentData()
        if name == CUSTOM:
            size = self.size_edit.text().strip() or "A3"
            return resolve_template(None, size, self.landscape.isChecked())
        return resolve_template(name, None, False)

    def options(self, *, tile: bool = True) -> PosterOptions:
        """The options of the preview (missing characters allowed: they are listed instead)."""
        name = self.template_combo.currentData()
        custom = name == CUSTOM
        template = self.template()
        tile_to = self.tile_combo.currentData() if tile and is_larger_than_a3(template) else None
        return PosterOptions(
            on=self.board_date(),
            template=None if custom else name,
            size=(self.size_edit.text().strip() or "A3") if custom else None,
            landscape=self.landscape.isChecked() if custom else False,
            audience=self.audience.currentData(),
            tile=tile_to,
            overlap_mm=float(self.overlap.value()),
            allow_missing_glyphs=True,
        )

    def update_state(self, *, has_pdf: bool) -> None:
        """Tiling only for boards larger than A3; output buttons once a preview is shown."""
        try:
            large = is_larger_than_a3(self.template())
        except BoardAppError:
            large = False
        tiled = large and self.tile_combo.currentData() is not None
        for widget in (self.tile_combo, self.overlap, self.overlap_label):
            widget.setVisible(large)
        self.overlap.setEnabled(tiled)
        self.shop_button.setVisible(large)
        printable = has_pdf and (not large or tiled)
        self.export_button.setEnabled(has_pdf)
        self.shop_button.setEnabled(has_pdf)
        self.print_button.setEnabled(printable)
        self.preview_button.setEnabled(printable)
        tip = (
            ""
            if printable or not has_pdf
            else _("Boards larger than A3 print tiled onto A4 or A3 sheets: choose a tiling first.")
        )
        self.print_button.setToolTip(tip)
        self.preview_button.setToolTip(tip)
        self.texts_button.setEnabled(self.org_combo.currentData() is not None)
