"""What a personal number is: the digits the privacy mask reads, the kinds it recognises
(resident IDs, mobiles, bank cards), what it leaves alone (dates, landlines) and how a number
is masked. ``masking`` reads texts into number chains with these (see its docstring).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from board_app.i18n import N_, _

MASK = "*"
MIN_DOUBTFUL_DIGITS = 12  # a leftover chain this long is masked although no pattern fits


class SensitiveKind(str, enum.Enum):
    """Kind of a personal number found in text."""

    ID_CARD = "id_card"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"
    DOUBTFUL = "doubtful"

    @property
    def label(self) -> str:
        """Translated label."""
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    SensitiveKind.ID_CARD: N_("Resident ID number"),
    SensitiveKind.MOBILE: N_("Mobile phone number"),
    SensitiveKind.BANK_CARD: N_("Bank card number"),
    SensitiveKind.DOUBTFUL: N_("Long number"),
}


@dataclass(frozen=True)
class SensitiveMatch:
    """A personal number in a text: ``text[start:end]`` and its masked form."""

    kind: SensitiveKind
    start: int
    end: int
    text: str
    masked: str
    allowed: bool = False


# Characters that may stand between the digit groups of one number.
_SEPARATORS = (
    " \t\r\n\u000b\u000c\u0085\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064"
    "\u3000\ufeff\u00ad"  # spaces, zero-width and direction marks, soft hyphen
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"  # marks
    r".\-/_+()\[\]"
    "\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d"  # hyphens and dashes, minus, full-width hyphen
    "\u30fc\uff70\u02d7\u2053"  # long-vowel marks typed as dashes
    "\u00b7\u30fb\uff65\u2027\u2219\u22c5\uff0e\u3002\uff0f\uff3f\uff0b"  # dots, slashes
    "\uff08\uff09\u3010\u3011\uff3b\uff3d"  # full-width brackets
)
_SEP = f"[{_SEPARATORS}]"
#: Where the Basic Multilingual Plane has digits that are no decimal digits (², ₃, ①, ⓪, ❶, the
#: Ethiopic digits …): scanning these ranges instead of the whole plane saves a command's start
#: ~30 ms. tests/test_masking.py checks they cover every such character this Python knows.
NON_DECIMAL_DIGIT_RANGES: tuple[tuple[int, int], ...] = (
    (0x00B2, 0x00B3),
    (0x00B9, 0x00B9),
    (0x1369, 0x1371),
    (0x19DA, 0x19DA),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247C),
    (0x2488, 0x2490),
    (0x24EA, 0x24EA),
    (0x24F5, 0x24FD),
    (0x24FF, 0x24FF),
    (0x2776, 0x277E),
    (0x2780, 0x2788),
    (0x278A, 0x2792),
)
# Chinese numerals written digit by digit (一三八…, 壹叁捌…) count as digits too.
_CHINESE_DIGITS = {
    **{ch: str(n) for n, ch in enumerate("〇一二三四五六七八九")},
    **{ch: str(n) for n, ch in enumerate("零壹贰叁肆伍陆柒捌玖")},
    "两": "2",
    "幺": "1",
    "\u25cb": "0",
    "\u25ef": "0",  # ○ ◯ typed for 〇
    # digits that are no decimal digits: superscripts, subscripts, circled ① ⓪ ❶ …
    **{
        chr(c): str(unicodedata.digit(chr(c)))
        for first, last in NON_DECIMAL_DIGIT_RANGES
        for c in range(first, last + 1)
        if not chr(c).isdecimal() and unicodedata.digit(chr(c), None) is not None
    },
}
_DIGIT = "[\\d*\uff0a" + "".join(_CHINESE_DIGITS) + "]"
_CHAIN = re.compile(rf"{_DIGIT}+(?:{_SEP}{{1,8}}{_DIGIT}+)*")
_X = "Xx\uff38\uff58"
_DOTS = ".\uff0e"
_MOBILE = re.compile(r"^(?:0086|86)?1[3-9]\d{9}$")


def _digit_value(ch: str) -> str:
    """'0'-'9' for any decimal digit, '*' for a masked one."""
    if ch in "*\uff0a":
        return "*"
    if ch in _CHINESE_DIGITS:
        return _CHINESE_DIGITS[ch]
    return str(unicodedata.decimal(ch))


@dataclass
class _Group:
    start: int
    end: int
    digits: str  # ASCII digits and '*'; a final 'X' for an ID's check character


@dataclass
class _Hit:
    kind: SensitiveKind
    first: int  # index of the first group
    last: int  # index after the last group
    keep_first: int
    keep_last: int


def _fits(pattern: re.Pattern[str], digits: str) -> bool:
    """Whether ``digits`` match ``pattern``, a masked digit ('*') standing for any digit."""
    return bool(pattern.match(digits.replace("*", "0")))


def _visible_masked(digits: str, keep_first: int, keep_last: int) -> bool:
    """Whether a digit this kind would show is already masked (then it is not this kind)."""
    tail = keep_last + (1 if digits.endswith("X") else 0)
    shown = digits[:keep_first] + (digits[len(digits) - tail :] if tail else "")
    return "*" in shown


def _plausible_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _date_at(digits: str, year_len: int) -> bool:
    """Whether digits form YYYYMMDD (year_len 4, 1900-2099) or YYMMDD (year_len 2)."""
    if "*" in digits:
        return set(digits) == {"*"}  # wholly masked by an earlier pass, as IDs are
    year = int(digits[:year_len]) + (1900 if year_len == 2 else 0)
    if year_len == 4 and not 1900 <= year <= 2099:
        return False
    return _plausible_date(year, int(digits[year_len : year_len + 2]), int(digits[-2:]))


def _classify(digits: str, sizes: list[int]) -> tuple[SensitiveKind, int, int] | None:
    """Kind and digits kept (first, last) of a slice of whole groups, or None."""
    for kind in _kinds(digits, sizes):
        if not _visible_masked(digits, kind[1], kind[2]):
            return kind
    return None


def _kinds(digits: str, sizes: list[int]) -> Iterator[tuple[SensitiveKind, int, int]]:
    """Every kind the slice could be, most specific first."""
    n = len(digits)
    area_ok = digits[:1] != "0"
    if digits.endswith("X"):
        if n == 18 and area_ok:
            yield SensitiveKind.ID_CARD, 6, 3
        return
    if _fits(_MOBILE, digits):
        yield SensitiveKind.MOBILE, n - 11 + 3, 4
    if n == 18 and area_ok and _date_at(digits[6:14], 4):
        yield SensitiveKind.ID_CARD, 6, 4
    if n == 15 and area_ok and _date_at(digits[6:12], 2):
        yield SensitiveKind.ID_CARD, 6, 3
    if 16 <= n <= 19 and _card_grouping(sizes):
        yield SensitiveKind.BANK_CARD, 0, 4


def _card_grouping(sizes: list[int]) -> bool:
    """Bank cards are written whole or in groups of 4 or 6 (the last group may be shorter)."""
    if len(sizes) == 1:
        return True
    head = sizes[:-1]
    return any(all(s == g for s in head) and 1 <= sizes[-1] <= g for g in (4, 6))


def _is_date_run(groups: list[_Group], seps: list[str]) -> bool:
    """Dates and date ranges: 20260912-20261012, 2026.9.12, 2026-09-12—2026-10-12."""
    i = 0
    while i < len(groups):
        g = groups[i].digits
        if len(g) == 8 and _date_at(g, 4):
            i += 1
            continue
        if i + 2 < len(groups) and len(g) == 4 and "*" not in g:
            month, day = groups[i + 1].digits, groups[i + 2].digits
            if (
                len(month) <= 2
                and len(day) <= 2
                and "*" not in month + day
                and seps[i] == seps[i + 1]
                and 1900 <= int(g) <= 2099
                and _plausible_date(int(g), int(month), int(day))
            ):
                i += 3
                continue
        return False
    return True


def _is_landline(groups: list[_Group], seps: list[str]) -> bool:
    """Area code apart, local number of 7-8 digits (maybe split), an extension of 1-4."""
    sizes = [len(g.digits) for g in groups]
    if len(groups) < 2 or not groups[0].digits.startswith("0") or sizes[0] not in (3, 4):
        return False
    if groups[0].digits.startswith("00"):
        return False  # an international prefix
    rest = sizes[1:]
    for local in ([7], [8], [3, 4], [4, 4], [4, 3]):
        k = len(local)
        if rest[:k] == local and (len(rest) == k or (len(rest) == k + 1 and rest[k] <= 4)):
            return True
    return False


def _mask_span(text: str, groups: list[_Group], keep_first: int, keep_last: int) -> str:
    """Text of the groups (separators included) with the middle digits masked."""
    start, end = groups[0].start, groups[-1].end
    span = text[start:end]
    positions = [
        i for i, ch in enumerate(span) if ch in "*\uff0a" or ch.isdecimal() or ch in _CHINESE_DIGITS
    ]
    hide = set(positions[keep_first : len(positions) - keep_last])
    return "".join(MASK if i in hide else ch for i, ch in enumerate(span))


def normalise_number(text: str) -> str:
    """Digits (and a final X, upper-cased) of a number, ignoring separators."""
    out = []
    for ch in text:
        if ch in _CHINESE_DIGITS:
            out.append(_CHINESE_DIGITS[ch])
        elif ch.isdecimal():
            out.append(str(unicodedata.decimal(ch)))
        elif ch in _X:
            out.append("X")
    return "".join(out)


def _mobile_core(digits: str) -> str:
    """A mobile number without a 86/0086 prefix."""
    return digits[-11:] if _MOBILE.match(digits) else digits


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _strong_kind(digits: str, groups: list[str]) -> tuple[int, int] | None:
    """Digits kept (first, last) when ``digits`` as a whole are an ID, mobile or card
    (a card: Luhn-valid or a UnionPay 62…, and not a list of round amounts such as
    1200、1500、3000、4500)."""
    if "*" in digits:
        return None
    n = len(digits)
    if digits.endswith("X"):
        return (6, 3) if n == 18 and digits[0] != "0" else None
    if _MOBILE.match(digits):
        return n - 11 + 3, 4
    if n == 18 and digits[0] != "0" and _date_at(digits[6:14], 4):
        return 6, 4
    if n == 15 and digits[0] != "0" and _date_at(digits[6:12], 2):
        return 6, 3
    card_like = _luhn(digits) or digits.startswith("62")  # 62: China UnionPay
    if 16 <= n <= 19 and card_like and not all(g.endswith("0") for g in groups):
        return 0, 4
    return None
