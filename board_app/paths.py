"""Where things live: bundled resources, the user's data and log directories."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "board-app"
_REPO_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource (fonts, boards, translations, icons).

    The resources folder sits beside the package in a checkout or an editable install, and
    under ``<prefix>/share/board-app`` after ``pip install .``; BOARD_APP_RESOURCES overrides
    both (for a frozen build).
    """
    override = os.environ.get("BOARD_APP_RESOURCES")
    if override:
        base = Path(override)
    elif _REPO_RESOURCES.is_dir():
        base = _REPO_RESOURCES
    else:  # a regular install: data files under <prefix>/share/board-app/resources
        base = Path(sys.prefix) / "share" / "board-app" / "resources"
    return base.joinpath(*parts)


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
    path = Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    """The database in the user data directory."""
    return data_dir() / "board.sqlite3"
