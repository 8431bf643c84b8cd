"""Privacy masks: IDs, mobiles, bank cards; allow-list; what is left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from board_app import i18n
from board_app.domain.masking import (
    SensitiveKind,
    find_sensitive,
    mask_text,
    normalise_number,
)

MASKED = [
    # ID numbers, 18 characters
    ("110105194912310021", "110105********0021"),
    ("11010519491231002X", "110105********002X"),
    ("11010519491231002x", "110105********002x"),
    ("身份证号：110105194912310021。", "身份证号：110105********0021。"),
    ("ID110105194912310021", "ID110105********0021"),
    ("110105 19491231 0021", "110105 ******** 0021"),
    ("110105-19491231-002X", "110105-********-002X"),
    ("110105200002290021", "110105********0021"),  # 2000-02-29 is a date
    ("１１０１０５１９４９１２３１００２Ｘ", "１１０１０５********００２Ｘ"),
    # old 15-digit IDs (YYMMDD at 7-12)
    ("110105491231002", "110105******002"),
    # mobiles
    ("13812345678", "138****5678"),
    ("手机13812345678", "手机138****5678"),
    ("联系人：张三 19987654321", "联系人：张三 199****4321"),
    ("138-1234-5678", "138-****-5678"),
    ("138 1234 5678", "138 **** 5678"),
    ("1381234-5678", "138****-5678"),
    ("138-12345678", "138-****5678"),
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("+86-13812345678", "+86-138****5678"),
    ("+8613812345678", "+86138****5678"),
    ("8613812345678", "86138****5678"),
    ("008613812345678", "0086138****5678"),
    ("13812345678,13912345678", "138****5678,139****5678"),
    ("12 13812345678", "12 138****5678"),
    ("电话：１３８１２３４５６７８", "电话：１３８****５６７８"),
    ("１３８－１２３４－５６７８", "１３８－****－５６７８"),
    # bank cards
    ("6222021234567890", "************7890"),
    ("6222021234567890123", "***************0123"),
    ("6222 0212 3456 7890", "**** **** **** 7890"),
    ("6222-0212-3456-7890", "****-****-****-7890"),
    ("6222 0212 3456 7890 123", "**** **** **** ***0 123"),
    ("卡号6222021234567890123，户名张三", "卡号***************0123，户名张三"),
    # 18 digits without a plausible birth date: a bank card
    ("622202123456789012", "**************9012"),
    ("110105194913310021", "**************0021"),  # month 13
    ("010105194912310021", "**************0021"),  # area code cannot start with 0
    ("110105180012310021", "**************0021"),  # year 1800
]


@pytest.mark.parametrize("text, expected", MASKED)
def test_masked(text: str, expected: str) -> None:
    assert mask_text(text) == expected


UNCHANGED = [
    "1,234.50",
    "合计 1234567.89 元",
    "20260912",
    "2026-09-12",
    "20260912-20261012",
    "0531-12345678",
    "(0531) 8888 1234",
    "010-88881234-135",
    "记字第012号",
    "凭证号 2026-09-015",
    "PZ2026091200000001",  # voucher code glued to letters: not a bank card
    "NO 6222 0212 3456 7890 abc",  # grouped digits glued to a code
    "12345678901",  # 11 digits but not a mobile prefix
    "10012345678",
    "138123456789",  # 12 digits: longer run
    "913812345678",
    "1381234567",  # 10 digits
    "123456789012345678901",  # 21 digits
    "12345678901234567890",  # 20 digits
    "1234 5678 9012 3456 7890",  # 20 digits grouped
    "12 6222 0212 3456 7890",  # grouping does not stand alone
    "138 1234 5678 9",
    "110105 19491331 0021",  # grouped ID needs a date
    "123456789012345",  # 15 digits, no date
    "13812345678.50",  # an amount
    "0.13812345678",
    "GB/T 9704-2012",
    "138****5678",
    "110105********0021",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_unchanged(text: str) -> None:
    assert mask_text(text) == text


def test_allow_list_compares_digits_only() -> None:
    text = "办公电话 138-1234-5678，书记 13912345678"
    assert mask_text(text, allowed=["13812345678"]) == "办公电话 138-1234-5678，书记 139****5678"
    assert mask_text(text, allowed=["138 1234 5678", "139-1234-5678"]) == text
    assert mask_text("+86 138 1234 5678", allowed=["13812345678"]) == "+86 138 1234 5678"
    assert mask_text("13812345678", allowed=["+86 138 1234 5678"]) == "13812345678"
    assert mask_text("11010519491231002x", allowed=["11010519491231002X"]) == "11010519491231002x"
    assert mask_text("13812345678", allowed=["1381234567"]) == "138****5678"


def test_find_sensitive_reports_kinds_and_spans() -> None:
    text = "张三 110105194912310021 13812345678 6222021234567890"
    found = find_sensitive(text, allowed=["6222021234567890"])
    assert [m.kind for m in found] == [
        SensitiveKind.ID_CARD,
        SensitiveKind.MOBILE,
        SensitiveKind.BANK_CARD,
    ]
    assert [text[m.start : m.end] for m in found] == [m.text for m in found]
    assert [m.allowed for m in found] == [False, False, True]
    assert found[1].masked == "138****5678"


def test_kind_labels_translated() -> None:
    previous = i18n.get_language()
    try:
        i18n.set_language("en")
        english = [kind.label for kind in SensitiveKind]
        i18n.set_language("zh_CN")
        chinese = [kind.label for kind in SensitiveKind]
    finally:
        i18n.set_language(previous)
    assert english == ["Resident ID number", "Mobile phone number", "Bank card number"]
    assert chinese == ["身份证号", "手机号码", "银行卡号"]


def test_normalise_number() -> None:
    assert normalise_number("138-1234 5678") == "13812345678"
    assert normalise_number("11010519491231002x") == "11010519491231002X"


# Hypothesis: text mixing digits, separators, letters, CJK and generated sensitive numbers.
_digits = st.text(alphabet="0123456789", min_size=1, max_size=22)
_mobile = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
_mobile_grouped = st.from_regex(r"\A(\+86 )?1[3-9][0-9][ -][0-9]{4}[ -][0-9]{4}\Z")
_id = st.from_regex(
    r"\A[1-6][0-9]{5}(19|20)[0-2][0-9](0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}[0-9Xx]\Z"
)
_card = st.from_regex(r"\A62[0-9]{14,17}\Z")
_card_grouped = st.from_regex(r"\A62[0-9]{2}([ -][0-9]{4}){3}([ -][0-9]{1,3})?\Z")
_noise = st.text(alphabet=" -.,:+*xXabAB电话号元。，0123456789１３８－\u3000Ｘ٠", max_size=6)
_token = st.one_of(_digits, _mobile, _mobile_grouped, _id, _card, _card_grouped, _noise)
_texts = st.lists(_token, max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_mask_is_idempotent_and_keeps_shape(text: str) -> None:
    masked = mask_text(text)
    assert mask_text(masked) == masked
    assert len(masked) == len(text)
    for before, after in zip(text, masked):
        assert after == before or (before.isdigit() and after == "*")


@settings(max_examples=200, deadline=None)
@given(_texts, st.lists(_digits, max_size=3))
def test_allow_list_only_unmasks(text: str, allowed: list[str]) -> None:
    with_allow = mask_text(text, allowed)
    without = mask_text(text)
    assert mask_text(with_allow, allowed) == with_allow
    for original, a, b in zip(text, with_allow, without):
        assert a in (original, b)


@given(st.one_of(_mobile, _id, _card), st.sampled_from(["", "电话", "：", " ", "，"]))
def test_generated_numbers_are_masked(number: str, before: str) -> None:
    masked = mask_text(before + number + "。")
    assert "*" in masked
    assert masked[len(before) : len(before) + len(number)][-4:] == number[-4:]
