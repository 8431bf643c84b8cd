"""Digits as people type them: full-width digits from Chinese input methods are read as ASCII;
every other script's digits (Arabic-Indic, superscripts, circled …) are refused in numbers."""

from __future__ import annotations

import unicodedata

# Full-width digits and the punctuation typed with them in amounts, dates and numbers.
# Full-width Latin letters too (the Q of "２０２６－Ｑ３" typed in full-width mode).
_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．－："
    + "".join(chr(c) for c in range(0xFF21, 0xFF3B))
    + "".join(chr(c) for c in range(0xFF41, 0xFF5B)),
    "0123456789.-:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits, letters, dot, hyphen and colon in ASCII forms."""
    return text.translate(_FULL_WIDTH)


def foreign_digit(text: str) -> str | None:
    """The first digit-like character that is not 0-9 (after ascii_digits), or None."""
    for ch in text:
        if ch not in "0123456789" and (ch.isdigit() or ch.isnumeric()):
            return ch
        if unicodedata.category(ch) == "Nd" and ch not in "0123456789":
            return ch
    return None
