"""Resource lookup in every way the program is installed, the version, and the package files."""

from __future__ import annotations

import re
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

import pytest

from board_app import paths, version
from board_app.cli import main as cli_main
from board_app.errors import DatabaseUnusableError
from board_app.render import fonts
from board_app.storage import backup, migrations
from board_app.storage.db import open_database

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT_TEXT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
PYPROJECT_VERSION = re.search(r'^version = "([^"]+)"', PYPROJECT_TEXT, re.MULTILINE).group(1)


# ----- resources ---------------------------------------------------------------------------
def test_environment_override_wins(tmp_path: Path) -> None:
    base = paths.resources_base(environ={"BOARD_APP_RESOURCES": str(tmp_path)}, frozen=True)
    assert base == tmp_path


def test_frozen_bundle_uses_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    internal = tmp_path / "opt" / "board-app" / "_internal"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.delenv("BOARD_APP_RESOURCES", raising=False)
    assert paths.is_frozen()
    assert paths.resources_base() == internal / "resources"
    assert paths.resource_path("fonts", "x.ttf") == internal / "resources" / "fonts" / "x.ttf"


def test_frozen_without_meipass_uses_the_executable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "board-app.exe"))
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert paths.resources_base(environ={}, frozen=True) == tmp_path / "resources"


def test_checkout_and_pip_install(tmp_path: Path) -> None:
    assert paths.resources_base(environ={}, frozen=False) == ROOT / "resources"
    missing = tmp_path / "not-a-checkout" / "resources"
    installed = paths.resources_base(
        environ={}, frozen=False, repo_resources=missing, prefix=str(tmp_path / "venv")
    )
    assert installed == tmp_path / "venv" / "share" / "board-app" / "resources"


def test_source_resources_are_found() -> None:
    for parts in (
        ("fonts", "NotoSansSC-Regular.ttf"),
        ("boards", "a3-portrait.json"),
        ("translations", "zh_CN", "packaging.po"),
        ("icons", "board-app.png"),
        ("icons", "board-app.ico"),
    ):
        assert paths.resource_path(*parts).is_file(), parts


def test_spec_bundles_every_resource_folder() -> None:
    """A new folder under resources/ must be added to the PyInstaller spec (and pyproject)."""
    spec = (ROOT / "packaging" / "board-app.spec").read_text(encoding="utf-8")
    bundled = set(re.findall(r'\(str\(ROOT / R / "([^"]+)"\), f"\{R\}/\1"\)', spec))
    folders = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()}
    assert bundled == folders
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name in folders:
        assert f'"share/board-app/resources/{name}' in pyproject, name


def test_windows_font_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows the system and per-user font folders are searched (from the environment)."""
    system = tmp_path / "Windows" / "Fonts"
    user = tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"
    system.mkdir(parents=True)
    user.mkdir(parents=True)
    fonts.configure()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert fonts.windows_fonts_dirs() == [system, user]
    monkeypatch.delenv("LOCALAPPDATA")
    assert fonts.windows_fonts_dirs() == [system]
    monkeypatch.setattr(sys, "platform", "linux")
    assert fonts.windows_fonts_dirs() == []


# ----- version -----------------------------------------------------------------------------
def test_version_is_the_pyproject_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert version.app_version() == PYPROJECT_VERSION
    assert cli_main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"board-app {PYPROJECT_VERSION}"


def test_version_fallbacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_metadata(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", no_metadata)
    monkeypatch.setenv("BOARD_APP_RESOURCES", str(tmp_path))
    version.app_version.cache_clear()
    try:
        assert version.app_version() == PYPROJECT_VERSION  # a checkout: pyproject.toml
        (tmp_path / "VERSION").write_text("7.8.9\n", encoding="utf-8")
        version.app_version.cache_clear()
        assert version.app_version() == "7.8.9"  # the frozen bundle's VERSION file
        monkeypatch.setattr(version, "_PYPROJECT", tmp_path / "missing.toml")
        (tmp_path / "VERSION").unlink()
        version.app_version.cache_clear()
        assert version.app_version() == version.UNKNOWN
    finally:
        version.app_version.cache_clear()


def test_version_from_pyproject_reads_the_project_table(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text('[tool.x]\nversion = "9"\n[project]\nname = "a"\nversion = "1.2.3"\n')
    assert version.version_from_pyproject(toml) == "1.2.3"
    toml.write_text('[project]\nname = "a"\n[tool.x]\nversion = "9"\n')
    assert version.version_from_pyproject(toml) is None
    assert version.version_key("0.10.2") > version.version_key("0.9.12")
    assert version.version_key("1.0.0+local") == (1, 0, 0)


# ----- an older program and a newer database -------------------------------------------------
def _make_newer(db_path: Path, writer: str | None) -> None:
    with open_database(db_path):
        pass
    con = sqlite3.connect(db_path)
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    if writer is None:
        con.execute("DELETE FROM meta WHERE key = 'app_version'")
    else:
        con.execute("UPDATE meta SET value = ? WHERE key = 'app_version'", (writer,))
    con.commit()
    con.close()


def test_migration_records_the_program_version(tmp_path: Path) -> None:
    with open_database(tmp_path / "a.sqlite3") as handle:
        assert migrations.written_by(handle.db) == PYPROJECT_VERSION


def test_newer_database_names_the_version_needed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "newer.sqlite3"
    _make_newer(db_path, "3.2.0")
    with pytest.raises(DatabaseUnusableError) as info:
        open_database(db_path)
    message = str(info.value)
    assert "3.2.0" in message and PYPROJECT_VERSION in message and "999" in message
    assert cli_main(["--db", str(db_path), "check"]) == 3
    err = capsys.readouterr().err
    assert "请安装公开栏管理 3.2.0 或更新的版本" in err and "Traceback" not in err
    # restoring it as a backup is refused with the same information
    current = tmp_path / "current.sqlite3"
    with open_database(current):
        pass
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(current, db_path)
    assert "3.2.0" in str(refused.value)


def test_newer_database_from_before_versions_were_recorded(tmp_path: Path) -> None:
    db_path = tmp_path / "old-style.sqlite3"
    _make_newer(db_path, None)
    with pytest.raises(DatabaseUnusableError) as info:
        open_database(db_path)
    assert "999" in str(info.value) and info.value.exit_code == 3


# ----- the desktop entry's command ---------------------------------------------------------
def test_gui_with_a_missing_file_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "交换.json"
    assert cli_main(["--db", str(tmp_path / "a.sqlite3"), "gui", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err


def test_gui_passes_the_file_to_the_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from board_app.ui import main as ui_main

    calls = []
    monkeypatch.setattr(ui_main, "run_gui", lambda *a, **k: calls.append((a, k)) or 0)
    exchange = tmp_path / "交换.json"
    exchange.write_text("{}", encoding="utf-8")
    db = tmp_path / "a.sqlite3"
    assert cli_main(["gui", str(exchange), "--db", str(db)]) == 0
    assert calls[0][1]["open_file"] == exchange.resolve()
    assert cli_main(["--db", str(db), "gui"]) == 0
    assert calls[1][1]["open_file"] is None


def test_desktop_entry_and_mime_type_agree() -> None:
    desktop = (ROOT / "packaging" / "debian" / "board-app.desktop").read_text(encoding="utf-8")
    mime = (ROOT / "packaging" / "debian" / "board-app-mime.xml").read_text(encoding="utf-8")
    assert "Name[zh_CN]=公开栏管理" in desktop and "Exec=board-app gui %f" in desktop
    mime_type = re.search(r'<mime-type type="([^"]+)"', mime).group(1)
    assert f"MimeType={mime_type};" in desktop
    sample = (ROOT / "packaging" / "samples" / "sample-items.json").read_text(encoding="utf-8")
    assert re.search(r'value="([^"]+)"', mime.split("<magic", 1)[1]).group(1) in sample[:512]


def test_fcitx_falls_back_to_ibus_without_a_fcitx_plugin(tmp_path: Path) -> None:
    from board_app.ui.input_method import choose_input_method

    contexts = tmp_path / "platforminputcontexts"
    contexts.mkdir()
    (contexts / "libibusplatforminputcontextplugin.so").touch()
    env = {"QT_IM_MODULE": "fcitx"}
    assert choose_input_method(env, tmp_path) == "ibus" and env["QT_IM_MODULE"] == "ibus"
    env = {"QT_IM_MODULE": "xim"}
    assert choose_input_method(env, tmp_path) is None and env["QT_IM_MODULE"] == "xim"
    (contexts / "libfcitx5platforminputcontextplugin.so").touch()
    env = {"QT_IM_MODULE": "fcitx5"}
    assert choose_input_method(env, tmp_path) is None and env["QT_IM_MODULE"] == "fcitx5"


def test_reportlab_uses_its_c_accelerator() -> None:
    """rl_accel (a dependency, and a hidden import of the bundle) formats PDF numbers and
    strings in C: without it every poster command spends ~10% longer in pure Python."""
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str.__module__ == "_rl_accel"
    assert rl_accel.escapePDF.__module__ == "_rl_accel"
