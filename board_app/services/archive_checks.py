"""Checks of what an archive prints: 全宗号 and 全宗名称 that fit the stamp, cover and spine;
lines naming characters no font can print (item, field, character, code point)."""

from __future__ import annotations

import re

from board_app.domain import limits
from board_app.i18n import _

FONDS_CODE_MAX = limits.FONDS_CODE_MAX  # J031 (4) is usual; J031-00127 (10) is seen
_FONDS_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*\Z")


FONDS_NAME_MAX = limits.NAME_MAX


def fonds_code_problem(code: str, name: str = "") -> str | None:
    """Why a 全宗号 (or 全宗名称) cannot be printed on the 归档章, cover and labels, or None.

    At most 10 letters, digits, hyphens or dots (an empty code is allowed here: it is only
    needed when archiving); a 全宗名称 of at most 100 characters.
    """
    code = code.strip()
    if len(name.strip()) > FONDS_NAME_MAX:
        return _("The fonds name (全宗名称) must be at most {max} characters.").format(
            max=FONDS_NAME_MAX
        )
    if not code:
        return None
    if len(code) > FONDS_CODE_MAX or not _FONDS_CODE.match(code):
        return _(
            "The fonds code (全宗号) {code} must be at most {max} letters, digits or hyphens."
        ).format(code=code, max=FONDS_CODE_MAX)
    return None


def _glyph_line(glyph: tuple[str, str, str]) -> str:
    owner, name, ch = glyph
    return _("{item}, {field}: {char} (U+{code:04X})").format(
        item=owner, field=name, char=ch, code=ord(ch)
    )


def glyph_lines(glyphs: list[tuple[str, str, str]]) -> list[str]:
    """One line per character no font can print: item, field, character and code point."""
    return [_glyph_line(g) for g in glyphs]


# ----- pure helpers -------------------------------------------------------------------------
