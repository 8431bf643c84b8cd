"""Chinese input on Linux desktops whose input method Qt's wheels have no plug-in for.

PySide6 from PyPI (and so the installed package) ships the ``ibus`` and ``compose`` input
context plug-ins but none for fcitx, the usual input framework of 统信UOS and 银河麒麟. When the
desktop asks for fcitx (``QT_IM_MODULE=fcitx``) and no fcitx plug-in is present, Qt would start
without any input method and a clerk could not type Chinese. fcitx 5 also answers on the ibus
protocol, so the ibus plug-in is chosen instead. Must run before the QApplication is created.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

from PySide6.QtCore import QLibraryInfo

FCITX_NAMES = ("fcitx", "fcitx5")


def _plugins(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.name.lower() for p in folder.iterdir()}


def choose_input_method(
    environ: MutableMapping[str, str] | None = None, plugin_dir: Path | None = None
) -> str | None:
    """Switch QT_IM_MODULE from fcitx to ibus when only the ibus plug-in exists.

    Returns the module set, or None when nothing was changed.
    """
    env = os.environ if environ is None else environ
    wanted = env.get("QT_IM_MODULE", "").strip().lower()
    if wanted not in FCITX_NAMES:
        return None
    if plugin_dir is None:
        plugin_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    present = _plugins(plugin_dir / "platforminputcontexts")
    if any("fcitx" in name for name in present):
        return None
    if not any("ibus" in name for name in present):
        return None
    env["QT_IM_MODULE"] = "ibus"
    return "ibus"
