"""A structural PDF/A-2b check (not a validator): what our archive PDFs must never get wrong.

veraPDF (the reference validator) cannot be installed offline; this module checks the points of
ISO 19005-2 that a reportlab + pikepdf pipeline can get wrong, on every page and form XObject:

* no encryption; an XMP packet claiming ``pdfaid:part`` 2 / ``conformance`` B whose title
  matches the document information dictionary; one ``GTS_PDFA1`` output intent with an ICC
  profile; a file identifier;
* every font embedded (``FontFile``/``FontFile2``/``FontFile3``), distinct subset tags for
  distinct subsets (ISO 32000-1 §9.6.4);
* no .notdef glyph shown by any text operator (each code of each simple TrueType font is looked
  up in the embedded font's cmap; Identity CID fonts by glyph id);
* no transparency: no ``/Group /S /Transparency``, no soft masks, constant alpha 1, blend mode
  Normal;
* no JavaScript, no actions, no annotations.

``check_pdfa(path)`` returns the problems found (empty: the checked points hold). ``verify``
runs it on every box PDF that claims PDF/A; the tests run it on every archive they build.
See docs/archive.md for validating with veraPDF where it is available.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Name

TEXT_SHOW = {"Tj", "TJ", "'", '"'}


def check_pdfa(path: Path | str) -> list[str]:
    """Problems found in the file (English, technical: for logs, tests and ``verify``)."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return ["encrypted"]
    except pikepdf.PdfError as exc:
        return [f"not a readable PDF: {exc}"]
    with pdf:
        return _check(pdf)


def _check(pdf: pikepdf.Pdf) -> list[str]:
    problems: list[str] = []
    if pdf.is_encrypted:
        problems.append("encrypted")
    problems += _metadata(pdf)
    problems += _document_actions(pdf)
    glyphs = _GlyphCheck()
    by_name: dict[str, set[tuple[int, int]]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        obj = page.obj
        if obj.get("/Annots"):
            problems.append(f"page {number}: annotations")
        if obj.get("/AA"):
            problems.append(f"page {number}: additional actions")
        problems += _transparency(obj, f"page {number}")
        for where, stream, resources in _streams(obj, f"page {number}"):
            problems += _transparency(stream, where) if where != f"page {number}" else []
            problems += _resources(resources, where, by_name)
            problems += glyphs.check(stream, resources, where)
    for name, objs in sorted(by_name.items()):
        if len(objs) > 1:
            problems.append(f"subset tag {name} used by {len(objs)} different fonts")
    return problems


def _metadata(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    if "/ID" not in pdf.trailer:
        problems.append("no file identifier (/ID)")
    if "/Metadata" not in pdf.Root:
        return problems + ["no XMP metadata: the file does not claim PDF/A"]
    meta = pdf.open_metadata()
    if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "B":
        problems.append("XMP does not claim PDF/A-2b (pdfaid:part 2, conformance B)")
    title = pdf.docinfo.get("/Title")
    if title is not None and meta.get("dc:title") != str(title):
        problems.append("XMP dc:title differs from the Info /Title")
    intents: Any = pdf.Root.get("/OutputIntents") or []
    pdfa = [i for i in intents if i.get("/S") == Name.GTS_PDFA1]
    if len(pdfa) != 1 or "/DestOutputProfile" not in pdfa[0]:
        problems.append("no single GTS_PDFA1 output intent with an ICC profile")
    return problems


def _document_actions(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    root = pdf.Root
    names = root.get("/Names")
    if names is not None and ("/JavaScript" in names or "/EmbeddedFiles" in names):
        problems.append("JavaScript or embedded files in the name tree")
    for key in ("/OpenAction", "/AA", "/AcroForm"):
        if key in root:
            problems.append(f"document has {key}")
    return problems


def _streams(
    obj: Any, where: str, seen: set[tuple[int, int]] | None = None
) -> Iterator[tuple[str, Any, Any]]:
    """(where, content holder, resources) of a page and, recursively, its form XObjects."""
    seen = seen if seen is not None else set()
    resources = obj.get("/Resources") or pikepdf.Dictionary()
    yield where, obj, resources
    for name, xobj in (resources.get("/XObject") or {}).items():
        if xobj.get("/Subtype") != Name.Form or xobj.objgen in seen:
            if xobj.get("/Subtype") == Name.Image and "/SMask" in xobj:
                yield f"{where} image {name} (soft mask)", xobj, pikepdf.Dictionary()
            continue
        seen.add(xobj.objgen)
        yield from _streams(xobj, f"{where} form {name}", seen)


def _transparency(obj: Any, where: str) -> list[str]:
    problems = []
    group = obj.get("/Group")
    if group is not None and group.get("/S") == Name.Transparency:
        problems.append(f"{where}: transparency group")
    if obj.get("/Subtype") == Name.Image and "/SMask" in obj:
        problems.append(f"{where}: image soft mask")
    return problems


def _resources(resources: Any, where: str, by_name: dict[str, set[tuple[int, int]]]) -> list[str]:
    problems = []
    for name, gs in (resources.get("/ExtGState") or {}).items():
        smask = gs.get("/SMask")
        if smask is not None and smask != Name("/None"):
            problems.append(f"{where}: soft mask in graphics state {name}")
        for key in ("/CA", "/ca"):
            if key in gs and float(gs[key]) != 1.0:
                problems.append(f"{where}: alpha {key} {gs[key]} in {name}")
        if "/BM" in gs and gs.BM not in (Name.Normal, Name.Compatible):
            problems.append(f"{where}: blend mode {gs.BM} in {name}")
    for name, font in (resources.get("/Font") or {}).items():
        base = str(font.get("/BaseFont", name))
        by_name.setdefault(base, set()).add(font.objgen)
        if font.get("/Subtype") == Name.Type3:
            continue
        desc = _descriptor(font)
        if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"{where}: font {base} not embedded")
    return problems


def _descriptor(font: Any) -> Any:
    if font.get("/Subtype") == Name.Type0:
        font = font.DescendantFonts[0]
    return font.get("/FontDescriptor")


class _GlyphCheck:
    """Finds text operators that show glyph 0 (.notdef)."""

    def __init__(self) -> None:
        self._maps: dict[tuple[int, int], Any] = {}

    def _font_map(self, font: Any) -> Any:
        """For a simple TrueType font: {code: glyph id}; for Identity CID fonts: "cid"."""
        key = font.objgen
        if key in self._maps:
            return self._maps[key]
        result: Any = None
        if font.get("/Subtype") == Name.Type0:
            desc = font.DescendantFonts[0]
            gid_map = desc.get("/CIDToGIDMap", Name.Identity)
            result = "cid" if gid_map == Name.Identity else None
        elif font.get("/Subtype") == Name.TrueType:
            desc = font.get("/FontDescriptor")
            if desc is not None and "/FontFile2" in desc:
                result = _truetype_codes(desc.FontFile2.read_bytes())
        self._maps[key] = result
        return result

    def check(self, holder: Any, resources: Any, where: str) -> list[str]:
        fonts = resources.get("/Font") or {}
        problems: list[str] = []
        current: Any = None
        try:
            instructions = pikepdf.parse_content_stream(holder)
        except pikepdf.PdfError as exc:
            return [f"{where}: content stream unreadable ({exc})"]
        bad = 0
        for instruction in instructions:
            operands, op = instruction.operands, str(instruction.operator)
            if op == "Tf" and operands:
                font = fonts.get(str(operands[0]))
                current = self._font_map(font) if font is not None else None
            elif op in TEXT_SHOW and current is not None:
                for code in _codes(operands, current == "cid"):
                    if (current == "cid" and code == 0) or (
                        isinstance(current, dict) and current.get(code, 0) == 0
                    ):
                        bad += 1
        if bad:
            problems.append(f"{where}: {bad} .notdef glyph(s) shown")
        return problems


def _codes(operands: Iterable[Any], two_byte: bool) -> Iterator[int]:
    for operand in operands:
        if isinstance(operand, pikepdf.Array):
            yield from _codes(list(operand), two_byte)
        elif isinstance(operand, pikepdf.String):
            data = bytes(operand)
            if two_byte:
                for i in range(0, len(data) - 1, 2):
                    yield data[i] << 8 | data[i + 1]
            else:
                yield from data


def _truetype_codes(data: bytes) -> dict[int, int] | None:
    """{code: glyph id} of an embedded (symbolic, subset) TrueType font's cmap."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        order = {n: i for i, n in enumerate(font.getGlyphOrder())}
        tables = font["cmap"].tables
    except Exception:  # noqa: BLE001 - a broken font is reported as unreadable
        return None
    for pid, eid in ((3, 0), (1, 0), (3, 1)):
        for table in tables:
            if (table.platformID, table.platEncID) == (pid, eid):
                mapping = {}
                for code, glyph in table.cmap.items():
                    code = code & 0xFF if pid == 3 and eid == 0 else code
                    mapping[code] = order.get(glyph, 0)
                return mapping
    return None
