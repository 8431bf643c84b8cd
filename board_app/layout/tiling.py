"""Tiling: cut a large poster onto A4/A3 office sheets at full size, with overlap.

Each sheet shows a window of the poster the size of the sheet's printable area (sheet minus a
margin on every side, where crop marks and the label go). Neighbouring windows share
``overlap`` millimetres so the sheets can be glued together. Portrait or landscape sheets are
chosen, whichever needs fewer sheets (portrait on a tie).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from board_app.errors import UsageError
from board_app.i18n import _
from board_app.layout.templates import MM, PAPER_MM

TILE_PAPERS = ("A4", "A3")
DEFAULT_OVERLAP_MM = 10.0
DEFAULT_MARGIN_MM = 10.0


@dataclass(frozen=True)
class Tile:
    """One sheet: its grid position and the poster window it shows (points, origin top-left)."""

    row: int
    col: int
    number: int  # 1-based, row by row
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class TilePlan:
    """How a poster is cut: sheet size, printable window, grid and tiles."""

    paper: str
    sheet_w: float
    sheet_h: float
    margin: float
    overlap: float
    rows: int
    cols: int
    tiles: tuple[Tile, ...]

    @property
    def count(self) -> int:
        """Number of tile sheets (without the overview sheet)."""
        return len(self.tiles)

    @property
    def landscape(self) -> bool:
        return self.sheet_w > self.sheet_h


def _steps(length: float, window: float, overlap: float) -> int:
    if length <= window + 0.01:
        return 1
    return math.ceil((length - overlap) / (window - overlap) - 1e-9)


def _grid(
    poster_w: float, poster_h: float, win_w: float, win_h: float, overlap: float
) -> tuple[int, int]:
    return _steps(poster_h, win_h, overlap), _steps(poster_w, win_w, overlap)


def plan_tiles(
    poster_w: float,
    poster_h: float,
    paper: str = "A4",
    overlap_mm: float = DEFAULT_OVERLAP_MM,
    margin_mm: float = DEFAULT_MARGIN_MM,
) -> TilePlan:
    """Plan the tiling of a ``poster_w`` x ``poster_h`` point poster onto ``paper`` sheets."""
    key = paper.strip().upper()
    if key not in TILE_PAPERS:
        raise UsageError(_("Tiles must be A4 or A3, not {paper}").format(paper=paper))
    short, long_ = (v * MM for v in PAPER_MM[key])
    margin, overlap = margin_mm * MM, overlap_mm * MM
    if not 0 <= overlap_mm <= 50:
        raise UsageError(_("Overlap must be between 0 and 50 mm, not {mm}").format(mm=overlap_mm))
    best: tuple[int, float, float, int, int] | None = None
    for sheet_w, sheet_h in ((short, long_), (long_, short)):
        win_w, win_h = sheet_w - 2 * margin, sheet_h - 2 * margin
        rows, cols = _grid(poster_w, poster_h, win_w, win_h, overlap)
        if best is None or rows * cols < best[0]:
            best = (rows * cols, sheet_w, sheet_h, rows, cols)
    assert best is not None
    _count, sheet_w, sheet_h, rows, cols = best
    win_w, win_h = sheet_w - 2 * margin, sheet_h - 2 * margin
    tiles = []
    for r in range(rows):
        for c in range(cols):
            x = c * (win_w - overlap)
            y = r * (win_h - overlap)
            w = min(win_w, poster_w - x)
            h = min(win_h, poster_h - y)
            tiles.append(Tile(r, c, r * cols + c + 1, x, y, w, h))
    return TilePlan(key, sheet_w, sheet_h, margin, overlap, rows, cols, tuple(tiles))


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in poster points (origin top-left)


def prim_boxes(prims: Sequence[object]) -> list[Box]:
    """Bounding boxes of drawn primitives (text boxes are estimated generously)."""
    from board_app.layout.poster_model import Line, Picture, Rect, Text

    boxes: list[Box] = []
    for p in prims:
        if isinstance(p, (Rect, Picture)):
            boxes.append((p.x, p.y, p.x + p.w, p.y + p.h))
        elif isinstance(p, Line):
            boxes.append((min(p.x1, p.x2), min(p.y1, p.y2), max(p.x1, p.x2), max(p.y1, p.y2)))
        elif isinstance(p, Text) and p.text.strip():
            width = p.width or p.size * len(p.text)
            boxes.append((p.x, p.y - p.size, p.x + width, p.y + p.size * 0.3))
    return boxes


def blank_tiles(plan: TilePlan, boxes: list[Box]) -> set[int]:
    """Numbers of the tiles whose window nothing is drawn on (they are not printed)."""
    blank = set()
    for t in plan.tiles:
        x0, y0, x1, y1 = t.x, t.y, t.x + t.w, t.y + t.h
        if not any(b[0] < x1 and b[2] > x0 and b[1] < y1 and b[3] > y0 for b in boxes):
            blank.add(t.number)
    return blank


def registration_marks(plan: TilePlan) -> list[tuple[float, float]]:
    """Poster points of the registration marks: in the middle of every overlap strip, at the
    middle of each neighbouring window, so the two sheets of a seam show the same mark at the
    same place of the poster and can be laid exactly over each other."""
    marks = []
    for t in plan.tiles:
        if t.col > 0:  # the strip this tile shares with its left neighbour
            marks.append((t.x + plan.overlap / 2, t.y + t.h / 2))
        if t.row > 0:  # ... and with the one above
            marks.append((t.x + t.w / 2, t.y + plan.overlap / 2))
    return marks
