"""The board page's controls: organization, board size, date, audience, tiling and the
output buttons, in two rows; ``update_controls`` shows and enables them for the chosen board."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from board_app.errors import BoardAppError
from board_app.i18n import _
from board_app.services.boards import (
    DEFAULT_OVERLAP_MM,
    BoardTemplate,
    list_templates,
    load_template,
)

if TYPE_CHECKING:
    from board_app.ui.board.board_view import BoardView

A3_LONG_SIDE_MM = 420.0
CUSTOM = "__custom__"


def is_larger_than_a3(template: BoardTemplate) -> bool:
    """Boards larger than A3 print in a print shop or tiled onto office paper."""
    return max(template.width_mm, template.height_mm) > A3_LONG_SIDE_MM + 1.0


def build_controls(view: BoardView, today: date) -> tuple[QHBoxLayout, QHBoxLayout]:
    """Create the controls as attributes of ``view``; the two rows they sit in."""
    view.org_combo = QComboBox()
    view.org_combo.setMinimumContentsLength(12)
    view.template_combo = QComboBox()
    for name in list_templates():
        view.template_combo.addItem(load_template(name).display_name(), name)
    view.template_combo.addItem(_("Custom size…"), CUSTOM)
    view.size_edit = QLineEdit()
    view.size_edit.setPlaceholderText(_("e.g. 2000x1200"))
    view.size_edit.setMinimumWidth(view.size_edit.fontMetrics().horizontalAdvance("0000x0000") + 16)
    view.size_edit.setMaximumWidth(140)
    view.size_edit.setVisible(False)
    view.landscape = QCheckBox(_("Landscape"))
    view.landscape.setVisible(False)
    view.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
    view.date_edit.setCalendarPopup(True)
    view.date_edit.setDisplayFormat("yyyy-MM-dd")
    view.audience = QComboBox()
    view.audience.addItem(_("Public"), "public")
    view.audience.addItem(_("Party members"), "party")
    view.tile_combo = QComboBox()
    view.tile_combo.addItem(_("Full size"), None)
    view.tile_combo.addItem(_("Tile onto A4 sheets"), "A4")
    view.tile_combo.addItem(_("Tile onto A3 sheets"), "A3")
    view.overlap = QDoubleSpinBox()
    view.overlap.setRange(0, 50)
    view.overlap.setDecimals(0)
    view.overlap.setValue(DEFAULT_OVERLAP_MM)
    view.overlap.setSuffix(" mm")
    view.overlap_label = QLabel(_("overlap"))

    view.texts_button = QPushButton(_("Board texts…"))
    view.export_button = QPushButton(_("Export PDF…"))
    view.preview_button = QPushButton(_("Print preview…"))
    view.print_button = QPushButton(_("Print…"))
    view.shop_button = QPushButton(_("Export for the print shop…"))
    view.shop_button.setToolTip(_("Full-size PDF for large-format printing (喷绘) at a print shop"))

    row1 = QHBoxLayout()
    for label, widget in (
        (_("Organization"), view.org_combo),
        (_("Board"), view.template_combo),
    ):
        row1.addWidget(QLabel(label))
        row1.addWidget(widget)
    row1.addWidget(view.size_edit)
    row1.addWidget(view.landscape)
    row1.addSpacing(8)
    row1.addWidget(QLabel(_("Date")))
    row1.addWidget(view.date_edit)
    row1.addWidget(QLabel(_("Audience")))
    row1.addWidget(view.audience)
    row1.addSpacing(8)
    row1.addWidget(view.tile_combo)
    row1.addWidget(view.overlap_label)
    row1.addWidget(view.overlap)
    row1.addStretch(1)
    # the output buttons on a row of their own: with the custom size and tiling controls
    # shown, one row was wider than a 1366×768 screen
    row2 = QHBoxLayout()
    row2.addWidget(view.texts_button)
    row2.addStretch(1)
    for button in (
        view.export_button,
        view.shop_button,
        view.preview_button,
        view.print_button,
    ):
        row2.addWidget(button)
    return row1, row2


def update_controls(view: BoardView) -> None:
    """Tiling only for boards larger than A3; output buttons once a preview is shown."""
    try:
        large = is_larger_than_a3(view.template())
    except BoardAppError:
        large = False
    tiled = large and view.tile_combo.currentData() is not None
    for widget in (view.tile_combo, view.overlap, view.overlap_label):
        widget.setVisible(large)
    view.overlap.setEnabled(tiled)
    view.shop_button.setVisible(large)
    has_pdf = view.current is not None
    printable = has_pdf and (not large or tiled)
    view.export_button.setEnabled(has_pdf)
    view.shop_button.setEnabled(has_pdf)
    view.print_button.setEnabled(printable)
    view.preview_button.setEnabled(printable)
    tip = (
        ""
        if printable or not has_pdf
        else _("Boards larger than A3 print tiled onto A4 or A3 sheets: choose a tiling first.")
    )
    view.print_button.setToolTip(tip)
    view.preview_button.setToolTip(tip)
    view.texts_button.setEnabled(view.org_combo.currentData() is not None)
