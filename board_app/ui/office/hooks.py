"""What other screens call (one line each): the editor's buttons, the calendar's button,
the window's Excel export and the import file filter."""

from __future__ import annotations

from board_app.ui.office.exports import (
    IMPORT_FILTER,
    export_items_xlsx,
    notice_button,
    report_button,
)
from board_app.ui.office.ledger_import import ledger_import_button

__all__ = [
    "IMPORT_FILTER",
    "export_items_xlsx",
    "ledger_import_button",
    "notice_button",
    "report_button",
]
