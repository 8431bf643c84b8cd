"""Fixtures for widget tests: offscreen Qt, a temporary database and settings file.

Chinese text is entered with setText()/insert(): qtbot.keyClicks aborts on non-ASCII text.
"""

from __future__ import annotations

import contextlib
import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from pathlib import Path

import pytest

from board_app import i18n
from board_app.services.context import open_services


@pytest.fixture(autouse=True)
def ui_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Machine settings in a temporary file; Simplified Chinese as the language."""
    path = tmp_path / "config" / "settings.json"
    monkeypatch.setenv("BOARD_APP_CONFIG", str(path))
    monkeypatch.delenv("BOARD_APP_DB", raising=False)
    i18n.set_language("zh_CN")
    yield path
    i18n.set_language("zh_CN")


@pytest.fixture
def ui_services(tmp_path: Path):
    """Services over a fresh temporary database (closed after the test if still open)."""
    svc = open_services(tmp_path / "board.sqlite3", wait=0, operator="测试员")
    yield svc
    with contextlib.suppress(Exception):  # the window may have closed it already
        svc.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test session (each test gets its own copy)."""
    from board_app.demo import ensure_demo

    path = tmp_path_factory.mktemp("demo-template") / "board.sqlite3"
    svc = open_services(path, wait=0, operator="测试员")
    try:
        ensure_demo(svc)
    finally:
        svc.close()
    return path


@pytest.fixture
def demo_services(tmp_path: Path, demo_template: Path):
    """A temporary copy of the demo database (organizations and items)."""
    import shutil

    db = tmp_path / "board.sqlite3"
    shutil.copy(demo_template, db)
    svc = open_services(db, wait=0, operator="测试员")
    yield svc
    with contextlib.suppress(Exception):  # the window may have closed it already
        svc.close()


@pytest.fixture
def window(qtbot, demo_services, message_boxes):
    """The main window over the demo database."""
    from board_app.settings import MachineSettings
    from board_app.ui.main_window import MainWindow

    win = MainWindow(demo_services, MachineSettings(operator="测试员"))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.shutdown()


class MessageBoxes:
    """Records QMessageBox calls instead of blocking; question() answers ``answer``."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.calls: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.calls if kind is None or k == kind]


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    from PySide6.QtWidgets import QMessageBox

    boxes = MessageBoxes()

    def recorder(kind: str):
        def record(_parent, title, text, *args, **kwargs):
            boxes.calls.append((kind, title, text))
            return boxes.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return staticmethod(record)

    for kind in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return boxes
