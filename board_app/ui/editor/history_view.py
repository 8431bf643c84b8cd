"""History of an item: its audit trail and its chain of revisions."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.items import (
    AuditEntry,
    Domain,
    Item,
    PublicationType,
    Retention,
    Scope,
    Status,
)
from board_app.i18n import _, get_language
from board_app.ui.editor.texts import action_label, field_label

_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_SHORT = 60


def _short(value: object) -> str:
    if value is None or value == "" or value == []:
        return "—"
    text = _("{count} entries").format(count=len(value)) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


_ENUM_LABELS = {
    "publication_type": (PublicationType, labels.publication_type),
    "status": (Status, labels.status),
    "domain": (Domain, labels.domain),
    "scope": (Scope, labels.scope),
    "retention": (Retention, labels.retention),
}
_HIDDEN = {"organization_id"}


def _value(name: str, value: object, categories: dict[int, str]) -> str:
    if name in _ENUM_LABELS and isinstance(value, str):
        enum, label = _ENUM_LABELS[name]
        try:
            # each pair is (enum class, its label function): mypy sees a union of the pairs
            return label(enum(value))  # type: ignore[operator]
        except ValueError:
            return value
    if name == "category_id" and isinstance(value, int):
        return categories.get(value, str(value))
    if name in ("ledger", "images") and isinstance(value, str) and value.startswith("["):
        count = 0 if value == "[]" else value.count("', '") + 1
        return _("{count} entries").format(count=count)
    return _short(value)


def change_summary(
    changes: dict[str, tuple[object, object]],
    categories: dict[int, str] | None = None,
    *,
    separator: str | None = None,
) -> str:
    """The changed fields: "Title: old → new" (a new value alone when there was none)."""
    categories = categories or {}
    chinese = get_language() == "zh_CN"
    colon = "：" if chinese else ": "
    if separator is None:
        separator = "；" if chinese else "; "
    parts = []
    for name, (old, new) in changes.items():
        if name in _HIDDEN:
            continue
        after = _value(name, new, categories)
        if old in (None, "", "[]", []):
            parts.append(f"{field_label(name)}{colon}{after}")
        else:
            parts.append(f"{field_label(name)}{colon}{_value(name, old, categories)} → {after}")
    return separator.join(parts)


def local_time(at: datetime) -> str:
    """A stored UTC timestamp in this computer's local time (a naive one is taken as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


class HistoryView(QWidget):
    """Two lists: the revision chain (double-click opens a version) and the audit entries."""

    open_item = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.revisions = QTreeWidget(self)
        self.revisions.setHeaderLabels(
            [_("Disclosure number"), _("Status"), _("Publish date"), _("Title")]
        )
        self.revisions.setRootIsDecorated(False)
        self.revisions.setMaximumHeight(110)
        self.revisions.itemDoubleClicked.connect(self._open)
        self.audit = QTreeWidget(self)
        self.audit.setHeaderLabels([_("Time"), _("Operator"), _("Action"), _("Changes")])
        self.audit.setRootIsDecorated(False)
        self.audit.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.audit.setMinimumHeight(140)
        for tree, widths in ((self.revisions, (110, 90, 100)), (self.audit, (130, 90, 130))):
            for col, width in enumerate(widths):
                tree.setColumnWidth(col, width)
            tree.header().setStretchLastSection(True)
            tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.revisions_label = QLabel(_("Versions"), self)
        layout.addWidget(self.revisions_label)
        layout.addWidget(self.revisions)
        layout.addWidget(QLabel(_("Audit trail"), self))
        layout.addWidget(self.audit, 1)

    def set_history(
        self,
        item: Item,
        chain: list[Item],
        entries: list[AuditEntry],
        categories: dict[int, str] | None = None,
    ) -> None:
        """Show the versions of ``item`` (itself in bold) and its audit entries, newest first."""
        self.revisions.clear()
        for version in chain:
            row = QTreeWidgetItem(
                [
                    version.number or "—",
                    labels.status(version.status),
                    version.publish_date.isoformat() if version.publish_date else "—",
                    version.title,
                ]
            )
            row.setData(0, _ID_ROLE, version.id)
            if version.id == item.id:
                font = QFont(row.font(0))
                font.setBold(True)
                for col in range(4):
                    row.setFont(col, font)
            self.revisions.addTopLevelItem(row)
        several = len(chain) > 1
        self.revisions.setVisible(several)
        self.revisions_label.setVisible(several)
        self.audit.clear()
        for entry in reversed(entries):
            row = QTreeWidgetItem(
                [
                    local_time(entry.at),
                    entry.operator,
                    action_label(entry.action),
                    change_summary(entry.changes, categories),
                ]
            )
            row.setToolTip(3, change_summary(entry.changes, categories, separator="\n"))
            self.audit.addTopLevelItem(row)

    def audit_actions(self) -> list[str]:
        """The action column as shown (newest first)."""
        rows = (self.audit.topLevelItem(i) for i in range(self.audit.topLevelItemCount()))
        return [row.text(2) for row in rows if row is not None]

    def _open(self, row: QTreeWidgetItem) -> None:
        item_id = row.data(0, _ID_ROLE)
        if item_id is not None:
            self.open_item.emit(int(item_id))
