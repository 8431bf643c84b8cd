"""帮助 → 关于: version, facts, copying them, and the bundled user guide."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication

from board_app.ui import about_dialog
from board_app.version import app_version


def test_about_shows_the_version_and_where_things_are(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "办公室.sqlite3"
    dialog = about_dialog.AboutDialog(None, db)
    qtbot.addWidget(dialog)
    text = dialog.details.text()
    assert app_version() in text and str(db) in text
    assert "用户数据" in text and "Python 环境" in text  # run from source in the tests
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert f"版本: {app_version()}" in copied and str(db) in copied
    assert not dialog.windowIcon().isNull()


def test_user_guide_opens_with_its_pictures(qtbot) -> None:
    dialog = about_dialog.AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.guide_button.isEnabled()
    guide = dialog.open_guide()
    assert guide is not None
    qtbot.addWidget(guide)
    assert "公开" in guide.browser.toPlainText()
    assert str(dialog.guide.parent) in guide.browser.searchPaths()


def test_main_window_about_uses_the_dialog(window, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(about_dialog, "show_about", lambda parent, db: shown.append((parent, db)))
    window.commands.act_about.trigger()
    assert shown == [(window, str(window.services.path))]
