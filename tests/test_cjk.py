"""Chinese line breaking: examples and property-based tests over many widths."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from board_app.layout.cjk import (
    HANGING,
    NO_LINE_END,
    NO_LINE_START,
    break_allowed,
    break_lines,
    groups,
)


def measure(s: str) -> float:
    """A fake font: CJK/fullwidth 10, ASCII 5, combining 0."""
    total = 0.0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        total += 10.0 if unicodedata.east_asian_width(ch) in "WF" else 5.0
    return total


def test_simple_wrap() -> None:
    assert break_lines("一二三四五六", 30, measure) == ["一二三", "四五六"]


def test_empty_and_newlines() -> None:
    assert break_lines("", 100, measure) == []
    assert break_lines("甲\n\n乙", 100, measure) == ["甲", "", "乙"]
    assert break_lines("甲\r\n乙", 100, measure) == ["甲", "乙"]


def test_comma_never_starts_line() -> None:
    lines = break_lines("一二三，四五六。", 30, measure)
    assert lines == ["一二", "三，四五", "六。"] or all(not ln.startswith("，") for ln in lines)
    for ln in lines:
        assert ln[0] not in "，。"


def test_opening_bracket_never_ends_line() -> None:
    lines = break_lines("一二《三四》五", 30, measure)
    for ln in lines:
        assert ln[-1] not in "《"
        assert ln[0] not in "》"


def test_numbers_kept_together() -> None:
    for text in ("金额1,234.50元", "电话13812345678转", "计划2026-Q3完成"):
        for width in range(60, 200, 5):
            lines = break_lines(text, width, measure)
            joined = "|".join(lines)
            for token in ("1,234.50", "13812345678", "2026-Q3"):
                if token in text:
                    assert token in joined, (width, lines)


def test_long_number_split_when_wider_than_line() -> None:
    lines = break_lines("110101199003077777", 30, measure)
    assert "".join(lines) == "110101199003077777"
    assert all(measure(ln) <= 30 for ln in lines)


def test_spaces_dropped_at_break() -> None:
    lines = break_lines("hello world again", 30, measure)
    assert lines == ["hello", "world", "again"]
    assert break_lines("  缩进", 100, measure) == ["  缩进"]


def test_wide_char_gets_own_line() -> None:
    assert break_lines("一二", 5, measure) == ["一", "二"]


def test_dash_and_ellipsis_stay_together() -> None:
    for width in range(20, 80, 10):
        lines = break_lines("他说——好的……", width, measure)
        for ln in lines[1:]:
            assert ln[0] not in "—…"


ALPHABET = (
    "中文公开栏村务党务财务收支项目名单"
    + "，。、；：？！）》」』】〕”’…%"
    + "（《「『【〔“‘"
    + "0123456789"
    + "abcXYZ"
    + ",.-:"
    + "  "
    + "\n"
    + "·—"
)


def _check(text: str, width: float, lines: list[str]) -> None:
    # Every line fits unless it is a single character wider than the width, or it ends in
    # one hanging comma or full stop (标点悬挂) after a number or word that fits.
    for ln in lines:
        assert (
            measure(ln) <= width + 1e-9
            or len(ln) == 1
            or (ln[-1] in HANGING and measure(ln[:-1]) <= width + 1e-9)
        ), (ln, width)
    # Nothing lost or reordered: lines are the text minus some whitespace.
    rest = iter(text.replace("\n", ""))
    for ch in "".join(lines):
        for t in rest:
            if t == ch:
                break
            assert t in " \t", (t, text, lines)
        else:
            raise AssertionError("character order changed")
    assert all(t in " \t" for t in rest)
    assert "".join(text.split()) == "".join("".join(lines).split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.integers(min_value=3, max_value=300))
def test_property_fit_and_preserve(text: str, width: int) -> None:
    lines = break_lines(text, width, measure)
    _check(text, width, lines)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.integers(min_value=3, max_value=300))
def test_property_prohibition_rules(text: str, width: int) -> None:
    lines = break_lines(text, width, measure)
    for paragraph in text.split("\n"):
        if any(measure(g) > width for _, g in groups(paragraph.rstrip(" "))):
            return  # a forced split may break the rules; fit and order are tested above
    # Walk line boundaries inside paragraphs.
    paragraphs = text.split("\n")
    idx = 0
    for paragraph in paragraphs:
        count = max(1, len(break_lines(paragraph, width, measure)))
        plines = lines[idx : idx + count]
        idx += count
        for a, b in itertools.pairwise(plines):
            assert a and b, plines
            assert a[-1] not in NO_LINE_END, (a, b)
            assert b[0] not in NO_LINE_START, (a, b)
            assert break_allowed(a[-1], b[0])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.floats(min_value=1, max_value=500))
def test_property_any_unicode(text: str, width: float) -> None:
    text = text.replace("\r", "")
    lines = break_lines(text, width, measure)
    for ln in lines:
        assert (
            measure(ln) <= width + 1e-9
            or len(ln) == 1
            or (ln[-1] in HANGING and measure(ln[:-1]) <= width + 1e-9)
        )
    assert "".join(text.split()) == "".join("".join(lines).split())


def test_sweep_of_widths_no_violations() -> None:
    text = (
        "根据《村务公开目录》，本村2026年第三季度财务收支如下：收入1,234.50元（含上级补助），"
        "支出987.00元；联系电话13812345678。“公开栏”内容已经村民代表会议审议……"
        "如有疑问，请于2026-10-15前反馈！"
    )
    bad = 0
    total = 0
    for width in range(40, 600, 2):
        lines = break_lines(text, width, measure)
        total += len(lines)
        _check(text, width, lines)
        for a, b in itertools.pairwise(lines):
            if a[-1] in NO_LINE_END or b[0] in NO_LINE_START:
                bad += 1
    assert total > 1500
    assert bad == 0


NUMBERS = ["13812345678", "370102********1234", "1,234,567.89", "0535-7261234", "6222****0123"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(NUMBERS), st.text(alphabet="公开栏村务，。（）：", min_size=1)),
        min_size=1,
        max_size=12,
    ),
    st.integers(min_value=20, max_value=400),
)
def test_property_numbers_split_only_when_wider_than_the_line(parts: list[str], width: int) -> None:
    text = "".join(parts)
    lines = break_lines(text, width, measure)
    assert "".join(lines) == text
    # every number (as a whole digit run in the text) that fits a line together with the
    # punctuation glued to it (a closing mark after it, an opening one before it) is on one
    # line; a final comma or full stop may hang past the edge instead of cutting the number
    glued = {g for _, g in groups(text)}

    def fits(g: str) -> bool:
        core = g[:-1] if len(g) > 1 and g[-1] in HANGING else g
        return measure(core) <= width

    for number in NUMBERS:
        if number in parts and any(number in g and fits(g) for g in glued):
            start = 0
            while (k := text.find(number, start)) >= 0:
                start = k + 1
                before, after = text[k - 1 : k], text[k + len(number) : k + len(number) + 1]
                if before.isalnum() and before.isascii() or after.isalnum() and after.isascii():
                    continue  # glued to another number: a longer word
                assert any(number in ln for ln in lines), (number, width, lines)
