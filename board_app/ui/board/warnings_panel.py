"""The warnings beside the board preview: missing characters, added sheets, items left off.

Entries that stand for an item are drawn as links; clicking one emits ``open_item(id)``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import Item
from board_app.domain.rules import LeftOff, Reason
from board_app.i18n import _
from board_app.services.boards import PosterResult
from board_app.ui.colors import alert_color

ItemRole = Qt.ItemDataRole.UserRole + 1
TextRole = Qt.ItemDataRole.UserRole + 2
LINK = QColor("#1d4ed8")
WARN = alert_color()


class WarningsPanel(QWidget):
    """A tree of warnings grouped by kind; item entries are links."""

    open_item = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setIndentation(14)
        self.tree.setMouseTracking(True)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.itemEntered.connect(self._hover)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Warnings"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.clear()

    # ----- filling ---------------------------------------------------------------------------
    def clear(self) -> None:
        self.tree.clear()
        self.summary.setText("")

    def show_error(self, message: str) -> None:
        """A rendering failure in place of the warnings."""
        self.clear()
        self.summary.setText(message)
        self.summary.setStyleSheet(f"color: {WARN.name()};")

    def show_result(self, result: PosterResult, items: Iterable[Item] = ()) -> None:
        """Fill from a PosterResult; ``items`` lets missing characters link to their item."""
        self.tree.clear()
        self.summary.setStyleSheet("")
        by_title = {i.title: i.id for i in items if i.id is not None}
        missing = list(result.missing_glyphs)
        continued = result.continued_sheets
        sheets = result.sheets or 1
        left_off = list(result.selection.left_off)

        if missing:
            group = self._group(
                _("Characters no font can print ({count})").format(count=len(missing)), WARN
            )
            for owner, ch in missing:
                text = _("{item}: {char} (U+{code:04X})").format(
                    item=owner or _("board"), char=ch, code=ord(ch)
                )
                self._entry(group, text, by_title.get(owner))
        layout_warnings = list(result.warnings)
        if layout_warnings:
            group = self._group(
                _("Pictures printed below 100 dpi ({count})").format(count=len(layout_warnings)),
                WARN,
            )
            for owner, message in layout_warnings:
                self._entry(group, message, by_title.get(owner))
        if continued:
            group = self._group(
                _("Sheets added because items did not fit: {count}").format(count=continued),
                WARN,
            )
            self._entry(
                group,
                _("The board prints on {sheets} sheets of this size.").format(sheets=sheets),
                None,
            )
        if left_off:
            group = self._group(
                _("Items left off the board ({count})").format(count=len(left_off)), None
            )
            by_reason: dict[Reason, list[LeftOff]] = {}
            for entry in left_off:
                by_reason.setdefault(entry.reason, []).append(entry)
            for reason, entries in by_reason.items():
                sub = QTreeWidgetItem(
                    group,
                    [
                        _("{reason} ({count})").format(
                            reason=reason.label,
                            count=len(entries),
                        )
                    ],
                )
                sub.setFlags(Qt.ItemFlag.ItemIsEnabled)
                sub.setForeground(0, QBrush(QColor("#374151")))
                for entry in entries:
                    self._entry(
                        sub,
                        entry.item.title,
                        entry.item.id,
                        detail=entry.detail,
                        tip=reason.label,
                    )
        self.tree.expandAll()
        parts = []
        if missing:
            parts.append(_("{count} characters cannot be printed").format(count=len(missing)))
        if continued:
            parts.append(_("{count} sheets added").format(count=continued))
        parts.append(_("{count} items left off").format(count=len(left_off)))
        self.summary.setText(_("; ").join(parts))

    def _group(self, text: str, colour: QColor | None) -> QTreeWidgetItem:
        group = QTreeWidgetItem([text])
        font = QFont(self.tree.font())
        font.setBold(True)
        group.setFont(0, font)
        if colour is not None:
            group.setForeground(0, QBrush(colour))
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(group)
        return group

    def _entry(
        self,
        group: QTreeWidgetItem,
        text: str,
        item_id: int | None,
        *,
        detail: str = "",
        tip: str = "",
    ) -> QTreeWidgetItem:
        """One entry; an item is a link (a rich-text label) with its detail below."""
        row = QTreeWidgetItem(group, [text + ("\n" + detail if detail else "")])
        row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        row.setToolTip(0, "\n".join(t for t in (text, tip, detail) if t))
        if item_id is None:
            return row
        row.setData(0, ItemRole, int(item_id))
        label = QLabel(
            f'<a href="item:{int(item_id)}" style="color:{LINK.name()};">{html.escape(text)}</a>'
            + (f'<br><span style="color:#6b7280;">{html.escape(detail)}</span>' if detail else "")
        )
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setContentsMargins(2, 2, 2, 2)
        label.setToolTip(row.toolTip(0) + "\n" + _("Click to open the item"))
        label.linkActivated.connect(lambda _href, i=int(item_id): self.open_item.emit(i))
        row.setText(0, "")
        row.setData(0, TextRole, text + ("\n" + detail if detail else ""))
        row.setSizeHint(0, label.sizeHint())
        self.tree.setItemWidget(row, 0, label)
        return row

    # ----- queries (tests, main window) --------------------------------------------------------
    def entries(self) -> list[tuple[str, str, int | None]]:
        """(group text, entry text, item id or None) of every entry, in order."""
        out: list[tuple[str, str, int | None]] = []

        def walk(parent: QTreeWidgetItem, top: str) -> None:
            for r in range(parent.childCount()):
                row = parent.child(r)
                if row is None:
                    continue
                if row.childCount():
                    walk(row, top + " / " + row.text(0))
                else:
                    text = row.data(0, TextRole) or row.text(0)
                    out.append((top, text, row.data(0, ItemRole)))

        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None:
                walk(group, group.text(0))
        return out

    def item_row(self, item_id: int) -> QTreeWidgetItem | None:
        """The entry linking to ``item_id``."""
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            if it.value().data(0, ItemRole) == item_id:
                return it.value()
            it += 1
        return None

    def _clicked(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        item_id = row.data(0, ItemRole)
        if item_id is not None:
            self.open_item.emit(int(item_id))

    def _hover(self, row: QTreeWidgetItem, _column: int) -> None:
        linked = row.data(0, ItemRole) is not None
        self.tree.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if linked else Qt.CursorShape.ArrowCursor
        )
