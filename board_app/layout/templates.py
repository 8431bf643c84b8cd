"""Board templates: paper size, margins, columns, theme colours and legibility minimums.

Templates are JSON files in ``resources/boards/`` (JSON rather than TOML so Python 3.10 reads
them without extra packages). ``_themes.json`` holds the colour themes. Any size in millimetres
("2000x1200") or ISO name ("A0".."A4") can be used through :func:`resolve_template`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache

from board_app.errors import UsageError
from board_app.i18n import _
from board_app.paths import resource_path

MM = 72.0 / 25.4  # points per millimetre

PAPER_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
    "A0": (841.0, 1189.0),
}

# Legibility: minimum body size by the board's longer side (mm).  Character height in mm is
# about pt x 0.353; a reader needs roughly 1 mm of character height per 250 mm of distance.
# A4/A3 sheets in pockets are read at arm's length, A0 and 喷绘 panels from 2-3 m.
LEGIBILITY: tuple[tuple[float, float], ...] = (
    (420.0, 12.0),  # A4, A3: 4.2 mm, 0.5-1 m
    (594.0, 16.0),  # A2: 5.6 mm, about 1.4 m
    (841.0, 20.0),  # A1: 7.1 mm, about 1.8 m
    (1189.0, 24.0),  # A0: 8.5 mm, about 2 m
    (math.inf, 28.0),  # larger 喷绘 panels (e.g. 2000x1200): 9.9 mm, 2.5 m
)

DEFAULT_TEMPLATE = "a3-portrait"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(mm)?\s*$", re.IGNORECASE)


def min_body_pt(width_mm: float, height_mm: float) -> float:
    """The smallest body text size (pt) allowed on a board of this size."""
    longest = max(width_mm, height_mm)
    for limit, size in LEGIBILITY:
        if longest <= limit + 1.0:
            return size
    return LEGIBILITY[-1][1]


@dataclass(frozen=True)
class Theme:
    """Colours of a board as hex strings."""

    name: str
    primary: str
    dark: str
    tint: str
    rule: str
    text: str
    muted: str
    title_text: str
    accent: str


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres."""

    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class BoardTemplate:
    """Geometry and look of one board."""

    name: str
    width_mm: float
    height_mm: float
    margins: Margins
    columns: int
    column_gap_mm: float
    min_body_pt: float
    theme: str = "red"
    header_text: str = ""
    footer_text: str = ""
    paper: str = ""
    landscape: bool = False
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def width_pt(self) -> float:
        """Page width in points."""
        return self.width_mm * MM

    @property
    def height_pt(self) -> float:
        """Page height in points."""
        return self.height_mm * MM

    @property
    def body_pt(self) -> float:
        """Body text size: the legibility minimum (never smaller)."""
        return max(self.min_body_pt, min_body_pt(self.width_mm, self.height_mm))

    def display_name(self) -> str:
        """A human name such as "A3 portrait" or "2000 x 1200 mm"."""
        orient = _("landscape") if self.landscape else _("portrait")
        if self.paper:
            return f"{self.paper} {orient}"
        return _("{width} x {height} mm").format(
            width=_fmt(self.width_mm), height=_fmt(self.height_mm)
        )

    def with_theme(self, theme: str | None) -> BoardTemplate:
        """The same template with another colour theme (ignored when empty)."""
        return replace(self, theme=theme) if theme else self


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@cache
def themes() -> dict[str, Theme]:
    """All colour themes by name."""
    with open(resource_path("boards", "_themes.json"), encoding="utf-8") as fh:
        raw = json.load(fh)
    return {name: Theme(name=name, **values) for name, values in raw.items()}


def theme(name: str | None) -> Theme:
    """A theme by name, red when unknown."""
    table = themes()
    return table.get(name or "red", table["red"])


def _number(value: object) -> float:
    """A number from a template file (JSON number or numeric text)."""
    if isinstance(value, (int, float, str)):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def _from_dict(data: dict[str, object]) -> BoardTemplate:
    paper = str(data.get("paper") or "")
    landscape = bool(data.get("landscape", False))
    if paper:
        w, h = PAPER_MM[paper.upper()]
    else:
        w, h = _number(data["width_mm"]), _number(data["height_mm"])
    if paper and landscape:
        w, h = h, w
    m = data.get("margins_mm", {}) or {}
    assert isinstance(m, dict)
    margins = Margins(*(float(m.get(k, 12)) for k in ("top", "right", "bottom", "left")))
    known = {
        "name",
        "paper",
        "landscape",
        "margins_mm",
        "columns",
        "column_gap_mm",
        "min_body_pt",
        "theme",
        "header_text",
        "footer_text",
        "width_mm",
        "height_mm",
    }
    return BoardTemplate(
        name=str(data["name"]),
        width_mm=w,
        height_mm=h,
        margins=margins,
        columns=int(_number(data.get("columns", 1))),
        column_gap_mm=_number(data.get("column_gap_mm", 8)),
        min_body_pt=max(_number(data.get("min_body_pt", 0)), min_body_pt(w, h)),
        theme=str(data.get("theme", "red")),
        header_text=str(data.get("header_text", "")),
        footer_text=str(data.get("footer_text", "")),
        paper=paper.upper(),
        landscape=landscape,
        extra={k: v for k, v in data.items() if k not in known},
    )


@cache
def list_templates() -> tuple[str, ...]:
    """Names of the bundled templates, smallest paper first."""
    folder = resource_path("boards")
    names = [p.stem for p in folder.glob("*.json") if not p.name.startswith("_")]
    order = {"A4": 0, "A3": 1, "A2": 2, "A1": 3, "A0": 4}
    return tuple(sorted(names, key=lambda n: (order.get(n[:2].upper(), 9), n)))


@cache
def load_template(name: str) -> BoardTemplate:
    """Load a bundled template by name ("a3-portrait"); raises UsageError when unknown."""
    key = name.strip().lower()
    path = resource_path("boards", f"{key}.json")
    if key.startswith("_") or not path.is_file():
        raise UsageError(
            _("Unknown board template {name}; available: {names}").format(
                name=name, names=", ".join(list_templates())
            )
        )
    with open(path, encoding="utf-8") as fh:
        return _from_dict(json.load(fh))


def parse_size(size: str) -> tuple[str, float, float]:
    """Parse "A0".."A4" or "WxH" millimetres into (paper name or "", width, height)."""
    text = size.strip().upper()
    if text in PAPER_MM:
        w, h = PAPER_MM[text]
        return text, w, h
    m = _SIZE.match(size)
    if not m:
        raise UsageError(
            _("Board size must be A0 to A4 or WIDTHxHEIGHT in mm, not {size}").format(size=size)
        )
    w, h = float(m.group(1)), float(m.group(2))
    if not (100 <= w <= 10000 and 100 <= h <= 10000):
        raise UsageError(_("Board size {size} is outside 100 to 10000 mm").format(size=size))
    return "", w, h


def custom_template(size: str, landscape: bool = False) -> BoardTemplate:
    """A template for any size: ISO names reuse the bundled ones, others are computed."""
    paper, w, h = parse_size(size)
    if paper:
        name = f"{paper.lower()}-{'landscape' if landscape else 'portrait'}"
        if name in list_templates():
            return load_template(name)
        if landscape:
            w, h = h, w
    elif landscape and w < h:
        w, h = h, w
    body = min_body_pt(w, h)
    margin = max(10.0, min(40.0, round(min(w, h) * 0.025)))
    # Aim for about 34 characters per line at the body size.
    usable = w - 2 * margin
    char_mm = body * 25.4 / 72.0
    columns = max(1, int(usable // (34 * char_mm + margin)))
    return BoardTemplate(
        name=f"{_fmt(w)}x{_fmt(h)}" if not paper else f"{paper.lower()}-landscape",
        width_mm=w,
        height_mm=h,
        margins=Margins(margin, margin, margin, margin),
        columns=columns,
        column_gap_mm=round(margin * 0.8, 1),
        min_body_pt=body,
        paper=paper,
        landscape=w > h,
    )


def resolve_template(
    template: str | None, size: str | None, landscape: bool, default: str | None = None
) -> BoardTemplate:
    """The template to use: an explicit size, else a template name, else the default."""
    if size:
        return custom_template(size, landscape)
    name = template or default or DEFAULT_TEMPLATE
    if landscape and name.endswith("-portrait"):
        name = name[: -len("-portrait")] + "-landscape"
    paper = name.split("-")[0].upper()
    if name.endswith("-landscape") and name not in list_templates() and paper in PAPER_MM:
        return custom_template(paper, landscape=True)  # e.g. a4-landscape: computed
    return load_template(name)
