"""Chinese line breaking (pure Python; the caller supplies ``measure(text) -> width``).

Rules (after GB/T 15834 and the W3C "clreq" note, simplified):

* no line starts with a closing mark: ，。、；：？！）》」』】〕 ” ’ … — % and the ASCII
  , . ; : ? ! ) ]
* no line ends with an opening mark: （《「『【〔 “ ‘ ( [ and currency prefixes ¥ ￥ $
* runs of Latin letters and digits with inner connectors ("1,234.50", "13812345678",
  "2026-Q3", "a.b@c.cn", "110101199003077777") stay together unless longer than a line,
  in which case they are split by character;
* ASCII spaces and tabs are break opportunities; whitespace where a line is broken is dropped, as
  is whitespace at the end of a paragraph; indentation at a paragraph start is kept;
* an explicit "\\n" forces a break (an empty paragraph gives an empty line).

When a group of characters that must stay together is wider than the line it is split by
character (keeping the rules where possible), except that a group which fits without its final
comma or full stop keeps it hanging past the line end (标点悬挂, at most one character); a
single character wider than the line gets a line of its own. ``measure`` must be additive (the
width of a concatenation is the sum of the widths), which holds for reportlab's ``stringWidth``.

Usage::

    from board_app.layout.cjk import break_lines
    lines = break_lines(text, 200.0, lambda s: pdfmetrics.stringWidth(s, "sans", 12))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

Measure = Callable[[str], float]

#: Characters that must not begin a line.
NO_LINE_START = frozenset(
    "，。、；：？！）》」』】〕〉〗｝］”’…‥—–～%‰％℃°′″·・ー々〻ゝゞ"
    "．｡､｣,.;:?!)]}"
    "\u00bb\u203a"  # » ›
)
#: Closing punctuation that may hang past the line end when the alternative is to cut a
#: number or word that fits on its own ("370102********1234。").
HANGING = frozenset("，。、；：？！,.;:?!")
#: Characters that must not end a line.
NO_LINE_END = frozenset("（《「『【〔〈〖｛［“‘([{¥￥$£€#＃\u00ab\u2039")
#: Characters that bind to both neighbours (the middle dot in transliterated names).
NO_BREAK_AROUND = frozenset("·・")

_SPACE = " \t"
# A "word": letters/digits with inner connectors, e.g. 1,234.50  2026-Q3  a_b@c.cn  No.5;
# '*' counts as a digit so masked numbers (370685********281X) stay whole.
_WORD = re.compile(
    r"[A-Za-z0-9*\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+"
    r"(?:[.,:/\-_@'+&][A-Za-z0-9*\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)*"
)


def tokens(paragraph: str) -> list[tuple[str, str]]:
    """Split one paragraph (no "\\n") into ``(separator, item)`` pairs.

    ``separator`` is the ASCII whitespace before the item ("" for most CJK text); ``item`` is a
    single character or a Latin/digit word. Leading whitespace is part of the first item.
    """
    out: list[tuple[str, str]] = []
    i, n = 0, len(paragraph)
    lead = ""
    while i < n and paragraph[i] in _SPACE:
        lead += paragraph[i]
        i += 1
    sep = ""
    while i < n:
        ch = paragraph[i]
        if ch in _SPACE:
            sep += ch
            i += 1
            continue
        m = _WORD.match(paragraph, i)
        item = m.group(0) if m else ch
        i += len(item)
        if lead:
            item, lead = lead + item, ""
        out.append((sep, item))
        sep = ""
    if lead:  # whitespace-only paragraph
        out.append(("", lead))
    return out


def _glued(prev: str, nxt: str) -> bool:
    """True if no break is allowed between two adjacent items."""
    return (
        nxt[0] in NO_LINE_START
        or prev[-1] in NO_LINE_END
        or nxt[0] in NO_BREAK_AROUND
        or prev[-1] in NO_BREAK_AROUND
    )


def groups(paragraph: str) -> list[tuple[str, str]]:
    """Unbreakable groups of a paragraph as ``(separator, text)`` pairs (break points between)."""
    out: list[tuple[str, str]] = []
    for sep, item in tokens(paragraph):
        if out and _glued(out[-1][1], item):
            psep, ptext = out[-1]
            out[-1] = (psep, ptext + sep + item)
        else:
            out.append((sep, item))
    return out


def break_allowed(prev: str, nxt: str) -> bool:
    """Whether the rules allow a line to end with ``prev`` and the next to start with ``nxt``."""
    return not prev or not nxt or not _glued(prev, nxt)


def break_lines(text: str, width: float, measure: Measure) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (see the module docstring)."""
    cache: dict[str, float] = {}

    def w(s: str) -> float:
        v = cache.get(s)
        if v is None:
            v = cache[s] = measure(s)
        return v

    lines: list[str] = []
    if not text:
        return lines
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_break_paragraph(paragraph.rstrip(_SPACE), width, w))
    return lines


def _break_paragraph(paragraph: str, width: float, w: Measure) -> list[str]:
    lines: list[str] = []
    cur, cur_w = "", 0.0
    for sep, group in groups(paragraph):
        gw = _width(group, w)
        if cur:
            sw = _width(sep, w) if sep else 0.0
            if cur_w + sw + gw <= width:
                cur, cur_w = cur + sep + group, cur_w + sw + gw
                continue
            lines.append(cur)
        if gw <= width:
            cur, cur_w = group, gw
            continue
        if len(group) > 1 and group[-1] in HANGING and _width(group[:-1], w) <= width:
            # A number or word that fits, followed by a full stop or comma that does not:
            # let the punctuation hang past the edge (标点悬挂) rather than cut the number.
            cur, cur_w = group, gw
            continue
        pieces = _force_split(group, width, w)
        lines.extend(pieces[:-1])
        cur = pieces[-1]
        cur_w = _width(cur, w)
    lines.append(cur)
    return lines


def _width(s: str, w: Measure) -> float:
    """Width of ``s``: cached per short string, summed per character for longer ones."""
    if len(s) <= 24:
        return w(s)
    return sum(w(c) for c in s)


def _force_split(group: str, width: float, w: Measure) -> list[str]:
    """Split an over-wide group by character, preferring positions the rules allow."""
    pieces: list[str] = []
    start, acc = 0, 0.0
    i = 0
    n = len(group)
    while i < n:
        cw = w(group[i])
        if i > start and acc + cw > width:
            cut = i
            # Move the cut back to a permitted position (not leaving a lone char behind forever).
            k = i
            while k > start + 1 and not _char_break_ok(group, k):
                k -= 1
            if _char_break_ok(group, k) and k > start:
                cut = k
            piece = group[start:cut].rstrip(_SPACE)
            if piece:
                pieces.append(piece)
            start = cut
            while start < n and group[start] in _SPACE:
                start += 1
            i = start
            acc = 0.0
            continue
        acc += cw
        i += 1
    if start < n:
        pieces.append(group[start:])
    return pieces or [""]


def _char_break_ok(s: str, k: int) -> bool:
    """Whether a forced break between ``s[k-1]`` and ``s[k]`` keeps the punctuation rules."""
    if k <= 0 or k >= len(s):
        return True
    return break_allowed(s[k - 1], s[k])


# ----- punctuation compression and justification (W3C clreq §3.1.6 / §3.8, simplified) -----
#: Full-width opening brackets and quotes: their blank half is on the left.
OPENING = frozenset("（《「『【〔〈〖｛［“‘")
#: Full-width closing marks whose blank half is on the right (mainland positions; ！？ are
#: centred in mainland faces and never compressed).
CLOSING = frozenset("，。、；：）》」』】〕〉〗｝］”’")
_PUNCT = OPENING | CLOSING | frozenset("！？…—·")
_WIDE_EXTRA = frozenset("“”‘’…—·")


def is_wide(ch: str) -> bool:
    """A CJK character or full-width mark (justification may add space beside it); Latin
    letters, digits and ASCII punctuation are not."""
    return unicodedata.east_asian_width(ch) in "WF" or ch in _WIDE_EXTRA


Halves = list[tuple[bool, bool]]  # per character: (left half blank, right half blank)


def default_halves(text: str) -> Halves:
    """Mainland positions: closing marks ink on the left, opening brackets on the right."""
    return [(ch in OPENING, ch in CLOSING) for ch in text]


def compression(
    text: str, advances: list[float], size: float, halves: Halves | None = None
) -> list[tuple[float, float]]:
    """``(left_cut, right_cut)`` in points per character for adjacent punctuation.

    A full-width closing mark followed by another mark loses its blank right half ("。」",
    "，“", "）（"); an opening bracket after another opening bracket loses its blank left half
    ("（《"). Only marks whose advance is a full em, and only halves the face leaves blank
    (``halves``, read from its outlines; default :func:`default_halves`), are taken.
    """
    half = size / 2
    halves = halves or default_halves(text)
    cuts = [(0.0, 0.0)] * len(text)
    for i, ch in enumerate(text):
        if advances[i] < 0.9 * size:
            continue
        left = right = 0.0
        if ch in CLOSING and i + 1 < len(text) and text[i + 1] in _PUNCT and halves[i][1]:
            right = half
        if ch in OPENING and i > 0 and text[i - 1] in OPENING and halves[i][0]:
            left = half
        if left or right:
            cuts[i] = (left, right)
    return cuts


def compressed_width(
    text: str, advances: list[float], size: float, halves: Halves | None = None
) -> float:
    """Width of ``text`` with adjacent punctuation compressed (line start not included)."""
    return sum(advances) - sum(a + b for a, b in compression(text, advances, size, halves))


def justifiable(prev: str, nxt: str) -> bool:
    """Whether justification may widen the gap between two characters: beside a CJK character
    or full-width mark, or at a space; never inside a Latin word or a number ("3,456.12")."""
    return is_wide(prev) or is_wide(nxt) or prev == " " or nxt == " "


def place_line(
    text: str,
    advances: list[float],
    size: float,
    box: float,
    align: str = "left",
    justify: bool = False,
    halves: Halves | None = None,
) -> tuple[list[float], float]:
    """Glyph x positions (from the left of the box) of one line, and the line's right edge.

    Adjacent punctuation is compressed; an opening bracket starting a left-aligned or justified
    line sets half width (its blank half hangs before the edge). ``justify``: the space left is
    shared equally by the :func:`justifiable` gaps only (digits and Latin words keep their own
    spacing), so the line ends flush with ``box``; a closing mark that would overflow the edge is
    set half width first.
    """
    n = len(text)
    if not n:
        return [], 0.0
    halves = halves or default_halves(text)
    cuts = compression(text, advances, size, halves)
    full = [adv >= 0.9 * size for adv in advances]
    if align in ("left", "justify") and text[0] in OPENING and full[0] and halves[0][0]:
        cuts[0] = (size / 2, cuts[0][1])
    hang = 0.0  # a closing mark hanging past the edge (标点悬挂, see break_lines)
    if justify and text[-1] in HANGING:
        natural = sum(advances) - sum(a + b for a, b in cuts)
        if text[-1] in CLOSING and full[-1] and halves[-1][1] and natural > box:
            cuts[-1] = (cuts[-1][0], size / 2)  # set half width (its blank half) first
            natural -= size / 2
        if natural > box + 1e-6 and n > 1:
            hang = advances[-1] - cuts[-1][0] - cuts[-1][1]

    def layout() -> tuple[list[float], float]:
        xs, pen = [], 0.0
        for adv, (left, right) in zip(advances, cuts, strict=True):
            xs.append(pen - left)
            pen += adv - left - right
        return xs, pen

    xs, width = layout()
    if justify:
        gaps = [i for i in range(1, n) if justifiable(text[i - 1], text[i])]
        stretch = box + hang - width
        if stretch > 1e-6 and gaps:  # a line without such a gap (a cut number) stays left
            each = stretch / len(gaps)
            shift, k = 0.0, 0
            for i in range(n):
                while k < len(gaps) and gaps[k] <= i:
                    shift += each
                    k += 1
                xs[i] += shift
            return xs, box + hang
    elif align == "center":
        xs = [x + (box - width) / 2 for x in xs]
        width = (box + width) / 2
    elif align == "right":
        xs = [x + box - width for x in xs]
        width = box
    return xs, width
