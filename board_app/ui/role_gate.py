"""One place that keeps the window's controls to what the login's role allows.

``RoleGate`` holds the login's :class:`~board_app.services.permissions.Permissions`. A control
is bound once with what it needs (``Need.WRITE``, ``REVIEW`` or ``ADMIN``) and, optionally, the
organization it acts on. While the role refuses the step, the control is locked — buttons,
actions and choices disabled, text fields read-only — and its tool tip (and an action's status
tip) says why; nothing else can unlock it: the pages keep setting their controls' state as
before, and the gate re-locks a control the moment a page enables it. When the role allows the
step again (another organization selected, another database), the gate unlocks what it locked
and asks the page to set its controls' state afresh (its ``refresh`` callback).

The server still refuses whatever the window lets through; this only keeps the window honest.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from board_app.services.permissions import Need, Permissions

Control = QWidget | QAction
NeedOf = Need | Callable[[], Need | None]
_TEXT_TYPES = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
_WATCHED = (QEvent.Type.EnabledChange, QEvent.Type.ReadOnlyChange, QEvent.Type.ToolTipChange)


@dataclass(eq=False)
class _Binding:
    control: Control
    need: NeedOf
    org: Callable[[], int | None] | None
    group: str
    forced: bool = False  # the gate locked it and nobody has set its state since
    normal_tips: tuple[str, str] | None = None  # the page's (tool tip, status tip)
    reason: str | None = None  # the refusal shown now


@dataclass
class _Group:
    refresh: Callable[[], None] | None = None
    members: set[int] = field(default_factory=set)


class RoleGate(QObject):
    """Locks bound controls while the login's role refuses their step (see the module)."""

    changed = Signal()  # new permissions

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.permissions = Permissions.local()
        self._bindings: dict[int, _Binding] = {}
        self._groups: dict[str, _Group] = {}
        self._forcing = False
        self._applying = False
        self._orgs_seen: dict[int, int | None] = {}  # org() answers during one apply

    # ----- what the role allows -------------------------------------------------------------
    def set_permissions(self, permissions: Permissions) -> None:
        """Use the rights of another login (or database); every bound control follows."""
        self.permissions = permissions
        self.apply()
        self.changed.emit()

    def refusal(self, need: Need, org_id: int | None = None) -> str | None:
        """Why the login may not take a step needing ``need`` (None: it may)."""
        return self.permissions.refusal(need, org_id)

    # ----- binding ---------------------------------------------------------------------------
    def set_refresh(self, group: str, refresh: Callable[[], None]) -> None:
        """How the page of ``group`` sets its controls' state afresh."""
        self._groups.setdefault(group, _Group()).refresh = refresh

    def bind(
        self,
        controls: Control | Sequence[Control],
        need: NeedOf,
        org: Callable[[], int | None] | None = None,
        *,
        group: str = "window",
    ) -> None:
        """Lock ``controls`` while the role refuses ``need`` (for the organization ``org()``
        returns; None there or no ``org``: any organization). ``need`` may be a function
        returning the need now, or None when the control needs nothing at the moment."""
        for control in [controls] if isinstance(controls, (QWidget, QAction)) else controls:
            key = id(control)
            binding = _Binding(control, need, org, group)
            self._bindings[key] = binding
            self._groups.setdefault(group, _Group()).members.add(key)
            if isinstance(control, QAction):
                control.changed.connect(lambda b=binding: self._touched(b))
            else:
                control.installEventFilter(self)
            control.destroyed.connect(lambda _obj=None, b=binding: self._forget(b))
            self._touched(binding)

    def unbind_group(self, group: str) -> None:
        """Forget the controls of ``group`` (their page was replaced)."""
        for key in self._groups.pop(group, _Group()).members:
            binding = self._bindings.pop(key, None)
            if binding is not None and isinstance(binding.control, QWidget):
                with contextlib.suppress(RuntimeError):  # the widget is already gone
                    binding.control.removeEventFilter(self)

    def _forget(self, binding: _Binding) -> None:
        """A bound control was destroyed (its key may already serve a newer control)."""
        key = id(binding.control)
        if self._bindings.get(key) is binding:
            del self._bindings[key]
            if binding.group in self._groups:
                self._groups[binding.group].members.discard(key)

    # ----- enforcing -------------------------------------------------------------------------
    def apply(self) -> None:
        """Lock what the role refuses now, unlock what it allows again (the pages of those
        controls set their state afresh)."""
        if self._applying:  # a page refreshing for the gate: its controls are watched
            return
        self._applying = True
        try:
            self._apply()
        finally:
            self._applying = False
            self._orgs_seen.clear()

    def _apply(self) -> None:
        to_refresh: set[str] = set()
        for binding in list(self._bindings.values()):
            reason = self._reason(binding)
            if reason is not None:
                self._lock(binding, reason)
                continue
            if binding.forced:
                self._set_locked(binding.control, False)
                binding.forced = False
                to_refresh.add(binding.group)
            self._show_tips(binding, None)
        for name in to_refresh:
            refresh = self._groups[name].refresh if name in self._groups else None
            if refresh is not None:
                refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _WATCHED:
            binding = self._bindings.get(id(watched))
            if binding is not None:
                self._touched(binding)
        return False

    def _touched(self, binding: _Binding) -> None:
        """A page changed the control (enabled, read-only, tip): keep it locked if refused."""
        if self._forcing or self._bindings.get(id(binding.control)) is not binding:
            return
        reason = self._reason(binding)
        if reason is None:
            binding.forced = False
            return
        self._lock(binding, reason)

    def _lock(self, binding: _Binding, reason: str) -> None:
        if not _is_locked(binding.control):
            self._set_locked(binding.control, True)
            binding.forced = True
        self._show_tips(binding, reason)

    def _reason(self, binding: _Binding) -> str | None:
        need = binding.need() if callable(binding.need) else binding.need
        if need is None or self.permissions.admin:  # a file, or an administrator: no lock
            return None
        return self.permissions.refusal(need, self._org_of(binding))

    def _org_of(self, binding: _Binding) -> int | None:
        """The organization the control acts on (asked once per apply for each function)."""
        if binding.org is None:
            return None
        key = id(binding.org)
        if self._applying and key in self._orgs_seen:
            return self._orgs_seen[key]
        try:
            org_id = binding.org()
        except Exception:  # noqa: BLE001 - a page between databases: ask about any organization
            org_id = None
        if self._applying:
            self._orgs_seen[key] = org_id
        return org_id

    def _set_locked(self, control: Control, locked: bool) -> None:
        self._forcing = True
        try:
            if isinstance(control, _TEXT_TYPES):
                control.setReadOnly(locked)
            else:
                control.setEnabled(not locked)
        finally:
            self._forcing = False

    def _show_tips(self, binding: _Binding, reason: str | None) -> None:
        """The refusal as tool tip (and status tip of an action); the page's tips back after."""
        control = binding.control
        is_action = isinstance(control, QAction)
        tip, status = control.toolTip(), control.statusTip()
        self._forcing = True
        try:
            if reason is not None:
                saved = binding.normal_tips or (tip, status)
                if tip != reason:
                    saved = (tip, saved[1])
                    control.setToolTip(reason)
                if is_action and status != reason:
                    saved = (saved[0], status)
                    control.setStatusTip(reason)
                binding.normal_tips = saved
            elif binding.normal_tips is not None:
                control.setToolTip(binding.normal_tips[0])
                if is_action:
                    control.setStatusTip(binding.normal_tips[1])
                binding.normal_tips = None
        finally:
            self._forcing = False
        binding.reason = reason


def _is_locked(control: Control) -> bool:
    """Whether the control itself is disabled (or read-only), whatever its parents are."""
    if isinstance(control, _TEXT_TYPES):
        return control.isReadOnly()
    if isinstance(control, QAction):
        return not control.isEnabled()
    return control.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
