"""Font roles, fallback chains and embedding in PDFs (no Windows fonts needed)."""

from __future__ import annotations

import io
import re
import shutil
import struct
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from board_app.render import fonts

RARE = "䶮堃喆𠮷𡈼𪚥"


@pytest.fixture(autouse=True)
def _bundled_only():
    fonts.configure(use_windows=False)
    yield
    fonts.configure()


def test_bundled_fonts_present_and_truetype() -> None:
    folder = fonts.bundled_dir()
    files = list(folder.glob("*.ttf"))
    assert {p.name for p in files} >= {
        fonts.NOTO,
        fonts.NOTO_BOLD,
        fonts.SERIF,
        fonts.KAI,
        *fonts.FALLBACKS,
    }
    for path in files:
        head = path.read_bytes()[:4]
        assert head == b"\x00\x01\x00\x00", f"{path.name} is not glyf TrueType"
    total = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    assert total < 72e6  # HanaMinA whole (15 MB): the Song fallback, one face per name
    assert (folder / "README.md").is_file()


def test_all_roles_register() -> None:
    names = fonts.register_all()
    assert set(names) == set(fonts.ROLES)
    assert names["sans"] == "NotoSansSC-Regular"
    assert names["sans_bold"] == "NotoSansSC-Bold"
    for role in fonts.ROLES:
        assert all("Helvetica" not in n for n in fonts.chain(role).names)


def test_registration_is_cached_and_quick() -> None:
    start = time.perf_counter()
    fonts.register_all()
    assert time.perf_counter() - start < 0.5
    spec = fonts.chain("sans").specs[0]
    assert fonts.load_face(spec) is fonts.load_face(spec)


def test_rare_characters_covered_by_chain() -> None:
    for role in fonts.ROLES:
        assert fonts.missing_characters(RARE, role) == set()


def test_runs_use_fallback_for_extension_b() -> None:
    runs = fonts.runs("张𠮷三")
    assert "".join(t for _, t in runs) == "张𠮷三"
    # a name keeps one face: the whole of 张𠮷三 from the face that has 𠮷
    assert len(runs) == 1 and runs[0][0].startswith("HanaMin")
    runs = fonts.runs("党支部书记张𠮷三同志报告工作")
    assert runs[0] == ("NotoSansSC-Regular", "党支部书记") and runs[-1][1] == "同志报告工作"
    assert fonts.runs("") == []
    # Adjacent characters of one face share a run.
    assert fonts.runs("公开栏ABC") == [("NotoSansSC-Regular", "公开栏ABC")]


def test_missing_characters_reported() -> None:
    assert fonts.missing_characters("公开\ue000栏\U0003fffd") == {"\ue000", "\U0003fffd"}
    assert fonts.missing_characters("公开 栏\n") == set()
    # Variation selectors no face has are dropped from runs, not reported.
    assert fonts.missing_characters("葛\U000e0100") == set()
    assert "".join(t for _, t in fonts.runs("葛\U000e0100")) == "葛"


def test_widths_follow_fallback() -> None:
    assert fonts.string_width("中文", 10) == pytest.approx(20.0)
    assert fonts.string_width("𠮷", 10) == pytest.approx(10.0, abs=1.0)
    assert fonts.string_width("", 10) == 0.0


def test_override_goes_first(tmp_path: Path) -> None:
    face = tmp_path / "MyKai.ttf"
    shutil.copy(fonts.bundled_dir() / fonts.KAI, face)
    fonts.configure({"sans": str(face), "bogus": "x.ttf"}, use_windows=False)
    chain = fonts.chain("sans")
    assert chain.primary == "MyKai"
    # a Kai face (serif style) first: the Song/Mincho fallback before the sans one
    assert chain.names[1] == "HanaMinA-Fallback" and "NotoSansSC-Regular" in chain.names


def test_windows_fonts_preferred_when_present(tmp_path: Path) -> None:
    shutil.copy(fonts.bundled_dir() / fonts.KAI, tmp_path / "simkai.ttf")
    fonts.configure(windows_dir=tmp_path)
    assert fonts.chain("kai").primary == "simkai"
    assert fonts.chain("sans").primary == "NotoSansSC-Regular"


def _with_fstype(src: Path, dst: Path, fs_type: int) -> None:
    data = bytearray(src.read_bytes())
    num_tables = struct.unpack(">H", data[4:6])[0]
    for i in range(num_tables):
        rec = 12 + 16 * i
        tag, _check, offset, _length = struct.unpack(">4sIII", data[rec : rec + 16])
        if tag == b"OS/2":
            data[offset + 8 : offset + 10] = struct.pack(">H", fs_type)
    dst.write_bytes(bytes(data))


def test_font_forbidding_embedding_is_skipped(tmp_path: Path) -> None:
    _with_fstype(fonts.bundled_dir() / fonts.SERIF, tmp_path / "simsun.ttc", 0x0002)
    fonts.configure(windows_dir=tmp_path)
    assert fonts.chain("serif").primary == "UMingCN"


def _pdf_fonts(data: bytes) -> tuple[list[str], list[object]]:
    reader = PdfReader(io.BytesIO(data))
    names: list[str] = []
    descriptors: list[object] = []
    for page in reader.pages:
        res = page["/Resources"].get_object()
        for ref in res.get("/Font", {}).get_object().values():
            font = ref.get_object()
            names.append(str(font["/BaseFont"]))
            descriptors.append(font["/FontDescriptor"].get_object())
    return names, descriptors


def test_pdf_fonts_embedded_subset_and_searchable() -> None:
    fonts.use_cjk_defaults()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, **fonts.canvas_defaults())
    for role in fonts.ROLES:
        obj = c.beginText(50, 700 - 40 * fonts.ROLES.index(role))
        for name, run in fonts.runs(f"{role} 公开栏 {RARE} 1,234.50元", role):
            obj.setFont(name, 14)
            obj.textOut(run)
        c.drawText(obj)
    c.save()
    data = buf.getvalue()
    assert b"Helvetica" not in data
    names, descriptors = _pdf_fonts(data)
    assert names and len(names) >= 5
    for name in names:
        assert re.match(r"^/[A-Z]{6}\+", name), name
    for desc in descriptors:
        assert "/FontFile2" in desc
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for ch in RARE + "公开栏":
        assert ch in text


def test_windows_extb_goes_before_bundled_fallbacks(tmp_path: Path) -> None:
    shutil.copy(fonts.bundled_dir() / fonts.KAI, tmp_path / "simsunb.ttf")
    fonts.configure(windows_dir=tmp_path)
    names = [s.path.name for s in fonts.chain("sans").specs]
    assert names == [fonts.NOTO, "simsunb.ttf", *fonts.FALLBACKS]


def test_missing_message_translated() -> None:
    from board_app import i18n

    assert fonts.missing_message([]) == ""
    old = i18n.get_language()
    try:
        i18n.set_language("zh_CN")
        msg = fonts.missing_message({"\ue000"})
        assert "U+E000" in msg and "方框" in msg
        assert i18n._(fonts.ROLE_LABELS["serif"]) == "宋体"
        i18n.set_language("en")
        assert "boxes" in fonts.missing_message("\ue000")
    finally:
        i18n.set_language(old)


def test_non_bmp_tounicode_is_utf16() -> None:
    cmap = fonts._to_unicode_cmap("X", [0x20BB7, 0x4E2D])
    assert "<00> <D842DFB7>" in cmap
    assert "<01> <4E2D>" in cmap


def test_subset_widths_match_for_fonts_with_few_hmetrics(tmp_path):
    """Hanazono stores one advance width for all glyphs; the subset must keep it unscaled,
    so its glyph widths agree with the PDF's /Widths (PDF/A rule 6.2.11.5)."""
    import io

    from fontTools.ttLib import TTFont as FTFont
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from board_app.render import fonts

    name, _text = fonts.chain("sans").runs("𠮷")[0]
    out = tmp_path / "w.pdf"
    canvas = Canvas(str(out), invariant=1)
    canvas.setFont(name, 12)
    canvas.drawString(10, 10, "𠮷𡈼")
    canvas.save()
    seen = 0
    for font in PdfReader(out).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if "HanaMin" not in font["/BaseFont"]:
            continue
        sub = FTFont(io.BytesIO(font["/FontDescriptor"]["/FontFile2"].get_data()))
        upem = sub["head"].unitsPerEm
        advances = {round(sub["hmtx"][g][0] * 1000 / upem) for g in sub.getGlyphOrder()[1:]}
        widths = {round(float(w)) for w in font["/Widths"]}
        assert advances <= widths, (advances, widths)
        seen += 1
    assert seen
