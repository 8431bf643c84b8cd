"""The per-user cache of parsed font tables: same font as parsing, damaged entries ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from board_app.render import font_cache
from board_app.render.fonts import bundled_dir


def test_cached_font_equals_the_parsed_one_and_damage_falls_back(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("BOARD_APP_FONT_CACHE", str(tmp_path))
    path = bundled_dir() / "HanaMinA-Fallback.ttf"
    parsed = font_cache.load_ttfont("CacheTestA", path)
    entries = list(tmp_path.glob("*.marshal"))
    assert len(entries) == 1
    cached = font_cache.load_ttfont("CacheTestA", path)
    assert cached.face.charToGlyph == parsed.face.charToGlyph
    assert list(cached.face.hmetrics) == parsed.face.hmetrics
    assert list(cached.face.glyphPos) == parsed.face.glyphPos
    assert cached.stringWidth("𠮷䶮", 12) == parsed.stringWidth("𠮷䶮", 12)
    assert cached.face.makeSubset([0x20BB7]) == parsed.face.makeSubset([0x20BB7])
    # not stored, rebuilt on first use (HarfBuzz shaping reads it)
    assert {g: sorted(c) for g, c in cached.face.glyphToChar.items()} == {
        g: sorted(c) for g, c in parsed.face.glyphToChar.items()
    }
    assert isinstance(cached.face._ttf_data[:4], bytes)
    entries[0].write_bytes(b"not a marshal entry")
    again = font_cache.load_ttfont("CacheTestA", path)
    assert again.face.charToGlyph == parsed.face.charToGlyph
    monkeypatch.setenv("BOARD_APP_FONT_CACHE", "off")
    assert font_cache.cache_dir() is None
    assert font_cache.load_ttfont("CacheTestA", path).face.numGlyphs == parsed.face.numGlyphs


def test_cached_subset_equals_the_parsed_one_with_composite_glyphs(
    tmp_path: Path, monkeypatch
) -> None:
    """The cached face reads glyphs slice by slice from the mapped file; composite glyphs
    (Latin letters with accents in UMing) have their component references rewritten."""
    monkeypatch.setenv("BOARD_APP_FONT_CACHE", str(tmp_path))
    path = bundled_dir() / "UMingCN.ttf"
    parsed = font_cache.load_ttfont("CacheTestMing", path)
    cached = font_cache.load_ttfont("CacheTestMing", path)
    assert type(cached.face) is not type(parsed.face)  # really restored from the cache
    chars = [ord(c) for c in "ÀÁÂÃij公开栏，䶮"]
    assert cached.face.makeSubset(chars) == parsed.face.makeSubset(chars)


# Pruning: every write removes the entries no process can use any more.
def _vera(folder: Path, name: str = "Vera.ttf") -> Path:
    """A small TrueType font copied to ``folder`` (reportlab ships Vera)."""
    import shutil

    import reportlab

    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf", folder / name))


def _entries(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir())


def _bump_mtime(path: Path, seconds: int = 10) -> None:
    import os

    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BOARD_APP_FONT_CACHE", str(folder))
    return folder


def test_an_updated_font_replaces_its_entry(cache: Path, tmp_path: Path) -> None:
    font = _vera(tmp_path / "fonts")
    width = font_cache.load_ttfont("PruneA", font).stringWidth("Hello", 12)
    (first,) = _entries(cache)
    for _ in range(3):  # the font updated three times: still one entry, the current one
        _bump_mtime(font)
        assert font_cache.load_ttfont("PruneA", font).stringWidth("Hello", 12) == width
    (current,) = _entries(cache)
    assert current != first and current == font_cache._entry(font, 0).name
    cached = font_cache._from_cache("PruneA", font, cache / current)  # read back, not parsed
    assert cached.stringWidth("Hello", 12) == width


def test_moved_or_deleted_fonts_lose_their_entries_other_fonts_keep_theirs(
    cache: Path, tmp_path: Path
) -> None:
    fonts = tmp_path / "fonts"
    a, b, c = _vera(fonts, "a.ttf"), _vera(fonts, "b.ttf"), _vera(fonts, "c.ttf")
    for font in (a, b, c):
        font_cache.load_ttfont("PruneB", font)
    assert len(_entries(cache)) == 3
    entry_of = {f: font_cache._entry(f, 0).name for f in (a, b, c)}
    moved = a.rename(fonts / "moved.ttf")
    b.unlink()
    font_cache.load_ttfont("PruneB", moved)  # the write prunes a's and b's entries
    assert _entries(cache) == sorted([entry_of[c], font_cache._entry(moved, 0).name])
    # c's entry was left alone and is still read from the cache
    assert font_cache._from_cache("PruneB", c, cache / entry_of[c]).face.numGlyphs > 0


def test_old_damaged_foreign_and_leftover_files(cache: Path, tmp_path: Path) -> None:
    import os
    import time

    cache.mkdir()
    old_format = cache / ("ab" * 20 + ".marshal")  # format 2: one digest
    damaged = cache / "font-0123456789abcdef-0123456789abcdef.marshal"
    cut_short = cache / "font-1123456789abcdef-0123456789abcdef.marshal"
    translation = cache / "zh_CN-0123.marshal"  # another cache sharing the folder
    stale_tmp = cache / "font-2123456789abcdef-0123456789abcdef.marshal.999.tmp"
    fresh_tmp = cache / "font-3123456789abcdef-0123456789abcdef.marshal.998.tmp"
    for path in (old_format, damaged, translation, stale_tmp, fresh_tmp):
        path.write_bytes(b"\x00garbage")
    cut_short.write_bytes(font_cache._MAGIC + b"\x00\x00")
    hour_ago = time.time() - 2 * 3600
    os.utime(stale_tmp, (hour_ago, hour_ago))
    font = _vera(tmp_path / "fonts")
    font_cache.load_ttfont("PruneC", font)
    # a writer may be busy with the fresh temporary; the translation entry is not ours
    assert _entries(cache) == sorted(
        [font_cache._entry(font, 0).name, translation.name, fresh_tmp.name]
    )


def test_a_cut_short_or_vanished_entry_falls_back_to_parsing(cache: Path, tmp_path: Path) -> None:
    font = _vera(tmp_path / "fonts")
    parsed = font_cache.load_ttfont("PruneD", font)
    entry = font_cache._entry(font, 0)
    data = entry.read_bytes()
    for cut in (10, len(font_cache._MAGIC) + 5, len(data) // 2):
        entry.write_bytes(data[:cut])  # as if read while a writer was half done
        again = font_cache.load_ttfont("PruneD", font)
        assert again.face.charToGlyph == parsed.face.charToGlyph
        assert entry.read_bytes() == data  # written again whole
    # the entry removed by another process between the check and the read
    real = font_cache._from_cache

    def vanish(name: str, file: Path, found: Path):
        found.unlink()
        return real(name, file, found)

    import unittest.mock

    with unittest.mock.patch.object(font_cache, "_from_cache", vanish):
        assert font_cache.load_ttfont("PruneD", font).face.numGlyphs == parsed.face.numGlyphs


def _load_repeatedly(cache: str, font: str, rounds: int) -> list[float]:
    """Run in another process: load the font again and again while the font changes."""
    import os

    os.environ["BOARD_APP_FONT_CACHE"] = cache
    from board_app.render import font_cache as fc

    return [fc.load_ttfont(f"Race{i}", font).stringWidth("Hello", 12) for i in range(rounds)]


def test_processes_reading_while_others_prune(cache: Path, tmp_path: Path) -> None:
    """Readers in other processes keep getting the right font while this one updates the
    font file again and again (each update makes every process write and prune)."""
    from concurrent.futures import ProcessPoolExecutor

    font = _vera(tmp_path / "fonts")
    width = font_cache.load_ttfont("Race", font).stringWidth("Hello", 12)
    with ProcessPoolExecutor(max_workers=2) as pool:
        readers = [pool.submit(_load_repeatedly, str(cache), str(font), 60) for _ in range(2)]
        for _ in range(30):
            _bump_mtime(font, 1)
            assert font_cache.load_ttfont("Race", font).stringWidth("Hello", 12) == width
        assert all(w == width for r in readers for w in r.result(timeout=120))
    _bump_mtime(font, 1)  # a reader may have written an entry for a time already gone
    font_cache.load_ttfont("Race", font)
    assert [p.name for p in cache.iterdir()] == [font_cache._entry(font, 0).name]


def test_cached_widths_keep_only_the_exceptions_and_read_as_the_parsed_ones(
    tmp_path: Path, monkeypatch
) -> None:
    """The entry stores only widths that differ from the default; every reader (reportlab's
    C and Python width functions, ``get`` and ``[]``) sees the parsed face's widths."""
    monkeypatch.setenv("BOARD_APP_FONT_CACHE", str(tmp_path))
    path = bundled_dir() / "NotoSansSC-Regular.ttf"
    parsed = font_cache.load_ttfont("CacheTestWidths", path)
    cached = font_cache.load_ttfont("CacheTestWidths", path)
    assert type(cached.face) is not type(parsed.face)
    widths = cached.face.charWidths
    assert len(dict.keys(widths)) < len(parsed.face.charWidths) // 10  # a sparse table
    for code, width in parsed.face.charWidths.items():
        assert widths[code] == width and widths.get(code, cached.face.defaultWidth) == width
        assert cached.face.getCharWidth(code) == parsed.face.getCharWidth(code)
    text = "".join(chr(c) for c in list(parsed.face.charWidths)[::7]) + "\ue000𠮷A，。"
    assert cached.stringWidth(text, 13) == parsed.stringWidth(text, 13)
    assert cached.face.getCharWidth(0xE000) == parsed.face.getCharWidth(0xE000)  # not in font
