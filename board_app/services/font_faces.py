"""The font faces a user can choose by name (Settings → Fonts): the bundled ones and the
installed ones that boards and PDFs can use.

Only the headers of each file are read (table directory, ``name`` and ``OS/2``), so scanning a
Windows fonts folder takes a fraction of a second. A face is usable when it has TrueType
outlines (``glyf``; reportlab cannot read CFF) and its licence allows embedding. The value kept
in the settings is the file path ("x.ttc#1" for a face inside a collection), as
``render.fonts.use_settings_fonts`` expects.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from board_app.paths import resource_path
from board_app.render.fonts import windows_fonts_dirs

FONT_SUFFIXES = {".ttf", ".ttc", ".otf"}
MAX_FILES = 4000
_LANG_ZH = (0x0804, 0x0404, 0x0C04, 0x1004)  # zh-CN, zh-TW, zh-HK, zh-SG
_LANG_EN = 0x0409
_RESTRICTED = 0x0002  # OS/2 fsType: restricted licence embedding


@dataclass(frozen=True)
class FontFace:
    """One face: the name shown, where it is, and whether it covers Chinese."""

    name: str
    path: Path
    index: int = 0
    bundled: bool = False
    chinese: bool = True

    @property
    def value(self) -> str:
        """The settings value: the path, with "#index" for a face inside a .ttc."""
        return f"{self.path}#{self.index}" if self.index else str(self.path)


def _read(fh: BinaryIO, offset: int, length: int) -> bytes:
    fh.seek(offset)
    data = fh.read(length)
    if len(data) < length:
        raise ValueError("truncated font file")
    return data


def _tables(fh: BinaryIO, offset: int) -> dict[bytes, tuple[int, int]]:
    num = struct.unpack(">H", _read(fh, offset + 4, 2))[0]
    directory = _read(fh, offset + 12, 16 * num)
    out = {}
    for i in range(num):
        tag, _check, start, length = struct.unpack_from(">4sIII", directory, 16 * i)
        out[tag] = (start, length)
    return out


def _names(table: bytes) -> dict[tuple[int, int], str]:
    """(name id, language id) -> text, from the Windows Unicode records."""
    _fmt, count, strings = struct.unpack_from(">HHH", table, 0)
    out: dict[tuple[int, int], str] = {}
    for i in range(count):
        platform, _enc, lang, name_id, length, off = struct.unpack_from(">6H", table, 6 + 12 * i)
        raw = table[strings + off : strings + off + length]
        if platform == 3:
            text = raw.decode("utf-16-be", errors="replace")
        elif platform == 1 and lang == 0:
            text, lang = raw.decode("mac_roman", errors="replace"), _LANG_EN
        else:
            continue
        out.setdefault((name_id, lang), text)
    return out


def _display_name(names: dict[tuple[int, int], str]) -> str:
    def pick(*ids: int) -> tuple[str, str]:
        for name_id in ids:
            zh = next((names[(name_id, lg)] for lg in _LANG_ZH if (name_id, lg) in names), "")
            en = names.get((name_id, _LANG_EN), "")
            if zh or en:
                return zh, en
        return "", ""

    family_zh, family_en = pick(16, 1)
    style_zh, style_en = pick(17, 2)
    style = style_zh or style_en
    family = family_zh or family_en
    if family_zh and family_en and family_en != family_zh:
        family = f"{family_zh} ({family_en})"
    if style and style.lower() not in ("regular", "常规", "標準", "normal", "book"):
        family = f"{family} {style}"
    return family.strip()


def read_faces(path: Path, bundled: bool = False) -> list[FontFace]:
    """The usable faces in one font file (none when unreadable, CFF-only or restricted).

    Reads only the table directory and the ``name`` and ``OS/2`` tables."""
    faces = []
    try:
        with open(path, "rb") as fh:
            head = _read(fh, 0, 12)
            if head[:4] == b"ttcf":
                count = min(struct.unpack_from(">I", head, 8)[0], 64)
                offsets = list(struct.unpack(f">{count}I", _read(fh, 12, 4 * count)))
            else:
                offsets = [0]
            for index, offset in enumerate(offsets):
                face = _read_face(fh, offset, path, index, bundled)
                if face is not None:
                    faces.append(face)
    except (OSError, struct.error, ValueError):
        return faces
    return faces


def _read_face(fh: BinaryIO, offset: int, path: Path, index: int, bundled: bool) -> FontFace | None:
    try:
        tables = _tables(fh, offset)
        if b"glyf" not in tables or b"name" not in tables:
            return None
        name = _display_name(_names(_read(fh, *tables[b"name"])))
        chinese = False
        if b"OS/2" in tables:
            os2 = _read(fh, tables[b"OS/2"][0], 50)
            fs_type = struct.unpack_from(">H", os2, 8)[0]
            if fs_type & 0x000F == _RESTRICTED:
                return None
            unicode_range2 = struct.unpack_from(">I", os2, 46)[0]
            chinese = bool(unicode_range2 & (1 << 27))  # bit 59: CJK Unified Ideographs
    except (struct.error, IndexError, ValueError):
        return None
    return FontFace(name, path, index, bundled, chinese) if name else None


def installed_font_dirs() -> list[Path]:
    """Where installed fonts are on this system."""
    home = Path.home()
    if sys.platform == "win32":
        return windows_fonts_dirs()
    if sys.platform == "darwin":
        candidates = [Path("/Library/Fonts"), home / "Library/Fonts", Path("/System/Library/Fonts")]
    else:
        candidates = [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            home / ".local/share/fonts",
            home / ".fonts",
        ]
    return [d for d in candidates if d.is_dir()]


def _font_files(folder: Path, limit: int) -> list[Path]:
    out: list[Path] = []
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            if Path(name).suffix.lower() in FONT_SUFFIXES:
                out.append(Path(root) / name)
                if len(out) >= limit:
                    return out
    return out


def available_faces(extra_dirs: list[Path] | None = None) -> list[FontFace]:
    """Bundled faces first, then installed faces covering Chinese, each group by name."""
    bundled_dir = Path(resource_path("fonts"))
    bundled = [f for p in _font_files(bundled_dir, 50) for f in read_faces(p, bundled=True)]
    installed: list[FontFace] = []
    seen: set[tuple[str, int]] = set()
    budget = MAX_FILES
    for folder in [*(extra_dirs or []), *installed_font_dirs()]:
        for path in _font_files(folder, budget):
            budget -= 1
            for face in read_faces(path):
                key = (str(path.resolve()), face.index)
                if face.chinese and key not in seen:
                    seen.add(key)
                    installed.append(face)
    return sorted(bundled, key=lambda f: f.name) + sorted(installed, key=lambda f: f.name)


def apply_font_settings(faces: Mapping[str, str] | None) -> None:
    """Use the faces chosen on this computer (``MachineSettings.fonts``: role -> font file) for
    every board and PDF made from now on. The caller reads the settings (the command line once
    at start, the desktop app at start and when Settings are saved); use cases never do.

    Cheap when nothing is chosen and no PDF has been made yet: the defaults already hold.
    """
    if not faces and "board_app.render.fonts" not in sys.modules:
        return
    from board_app.render import fonts

    fonts.use_settings_fonts(faces)
