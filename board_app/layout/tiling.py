"""Tiling: cut a large poster onto A4/A3 office sheets at full size, with overlap.

Each sheet shows a window of the poster the size of the sheet's printable area (sheet minus a
margin on every side, where crop marks and the label go). Neighbouring windows share
``overlap`` millimetres so the sheets can be glued together. Portrait or landscape sheets are
chosen, whichever needs fewer sheets (portrait on a tie).
"""

from __future__ import annotations

import math
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
