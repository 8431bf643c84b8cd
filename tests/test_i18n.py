"""Every string a user sees has a Simplified Chinese translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

from board_app import i18n

PACKAGE = Path(__file__).resolve().parents[1] / "board_app"
PLACEHOLDER = re.compile(r"\{[a-zA-Z_0-9]*\}")


def messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "translate_to": (2,)},
    ):
        text = message[0] if isinstance(message, tuple) else message
        if text:
            found.setdefault(text, f"{filename}:{lineno}")
    return found


def test_every_message_has_a_chinese_translation():
    table = i18n.catalogue("zh_CN")
    missing = [f"{where}: {text!r}" for text, where in messages().items() if text not in table]
    assert missing == [], "\n".join(missing)


def test_placeholders_are_kept():
    table = i18n.catalogue("zh_CN")
    wrong = []
    for text in messages():
        if text in table and sorted(PLACEHOLDER.findall(text)) != sorted(
            PLACEHOLDER.findall(table[text])
        ):
            wrong.append(f"{text!r} -> {table[text]!r}")
    assert wrong == [], "\n".join(wrong)


def test_language_switch_and_environment(monkeypatch):
    i18n.set_language("en")
    assert i18n._("Published") == "Published"
    i18n.set_language("zh_CN")
    assert i18n._("Published") == "已公开"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("BOARD_APP_LANG", raising=False)
    assert i18n.language_from_environment() == "en"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.language_from_environment() == "zh_CN"
