"""Per-machine settings: language, operator name, fonts, last database opened.

Stored as JSON in the user's configuration folder. Everything about an organization lives in
its database instead, so copying the database moves an office's records.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from board_app import paths


@dataclass
class MachineSettings:
    """Settings of this computer's user."""

    language: str = ""  # "" follows the system: Chinese unless an English locale
    operator: str = ""
    last_database: str = ""
    fonts: dict[str, str] = field(default_factory=dict)  # role -> font file
    backup_dir: str = ""
    recent_databases: list[str] = field(default_factory=list)
    last_folders: dict[str, str] = field(default_factory=dict)  # kind of file -> folder
    #: The township server (services/server_login.ServerSettings): connection only, the
    #: password is never stored here (libpq's files, the system keyring, or asked).
    server: dict[str, str] = field(default_factory=dict)


SERVER_KEYS = ("service", "host", "port", "dbname", "user", "sslmode")


def hide_password(address: str) -> str:
    """A ``postgresql://`` address with any password replaced by ***; other text as it is."""
    from urllib.parse import urlsplit, urlunsplit

    if not address.lower().startswith(("postgresql:", "postgres:")):
        return address
    try:
        parts = urlsplit(address)
        password = parts.password
    except ValueError:
        return "postgresql://***"
    netloc = parts.netloc
    if password is not None:
        userinfo, _at, hostport = netloc.rpartition("@")
        netloc = userinfo.split(":", 1)[0] + ":***@" + hostport
    query = "&".join(
        "password=***" if q.lower().startswith("password=") else q
        for q in parts.query.split("&")
        if q
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _without_secrets(settings: MachineSettings) -> dict:
    """The settings as written: server fields only, no password anywhere."""
    data = asdict(settings)
    data["server"] = {
        k: str(v) for k, v in (settings.server or {}).items() if k in SERVER_KEYS and v
    }
    data["last_database"] = hide_password(settings.last_database)
    data["recent_databases"] = [hide_password(p) for p in settings.recent_databases]
    return data


def settings_file() -> Path:
    """Where the settings are kept (BOARD_APP_CONFIG overrides, for tests)."""
    override = os.environ.get("BOARD_APP_CONFIG")
    return Path(override) if override else paths.config_dir() / "settings.json"


def load_settings() -> MachineSettings:
    """Read the settings; a missing or unreadable file gives the defaults."""
    path = settings_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return MachineSettings()
    known = {k: v for k, v in data.items() if k in MachineSettings.__dataclass_fields__}
    try:
        return MachineSettings(**known)
    except TypeError:
        return MachineSettings()


def save_settings(settings: MachineSettings) -> None:
    """Write the settings atomically."""
    from board_app.files import write_text_atomic

    text = json.dumps(_without_secrets(settings), ensure_ascii=False, indent=2)
    write_text_atomic(settings_file(), text, internal=True)  # the program's own file


def remember_database(path: Path) -> None:
    """Record ``path`` as the database last opened in the app."""
    settings = load_settings()
    text = str(Path(path).resolve())
    settings.last_database = text
    settings.recent_databases = [text] + [p for p in settings.recent_databases if p != text][:7]
    save_settings(settings)


def resolve_database(cli_path: str | None) -> Path | str:
    """--db PATH > BOARD_APP_DB > the database last opened in the app > the data directory.

    A ``postgresql://`` URL (from --db or BOARD_APP_DB) is returned as it is (a str)."""
    for given in (cli_path, os.environ.get("BOARD_APP_DB")):
        if given and paths.is_server_url(given):
            return given.strip()
        if given:
            return Path(given).expanduser()
    last = load_settings().last_database
    if last and Path(last).is_file():  # a moved or deleted file is not silently recreated
        return Path(last)
    return paths.default_database()
