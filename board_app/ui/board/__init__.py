"""Board page: poster preview, warnings, board texts, printing and tiling."""

from board_app.ui.board.board_view import BoardView

__all__ = ["BoardView"]
