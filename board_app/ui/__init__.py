"""The desktop user interface (the only package that imports PySide6)."""

from board_app.ui.pyside_fix import make_none_immortal

make_none_immortal()
