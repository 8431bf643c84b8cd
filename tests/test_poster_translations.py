"""Every message of the poster modules has a Chinese translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file

from board_app.i18n import catalogue

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    "board_app/layout/templates.py",
    "board_app/layout/poster.py",
    "board_app/layout/poster_items.py",
    "board_app/layout/tiling.py",
    "board_app/render/poster_pdf.py",
    "board_app/services/boards.py",
    "board_app/cli/poster.py",
]
_FIELD = re.compile(r"\{([^{}]*)\}")


def test_poster_messages_translated() -> None:
    table = catalogue("zh_CN")
    missing, wrong = [], []
    for name in FILES:
        for _line, msg, _c, _ctx in extract_from_file(
            "python", str(ROOT / name), keywords={"_": None, "N_": None}
        ):
            if msg not in table:
                missing.append(msg)
            elif sorted(_FIELD.findall(msg)) != sorted(_FIELD.findall(table[msg])):
                wrong.append(msg)
    assert not missing and not wrong, (missing, wrong)
