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
        or 0x2E80 <= cp <= 0x2FDF  # radicals
        or cp == 0x3007
    )


_halves: dict[tuple[FaceSpec, str], tuple[bool, bool]] = {}


#: Marks whose blank half punctuation compression may take (see board_app.layout.cjk).
COMPRESSIBLE = "，。、；：）》」』】〕〉〗｝］”’（《「『【〔〈〖｛［“‘"


def blank_halves(spec: FaceSpec, ch: str) -> tuple[bool, bool]:
    """(left half blank, right half blank) of a glyph, read from the face's outlines with
    fontTools: the ink of a full-width mark lies within one half of its advance. All the
    compressible marks of a face are read at its first use and the outlines released."""
    got = _halves.get((spec, ch))
    if got is not None:
        return got
    with _lock:
        if (spec, ch) not in _halves:
            for mark, halves in _read_halves(spec, set(COMPRESSIBLE) | {ch}).items():
                _halves[(spec, mark)] = halves
        return _halves[(spec, ch)]


def _read_halves(spec: FaceSpec, chars: set[str]) -> dict[str, tuple[bool, bool]]:
    out = dict.fromkeys(chars, (False, False))
    try:
        from fontTools.ttLib import TTFont as OutlineFont

        with OutlineFont(spec.path, fontNumber=spec.index, lazy=True) as font:
            cmap = font.getBestCmap()
            glyf, hmtx = font["glyf"], font["hmtx"]
            for ch in chars:
                name = cmap.get(ord(ch))
                if name is None:
                    continue
                glyph, advance = glyf[name], hmtx[name][0]
                if not hasattr(glyph, "xMin"):
                    glyph.recalcBounds(glyf)
                if advance > 0 and hasattr(glyph, "xMin"):
                    out[ch] = (glyph.xMin >= 0.45 * advance, glyph.xMax <= 0.55 * advance)
    except Exception as exc:  # noqa: BLE001 - a face fontTools cannot read: never compress
        log.warning("outlines of %s unreadable: %s", spec.path, exc)
    return out
