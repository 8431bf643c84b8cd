"""What a board can be asked for (templates, tile papers, overlap), without loading the
renderer: the command line builds its help from these on every start."""

from __future__ import annotations

from board_app.layout.templates import list_templates
from board_app.layout.tiling import DEFAULT_OVERLAP_MM, TILE_PAPERS

__all__ = ["DEFAULT_OVERLAP_MM", "TILE_PAPERS", "list_templates"]
