"""Shared Chinese typography (posters and archives): justification only at CJK gaps, flush
edges over many widths, punctuation compression (clreq), fallback faces of the text's style and
one face per name."""

from __future__ import annotations

import itertools

import pytest

from board_app.layout.cjk import CLOSING, OPENING, compression, is_wide, place_line
from board_app.render import fonts
from board_app.render.text import TextStyle, _advance, line_segments, wrap

SAMPLES = [
    (
        "根据《村务公开目录》，本村2026年第三季度财务收支如下：收入3,456.12元（含上级补助），"
        "支出987.00元；联系电话13812345678。“公开栏”内容已经村民代表会议审议……"
    ),
    (
        "他说：“请于2026-10-15前反馈。”（注：见附件No.5和Appendix B）。"
        "低保对象：张𠮷、李𡈼、赵䶮、钱堃、孙喆。Party branch meeting held on 3 March 2026。"
    ),
    "（一）「重要」『说明』【附件】〔2026〕第3号，“引号”‘单引号’；结束。",
]
WORD_CHARS = set("0123456789,.-:/ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


@pytest.fixture(autouse=True)
def _bundled_only():
    fonts.configure(use_windows=False)
    yield
    fonts.configure()


def _glyphs(line, box, style):
    """(char, x, advance) of every glyph of a drawn line."""
    out = []
    for name, text, x, space in line_segments(line, box, style):
        for ch in text:
            adv = _advance(name, ch, style.size)
            out.append((ch, x, adv))
            x += adv + space
    return out


@pytest.mark.parametrize("role", ["sans", "serif", "fangsong"])
def test_justified_lines_flush_and_digits_never_spaced(role: str) -> None:
    checked = 0
    for size in (10.5, 16):
        style = TextStyle(role=role, size=size, leading=size * 1.6, align="justify", indent=2)
        for width in range(int(size * 6), int(size * 34), 9):
            for text in SAMPLES:
                for line in wrap(text, style, width):
                    glyphs = _glyphs(line, width, style)
                    if not glyphs:
                        continue
                    ch0, x0, _a = glyphs[0]
                    assert x0 >= -size / 2 - 1e-6 and (x0 >= -1e-6 or ch0 in OPENING)
                    last, xl, al = glyphs[-1]
                    end = xl + al
                    gaps = any(
                        is_wide(a) or is_wide(b) or " " in (a, b)
                        for a, b in itertools.pairwise(line.text)
                    )
                    if not line.last and gaps:  # flush right (a closing mark may end half out)
                        assert (
                            end == pytest.approx(width, abs=0.01)
                            or (last in CLOSING and width < end <= width + size / 2 + 0.01)
                            or (last in "，。、；：？！" and xl == pytest.approx(width, abs=0.01))
                        ), (line.text, width, end)
                        checked += 1
                    for (a, xa, wa), (b, xb, _wb) in itertools.pairwise(glyphs):
                        if a in WORD_CHARS and b in WORD_CHARS and not is_wide(a):
                            assert xb == pytest.approx(xa + wa, abs=1e-6), (line.text, a, b)
    assert checked > 100


def test_left_aligned_lines_never_overflow() -> None:
    style = TextStyle(role="sans", size=12, leading=18, align="left")
    for width in range(60, 420, 11):
        for text in SAMPLES:
            for line in wrap(text, style, width):
                glyphs = _glyphs(line, width, style)
                if glyphs:
                    _ch, x, adv = glyphs[-1]
                    assert x + adv <= width + 12 / 2 + 1e-6  # at most a hanging mark


def test_adjacent_punctuation_is_compressed() -> None:
    size = 10.0
    text = "说：“好。”（注）"
    cuts = compression(text, [size] * len(text), size)
    assert cuts[1] == (0, 5.0)  # ：before “
    assert cuts[4] == (0, 5.0)  # 。before ”
    assert cuts[5] == (0, 5.0)  # ”before （
    assert cuts[0] == (0, 0) and cuts[3] == (0, 0) and cuts[-1] == (0, 0)
    assert compression("（《", [size, size], size)[1] == (5.0, 0)
    xs, width = place_line("（注）文字", [size] * 5, size, 100, "left")
    assert xs[0] == -5.0 and width == 45.0  # a line-start bracket sets half width
    xs, width = place_line("3,456.12元", [5.5] * 8 + [10], 10, 100, justify=True)
    assert [b - a for a, b in itertools.pairwise(xs[:-1])] == [5.5] * 7  # digits keep their spacing
    assert width == 100 and xs[-1] == 90


def test_fallback_faces_keep_the_style_and_a_name_keeps_one_face() -> None:
    serif = fonts.chain("serif")
    sans = fonts.chain("sans")
    assert fonts.face_style(serif.specs[0]) == "serif"
    # a rare character in song text comes from a song/mincho face, not from the sans one
    for ch in "堃喆䶮𠮷":
        name = serif.runs("张" + ch)[0][0]
        assert "Sans" not in name, (ch, serif.runs("张" + ch))
        assert "Sans" in sans.runs("张" + ch)[0][0] or ch == "𠮷"
    # one face within a name wherever a face has the whole name
    for chain in (serif, sans):
        for name in ("张𠮷", "王𠮷喆", "欧阳䶮", "钱堃"):
            runs = chain.runs("支部书记" + name + "同志：")
            faces = {f for f, t in runs for c in t if c in name}
            assert len(faces) == 1, (chain.role, name, runs)


def test_balanced_title_has_no_lone_last_character() -> None:
    style = TextStyle(role="title", size=22, leading=33, align="center", balance=True)
    title = "关于2026年第三季度村级财务收支情况的公示"
    plain = wrap(title, TextStyle(role="title", size=22, leading=33, align="center"), 442)
    assert len(plain) == 2 and len(plain[1].text) == 1  # what an unbalanced title looked like
    lines = wrap(title, style, 442)
    assert len(lines) == 2 and lines[1].width >= 0.7 * lines[0].width


def test_compression_takes_only_halves_the_face_leaves_blank() -> None:
    sans, serif = fonts.chain("sans"), fonts.chain("serif")
    assert sans.halves("。") == (False, True) and sans.halves("（") == (True, False)
    assert serif.halves("。") == (False, False)  # UMing centres 。: never cut
    style = TextStyle(role="serif", size=10, leading=15)
    line = wrap("好。”", style, 200)[0]
    glyphs = _glyphs(line, 200, style)
    assert glyphs[2][1] == pytest.approx(20.0)  # ” after a full-width 。 in UMing
    line = wrap("好。”", TextStyle(role="sans", size=10, leading=15), 200)[0]
    glyphs = _glyphs(line, 200, TextStyle(role="sans", size=10, leading=15))
    assert glyphs[2][1] == pytest.approx(15.0)  # Noto's 。 set half width
