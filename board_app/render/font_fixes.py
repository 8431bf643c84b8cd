"""Fixes of reportlab 5.1's TrueType handling, applied when :mod:`board_app.render.fonts` is
imported: ToUnicode CMaps for characters beyond the BMP, the embedding flags it fails to check,
and the advance widths of glyphs past ``numberOfHMetrics``."""

from __future__ import annotations

import struct

from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont


def _utf16_hex(cp: int) -> str:
    """A code point as UTF-16BE hex (a surrogate pair beyond the BMP), as ToUnicode wants."""
    return chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, fixed: UTF-16 for Extension B and beyond (reportlab 5.1
    writes e.g. ``<20BB7>``, which readers reject, so rare name characters were not searchable),
    and at most 100 entries per ``beginbfchar`` block as the PDF reference asks."""
    head = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1),
        "endcodespacerange",
    ]
    body: list[str] = []
    for start in range(0, len(subset), 100):
        chunk = subset[start : start + 100]
        body.append(f"{len(chunk)} beginbfchar")
        body += [f"<{start + i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(chunk)]
        body.append("endbfchar")
    tail = ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(head + body + tail)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # used by TTFont.splitString's subset fonts


def embedding_flags(font: TTFont) -> int:
    """The OS/2 ``fsType`` of a loaded face (0 if the table is missing).

    reportlab 5.1 means to refuse restricted fonts but its test is inverted, so check here:
    0x0002 (restricted), 0x0100 (no subsetting) and 0x0200 (bitmap only) are not usable.
    """
    face = font.face
    entry = face.table.get("OS/2")
    if not entry:
        return 0
    data = face._ttf_data
    return struct.unpack(">H", data[entry["offset"] + 8 : entry["offset"] + 10])[0]


def _fix_trailing_hmetrics(font: TTFont) -> None:
    """Undo a reportlab defect: glyphs past hhea.numberOfHMetrics share the last advance
    width, but reportlab stores it already scaled to 1000 units, so subsets of such fonts
    (the Hanazono fallbacks) carry widths that disagree with the PDF's /W array (PDF/A rule
    6.2.11.5). Put the unscaled width back."""
    face = font.face
    hhea = face.get_table("hhea")
    count = struct.unpack(">H", hhea[34:36])[0]
    metrics = face.hmetrics
    if 0 < count < len(metrics):
        advance = metrics[count - 1][0]
        face.hmetrics = metrics[:count] + [(advance, lsb) for _aw, lsb in metrics[count:]]
