"""Fonts for PDF output: roles, per-character fallback chains, reportlab registration.

A *role* ("sans", "sans_bold", "serif", "kai", "fangsong", "title") maps to a chain of TrueType
faces. The first face of the chain whose cmap has a character draws it, so rare Extension B
characters in names come out of the Hanazono fallback while the rest stays in the main face.
Installed Windows fonts (SimSun, SimHei, FangSong, KaiTi, Microsoft YaHei) come first when present;
the bundled fonts in ``resources/fonts`` follow; a settings dict ``{role: font file}`` can put any
face first. Faces are registered with reportlab as ``TTFont`` (always embedded and subset) once
per process and only when first needed. Never use Helvetica or reportlab's non-embedded CID fonts.

Importing this module fixes reportlab's ToUnicode CMaps for characters beyond the BMP (so
Extension B names stay searchable and copyable in the PDFs) and checks the embedding flags
reportlab 5.1 fails to check (fonts that forbid embedding or subsetting are skipped).

Usage::

    from board_app.render import fonts
    fonts.configure({"serif": "D:/fonts/FZShuSong.ttf"})   # optional, programmatic
    fonts.use_settings_fonts(load_settings().fonts)         # the faces chosen in the settings
    chain = fonts.chain("sans")
    chain.runs("张𠮷")            # [("NotoSansSC-Regular", "张"), ("HanaMinA-Fallback", "𠮷")]
    chain.width("张𠮷", 12)       # points; chain.measure(12) is a measure(text) callable
    fonts.missing_characters("\\ue000")   # {"\\ue000"}
    fonts.missing_message(fonts.missing_characters(text))   # translated warning, "" if none
    fonts.use_cjk_defaults()     # canvas/Table/ParagraphStyle defaults: never Helvetica
    Canvas(path, **fonts.canvas_defaults())   # or SimpleDocTemplate(path, **canvas_defaults())
"""

from __future__ import annotations

import logging
import os
import struct
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from board_app.i18n import N_, _
from board_app.paths import resource_path
from board_app.render import font_cache
from board_app.render.font_choice import (  # noqa: F401 (public here too)
    NAME_MAX,
    NAME_STOPS,
    _ideograph,
    blank_halves,
    face_style,
    style_ordered,
)
from board_app.render.font_fixes import (  # noqa: F401 (importing applies the ToUnicode fix)
    _fix_trailing_hmetrics,
    _to_unicode_cmap,
    embedding_flags,
)

log = logging.getLogger(__name__)

ROLES = ("sans", "sans_bold", "serif", "kai", "fangsong", "title")

#: Names of the roles for the settings dialog (translate with ``_()`` when shown).
ROLE_LABELS: dict[str, str] = {
    "sans": N_("Sans-serif (Hei)"),
    "sans_bold": N_("Sans-serif bold"),
    "serif": N_("Serif (Song)"),
    "kai": N_("Kai"),
    "fangsong": N_("FangSong"),
    "title": N_("Titles"),
}

# Bundled faces (file names in resources/fonts).
NOTO = "NotoSansSC-Regular.ttf"
NOTO_BOLD = "NotoSansSC-Bold.ttf"
SERIF = "UMingCN.ttf"
KAI = "BoardKai-Regular.ttf"
FALLBACKS = ("HanaMinA-Fallback.ttf", "HanaMinB-Fallback.ttf")

BUNDLED_CHAINS: dict[str, tuple[str, ...]] = {
    "sans": (NOTO, *FALLBACKS),
    "sans_bold": (NOTO_BOLD, NOTO, *FALLBACKS),
    "serif": (SERIF, *FALLBACKS, NOTO),  # Song text falls back to the Mincho face first
    "kai": (KAI, *FALLBACKS, NOTO),
    "fangsong": (KAI, *FALLBACKS, NOTO),  # no open-licence FangSong: Kai is the closest
    "title": (NOTO_BOLD, NOTO, *FALLBACKS),
}

# Windows faces tried before the bundled chain: (file name, subfont index).
WINDOWS_FACES: dict[str, tuple[tuple[str, int], ...]] = {
    "sans": (("msyh.ttc", 0), ("simhei.ttf", 0)),
    "sans_bold": (("msyhbd.ttc", 0), ("simhei.ttf", 0)),
    "serif": (("simsun.ttc", 0),),
    "kai": (("simkai.ttf", 0),),
    "fangsong": (("simfang.ttf", 0), ("FS_GB2312.ttf", 0), ("仿宋_GB2312.ttf", 0)),
    # 方正小标宋简体 (公文 titles, GB/T 9704) when installed, else SimHei
    "title": (
        ("FZXBSJW.TTF", 0),
        ("FZXBSJW--GB1-0.ttf", 0),
        ("方正小标宋简体.ttf", 0),
        ("simhei.ttf", 0),
    ),
}
# Windows' own Extension B face, tried before the bundled fallbacks.
WINDOWS_EXTB = ("simsunb.ttf", 0)
#: Faces holding only ideographs: skipped for any other character.
IDEOGRAPH_ONLY = frozenset([*FALLBACKS, WINDOWS_EXTB[0]])


def _default_ignorable(ch: str) -> bool:
    """Invisible format characters (variation selectors, ZWJ, ...): skipped if no face has them."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x180B <= cp <= 0x180F
    )


@dataclass(frozen=True)
class FaceSpec:
    """A font file (and subfont index for .ttc) to register under ``name``."""

    path: Path
    index: int = 0

    @property
    def name(self) -> str:
        stem = self.path.stem.replace(" ", "")
        return stem if self.index == 0 else f"{stem}-{self.index}"


_faces: dict[FaceSpec, TTFont | None] = {}  # None: failed to load (not embeddable, CFF, ...)
_lock = threading.RLock()


def load_face(spec: FaceSpec) -> TTFont | None:
    """Register ``spec`` with reportlab once per process; None if it cannot be embedded."""
    with _lock:
        if spec in _faces:
            return _faces[spec]
        font: TTFont | None = None
        # getFont() on an unknown name scans every AFM file on reportlab's path (~0.1 s):
        # ask the registry first.
        if spec.name in pdfmetrics.getRegisteredFontNames():
            existing = pdfmetrics.getFont(spec.name)
            if isinstance(existing, TTFont):
                font = existing
        if font is None:
            try:
                # Parsed tables come from the per-user cache when it has them (font_cache).
                font = font_cache.load_ttfont(spec.name, spec.path, spec.index)
                fs_type = embedding_flags(font)
                if fs_type == 0x0002 or fs_type & 0x0300:
                    raise TTFError(f"Font does not allow subsetting/embedding ({fs_type:04X})")
                _fix_trailing_hmetrics(font)
                pdfmetrics.registerFont(font)
            except (TTFError, OSError, ValueError, struct.error) as exc:
                # "does not allow subsetting/embedding", "postscript outlines", missing file
                log.warning("font %s skipped: %s", spec.path, exc)
                font = None
        _faces[spec] = font
        return font


@dataclass
class FontChain:
    """An ordered list of faces for one role; the first face that has a character draws it."""

    role: str
    specs: list[FaceSpec]
    _cmaps: list[Mapping[int, int] | None] = field(default_factory=list, repr=False)
    _pick: dict[str, int] = field(default_factory=dict, repr=False)
    _em: dict[str, float] = field(default_factory=dict, repr=False)

    def _cmap(self, i: int) -> Mapping[int, int] | None:
        while len(self._cmaps) <= i:
            self._cmaps.append(None)
            face = load_face(self.specs[len(self._cmaps) - 1])
            self._cmaps[-1] = face.face.charToGlyph if face is not None else {}
        return self._cmaps[i]

    @property
    def names(self) -> list[str]:
        """Registered names of the usable faces (loads them all)."""
        return [s.name for i, s in enumerate(self.specs) if self._cmap(i)]

    def _primary_index(self) -> int:
        for i in range(len(self.specs)):
            if self._cmap(i):
                return i
        raise RuntimeError(f"no usable font for role {self.role!r}")

    @property
    def primary(self) -> str:
        """The registered name of the first usable face (for setFont defaults)."""
        return self.specs[self._primary_index()].name

    def face_index(self, ch: str) -> int:
        """Index of the face drawing ``ch``; -1 if no face has it (-2: ignorable, skip)."""
        got = self._pick.get(ch)
        if got is not None:
            return got
        cp = ord(ch)
        got = -1
        ideograph = _ideograph(ch)
        for i in range(len(self.specs)):
            if not ideograph and self.specs[i].path.name in IDEOGRAPH_ONLY:
                continue  # never load a 15-25 MB ideograph fallback for "…" or "①"
            cmap = self._cmap(i)
            if cmap and cp in cmap:
                got = i
                break
        if got == -1 and _default_ignorable(ch):
            got = -2
        self._pick[ch] = got
        return got

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split ``text`` into ``[(font_name, text)]`` runs, each drawable by its font.

        Characters no face has are drawn with the primary face (its .notdef box; see
        :meth:`missing`); invisible format characters no face has are dropped. A name keeps
        one face: see :meth:`faces`.
        """
        pick = self.face_index
        indices = [pick(ch) for ch in text]
        if indices and indices[0] >= 0 and indices.count(indices[0]) == len(indices):
            return [(self.specs[indices[0]].name, text)]  # one face draws it all (most text)
        chars = [ch for ch, i in zip(text, indices, strict=True) if i != -2]
        picks = self.faces("".join(chars))
        out: list[tuple[str, str]] = []
        cur_i = -3
        buf: list[str] = []
        for ch, i in zip(chars, picks, strict=True):
            if i != cur_i and buf:
                out.append((self.specs[cur_i].name, "".join(buf)))
                buf = []
            cur_i = i
            buf.append(ch)
        if buf:
            out.append((self.specs[cur_i].name, "".join(buf)))
        return out

    def faces(self, text: str) -> list[int]:
        """The face index drawing each character of ``text`` (no ignorables in it).

        Each character takes the first face that has it, except that a face never changes in
        the middle of a name: around a character that needs a fallback face, the run of
        ideographs it stands in (when at most :data:`NAME_MAX` long, e.g. a whole 负责人 cell),
        else up to two ideographs before it and one after (not across words that are never
        part of a name, :data:`NAME_STOPS`), take the first face that has all of them when one
        does ("张𠮷" is drawn in one face, not 张 in one and 𠮷 in another).
        """
        picks = [self.face_index(ch) for ch in text]
        if -1 in picks:
            primary = self._primary_index()
            picks = [primary if i == -1 else i for i in picks]
        if not picks:
            return picks
        base = picks_base = min(picks)
        if all(i == picks_base for i in picks):
            return picks
        n = len(text)
        k = 0
        while k < n:
            if not _ideograph(text[k]):
                k += 1
                continue
            start = k
            while k < n and _ideograph(text[k]):
                k += 1
            word = range(start, k)
            rare = [i for i in word if picks[i] != base]
            if not rare:
                continue
            if len(word) <= NAME_MAX:
                windows = [(start, k)]
            else:
                windows = []
                for i in rare:
                    lo, hi = i, i + 1
                    while lo > max(start, i - 2) and text[lo - 1] not in NAME_STOPS:
                        lo -= 1
                    while hi < min(k, i + 2) and text[hi] not in NAME_STOPS:
                        hi += 1
                    if windows and lo <= windows[-1][1]:
                        windows[-1] = (windows[-1][0], hi)
                    else:
                        windows.append((lo, hi))
            for lo, hi in windows:
                face = self._covering(text[lo:hi])
                if face is not None:
                    picks[lo:hi] = [face] * (hi - lo)
        return picks

    def halves(self, ch: str, face: str | None = None) -> tuple[bool, bool]:
        """(left half blank, right half blank) of ``ch`` in the face drawing it (or ``face``,
        a registered name of the chain): whether punctuation compression may take that half
        (UMing's 。 is centred, Noto's is at the left; Kai's quotes are narrow)."""
        if face is None:
            i = self.face_index(ch)
            spec = self.specs[i] if i >= 0 else self.specs[self._primary_index()]
        else:
            spec = next((s for s in self.specs if s.name == face), self.specs[0])
        return blank_halves(spec, ch)

    def _covering(self, text: str) -> int | None:
        """The first face of the chain with every character of ``text``."""
        codes = [ord(ch) for ch in text]
        for i in range(len(self.specs)):
            cmap = self._cmap(i)
            if cmap and all(c in cmap for c in codes):
                return i
        return None

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` (other than whitespace) that no face of the chain has."""
        return {ch for ch in set(text) if not ch.isspace() and self.face_index(ch) == -1}

    def char_width(self, ch: str) -> float:
        """Advance width of one character in em (1.0 = font size)."""
        v = self._em.get(ch)
        if v is None:
            i = self.face_index(ch)
            if i == -2:
                v = 0.0
            else:
                name = self.specs[i].name if i >= 0 else self.primary
                v = pdfmetrics.stringWidth(ch, name, 1000) / 1000.0
            self._em[ch] = v
        return v

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size``, with per-character fallback."""
        em = self._em
        total = 0.0
        for ch in text:
            v = em.get(ch)
            total += v if v is not None else self.char_width(ch)
        return total * size

    def measure(self, size: float) -> Callable[[str], float]:
        """A ``measure(text) -> points`` callable for :func:`board_app.layout.cjk.break_lines`."""
        return lambda text: self.width(text, size)


_overrides: dict[str, list[FaceSpec]] = {}
_settings_faces: dict[str, list[FaceSpec]] = {}  # from the user's settings (use_settings_fonts)
_use_windows = True
_windows_dir: Path | None = None
_chains: dict[str, FontChain] = {}


def bundled_dir() -> Path:
    """The folder of the bundled fonts."""
    return Path(resource_path("fonts"))


def windows_fonts_dirs() -> list[Path]:
    """Folders with installed Windows fonts: ``%WINDIR%\\Fonts`` and the per-user folder
    (or the folder set by :func:`configure`); empty elsewhere."""
    if _windows_dir is not None:
        return [_windows_dir] if _windows_dir.is_dir() else []
    if sys.platform != "win32":
        return []
    found = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        found.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return [p for p in found if p.is_dir()]


def _find_windows(name: str, dirs: list[Path]) -> Path | None:
    for folder in dirs:
        path = folder / name
        if path.is_file():
            return path
    return None


def _spec_from(value: str | os.PathLike[str] | FaceSpec) -> FaceSpec:
    if isinstance(value, FaceSpec):
        return value
    text = os.fspath(value)
    index = 0
    if "#" in text and text.rsplit("#", 1)[1].isdigit():  # "simsun.ttc#1"
        text, idx = text.rsplit("#", 1)
        index = int(idx)
    return FaceSpec(Path(text), index)


def configure(
    overrides: Mapping[str, str | os.PathLike[str] | FaceSpec | Iterable[str]] | None = None,
    *,
    use_windows: bool = True,
    windows_dir: str | os.PathLike[str] | None = None,
) -> None:
    """Set the faces chosen in the settings and whether to look for Windows fonts.

    ``overrides`` maps a role to a font file path (or a list of paths; "x.ttc#1" picks a
    subfont) that goes first in that role's chain. Unknown roles are ignored with a warning.
    """
    global _use_windows, _windows_dir
    with _lock:
        _overrides.clear()
        for role, value in (overrides or {}).items():
            if role not in ROLES:
                log.warning("unknown font role %r ignored", role)
                continue
            values = [value] if isinstance(value, (str, os.PathLike, FaceSpec)) else list(value)
            _overrides[role] = [_spec_from(v) for v in values if v]
        _use_windows = use_windows
        _windows_dir = Path(windows_dir) if windows_dir is not None else None
        _chains.clear()


def use_settings_fonts(faces: Mapping[str, str] | None) -> bool:
    """Put the faces chosen in the settings (``MachineSettings.fonts``: role -> font file,
    "x.ttc#1" picks a subfont) first in their roles' chains, after any :func:`configure`
    overrides. Empty values and unknown roles are ignored; a file that is missing or cannot be
    embedded is skipped with a warning when first used. Cheap when nothing changed (the chains
    and their measurements are kept); returns True when the chains were rebuilt."""
    wanted: dict[str, list[FaceSpec]] = {}
    for role, value in (faces or {}).items():
        if role not in ROLES:
            log.warning("unknown font role %r in the settings ignored", role)
            continue
        if isinstance(value, str) and value.strip():
            wanted[role] = [_spec_from(value.strip())]
    with _lock:
        if wanted == _settings_faces:
            return False
        _settings_faces.clear()
        _settings_faces.update(wanted)
        _chains.clear()
        return True


def chain_specs(role: str) -> list[FaceSpec]:
    """The faces of a role in order: overrides, faces chosen in the settings, Windows fonts,
    bundled fonts (not yet loaded)."""
    if role not in ROLES:
        raise KeyError(f"unknown font role {role!r}; known: {', '.join(ROLES)}")
    specs: list[FaceSpec] = list(_overrides.get(role, [])) + list(_settings_faces.get(role, []))
    windirs = windows_fonts_dirs() if _use_windows else []
    bundled = [FaceSpec(bundled_dir() / name) for name in BUNDLED_CHAINS[role]]
    if windirs:
        for name, index in WINDOWS_FACES[role]:
            path = _find_windows(name, windirs)
            if path is not None:
                specs.append(FaceSpec(path, index))
        main = [s for s in bundled if s.path.name not in FALLBACKS]
        extb = _find_windows(WINDOWS_EXTB[0], windirs)
        tail = [FaceSpec(extb, WINDOWS_EXTB[1])] if extb is not None else []
        bundled = main + tail + [s for s in bundled if s.path.name in FALLBACKS]
    ordered = list(dict.fromkeys(specs + bundled))  # first occurrence of each, in order
    return style_ordered(ordered)


def chain(role: str = "sans") -> FontChain:
    """The (cached) font chain of a role."""
    with _lock:
        got = _chains.get(role)
        if got is None:
            got = _chains[role] = FontChain(role, chain_specs(role))
        return got


def register_role(role: str = "sans") -> str:
    """Register the main face of a role and return its reportlab font name."""
    return chain(role).primary


def register_all() -> dict[str, str]:
    """Register every role's main face; ``{role: font name}``."""
    return {role: register_role(role) for role in ROLES}


def runs(text: str, role: str = "sans") -> list[tuple[str, str]]:
    """``[(font_name, text)]`` runs of ``text`` in a role's chain."""
    return chain(role).runs(text)


def missing_characters(text: str, role: str = "sans") -> set[str]:
    """Characters no face of the role's chain can draw (shown as boxes if printed)."""
    return chain(role).missing(text)


def missing_message(chars: Iterable[str]) -> str:
    """A user-facing warning naming characters no font can print ("" if there are none)."""
    shown = sorted(set(chars))
    if not shown:
        return ""
    listed = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in shown[:20])
    if len(shown) > 20:
        listed += " …"
    return _("No font can print these characters; they will show as boxes: {chars}").format(
        chars=listed
    )


def string_width(text: str, size: float, role: str = "sans") -> float:
    """Width in points of ``text`` set in a role at ``size``."""
    return chain(role).width(text, size)


def use_cjk_table_font(role: str = "sans") -> str:
    """Make platypus Table cells default to the role's main face instead of Helvetica.

    reportlab's Table writes a text operator with ``CellStyle.fontname`` even for empty cells,
    which otherwise references a non-embedded Helvetica. Returns the font name used.
    """
    from reportlab.platypus import tables

    name = register_role(role)
    tables.CellStyle.fontname = name
    return name


def canvas_defaults(role: str = "sans", size: float = 12.0) -> dict[str, object]:
    """Keyword arguments for ``Canvas(...)`` / ``SimpleDocTemplate(...)``: a CJK initial font.

    Without them every page's preamble selects Helvetica (a non-embedded font reference).
    """
    return {"initialFontName": register_role(role), "initialFontSize": size}


def use_cjk_defaults(role: str = "sans") -> str:
    """Process-wide reportlab defaults that never reference Helvetica; returns the font name.

    Sets the canvas initial font (``rl_config.canvas_basefontname``), the platypus Table cell
    font and ``ParagraphStyle`` defaults to the role's main face. Call once before building PDFs.
    """
    from reportlab import rl_config
    from reportlab.lib.styles import ParagraphStyle

    name = use_cjk_table_font(role)
    rl_config.canvas_basefontname = name
    ParagraphStyle.defaults["fontName"] = name
    ParagraphStyle.defaults["bulletFontName"] = name
    return name
