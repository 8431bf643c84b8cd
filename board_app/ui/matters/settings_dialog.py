"""An organization's 四议两公开 settings: scope list, day counts, and the meeting rules."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from board_app.domain.matter_rules import Basis, MatterSettings, MeetingRule, parse_threshold
from board_app.domain.matters import Body
from board_app.i18n import N_, _
from board_app.ui.buttons import CheckedOkCancel
from board_app.ui.editor.fields import ERROR_COLOR

BASIS_LABELS = {Basis.PRESENT: N_("Of those present"), Basis.MEMBERS: N_("Of all members")}


class MatterSettingsDialog(QDialog):
    """Edits a copy of the settings; ``settings()`` returns the result after OK."""

    def __init__(self, settings: MatterSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("四议两公开 settings"))
        self.resize(980, 640)
        self._settings = settings
        form = QFormLayout(self)
        self.scope = QPlainTextEdit("\n".join(settings.scope))
        self.notice = QSpinBox()
        self.notice.setRange(1, 90)
        self.notice.setValue(settings.notice_days)
        self.working = QSpinBox()
        self.working.setRange(1, 60)
        self.working.setValue(settings.overdue_working_days)
        self.rules = QTableWidget(len(Body), 5)
        self.rules.setHorizontalHeaderLabels(
            [_("Meeting"), _("Attendance"), _("Passing"), _("Counted"), _("Source")]
        )
        self.rules.setColumnWidth(0, 230)
        self.rules.horizontalHeader().setStretchLastSection(True)
        self.basis: dict[Body, QComboBox] = {}
        for row, body in enumerate(Body):
            rule = settings.rule(body)
            name = QTableWidgetItem(body.label)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.rules.setItem(row, 0, name)
            self.rules.setItem(row, 1, QTableWidgetItem(rule.quorum.code()))
            self.rules.setItem(row, 2, QTableWidgetItem(rule.passing.code()))
            combo = QComboBox()
            for basis in Basis:
                combo.addItem(_(BASIS_LABELS[basis]), basis.value)
            combo.setCurrentIndex(list(Basis).index(rule.basis))
            self.basis[body] = combo
            self.rules.setCellWidget(row, 3, combo)
            source = QTableWidgetItem(rule.source)
            source.setToolTip(rule.source)
            self.rules.setItem(row, 4, source)
        hint = QLabel(
            _(
                "Shares: “>1/2” means more than half (过半数); “2/3” means at least two thirds "
                "(以上 includes the number itself)."
            )
        )
        hint.setWordWrap(True)
        self.checked = CheckedOkCancel(
            self, self._apply, catch=(ValueError,), error_style=f"color: {ERROR_COLOR};"
        )
        self.error = self.checked.error
        form.addRow(_("Scope (one a line)"), self.scope)
        form.addRow(_("Notice days"), self.notice)
        form.addRow(_("Working days"), self.working)
        form.addRow(_("Meeting rules"), self.rules)
        form.addRow("", hint)
        form.addRow("", self.error)
        form.addRow(self.checked.buttons)

    def _read(self) -> MatterSettings:
        rules = {}
        for row, body in enumerate(Body):
            cells = [self.rules.item(row, col) for col in (1, 2, 4)]
            texts = [cell.text() if cell is not None else "" for cell in cells]
            try:
                quorum, passing = parse_threshold(texts[0]), parse_threshold(texts[1])
            except ValueError:
                raise ValueError(
                    _("{meeting}: write shares like >1/2 or 2/3.").format(meeting=body.label)
                ) from None
            basis = Basis(self.basis[body].currentData())
            rules[body] = MeetingRule(quorum, passing, basis, texts[2].strip())
        scope = [ln.strip() for ln in self.scope.toPlainText().splitlines() if ln.strip()]
        if not scope:
            raise ValueError(_("The scope list is empty."))
        return replace(
            self._settings,
            scope=scope,
            notice_days=self.notice.value(),
            overdue_working_days=self.working.value(),
            rules=rules,
        )

    def _accept(self) -> bool:
        """OK: check and keep the settings, close; False (the error shown) when unreadable."""
        return self.checked.ok()

    def _apply(self) -> None:
        self._result = self._read()

    def settings(self) -> MatterSettings:
        return self._result
