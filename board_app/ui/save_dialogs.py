"""Save dialogs that behave the same everywhere: they start in the folder last used for that
kind of file (else the user's documents folder), suggest a Chinese file name, and after a PDF
is written offer to open it or the folder holding it.

Folders are remembered per kind (``KIND_*``) in the machine settings (``last_folders``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from board_app.i18n import _
from board_app.settings import load_settings, save_settings

KIND_BOARD_PDF = "board-pdf"
KIND_EXPORT = "export"
KIND_ARCHIVE = "archive"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')

OPEN_FILE, OPEN_FOLDER, CLOSE = "file", "folder", "close"


def documents_dir() -> Path:
    """The user's documents folder (the home folder when the system has none)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def last_folder(kind: str) -> Path:
    """The folder last used for ``kind`` when it still exists, else the documents folder."""
    remembered = load_settings().last_folders.get(kind, "")
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return documents_dir()


def remember_folder(kind: str, path: Path, *, is_folder: bool = False) -> None:
    """Remember the folder of the file ``path`` (``path`` itself with ``is_folder``)."""
    folder = path if is_folder or path.is_dir() else path.parent
    settings = load_settings()
    settings.last_folders = {**settings.last_folders, kind: str(folder)}
    save_settings(settings)


def safe_file_name(name: str) -> str:
    """``name`` without characters Windows does not allow in file names."""
    cleaned = _UNSAFE.sub("-", name).strip(" .")
    return cleaned or "board"


def board_file_name(org_name: str, day: date, suffix: str = "") -> str:
    """东风村党支部公开栏-2026-12-03.pdf (``suffix`` e.g. "-印刷原尺寸" before the extension)."""
    return safe_file_name(f"{org_name}公开栏-{day.isoformat()}{suffix}") + ".pdf"


def export_file_name(org_name: str, year: int | None) -> str:
    """东风村党支部公开事项-2026.json (all years: without the year)."""
    stem = f"{org_name}公开事项" + (f"-{year}" if year else "")
    return safe_file_name(stem) + ".json"


def ask_save_path(
    parent: QWidget | None,
    kind: str,
    title: str,
    file_name: str,
    file_filter: str,
    extension: str,
) -> Path | None:
    """A save dialog in the folder last used for ``kind`` with ``file_name`` suggested; the
    chosen path (with ``extension`` added when typed without) or None. Remembers the folder."""
    start = last_folder(kind) / file_name
    chosen, _sel = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != extension.lower():
        path = path.with_name(path.name + extension)
    remember_folder(kind, path)
    return path


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's program for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def offer_open(parent: QWidget | None, path: Path, title: str | None = None) -> str:
    """After saving: 打开文件 / 打开所在文件夹 / 关闭. Returns OPEN_FILE, OPEN_FOLDER or CLOSE."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title or _("Saved"))
    box.setText(_("Saved {path}").format(path=path))
    open_file = box.addButton(_("Open file"), QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(_("Open containing folder"), QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_file)
    box.setEscapeButton(close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_file:
        open_path(path)
        return OPEN_FILE
    if clicked is open_folder:
        open_path(path.parent)
        return OPEN_FOLDER
    return CLOSE
