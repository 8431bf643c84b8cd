"""Where things live: bundled resources, the user's data and log directories."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "board-app"
_REPO_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resources_base(
    *,
    environ: Mapping[str, str] | None = None,
    frozen: bool | None = None,
    bundle_dir: str | None = None,
    repo_resources: Path = _REPO_RESOURCES,
    prefix: str | None = None,
) -> Path:
    """The folder that holds the bundled resources.

    In order: the BOARD_APP_RESOURCES environment variable; the ``resources`` folder inside a
    frozen PyInstaller bundle (``sys._MEIPASS``, i.e. ``_internal`` beside the executable);
    the folder beside the package (a checkout or an editable install); and after
    ``pip install .`` the data files under ``<prefix>/share/board-app/resources``.
    The keyword arguments default to this process's values (they exist for tests).
    """
    env = os.environ if environ is None else environ
    override = env.get("BOARD_APP_RESOURCES")
    if override:
        return Path(override)
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if frozen:
        if bundle_dir is None:
            bundle_dir = getattr(sys, "_MEIPASS", None) or os.path.dirname(sys.executable)
        return Path(bundle_dir) / "resources"
    if repo_resources.is_dir():
        return repo_resources
    return Path(sys.prefix if prefix is None else prefix) / "share" / APP_NAME / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource (fonts, boards, translations, icons, docs)."""
    return resources_base().joinpath(*parts)


def is_frozen() -> bool:
    """True inside the PyInstaller bundle (the installed package without Python)."""
    return bool(getattr(sys, "frozen", False))


def data_dir() -> Path:
    """The per-user data directory (created on demand)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """The per-user configuration directory (created on demand)."""
    path = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """The per-user log directory (created on demand; BOARD_APP_LOG_DIR overrides, for tests)."""
    override = os.environ.get("BOARD_APP_LOG_DIR")
    path = (
        Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    """The database in the user data directory."""
    return data_dir() / "board.sqlite3"


#: How a database on a PostgreSQL server is named instead of a file path.
SERVER_URL_PREFIXES = ("postgresql://", "postgres://")


def is_server_url(location: object) -> bool:
    """Whether ``location`` (from --db, BOARD_APP_DB or the settings) names a server database."""
    return isinstance(location, str) and location.strip().lower().startswith(SERVER_URL_PREFIXES)
