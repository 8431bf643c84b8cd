"""The item editor's validation display: which field a problem belongs to, and showing them.

Problems come from the item service (``services.items.validate``) and from the editor itself
(unreadable amounts); each goes to its field's box, the rest to the footer as "general".
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from board_app.i18n import _
from board_app.services.validation import Problem
from board_app.ui.editor.fields import ERROR_COLOR, FieldBox
from board_app.ui.editor.texts import field_label

FIELD_KEYS = (
    "title",
    "category_id",
    "publication_type",
    "domain",
    "scope",
    "period",
    "publish_date",
    "expire_date",
    "responsible",
    "retention",
    "opening_balance",
    "body",
    "ledger",
    "images",
)


def problem_key(problem: Problem) -> str:
    """The field box a problem belongs to ("ledger row 2.income" goes to the ledger)."""
    if problem.field in FIELD_KEYS:
        return problem.field
    if problem.field.startswith(_("ledger row {n}").split("{")[0].strip()):
        return "ledger"
    return "general"


def merge_problems(problems: list[Problem]) -> list[Problem]:
    """``problems`` without repeats of the same message for the same field box."""
    seen = set()
    merged = []
    for problem in problems:
        key = (problem_key(problem), problem.message)
        if key not in seen:
            seen.add(key)
            merged.append(problem)
    return merged


def show_problems(
    boxes: dict[str, FieldBox], general_label: QLabel, problems: list[Problem]
) -> None:
    """Errors and warnings under their fields; the others in ``general_label``."""
    by_key: dict[str, tuple[list[str], list[str]]] = {}
    for problem in problems:
        key = problem_key(problem)
        errors, warnings = by_key.setdefault(key, ([], []))
        message = problem.message
        if key == "ledger" and problem.field not in ("ledger",):
            message = f"{problem.field}: {message}"
        (warnings if problem.warning else errors).append(message)
    for key, field_box in boxes.items():
        field_box.set_problems(*by_key.get(key, ([], [])))
    general = by_key.get("general", ([], []))
    general_label.setText(
        "\n".join(
            f"{field_label(p.field)}: {p.message}" for p in problems if problem_key(p) == "general"
        )
    )
    general_label.setVisible(bool(general[0] or general[1]))


def show_message(bar: QLabel, text: str, *, error: bool = False) -> None:
    """Show ``text`` in the message bar, red for an error, green otherwise."""
    if error:
        style = f"background: #fde8e8; color: {ERROR_COLOR}; border: 1px solid #f5b5b5;"
    else:
        style = "background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;"
    bar.setStyleSheet(style + " padding: 4px 8px; border-radius: 4px;")
    bar.setText(text)
    bar.show()
