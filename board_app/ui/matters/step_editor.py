"""The step editor: one meeting of a 四议两公开 matter, with rule failures in red at each field.

The editor reads its fields into a :class:`Step` (``step()``), reports fields it cannot read
(``parse_problems``) and shows problems from the service's rule check under the fields they
belong to (``show_problems``). It emits ``edited`` on every change so the page can re-check.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from board_app.domain.matter_rules import Problem
from board_app.domain.matters import BODIES_FOR_STEP, END, Outcome, Step, StepKind
from board_app.i18n import _
from board_app.ui.dialogs.common import EnumCombo
from board_app.ui.editor.fields import ERROR_COLOR, FieldBox, OptionalDateEdit

COUNT_FIELDS = ("members", "present", "votes_for", "votes_against", "abstentions")
TEXT_FIELDS = ("place", "chair", "recorder")
# Outline the text fields only: a bare "border" rule would restyle every child widget.
_RED = f"QLineEdit, QDateEdit, QPlainTextEdit {{ border: 1px solid {ERROR_COLOR}; }}"


class StepEditor(QWidget):
    """Fields of one meeting; read-only for a closed step."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._step = Step(kind=StepKind.PROPOSAL)
        self._loading = False
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.body = EnumCombo([], lambda b: b.label)
        self.held_on = OptionalDateEdit(_("Enter date"))
        self.texts = {name: QLineEdit() for name in TEXT_FIELDS}
        self.counts = {name: QLineEdit() for name in COUNT_FIELDS}
        for edit in self.counts.values():
            edit.setMaximumWidth(90)
        self.member_names = QLineEdit()
        self.present_names = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(70)
        self.outcome = EnumCombo([None, *Outcome], lambda o: o.label if o else _("(not decided)"))
        self.then = EnumCombo([], self._then_label)
        self.supervisors_attended = QCheckBox(
            _("The village affairs supervision committee attended")
        )
        self.supervisors = QLineEdit()
        self.supervisors.setPlaceholderText(_("names of the supervisors who attended"))

        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout(self)
        form.addRow(self.title)

        def row(label: str, name: str, widget: QWidget) -> None:
            # keep fields full height when messages appear (word-wrapped labels squeeze them)
            widget.setMinimumHeight(widget.sizeHint().height())
            box = FieldBox(widget)
            self.boxes[name] = box
            form.addRow(label, box)

        row(_("Meeting"), "body", self.body)
        row(_("Date"), "held_on", self.held_on)
        row(_("Place"), "place", self.texts["place"])
        row(_("Chaired by"), "chair", self.texts["chair"])
        row(_("Minutes by"), "recorder", self.texts["recorder"])
        row(_("Should attend"), "members", self.counts["members"])
        row(_("Attended"), "present", self.counts["present"])
        row(_("Names (optional)"), "present_names", self.present_names)
        votes = QWidget()
        line = QHBoxLayout(votes)
        line.setContentsMargins(0, 0, 0, 0)
        for name, label in (
            ("votes_for", _("For")),
            ("votes_against", _("Against")),
            ("abstentions", _("Abstaining")),
        ):
            line.addWidget(QLabel(label))
            line.addWidget(self.counts[name])
        line.addStretch(1)
        row(_("Vote"), "votes_for", votes)
        row(_("Outcome"), "outcome", self.outcome)
        row(_("If not passed"), "then", self.then)
        row(
            _("Supervision"), "supervisors", self._pair(self.supervisors_attended, self.supervisors)
        )
        row(_("Discussion summary"), "summary", self.summary)
        self.boxes["step"] = self.boxes["body"]
        self.boxes["votes_against"] = self.boxes["abstentions"] = self.boxes["votes_for"]

        for edit in (
            *self.texts.values(),
            *self.counts.values(),
            self.member_names,
            self.present_names,
            self.supervisors,
        ):
            edit.textChanged.connect(self._changed)
        self.summary.textChanged.connect(self._changed)
        for combo in (self.body, self.outcome, self.then):
            combo.currentIndexChanged.connect(self._changed)
        self.held_on.changed.connect(self._changed)
        self.supervisors_attended.toggled.connect(self._changed)

    @staticmethod
    def _pair(first: QWidget, second: QWidget) -> QWidget:
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(first)
        line.addWidget(second, 1)
        return box

    @staticmethod
    def _then_label(value: str | None) -> str:
        if not value:
            return _("(choose)")
        if value == END:
            return _("End the matter")
        return _("Return to: {step}").format(step=StepKind(value).label)

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    # ----- loading and reading ----------------------------------------------------------------
    def set_step(self, step: Step) -> None:
        """Show a meeting (a closed one read-only)."""
        self._loading = True
        self._step = step
        self.title.setText(step.kind.label + ("" if not step.closed else "　" + _("(closed)")))
        self.body.clear()
        self.body.values = list(BODIES_FOR_STEP[step.kind])
        for body in self.body.values:
            self.body.addItem(body.label)
        self.body.set_value(step.body)
        self.then.clear()
        self.then.values = [None, *[k.value for k in StepKind if k.order <= step.kind.order], END]
        for value in self.then.values:
            self.then.addItem(self._then_label(value))
        self.then.set_value(step.then or None)
        self.held_on.set_value(step.held_on)
        for name, edit in self.texts.items():
            edit.setText(getattr(step, name))
        for name, edit in self.counts.items():
            value = getattr(step, name)
            edit.setText("" if value is None else str(value))
        self.member_names.setText(step.member_names)
        self.present_names.setText(step.present_names)
        self.summary.setPlainText(step.summary)
        self.outcome.set_value(step.outcome)
        self.supervisors_attended.setChecked(step.supervisors_attended)
        self.supervisors.setText(step.supervisors)
        self._set_read_only(step.closed)
        self._loading = False
        self.show_problems([])

    def _set_read_only(self, read_only: bool) -> None:
        for edit in (
            *self.texts.values(),
            *self.counts.values(),
            self.member_names,
            self.present_names,
            self.supervisors,
        ):
            edit.setReadOnly(read_only)
        self.summary.setReadOnly(read_only)
        for widget in (self.body, self.outcome, self.then, self.supervisors_attended):
            widget.setEnabled(not read_only)
        self.held_on.set_read_only(read_only)

    def parse_problems(self) -> list[Problem]:
        """Fields that cannot be read (counts that are not whole numbers)."""
        problems = []
        for name, edit in self.counts.items():
            text = edit.text().strip()
            if text and not text.isdecimal():
                problems.append(Problem(name, _("Enter a whole number of 0 or more.")))
        return problems

    def step(self) -> Step:
        """The meeting as typed (unreadable counts are left empty; see ``parse_problems``)."""
        step = Step(
            id=self._step.id,
            kind=self._step.kind,
            body=self.body.value() or self._step.body,
            held_on=self.held_on.value(),
            member_names=self.member_names.text().strip(),
            present_names=self.present_names.text().strip(),
            summary=self.summary.toPlainText().strip(),
            outcome=self.outcome.value(),
            then=self.then.value() or "",
            supervisors_attended=self.supervisors_attended.isChecked(),
            supervisors=self.supervisors.text().strip(),
            closed=self._step.closed,
        )
        for name, edit in self.texts.items():
            setattr(step, name, edit.text().strip())
        for name, edit in self.counts.items():
            text = edit.text().strip()
            setattr(step, name, int(text) if text.isdecimal() else None)
        return step

    def show_problems(self, problems: list[Problem]) -> None:
        """Show each problem in red under its field (and outline the field)."""
        by_field: dict[FieldBox, list[str]] = {}
        for problem in problems:
            box = self.boxes.get(problem.field) or self.boxes["summary"]
            by_field.setdefault(box, []).append(problem.message)
        for box in self._unique_boxes():
            messages = by_field.get(box, [])
            box.set_problems(messages, [])
            box.widget.setStyleSheet(_RED if messages else "")

    def _unique_boxes(self) -> list[FieldBox]:
        return list({id(box): box for box in self.boxes.values()}.values())

    def problem_fields(self) -> set[str]:
        """Names of the fields showing a problem (aliases such as votes_against left out)."""
        aliases = {"step", "votes_against", "abstentions"}
        return {
            name for name, box in self.boxes.items() if name not in aliases and box.message.text()
        }
