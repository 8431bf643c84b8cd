"""Regenerate the fonts bundled in ``resources/fonts/`` (run by a developer, not at run time).

Sources (all TrueType ``glyf`` outlines, which reportlab's TTFont needs):

* Noto Sans SC (OFL-1.1): the variable ``NotoSansSC[wght].ttf`` inside the PyPI package
  ``justmytype-intl-cjk``. Static Regular (wght 400) and Bold (wght 700) instances are made with
  ``fontTools.varLib.instancer`` (the variable font's default instance is Thin).
* LXGW WenKai Regular (OFL-1.1, a Kai face), saved as ``BoardKai-Regular.ttf`` renamed "Board Kai"
  (the subset is a Modified Version; "LXGW"/"霞鹜" are Reserved Font Names): Debian
  ``fonts-lxgw-wenkai``,
  ``/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf``; subset to Latin,
  punctuation and the 6,763 GB 2312 ideographs (rarer characters fall back along the chain to
  Noto Sans SC and Hanazono) to keep the bundle small.
* AR PL UMing CN (Arphic Public License, a Song/Ming face): Debian ``fonts-arphic-uming``,
  ``/usr/share/fonts/truetype/arphic/uming.ttc`` face 0; subset like WenKai, bitmaps dropped.
* HanaMinA / HanaMinB (Hanazono Font License or OFL-1.1): Debian ``fonts-hanazono``,
  ``/usr/share/fonts/truetype/hanazono/``; subset to the CJK ideographs (Extension A onward,
  compatibility ideographs; Extension F left out for size) that Noto Sans SC lacks: the
  per-character fallback for rare names.

Everything is subset without hinting and without layout tables (reportlab uses neither).

Usage::

    .venv/bin/pip install fonttools justmytype-intl-cjk      # the "fonts" extra
    sudo apt-get install fonts-lxgw-wenkai fonts-arphic-uming fonts-hanazono
    .venv/bin/python scripts/build_fonts.py [--only NAME ...]

Takes about a minute (the variable-font instancing is the slow part).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
DEBIAN = Path("/usr/share/fonts/truetype")

# Code point ranges a text face should keep (Latin, punctuation, CJK symbols, URO, fullwidth).
TEXT_RANGES: list[tuple[int, int]] = [
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x218F),  # letterlike, number forms
    (0x2460, 0x24FF),  # enclosed alphanumerics
    (0x2500, 0x25FF),  # box drawing, geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x33FF),  # enclosed CJK, compatibility
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half/fullwidth forms
]

# Ideograph ranges the fallback fonts fill in (Extension A onward, compatibility ideographs).
IDEOGRAPH_RANGES: list[tuple[int, int]] = [
    (0x2E80, 0x2FDF),  # radicals
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # URO (the rare gaps of Noto)
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2CEAF),  # Extensions C-E (F, 7,469 characters / ~4 MB, left out for size)
    (0x2F800, 0x2FA1F),  # compatibility supplement
]


def _noto_variable() -> Path:
    """Locate NotoSansSC[wght].ttf inside the installed justmytype-intl-cjk package."""
    import justmytype_intl_cjk

    base = Path(justmytype_intl_cjk.__file__).parent
    hits = sorted(base.rglob("NotoSansSC*wght*.ttf"))
    if not hits:
        raise SystemExit("NotoSansSC[wght].ttf not found in justmytype-intl-cjk")
    return hits[0]


def _in_ranges(cp: int, ranges: list[tuple[int, int]]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _subset(font: TTFont, unicodes: set[int]) -> None:
    """Subset in place to ``unicodes``: no hinting, no layout features, names kept."""
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "EBDT", "EBLC", "EBSC", "vhea", "vmtx"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=unicodes)
    sub.subset(font)


def _check_embeddable(font: TTFont, label: str) -> None:
    """All sources are fsType 0 (installable embedding); stop if a new version changes that."""
    if font["OS/2"].fsType not in (0, 8):
        raise SystemExit(f"{label}: fsType {font['OS/2'].fsType} restricts embedding")


def build_noto() -> None:
    src = _noto_variable()
    for style, weight in (("Regular", 400), ("Bold", 700)):
        t = time.time()
        var = TTFont(src)
        static = instancer.instantiateVariableFont(var, {"wght": weight})
        keep = set(static.getBestCmap())
        _subset(static, keep)
        _set_style_names(static, "Noto Sans SC", style)
        static.save(OUT / f"NotoSansSC-{style}.ttf")
        print(f"NotoSansSC-{style}.ttf {time.time() - t:.1f}s")
    shutil.copy(src.parent / "OFL.txt", OUT / "OFL-NotoSansSC.txt")


def _set_style_names(font: TTFont, family: str, style: str) -> None:
    """Give a static instance its own family/style/PostScript names."""
    name = font["name"]
    ps = f"{family.replace(' ', '')}-{style}"
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 4:
            rec.string = f"{family} {style}"
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 25:  # variations PostScript name prefix: meaningless now
            name.removeNames(nameID=25)
    if "STAT" in font:
        del font["STAT"]


def _gb2312_hanzi() -> set[int]:
    """The 6,763 ideographs of GB 2312 (levels 1 and 2), from Python's codec."""
    out: set[int] = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                out.add(ord(bytes([hi, lo]).decode("gb2312")))
    return out


def build_text_face(
    src: Path, out_name: str, font_number: int = 0, rename: str | None = None
) -> None:
    t = time.time()
    font = TTFont(src, fontNumber=font_number)
    _check_embeddable(font, out_name)
    hanzi = _gb2312_hanzi()
    keep = {
        cp
        for cp in font.getBestCmap()
        if _in_ranges(cp, TEXT_RANGES) and (not 0x4E00 <= cp <= 0x9FFF or cp in hanzi)
    }
    _subset(font, keep)
    if rename:  # a subset is a Modified Version: OFL Reserved Font Names must not be used
        _set_style_names(font, rename, "Regular")
    font.save(OUT / out_name)
    print(f"{out_name} {len(keep)} chars {time.time() - t:.1f}s")


def build_fallback() -> None:
    main = set(TTFont(OUT / "NotoSansSC-Regular.ttf", lazy=True).getBestCmap())
    taken = set(main)
    for name in ("HanaMinA", "HanaMinB"):
        t = time.time()
        font = TTFont(DEBIAN / "hanazono" / f"{name}.ttf")
        _check_embeddable(font, name)
        # HanaMinA keeps every ideograph it has, Noto's too: it is the Song/Mincho fallback of
        # the serif, Kai and FangSong chains (堃 in 宋体 text stays a 宋体-like face) and a
        # face that has all of a name such as 王𠮷喆 (a name keeps one face).
        keep = {
            cp
            for cp in font.getBestCmap()
            if (name == "HanaMinA" or cp not in taken) and _in_ranges(cp, IDEOGRAPH_RANGES)
        }
        taken |= keep
        _subset(font, keep)
        font.save(OUT / f"{name}-Fallback.ttf")
        print(f"{name}-Fallback.ttf {len(keep)} chars {time.time() - t:.1f}s")


def copy_licences() -> None:
    shutil.copy("/usr/share/doc/fonts-hanazono/copyright", OUT / "LICENSE-Hanazono.txt")
    shutil.copy("/usr/share/doc/fonts-lxgw-wenkai/copyright", OUT / "LICENSE-LXGWWenKai.txt")
    shutil.copy("/usr/share/doc/fonts-arphic-uming/copyright", OUT / "LICENSE-ARPL-UMing.txt")


STEPS = {
    "noto": build_noto,
    "kai": lambda: build_text_face(
        DEBIAN / "lxgw-wenkai" / "LXGWWenKai-Regular.ttf",
        "BoardKai-Regular.ttf",
        rename="Board Kai",
    ),
    "serif": lambda: build_text_face(DEBIAN / "arphic" / "uming.ttc", "UMingCN.ttf", 0),
    "fallback": build_fallback,
    "licences": copy_licences,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(STEPS), help="steps to run")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for step in args.only or list(STEPS):
        STEPS[step]()
    total = sum(p.stat().st_size for p in OUT.iterdir() if p.is_file())
    print(f"resources/fonts: {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
