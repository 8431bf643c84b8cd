"""Application-wide Qt setup: the bundled fonts (with fallbacks for rare characters) and Qt's
own translations beside ours.

Rare characters in names (王𠮷, CJK Extension B) are not in Noto Sans SC; the bundled HanaMin
fallback faces have them. They are registered with QFontDatabase and put after Noto Sans SC in
the application font's family list, so lists, trees and the calendar draw them instead of boxes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from board_app.paths import resource_path

log = logging.getLogger(__name__)

UI_FONT_FILE = "NotoSansSC-Regular.ttf"
# registered for the UI, in fallback order after the main face
UI_FALLBACK_FILES = ("NotoSansSC-Bold.ttf", "HanaMinA-Fallback.ttf", "HanaMinB-Fallback.ttf")
QT_CATALOGUES = ("qtbase", "qt")

_registered: dict[str, list[str]] = {}
_qt_translators: list[QTranslator] = []  # installed ones (kept referenced)


def register_font_file(name: str) -> list[str]:
    """Register one bundled font file with Qt (once); its family names (empty on failure)."""
    if name in _registered:
        return _registered[name]
    path = resource_path("fonts", name)
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
    families = list(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else []
    if not families:
        log.warning("could not load the bundled font %s", path)
    _registered[name] = families
    return families


def ui_font_families() -> list[str]:
    """The UI's font families: Noto Sans SC first, then the fallbacks for rare characters."""
    out: list[str] = []
    for name in (UI_FONT_FILE, *UI_FALLBACK_FILES):
        for family in register_font_file(name):
            if family not in out:
                out.append(family)
    return out


def load_bundled_fonts(app: QApplication, point_size: float = 10.0) -> str | None:
    """Register the bundled faces and make Noto Sans SC (with fallbacks) the application font.

    Returns the main family, or None when the bundled font is missing (Qt's default stays).
    """
    families = ui_font_families()
    if not families:
        return None
    main = families[0]
    font = QFont(main)
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    app.setFont(font)
    # Fonts created by family name elsewhere (QFont("Noto Sans SC")) fall back the same way.
    QFont.insertSubstitutions(main, families[1:])
    return main


def install_qt_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Qt's own catalogues (message-box buttons, file and print dialogs) for ``language``.

    Our strings are translated by ``board_app.i18n``; Qt's are not unless its ``qtbase``
    catalogue is installed as well. Returns the installed translators .
    """
    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    installed = _qt_translators
    if language.startswith("zh"):
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for catalogue in QT_CATALOGUES:
            translator = QTranslator(app)
            if translator.load(f"{catalogue}_zh_CN", folder):
                app.installTranslator(translator)
                installed.append(translator)
                break  # qtbase has the widgets' strings; "qt" is the older meta catalogue
            log.info("Qt catalogue %s_zh_CN not found in %s", catalogue, folder)
    return list(installed)
