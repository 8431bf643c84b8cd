"""The desktop app's signal colours, in one place."""

from __future__ import annotations

from PySide6.QtGui import QColor

#: Overdue, refused, a problem to fix (the same red as the boards' theme).
ALERT = "#b91c1c"


def alert_color() -> QColor:
    """The alert red as a QColor."""
    return QColor(ALERT)


#: Style sheet of a label that reports a problem.
ALERT_STYLE = f"color: {ALERT};"
