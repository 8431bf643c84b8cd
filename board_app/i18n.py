"""The one translation mechanism for the UI, the command line and PDF labels.

Message ids are English; Simplified Chinese is the default language. Catalogues are gettext
``.po`` files under ``resources/translations/<lang>/`` (one file per area of the program, all
merged), read with Babel at first use, so translation works headless and without compiling.
The merged table is kept in the user cache folder (marshal, keyed by every catalogue's name,
size and modification time), so a new process does not parse the catalogues again;
``BOARD_APP_I18N_CACHE`` names another folder, or ``off`` disables the cache.

Usage::

    from board_app.i18n import _
    print(_("Imported {count} items").format(count=3))
"""

from __future__ import annotations

import hashlib
import locale
import logging
import marshal
import os
from functools import lru_cache
from pathlib import Path

from board_app.paths import resource_path
from board_app.user_cache import cache_folder, write_entry

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")

_language: str = DEFAULT_LANGUAGE
_catalogues: dict[str, dict[str, str]] = {}
_CACHE_FORMAT = 1
log = logging.getLogger(__name__)


def _cache_dir() -> Path | None:
    return cache_folder("BOARD_APP_I18N_CACHE", "translations")


def _cache_entry(lang: str, files: list[Path]) -> Path | None:
    """The cache file for exactly these catalogue files (None when the cache is off)."""
    folder = _cache_dir()
    if folder is None:
        return None
    key = [str(_CACHE_FORMAT), lang]
    for po in files:
        st = po.stat()
        key.append(f"{po.resolve()}|{st.st_size}|{st.st_mtime_ns}")
    digest = hashlib.sha1("\n".join(key).encode("utf-8")).hexdigest()
    return folder / f"{lang}-{digest}.marshal"


def _read_cached(entry: Path) -> dict[str, str] | None:
    try:
        table = marshal.loads(entry.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        return None
    return table


def _write_cached(entry: Path, table: dict[str, str]) -> None:
    """Write the entry; the language's entries for catalogues changed since are removed."""
    lang = entry.name.split("-", 1)[0]
    try:
        write_entry(entry, marshal.dumps(table), family=f"{lang}-*.marshal")
    except OSError as exc:  # an unwritable cache folder only costs the parse next time
        log.info("translation cache not written: %s", exc)


def _parse(lang: str, files: list[Path]) -> dict[str, str]:
    from babel.messages.pofile import read_po

    table: dict[str, str] = {}
    for po in files:
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if message.id and message.string and not message.fuzzy:
                table[str(message.id)] = str(message.string)
    return table


def _load(lang: str) -> dict[str, str]:
    """Read and merge every .po file of one language (from the cache when it is current)."""
    folder = Path(resource_path("translations")) / lang
    if not folder.is_dir():
        return {}
    files = sorted(folder.glob("*.po"))
    try:
        entry = _cache_entry(lang, files)
    except OSError:
        entry = None
    if entry is not None and entry.is_file():
        cached = _read_cached(entry)
        if cached is not None:
            return cached
    table = _parse(lang, files)
    if entry is not None:
        _write_cached(entry, table)
    return table


def catalogue(lang: str) -> dict[str, str]:
    """The merged translation table of a language (msgid -> text)."""
    if lang not in _catalogues:
        _catalogues[lang] = _load(lang)
    return _catalogues[lang]


def set_language(lang: str | None) -> str:
    """Choose the language ("zh_CN" or "en"; None picks from the environment)."""
    global _language
    _language = normalise_language(lang) if lang else language_from_environment()
    return _language


def get_language() -> str:
    """The language in use."""
    return _language


@lru_cache(maxsize=32)
def normalise_language(lang: str) -> str:
    """Map "en", "en_US.UTF-8", "zh", "zh-CN" ... to a supported language code."""
    low = lang.lower().replace("-", "_")
    return "en" if low.startswith("en") else DEFAULT_LANGUAGE


def language_from_environment() -> str:
    """English when BOARD_APP_LANG or the locale says English, else Simplified Chinese."""
    for var in ("BOARD_APP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            if value.split(".")[0] in ("C", "POSIX"):
                return DEFAULT_LANGUAGE  # no language preference: the default
            return normalise_language(value)
    if os.name != "nt":
        return DEFAULT_LANGUAGE
    try:
        loc = locale.getlocale()[0]
    except ValueError:
        loc = None
    return normalise_language(loc) if loc else DEFAULT_LANGUAGE


def gettext(message: str) -> str:
    """Translate ``message`` into the current language (English ids are returned as is)."""
    if _language == "en":
        return message
    return catalogue(_language).get(message, message)


def translate_to(lang: str, message: str) -> str:
    """Translate ``message`` into a given language without changing the current one."""
    if normalise_language(lang) == "en":
        return message
    return catalogue(normalise_language(lang)).get(message, message)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now."""
    return message


_ = gettext
