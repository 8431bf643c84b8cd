"""The per-user cache of parsed font tables: same font as parsing, damaged entries ignored."""

from __future__ import annotations

from pathlib import Path

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
