"""Wheel events over an unfocused combo box, spin box or date edit scroll the form instead.

Without this, scrolling a long form with the mouse wheel changes whatever field passes under
the pointer (保管期限 from 永久 to 10年). ``install_wheel_guard`` puts one filter on the
application: a wheel event aimed at such a field that does not have the keyboard focus is
handed to the field's parent (so the surrounding scroll area scrolls) and the field keeps its
value. Once the user clicks into the field (giving it focus), the wheel changes it as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox)


def guarded_field(obj: QObject) -> QWidget | None:
    """The combo or spin box an event target belongs to (its line edit counts), else None."""
    widget = obj if isinstance(obj, QWidget) else None
    for candidate in (widget, widget.parentWidget() if widget is not None else None):
        if isinstance(candidate, _GUARDED):
            return candidate
    return None


class WheelGuard(QObject):
    """The application-wide event filter (see the module docstring)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel:
            return False
        field = guarded_field(obj)
        if field is None or field.hasFocus() or field.window() is field:
            return False
        if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        area = _scroll_area_of(field)
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        return True


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area around ``widget`` (the form it sits in), if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def install_wheel_guard(app: QApplication | None = None) -> WheelGuard | None:
    """Install the guard once on the application; returns it (None without an application)."""
    if app is None:
        running = QApplication.instance()
        app = running if isinstance(running, QApplication) else None
    if app is None:
        return None
    existing = getattr(app, "_board_wheel_guard", None)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    # one guard per application, found again by the next editor: kept on the Qt object itself
    app._board_wheel_guard = guard  # type: ignore[attr-defined]
    return guard
