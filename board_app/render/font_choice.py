"""How the fallback face of a character is chosen: faces of the text's style first, one face
per name, and which half of a punctuation glyph is blank (for compression).

Used by :mod:`board_app.render.fonts` (``chain_specs``, ``FontChain.faces``, ``FontChain.halves``).
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from board_app.render.fonts import FaceSpec

log = logging.getLogger(__name__)
_lock = threading.RLock()


_SANS_HINTS = ("sans", "hei", "msyh", "yahei", "gothic", "wqy", "droid", "dengxian", "pingfang")


def face_style(spec: FaceSpec) -> str:
    """ "sans" (黑体-like) or "serif" (宋/仿宋/楷/明朝-like), guessed from the file name."""
    name = spec.path.name.lower()
    return "sans" if any(h in name for h in _SANS_HINTS) else "serif"


def style_ordered(specs: list[FaceSpec]) -> list[FaceSpec]:
    """The faces after the first, faces of the first one's style before the others (a rare
    character in 宋体 text comes from a 宋/明朝 fallback, in 黑体 text from a 黑体 one)."""
    if len(specs) < 2:
        return specs
    style = face_style(specs[0])
    same = [s for s in specs[1:] if face_style(s) == style]
    other = [s for s in specs[1:] if face_style(s) != style]
    return [specs[0], *same, *other]


NAME_MAX = 4  # Chinese personal names are 2-4 characters
#: Characters that end the look-around for a name in running text (titles and function words
#: around names: 同志, 书记, 主任, 委员, 党员, 村民, 的, 为, 和 ...).
NAME_STOPS = frozenset("同志书记主任委员党村民的了和与及为是在等对向于把被将从由给收请")


def _ideograph(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
        or cp == 0x3007
    )


_outlines: dict[FaceSpec, object] = {}
_halves: dict[tuple[FaceSpec, str], tuple[bool, bool]] = {}


def blank_halves(spec: FaceSpec, ch: str) -> tuple[bool, bool]:
    """(left half blank, right half blank) of a glyph, read from the face's outlines with
    fontTools (cached): the ink of a full-width mark lies within one half of its advance."""
    key = (spec, ch)
    got = _halves.get(key)
    if got is not None:
        return got
    got = (False, False)
    try:
        from fontTools.ttLib import TTFont as OutlineFont

        with _lock:
            font = _outlines.get(spec)
            if font is None:
                font = _outlines[spec] = OutlineFont(spec.path, fontNumber=spec.index, lazy=True)
        name = font.getBestCmap().get(ord(ch))  # type: ignore[attr-defined]
        if name is not None:
            glyf = font["glyf"]  # type: ignore[index]
            glyph = glyf[name]
            advance = font["hmtx"][name][0]  # type: ignore[index]
            if not hasattr(glyph, "xMin"):
                glyph.recalcBounds(glyf)
            if advance > 0 and hasattr(glyph, "xMin"):
                got = (glyph.xMin >= 0.45 * advance, glyph.xMax <= 0.55 * advance)
    except Exception as exc:  # noqa: BLE001 - a face fontTools cannot read: never compress
        log.warning("outlines of %s unreadable: %s", spec.path, exc)
    _halves[key] = got
    return got
