"""The poster's geometry model: drawing primitives, flow units, sheets, sizes and text metrics.

Coordinates are PDF points with the origin at the TOP-left of a sheet and y growing downwards;
the renderer flips them. Text primitives carry the baseline position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from board_app.layout.cjk import break_lines

# Font roles used on posters (mapped to the font chain by the text kit).
TITLE, HEADING, BODY = "title", "heading", "body"
IDEOGRAPHIC_SPACE = "\u3000"


@dataclass(frozen=True)
class Text:
    """One line of text; ``align`` is relative to the box [x, x + width]."""

    x: float
    y: float  # baseline, from the top
    text: str
    role: str
    size: float
    color: str
    align: str = "left"
    width: float = 0.0
    owner: str = ""  # the item the text belongs to (for glyph reports)

    def moved(self, dx: float, dy: float) -> Text:
        return replace(self, x=self.x + dx, y=self.y + dy)


@dataclass(frozen=True)
class Rect:
    """A filled and/or stroked rectangle (y is its top edge)."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    line_width: float = 0.5

    def moved(self, dx: float, dy: float) -> Rect:
        return replace(self, x=self.x + dx, y=self.y + dy)


@dataclass(frozen=True)
class Line:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    width: float = 0.5

    def moved(self, dx: float, dy: float) -> Line:
        return replace(self, x1=self.x1 + dx, y1=self.y1 + dy, x2=self.x2 + dx, y2=self.y2 + dy)


@dataclass(frozen=True)
class Picture:
    """An image scaled into the box (y is its top edge)."""

    x: float
    y: float
    w: float
    h: float
    data: bytes = field(repr=False)

    def moved(self, dx: float, dy: float) -> Picture:
        return replace(self, x=self.x + dx, y=self.y + dy)


Primitive = Text | Rect | Line | Picture


@dataclass
class Unit:
    """An unbreakable slice of column content, drawn relative to its top-left corner."""

    height: float
    prims: list[Primitive]
    kind: str = "line"
    keep_with_next: bool = False
    space_before: float = 0.0
    header: Unit | None = None  # a table header to repeat when this unit starts a column
    owner: str = ""  # item title (masked) the unit belongs to
    line_pos: str = ""  # "first" / "last" line of a paragraph of two or more lines


@dataclass
class Sheet:
    """One page of the poster."""

    index: int
    width: float
    height: float
    prims: list[Primitive] = field(default_factory=list)
    continued: bool = False


@dataclass
class Sizes:
    """Type sizes and spacings (pt) derived from the body size.

    ``title_factor`` sets the board title against the body (4x on A1 and larger boards);
    ``footer`` is the footer's size (the legibility minimum, whatever the board's scale).
    """

    body: float
    title_factor: float = 3.0
    footer: float = 0.0

    @property
    def leading(self) -> float:
        return self.body * 1.55

    @property
    def heading(self) -> float:
        return self.body * 1.2

    @property
    def section(self) -> float:
        return self.body * 1.5

    @property
    def title(self) -> float:
        return self.body * self.title_factor

    @property
    def subtitle(self) -> float:
        return self.body * 1.25

    @property
    def pad(self) -> float:
        return self.body * 0.5

    @property
    def footer_size(self) -> float:
        return self.footer or self.body


class TextKit(Protocol):
    """Measures and wraps text in a font role."""

    def measure(self, text: str, role: str, size: float) -> float: ...

    def wrap(self, text: str, role: str, size: float, width: float) -> list[str]: ...


class MeasureKit:
    """A text kit over a ``measure(text, role, size)`` function and Chinese line breaking.

    Leading ideographic spaces count one em each (used for first-line indents), so a font
    lacking U+3000 does not matter.
    """

    def __init__(self, measure: Callable[[str, str, float], float]) -> None:
        self._measure = measure

    def measure(self, text: str, role: str, size: float) -> float:
        spaces = text.count(IDEOGRAPHIC_SPACE)
        if spaces:
            text = text.replace(IDEOGRAPHIC_SPACE, "")
        return self._measure(text, role, size) + spaces * size if text else spaces * size

    def wrap(self, text: str, role: str, size: float, width: float) -> list[str]:
        return break_lines(text, width, lambda s: self.measure(s, role, size)) or [""]


class FastMeasureKit(MeasureKit):
    """A :class:`MeasureKit` over per-role caches of widths at 1 pt (widths are linear in the
    size): ``em(role)`` returns a ``text -> width at 1 pt`` function."""

    def __init__(self, em: Callable[[str], Callable[[str], float]]) -> None:
        self._em = em
        super().__init__(lambda text, role, size: em(role)(text) * size)

    def wrap(self, text: str, role: str, size: float, width: float) -> list[str]:
        em = self._em(role)
        space = IDEOGRAPHIC_SPACE

        def measure(s: str) -> float:
            if space in s:
                n = s.count(space)
                rest = s.replace(space, "")
                return (em(rest) if rest else 0.0) * size + n * size
            return em(s) * size

        return break_lines(text, width, measure) or [""]


class EstimateKit:
    """A text kit for trial layouts: a paragraph's line count is estimated from its width
    (Chinese text breaks almost anywhere), without running the line breaker. The lines it
    returns are stand-ins of the right number; only heights are used from a trial."""

    #: Lines come out a little shorter than the column (no break inside a number or word,
    #: kinsoku): estimate with this share of the width.
    FILL = 0.96

    def __init__(self, base: TextKit) -> None:
        self.base = base

    def measure(self, text: str, role: str, size: float) -> float:
        return self.base.measure(text, role, size)

    def wrap(self, text: str, role: str, size: float, width: float) -> list[str]:
        out: list[str] = []
        for para in text.split("\n"):
            total = self.base.measure(para, role, size)
            if total <= width:
                out.append(para)
                continue
            n = int(total // (width * self.FILL)) + 1
            step = -(-len(para) // n)
            out.extend(para[k * step : (k + 1) * step] for k in range(n))
        return out or [""]


_em_function: Callable[[str], Callable[[str], float]] | None = None


def set_em_function(em_function: Callable[[str], Callable[[str], float]]) -> None:
    """Install the font metrics the default text kit measures with (render.poster_fonts does,
    when it is imported): the layout itself knows no fonts."""
    global _em_function
    _em_function = em_function


def default_text_kit() -> TextKit:
    """The text kit over the application's font chain (installed by render.poster_fonts)."""
    if _em_function is None:
        raise RuntimeError(
            "No font metrics installed: import board_app.render.poster_fonts first "
            "(services.boards does)."
        )
    return FastMeasureKit(_em_function)
