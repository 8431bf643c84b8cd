"""Chinese text blocks for reportlab: wrap with the CJK rules, draw with per-character fallback.

The poster and archive engines use this for every piece of text, so that line breaking follows
:mod:`board_app.layout.cjk` and rare characters come from the fallback faces of
:mod:`board_app.render.fonts` (everything embedded and subset; never Helvetica).

API::

    style = TextStyle(role="sans", size=12, leading=18, color="#000000", align="justify")
    lines = wrap("正文……", style, width=300)           # list[Line]
    height = block_height(lines, style)                 # len(lines) * leading
    draw_lines(canvas, lines, x, top, style, width=300) # top = upper edge of the block
    draw_text(canvas, "正文……", x, top, style, 300)      # wrap + draw, returns the height used
    size = fit_size(text, style, width, height, min_size=9)  # largest size that fits, or None

    story.append(CJKParagraph("正文……", style))        # platypus: wraps, splits across frames

Geometry: a line box is ``style.leading`` high; the em box of the glyphs is centred in it, so the
first baseline is ``top - (leading - size) / 2 - 0.88 * size``. ``align`` is "left", "center",
"right" or "justify" (space added only beside CJK characters, never inside digits or Latin words;
the last line of a paragraph stays left). Adjacent punctuation is compressed (clreq), see
:func:`board_app.layout.cjk.place_line`; :func:`line_segments` gives what is drawn.
``indent`` puts that many ideographic spaces (U+3000) before each paragraph (首行缩进).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from reportlab.lib.colors import Color, toColor
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.flowables import Flowable

from board_app.layout.cjk import CLOSING, OPENING, break_lines, compressed_width, place_line
from board_app.render import fonts

ALIGNS = ("left", "center", "right", "justify")
ASCENT = 0.88  # baseline position inside the em box (CJK faces: ~0.88 em above the baseline)


@dataclass(frozen=True)
class TextStyle:
    """How a block of text looks. ``leading`` defaults to 1.5 × size."""

    role: str = "sans"
    size: float = 12.0
    leading: float | None = None
    color: Any = "#000000"
    align: str = "left"
    indent: int = 0
    space_before: float = 0.0
    space_after: float = 0.0
    balance: bool = False  # titles: lines of even length, no lone last character

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"align must be one of {ALIGNS}, not {self.align!r}")
        if self.size <= 0:
            raise ValueError("size must be positive")

    @property
    def line_height(self) -> float:
        """The distance between baselines."""
        return self.leading if self.leading is not None else self.size * 1.5

    def scaled(self, size: float) -> TextStyle:
        """The same style at another size (leading scaled in proportion)."""
        leading = None if self.leading is None else self.leading * size / self.size
        return replace(self, size=size, leading=leading)


@dataclass(frozen=True)
class Line:
    """One laid-out line: its text, natural width in points, and whether it ends a paragraph."""

    text: str
    width: float
    last: bool = True
    runs: list[tuple[str, str]] = field(default_factory=list, compare=False)


def wrap(text: str, style: TextStyle, width: float, *, continued: bool = False) -> list[Line]:
    """Break ``text`` into lines no wider than ``width`` points, measured with the fallbacks.

    ``continued``: the text continues a paragraph (no indent on its first line).
    """
    if style.balance and "\n" not in text and width > style.size * 4:
        width = _balanced_width(text, style, width)
    chain = fonts.chain(style.role)
    measure = _measure(chain, style.size)
    out: list[Line] = []
    paragraphs = text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if text else []
    for k, paragraph in enumerate(paragraphs):
        if style.indent and paragraph.strip() and not (continued and k == 0):
            paragraph = "\u3000" * style.indent + paragraph.lstrip(" \t\u3000")
        parts = break_lines(paragraph, width, measure) or [""]
        for i, part in enumerate(parts):
            out.append(Line(part, measure(part), last=i == len(parts) - 1, runs=chain.runs(part)))
    return out


def _measure(chain: Any, size: float) -> Any:
    """``measure(text)`` with adjacent punctuation compressed (as drawn)."""
    base = chain.measure(size)

    def measure(text: str) -> float:
        if len(text) < 2 or COMPRESSIBLE.isdisjoint(text):
            return base(text)
        advances = [chain.char_width(ch) * size for ch in text]
        halves = [chain.halves(ch) if ch in COMPRESSIBLE else (False, False) for ch in text]
        return compressed_width(text, advances, size, halves)

    return measure


COMPRESSIBLE = OPENING | CLOSING


def _balanced_width(text: str, style: TextStyle, width: float) -> float:
    """The narrowest width (down to 60 %) giving as many lines as ``width`` does, so that a
    two-line title is two even lines rather than a full line and a lone character."""
    measure = _measure(fonts.chain(style.role), style.size)
    if style.indent:
        text = "\u3000" * style.indent + text.lstrip(" \t\u3000")
    count = len(break_lines(text, width, measure))
    if count < 2:
        return width
    lo, hi = width * 0.6, width
    for _step in range(10):
        mid = (lo + hi) / 2
        if len(break_lines(text, mid, measure)) == count:
            hi = mid
        else:
            lo = mid
    return hi + 0.01


def block_height(lines: list[Line], style: TextStyle) -> float:
    """Height of a block of ``lines``."""
    return len(lines) * style.line_height


def first_baseline(top: float, style: TextStyle) -> float:
    """The baseline of the first line of a block whose upper edge is at ``top``."""
    return top - (style.line_height - style.size) / 2 - ASCENT * style.size


_COLORS: dict[str, Color] = {}


def _color(value: Any) -> Color:
    if isinstance(value, Color):
        return value
    got = _COLORS.get(value)
    if got is None:
        got = _COLORS[value] = toColor(value)  # parsing a colour string costs ~0.2 ms
    return got


def draw_lines(
    canvas: Any,
    lines: list[Line],
    x: float,
    top: float,
    style: TextStyle,
    width: float | None = None,
) -> float:
    """Draw ``lines`` with the block's upper-left corner at (x, top); returns the height used.

    ``width`` is the block width for center/right/justify (default: the widest line).
    """
    if not lines:
        return 0.0
    box = width if width is not None else max(line.width for line in lines)
    canvas.saveState()
    canvas.setFillColor(_color(style.color))
    baseline = first_baseline(top, style)
    chain = fonts.chain(style.role)
    for line in lines:
        if line.text:
            _draw_line(canvas, line, x, baseline, box, style, chain)
        baseline -= style.line_height
    canvas.restoreState()
    return block_height(lines, style)


def _advance(name: str, ch: str, size: float) -> float:
    em = _ADVANCES.get((name, ch))
    if em is None:
        em = _ADVANCES[(name, ch)] = pdfmetrics.stringWidth(ch, name, 1000) / 1000.0
    return em * size


_ADVANCES: dict[tuple[str, str], float] = {}


def line_segments(
    line: Line, box: float, style: TextStyle, chain: Any | None = None
) -> list[tuple[str, str, float, float]]:
    """How a line is drawn: ``(font name, text, x, character spacing)`` pieces, x from the left
    of the box.

    Positions come from :func:`board_app.layout.cjk.place_line`: adjacent punctuation
    compressed, a line-start opening bracket half width, and for justified lines (all but a
    paragraph's last) the space left shared by the gaps beside CJK characters only, so the
    line ends flush with the box while digits and Latin words keep their spacing.
    """
    chain = chain or fonts.chain(style.role)
    runs = line.runs or chain.runs(line.text)
    names = [name for name, run in runs for _ch in run]
    text = "".join(run for _name, run in runs)
    if not text:
        return []
    advances = [_advance(name, ch, style.size) for name, ch in zip(names, text, strict=True)]
    justify = style.align == "justify" and not line.last
    align = "left" if style.align == "justify" else style.align
    halves = [
        chain.halves(ch, name) if ch in COMPRESSIBLE else (False, False)
        for name, ch in zip(names, text, strict=True)
    ]
    xs, _right = place_line(text, advances, style.size, box, align, justify, halves)
    out: list[tuple[str, str, float, float]] = []
    i, n = 0, len(text)
    while i < n:
        j, space = i + 1, None
        while j < n and names[j] == names[i]:
            delta = xs[j] - xs[j - 1] - advances[j - 1]
            if space is None:
                space = delta
            elif abs(delta - space) > 1e-4:
                break
            j += 1
        out.append((names[i], text[i:j], xs[i], space or 0.0))
        i = j
    return out


def _draw_line(
    canvas: Any, line: Line, x: float, baseline: float, box: float, style: TextStyle, chain: Any
) -> None:
    segments = line_segments(line, box, style, chain)
    if not segments:
        return
    obj = canvas.beginText(x + segments[0][2], baseline)
    for k, (name, text, dx, space) in enumerate(segments):
        if k:
            obj.setTextOrigin(x + dx, baseline)
        obj.setFont(name, style.size, style.line_height)
        obj.setCharSpace(space)  # always: Tc is graphics state and persists between pieces
        obj.textOut(text)
    canvas.drawText(obj)


def draw_text(
    canvas: Any, text: str, x: float, top: float, style: TextStyle, width: float
) -> float:
    """Wrap ``text`` to ``width`` and draw it at (x, top); returns the height used."""
    return draw_lines(canvas, wrap(text, style, width), x, top, style, width)


def fit_size(
    text: str,
    style: TextStyle,
    width: float,
    height: float,
    min_size: float,
    max_size: float | None = None,
    step: float = 0.5,
) -> float | None:
    """The largest size (a multiple of ``step``, at most ``max_size`` or the style's size) at
    which ``text`` fits in ``width`` × ``height``; None if it does not fit even at ``min_size``.
    """
    top = max_size if max_size is not None else style.size
    lo, hi = int(min_size / step + 0.999), int(top / step)
    if hi < lo:
        return None

    def fits(k: int) -> bool:
        s = style.scaled(k * step)
        return block_height(wrap(text, s, width), s) <= height + 1e-6

    if not fits(lo):
        return None
    while lo < hi:  # binary search for the largest fitting k
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo * step


def _rejoin(lines: list[Line]) -> str:
    """Text of lines again (paragraph ends as "\\n"; a space between two Latin words)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and out and not lines[i - 1].last:
            prev, nxt = lines[i - 1].text[-1:], line.text[:1]
            if prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
                out.append(" ")
        out.append(line.text)
        if line.last and i < len(lines) - 1:
            out.append("\n")
    return "".join(out)


class CJKParagraph(Flowable):
    """A platypus paragraph with Chinese line breaking and fallback fonts.

    ``split()`` splits between lines, so long paragraphs continue across frames and pages.
    """

    def __init__(
        self,
        text: str,
        style: TextStyle,
        *,
        _lines: list[Line] | None = None,
        _width: float | None = None,
        _continued: bool = False,
    ) -> None:
        super().__init__()
        self._continued = _continued
        self.text = text
        self.style = style
        self._lines = _lines
        self._lines_width = _width
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after

    def __repr__(self) -> str:
        return f"CJKParagraph({self.text[:20]!r}…)"

    def _layout(self, avail_width: float) -> list[Line]:
        if self._lines is None or self._lines_width != avail_width:
            source = self.text if self._lines is None else _rejoin(self._lines)
            self._lines = wrap(source, self.style, avail_width, continued=self._continued)
            self._lines_width = avail_width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = block_height(lines, self.style)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._layout(availWidth)
        fit = int((availHeight + 1e-6) // self.style.line_height)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        head, tail = lines[:fit], lines[fit:]
        first = CJKParagraph(
            _rejoin(head),
            replace(self.style, space_after=0.0),
            _lines=head,
            _width=availWidth,
            _continued=self._continued,
        )
        rest = CJKParagraph(
            _rejoin(tail),
            replace(self.style, space_before=0.0),
            _lines=tail,
            _width=availWidth,
            _continued=not head[-1].last,
        )
        return [first, rest]

    def draw(self) -> None:
        lines = self._lines or []
        draw_lines(self.canv, lines, 0, self.height, self.style, self.width)

    def missing_characters(self) -> set[str]:
        """Characters of the paragraph no font of its role can draw."""
        return fonts.missing_characters(self.text, self.style.role)
