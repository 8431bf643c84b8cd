"""The merged translation table is cached per user and follows every change of a catalogue."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from board_app import i18n

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Save"
msgstr "{text}"
"""


@pytest.fixture
def catalogue_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "resources" / "translations" / "zh_CN"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text(PO.format(text="保存"), encoding="utf-8")
    monkeypatch.setenv("BOARD_APP_RESOURCES", str(tmp_path / "resources"))
    monkeypatch.setenv("BOARD_APP_I18N_CACHE", str(tmp_path / "cache"))
    return folder


def _no_parse(lang: str, files: list[Path]) -> dict[str, str]:
    raise AssertionError("the catalogues were parsed although the cache is current")


def test_second_load_comes_from_the_cache(
    catalogue_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert i18n._load("zh_CN") == {"Save": "保存"}
    assert len(list((tmp_path / "cache").glob("zh_CN-*.marshal"))) == 1
    monkeypatch.setattr(i18n, "_parse", _no_parse)
    assert i18n._load("zh_CN") == {"Save": "保存"}


def test_a_changed_or_added_catalogue_is_read_again(catalogue_folder: Path) -> None:
    assert i18n._load("zh_CN")["Save"] == "保存"
    po = catalogue_folder / "a.po"
    po.write_text(PO.format(text="存盘"), encoding="utf-8")
    os.utime(po, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 1_000_000_000))
    assert i18n._load("zh_CN")["Save"] == "存盘"
    (catalogue_folder / "b.po").write_text(
        PO.format(text="x").replace('"Save"', '"Open"'), encoding="utf-8"
    )
    assert i18n._load("zh_CN") == {"Save": "存盘", "Open": "x"}
    assert len(list((catalogue_folder.parents[2] / "cache").glob("zh_CN-*.marshal"))) == 1


def test_a_damaged_cache_entry_is_parsed_over(catalogue_folder: Path, tmp_path: Path) -> None:
    i18n._load("zh_CN")
    (entry,) = (tmp_path / "cache").glob("zh_CN-*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert i18n._load("zh_CN") == {"Save": "保存"}


def test_an_unusable_cache_folder_only_costs_the_parse(
    catalogue_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("BOARD_APP_I18N_CACHE", str(blocker / "cache"))
    assert i18n._load("zh_CN") == {"Save": "保存"}
    monkeypatch.setenv("BOARD_APP_I18N_CACHE", "off")
    assert i18n._load("zh_CN") == {"Save": "保存"}


def test_writing_prunes_only_this_languages_entries_and_old_temporaries(
    catalogue_folder: Path, tmp_path: Path
) -> None:
    import time

    cache = tmp_path / "cache"
    cache.mkdir()
    older = cache / "zh_CN-old.marshal"  # written for catalogues that have changed since
    english = cache / "en-current.marshal"
    font = cache / "font-0123456789abcdef-0123456789abcdef.marshal"  # a shared folder
    crashed = cache / "zh_CN-x.marshal.4242.tmp"
    busy = cache / "zh_CN-y.marshal.4243.tmp"  # another process writing right now
    for path in (older, english, font, crashed, busy):
        path.write_bytes(b"x")
    hours_ago = time.time() - 7200
    os.utime(crashed, (hours_ago, hours_ago))
    i18n._load("zh_CN")
    left = sorted(p.name for p in cache.iterdir())
    assert [n for n in left if n.startswith("zh_CN-") and n.endswith(".marshal")] == [
        i18n._cache_entry("zh_CN", [catalogue_folder / "a.po"]).name
    ]
    assert {english.name, font.name, busy.name} <= set(left) and crashed.name not in left
