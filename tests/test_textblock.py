"""Text blocks: wrapping with fallback fonts, drawing, and the platypus CJKParagraph."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A6
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Table

from board_app.layout.cjk import NO_LINE_END, NO_LINE_START
from board_app.render import fonts
from board_app.render.text import (
    CJKParagraph,
    TextStyle,
    block_height,
    draw_lines,
    draw_text,
    first_baseline,
    fit_size,
    wrap,
)

TEXT = (
    "根据《村务公开目录》，本村2026年第三季度财务收支如下：收入1,234.50元（含上级补助），"
    "支出987.00元；联系电话13812345678。“公开栏”内容已经村民代表会议审议……\n"
    "低保对象：张𠮷、李𡈼、王𪚥、赵䶮、钱堃、孙喆。如有疑问，请于2026-10-15前反馈！"
)


@pytest.fixture(autouse=True)
def _bundled_only():
    fonts.configure(use_windows=False)
    yield
    fonts.configure()


def _extract(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_style_defaults_and_validation() -> None:
    style = TextStyle(size=10)
    assert style.line_height == 15
    assert style.scaled(20).size == 20
    assert TextStyle(size=10, leading=12).scaled(20).line_height == 24
    with pytest.raises(ValueError):
        TextStyle(align="middle")
    assert first_baseline(100, TextStyle(size=10, leading=10)) == pytest.approx(91.2)


def test_wrap_fits_and_keeps_text() -> None:
    style = TextStyle(role="serif", size=11)
    for width in (60, 123.5, 200, 333):
        lines = wrap(TEXT, style, width)
        assert all(line.width <= width + 1e-6 for line in lines)
        assert "".join(line.text for line in lines) == TEXT.replace("\n", "")
        assert [line.last for line in lines].count(True) == 2
        for line in lines:
            assert "".join(t for _, t in line.runs) == line.text


def test_wrap_indent_and_empty() -> None:
    lines = wrap("第一段。\n\n第二段。", TextStyle(indent=2), 500)
    assert [line.text for line in lines] == ["\u3000\u3000第一段。", "", "\u3000\u3000第二段。"]
    assert wrap("", TextStyle(), 100) == []


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=100, max_value=600), st.sampled_from(fonts.ROLES))
def test_wrap_rules_over_widths(width: int, role: str) -> None:
    lines = wrap(TEXT, TextStyle(role=role, size=12), width)
    for a, b in itertools.pairwise(lines):
        if not a.last:
            assert a.text[-1] not in NO_LINE_END
            assert b.text[0] not in NO_LINE_START


def test_draw_alignments_produce_searchable_pdf() -> None:
    fonts.use_cjk_defaults()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, **fonts.canvas_defaults())
    top = 800.0
    for align in ("left", "center", "right", "justify"):
        style = TextStyle(role="kai", size=12, align=align, color="#c00000")
        top -= draw_text(c, TEXT, 50, top, style, 300) + 10
    lines = wrap("标题", TextStyle(role="title", size=30), 400)
    assert draw_lines(c, lines, 50, top, TextStyle(role="title", size=30)) == block_height(
        lines, TextStyle(role="title", size=30)
    )
    assert draw_lines(c, [], 0, 0, TextStyle()) == 0.0
    c.save()
    data = buf.getvalue()
    assert b"Helvetica" not in data
    text = _extract(data)
    for ch in "𠮷𡈼𪚥䶮堃喆标题":
        assert ch in text


def test_fit_size() -> None:
    style = TextStyle(size=40)
    size = fit_size(TEXT, style, 300, 200, min_size=8)
    assert size is not None and 8 <= size <= 40
    assert block_height(wrap(TEXT, style.scaled(size), 300), style.scaled(size)) <= 200
    bigger = style.scaled(size + 0.5)
    assert block_height(wrap(TEXT, bigger, 300), bigger) > 200
    assert fit_size(TEXT * 20, style, 100, 50, min_size=12) is None


def test_cjk_paragraph_splits_across_pages_with_table() -> None:
    fonts.use_cjk_defaults()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A6, **fonts.canvas_defaults())
    long_text = TEXT * 15
    story = [
        CJKParagraph(long_text, TextStyle(role="serif", size=11, align="justify", indent=2)),
        Table([["序号", "姓名"], ["1", "张𠮷"], ["", ""]]),
    ]
    doc.build(story)
    data = buf.getvalue()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 3
    assert b"Helvetica" not in data
    text = re.sub(r"\s", "", _extract(data))
    assert re.sub(r"\s", "", long_text) in text
    assert "张𠮷" in text


def test_cjk_paragraph_split_api() -> None:
    style = TextStyle(size=10, leading=15)
    para = CJKParagraph(TEXT, style)
    w, h = para.wrap(100, 1000)
    assert w == 100 and h == pytest.approx(15 * len(wrap(TEXT, style, 100)))
    assert para.split(100, 10) == []
    assert para.split(100, 10_000) == [para]
    first, rest = para.split(100, 46)
    assert first.wrap(100, 1000)[1] == pytest.approx(45)
    assert rest.wrap(100, 1000)[1] == pytest.approx(h - 45)
    # A continuation re-wrapped to another width does not lose characters.
    rest.wrap(150, 1000)
    both = first.text + rest.text
    assert re.sub(r"\s", "", both) == re.sub(r"\s", "", TEXT)
    assert para.missing_characters() == set()


def test_char_spacing_reset_after_justified_line() -> None:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, **fonts.canvas_defaults())
    draw_text(c, TEXT, 50, 800, TextStyle(size=12, align="justify"), 300)
    draw_text(c, TEXT, 50, 500, TextStyle(size=12, align="left"), 300)
    code = "\n".join(c._code)
    spacings = [float(v) for v in re.findall(r"([-\d.]+) Tc", code)]
    assert any(v > 0 for v in spacings)
    # Every left-aligned line sets its spacing back to 0.
    left_part = code[code.rindex("BT", 0, len(code)) :]
    assert spacings[-1] == 0
    assert "Tc" in left_part
