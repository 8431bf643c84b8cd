"""A per-user cache of parsed TrueType tables, so a new process need not parse 10 MB CJK faces.

reportlab's ``TTFont`` parses the whole file (cmap, widths, glyph offsets) on every start:
0.1–0.3 s per bundled CJK face, most of a poster command's cold cost. The parsed tables are
kept in the user cache folder, one file per font: ``font-<font>-<version>.marshal``, where
<font> stands for the font's path and subfont index and <version> for its size and
modification time (and the reportlab version and this format's). The font bytes themselves are
read from the font file as before. An entry starts with a small header naming its font file,
then the tables written with ``marshal`` (plain data only, nothing executable); it is written
atomically (``user_cache.write_entry``), and every write removes the entries no process can
use any more: fonts that were updated (another <version>), moved or deleted, and entries of
older formats. Any problem (unwritable folder, stale, damaged or vanished entry) falls back to
parsing. ``BOARD_APP_FONT_CACHE`` names another folder, or ``off`` disables the cache.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import mmap
import os
import re
import struct
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from board_app.user_cache import cache_folder, prune, write_entry

log = logging.getLogger(__name__)
FORMAT = 5  # 4: entries named by font and version, with a header naming the font file;
# 5: only the widths that differ from the default width
# glyphToChar is only read when shaping with HarfBuzz: rebuilt from charToGlyph on first use.
_SKIP = ("_ttf_data", "_pdfScale", "glyphToChar")
_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
_MAGIC = b"board-app font cache\n"
_HEADER = struct.Struct(">II")  # length of the font file's path (bytes), subfont index
_FAMILY = "font-*.marshal"
_ENTRY_NAME = re.compile(r"font-[0-9a-f]{16}-[0-9a-f]{16}\.marshal")
_OLD_ENTRY_NAME = re.compile(r"[0-9a-f]{40}\.marshal")  # format 3 and before


def cache_dir() -> Path | None:
    """The cache folder, or None when disabled."""
    return cache_folder("BOARD_APP_FONT_CACHE", "fonts")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _entry_name(path: Path, index: int) -> str:
    """The entry's file name for the font file as it is now (OSError when it is gone)."""
    st = path.stat()
    font = _digest(f"{path}|{index}")
    version = _digest(f"{FORMAT}|{reportlab.Version}|{st.st_size}|{st.st_mtime_ns}")
    return f"font-{font}-{version}.marshal"


def _entry(path: Path, index: int) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / _entry_name(path.resolve(), index)


def _header(path: Path, index: int) -> bytes:
    name = os.fsencode(path)
    return _MAGIC + _HEADER.pack(len(name), index) + name


def _read_header(data: bytes | memoryview) -> tuple[Path, int, int]:
    """The font file and subfont index an entry was written for, and where its tables start.
    Raises ValueError for anything else (damaged, foreign, an older format)."""
    if bytes(data[: len(_MAGIC)]) != _MAGIC:
        raise ValueError("not a font cache entry")
    start = len(_MAGIC) + _HEADER.size
    try:
        length, index = _HEADER.unpack(bytes(data[len(_MAGIC) : start]))
    except struct.error as exc:
        raise ValueError("font cache entry cut short") from exc
    name = bytes(data[start : start + length])
    if len(name) != length:
        raise ValueError("font cache entry cut short")
    return Path(os.fsdecode(name)), index, start + length


def _stale(entry: Path) -> bool:
    """Whether no process can use ``entry`` any more: damaged, or its font file moved,
    deleted or changed since (another file name is its current entry)."""
    if not _ENTRY_NAME.fullmatch(entry.name):
        return False  # not ours: left alone
    try:
        with entry.open("rb") as fh:
            head = fh.read(len(_MAGIC) + _HEADER.size)
            if len(head) == len(_MAGIC) + _HEADER.size and head.startswith(_MAGIC):
                head += fh.read(_HEADER.unpack(head[len(_MAGIC) :])[0])
    except FileNotFoundError:
        return False  # removed meanwhile by another process
    except OSError:
        return False  # unreadable now (in use?): the next write looks again
    try:
        path, index, _start = _read_header(head)
    except ValueError:
        return True  # damaged
    try:
        return _entry_name(path, index) != entry.name
    except (FileNotFoundError, NotADirectoryError):
        return True  # the font file was moved or deleted
    except OSError:
        return False  # not readable now (a drive away, no permission): may come back


def _plain(value: object) -> object:
    """The face's attribute as marshal-able plain data."""
    if isinstance(value, TTFNameBytes):
        return bytes(value)
    return value


def load_ttfont(name: str, path: str | os.PathLike[str], index: int = 0) -> TTFont:
    """``TTFont(name, path, subfontIndex=index)``, from the cache when it holds the font."""
    file = Path(path)
    try:
        entry = _entry(file, index)
    except OSError:
        entry = None
    if entry is not None and entry.is_file():
        try:
            return _from_cache(name, file, entry)
        except (ValueError, TypeError, EOFError, KeyError, AttributeError, OSError) as exc:
            # a damaged, stale or foreign entry: parse instead
            log.info("font cache entry %s not used: %s", entry, exc)
    font = TTFont(name, str(file), subfontIndex=index)
    if entry is not None:
        _store(font, file, index, entry)
    return font


def _font_bytes(file: Path) -> bytes | mmap.mmap:
    """The font file's bytes, mapped rather than read: a poster subsets a few hundred glyphs
    of a 10-25 MB face, so only the pages holding those are ever read from disk."""
    with file.open("rb") as fh:
        try:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # an empty file, or a file system without mapping
            return fh.read()


class _TableSlices:
    """A font table read slice by slice from the mapped file, never copied whole.

    reportlab's subsetter takes the whole ``glyf`` table (10+ MB in a CJK face) and then
    slices out the few hundred glyphs a poster uses; copying the table first costs more than
    the rest of the subsetting. Slices are ``bytes``, as reportlab expects."""

    def __init__(self, data: bytes | mmap.mmap, pos: int, length: int) -> None:
        self._data = data
        self._pos = pos
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key: slice) -> bytes:
        if not isinstance(key, slice):
            raise TypeError("font tables are read by slices")
        start, stop, step = key.indices(self._length)
        if step != 1:
            raise ValueError("font tables are read by contiguous slices")
        return bytes(self._data[self._pos + start : self._pos + max(start, stop)])


class _Metrics(Sequence[tuple[float, float]]):
    """A face's ``hmetrics`` (advance width, left side bearing per glyph) over one packed
    array: tens of thousands of tuples are made only for the few glyphs a subset reads."""

    def __init__(self, flat: array) -> None:
        self._flat = flat

    def __len__(self) -> int:
        return len(self._flat) // 2

    @overload
    def __getitem__(self, index: int) -> tuple[float, float]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[float, float]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("glyph index out of range")
        return (self._flat[2 * index], self._flat[2 * index + 1])


# Large integer tables kept as packed arrays (bytes in the entry): loading them is a copy.
_PACKED = ("glyphPos", "hmetrics")


def _pack(key: str, value: Any) -> Any:
    if key == "glyphPos":
        return array("q", value).tobytes()
    if key == "hmetrics":
        # advance widths are floats (reportlab scales some to 1000 units)
        return array("d", [v for pair in value for v in pair]).tobytes()
    return value


class _Widths(dict[int, float]):
    """A face's ``charWidths`` holding only the widths that differ from its ``defaultWidth``
    (in a CJK face, 30,000 of 31,000 characters are one em wide): reportlab reads a missing
    character as ``defaultWidth`` everywhere (``get(code, defaultWidth)`` in Python and C),
    and a plain ``[code]`` gets it too."""

    default: float = 0.0

    def __missing__(self, code: int) -> float:
        return self.default


def _sparse_widths(state: dict[str, Any]) -> dict[int, float]:
    """The widths to store: those that differ from the face's default width."""
    default = state["defaultWidth"]
    return {code: w for code, w in state["charWidths"].items() if w != default}


def _unpack(state: dict[str, Any]) -> None:
    widths = _Widths(state["charWidths"])
    widths.default = state["defaultWidth"]
    state["charWidths"] = widths
    for key in _PACKED:
        if not isinstance(state.get(key), bytes):
            raise ValueError(f"font table entry without packed {key}")
        flat = array("q" if key == "glyphPos" else "d")
        flat.frombytes(state[key])
        state[key] = flat if key == "glyphPos" else _Metrics(flat)


class _CachedFace(TTFontFace):
    """A face restored from the cache; the tables it does not keep are rebuilt on first use."""

    def get_table(self, tag: str | bytes) -> Any:
        """The table's bytes; the glyph table as slices of the mapped file (see
        :class:`_TableSlices`)."""
        if tag in ("glyf", b"glyf"):
            pos, length = self.get_table_pos(tag)
            return _TableSlices(self._ttf_data, pos, length)
        return super().get_table(tag)

    def __getattr__(self, name: str) -> Any:
        if name == "glyphToChar":
            table: dict[int, list[int]] = {}
            char_to_glyph: dict[int, int] = self.__dict__["charToGlyph"]
            for char, glyph in char_to_glyph.items():
                table.setdefault(glyph, []).append(char)
            self.glyphToChar = table
            return table
        raise AttributeError(name)


def _from_cache(name: str, file: Path, entry: Path) -> TTFont:
    raw = memoryview(entry.read_bytes())
    path, index, start = _read_header(raw)
    if path != file.resolve():
        raise ValueError(f"entry written for {path}")
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: no collections while loading them
    try:
        state = marshal.loads(raw[start:])
    finally:
        if enabled:
            gc.enable()
    if not isinstance(state, dict) or "charToGlyph" not in state:
        raise ValueError("not a font table entry")
    _unpack(state)
    for key in _NAMES:
        if isinstance(state.get(key), bytes):
            state[key] = TTFNameBytes(state[key])
    face = _CachedFace.__new__(_CachedFace)
    face.__dict__.update(state)
    face._ttf_data = _font_bytes(file)
    units: int = state["unitsPerEm"]
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    font = TTFont.__new__(TTFont)
    # What TTFont.__init__ sets besides the parsed face (reportlab 5.1).
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import unShapedFontGlob

    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in unShapedFontGlob)
    return font


def _store(font: TTFont, file: Path, index: int, entry: Path) -> None:
    """Write the entry, and remove the entries of fonts updated, moved or deleted since."""
    state = {k: _pack(k, _plain(v)) for k, v in vars(font.face).items() if k not in _SKIP}
    state["charWidths"] = _sparse_widths(state)
    try:
        data = _header(file.resolve(), index) + marshal.dumps(state)
        write_entry(entry, data, family=_FAMILY, stale=_stale)
    except (OSError, ValueError) as exc:  # unwritable folder, or a value marshal cannot take
        log.info("font cache not written: %s", exc)
        return
    # entries of format 3 and before, named by one digest: no process of this version uses them
    prune(entry.parent, "*.marshal", keep=entry, stale=_old_format, temporaries=False)


def _old_format(entry: Path) -> bool:
    return _OLD_ENTRY_NAME.fullmatch(entry.name) is not None
