""" "此事项已被他人修改": the two versions of a record side by side after a refused save.

One dialog for every kind of versioned record (items, feedback records, matters): the clerk sees
who saved the stored version and when, the record's own text of both versions next to each other
(an item's title and body, a feedback record's content, a matter's title and description,
``services.conflicts.record_text``), and every field where they differ, labelled as that kind
of record calls it. "Reload theirs" puts the clerk's own text on the clipboard (to paste back
where still wanted) and the caller then shows the stored version; "Keep editing" leaves the
unsaved edits in the form. :func:`resolve_conflict` runs the dialog and says what was chosen;
:func:`outcome_message` is the sentence the form shows afterwards.
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

from board_app.i18n import N_, _
from board_app.services.conflicts import EditConflict, conflict_message, headline, record_text

#: The form's sentence when the clerk keeps editing, per kind of record.
_NOT_SAVED = {
    "item": N_(
        "Not saved: someone else saved version {version} of this item meanwhile. "
        "Reload it before saving again."
    ),
    "feedback": N_(
        "Not saved: someone else saved version {version} of this feedback record meanwhile. "
        "Reload it before saving again."
    ),
    "matter": N_(
        "Not saved: someone else saved version {version} of this matter meanwhile. "
        "Reload it before saving again."
    ),
}


class ConflictDialog(QDialog):
    """Both versions of a record whose save was refused; ``choice`` says what the clerk chose."""

    RELOAD = "reload"
    KEEP = "keep"

    def __init__(self, parent: QWidget | None, conflict: EditConflict) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.choice = self.KEEP
        self.setWindowTitle(headline(conflict.kind))
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
        self.theirs_text = self._pane(record_text(conflict.kind, theirs))
        self.mine_text = self._pane(record_text(conflict.kind, mine))
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
        """The clerk's refused text (as :func:`record_text` gives it)."""
        return self.mine_text.toPlainText()

    def copy_mine(self) -> None:
        """Put the clerk's text on the clipboard."""
        QApplication.clipboard().setText(self.my_text())

    def _reload(self) -> None:
        self.copy_mine()
        self.choice = self.RELOAD
        self.accept()


def resolve_conflict(parent: QWidget | None, conflict: EditConflict) -> bool:
    """Show both versions; True when the clerk chose to reload theirs (the caller then shows
    the stored record; the clerk's text is on the clipboard), False to keep editing."""
    dialog = ConflictDialog(parent, conflict)
    try:
        dialog.exec()
        return dialog.choice == ConflictDialog.RELOAD and conflict.theirs is not None
    finally:
        dialog.deleteLater()


def outcome_message(conflict: EditConflict, reloaded: bool) -> str:
    """The sentence the form shows after the dialog: what it shows now, or that nothing was
    saved and the stored version must be reloaded first."""
    if reloaded:
        return _(
            "Showing version {version} saved by {who}; your text is on the clipboard "
            "to paste where you still want it."
        ).format(version=conflict.theirs_version, who=conflict.changed_by or "?")
    return _(_NOT_SAVED[conflict.kind]).format(version=conflict.theirs_version or "?")
