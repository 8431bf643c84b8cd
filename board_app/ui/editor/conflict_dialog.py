""" "此事项已被他人修改": the two versions of an item side by side after a refused save.

The clerk sees who saved the stored version and when, the title and body of both versions
next to each other, and every field where they differ. "Reload theirs" puts the clerk's own
title and body on the clipboard (to paste back where still wanted) and shows the stored
version in the editor; "Keep editing" leaves the unsaved edits in the form.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_app.i18n import _
from board_app.services.conflicts import EditConflict, conflict_message


def item_text(title: str, body: str) -> str:
    """Title and body as one text to read or paste."""
    return f"{title}\n\n{body}".strip()


class ConflictDialog(QDialog):
    """Both versions of a record whose save was refused; ``choice`` says what the clerk chose."""

    RELOAD = "reload"
    KEEP = "keep"

    def __init__(self, parent: QWidget | None, conflict: EditConflict) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.choice = self.KEEP
        self.setWindowTitle(_("This item has been changed by someone else."))
        self.setMinimumSize(820, 560)
        layout = QVBoxLayout(self)
        # The headline and the sentence naming both versions; the differences follow as a table.
        summary = conflict_message(conflict).split("\n")[:2]
        self.summary = QLabel("\n".join(summary), self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        theirs, mine = conflict.theirs, conflict.mine
        panes = QGridLayout()
        self.theirs_label = QLabel(self._theirs_caption(), self)
        self.mine_label = QLabel(
            _("Yours (version {version}, not saved)").format(version=conflict.mine_version), self
        )
        self.theirs_text = self._pane(item_text(theirs.title, theirs.body) if theirs else "")
        self.mine_text = self._pane(item_text(mine.title, mine.body) if mine else "")
        panes.addWidget(self.theirs_label, 0, 0)
        panes.addWidget(self.mine_label, 0, 1)
        panes.addWidget(self.theirs_text, 1, 0)
        panes.addWidget(self.mine_text, 1, 1)
        layout.addLayout(panes, 3)

        layout.addWidget(QLabel(_("Where the two versions differ (theirs / yours):"), self))
        self.table = QTableWidget(len(conflict.differences), 3, self)
        self.table.setHorizontalHeaderLabels([_("Field"), _("Theirs"), _("Yours")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, diff in enumerate(conflict.differences):
            for col, text in enumerate((diff.label, diff.theirs, diff.mine)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 2)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton(_("Copy my text"), self)
        self.reload_button = QPushButton(_("Reload theirs (my text goes to the clipboard)"), self)
        self.keep_button = QPushButton(_("Keep editing"), self)
        self.reload_button.setEnabled(theirs is not None)
        self.copy_button.clicked.connect(self.copy_mine)
        self.reload_button.clicked.connect(self._reload)
        self.keep_button.clicked.connect(self.reject)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.keep_button)
        layout.addLayout(buttons)
        self.reload_button.setDefault(True)

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the rows to their wrapped text once the columns have their real widths."""
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def _theirs_caption(self) -> str:
        c = self.conflict
        if c.theirs_version is None:
            return _("Theirs (deleted)")
        when = c.changed_at.astimezone().strftime("%Y-%m-%d %H:%M") if c.changed_at else "?"
        return _("Theirs (version {version}, saved by {who} at {when})").format(
            version=c.theirs_version, who=c.changed_by or "?", when=when
        )

    def _pane(self, text: str) -> QPlainTextEdit:
        pane = QPlainTextEdit(self)
        pane.setReadOnly(True)
        pane.setPlainText(text)
        return pane

    def my_text(self) -> str:
        """The clerk's refused title and body."""
        return self.mine_text.toPlainText()

    def copy_mine(self) -> None:
        """Put the clerk's title and body on the clipboard."""
        QApplication.clipboard().setText(self.my_text())

    def _reload(self) -> None:
        self.copy_mine()
        self.choice = self.RELOAD
        self.accept()
