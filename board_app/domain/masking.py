"""Privacy masks for printed posters; the stored text is never changed.

What is masked (each digit replaced by ``*``, so length and every non-digit are kept):

* Resident ID numbers, 18 characters: 17 digits then a digit or X/x (checksum not checked).
  First 6 and last 4 kept: ``110105********0021``. An 18-digit run counts as an ID only when
  characters 7-14 form a plausible birth date (YYYYMMDD, year 1900-2099); otherwise it is a
  bank card. Also written grouped 6-8-4 (``110105 19491231 0021``), date required.
* Old 15-digit IDs: only when characters 7-12 form a date (YYMMDD); first 6 and last 3 kept.
* Mainland mobiles ``1[3-9]`` + 9 digits: first 3 and last 4 kept. Also grouped 3-4-4 with
  spaces or hyphens, and with a ``86`` / ``+86`` / ``0086`` prefix (kept).
* Bank cards: 16-19 digits, contiguous or grouped in 4s by spaces or hyphens (a last group of
  1-3 digits allowed): last 4 digits kept.

Boundaries: a number is masked only when it is a whole digit run (IDs and mobiles may touch
letters, e.g. ``手机13812345678``). Grouped forms must stand alone: no digit right before or
after a separator at either end. Bank cards must not touch Latin letters either, so codes
such as ``PZ2026091200000001`` (voucher numbers) stay. A ``*`` counts as a digit for the
boundaries, so masking is idempotent. Digits after or before a decimal point (``1234.50``)
are amounts. Not masked: amounts, dates (``20260912``), landlines (``0531-12345678``),
short voucher numbers, 12-14 or 20+ digit runs.

Numbers meant to be public (an office phone, a credit code) go on an allow-list; they are
compared by digits only (plus a final X), ignoring separators and the 86 prefix.

Full-width digits (``１３８１２３４５６７８``), X, hyphens and spaces are read like ASCII ones.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from board_app.i18n import N_, _

MASK = "*"


class SensitiveKind(str, enum.Enum):
    """Kind of a personal number found in text."""

    ID_CARD = "id_card"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"

    @property
    def label(self) -> str:
        """Translated label."""
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    SensitiveKind.ID_CARD: N_("Resident ID number"),
    SensitiveKind.MOBILE: N_("Mobile phone number"),
    SensitiveKind.BANK_CARD: N_("Bank card number"),
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


_D = r"[0-9*]"  # a masked digit still counts as a digit for the boundaries
_SEP = r"[ \-]"
_START = rf"(?<!{_D})(?<!{_D}\.)"  # digits after a decimal point belong to an amount
_GROUP_START = rf"{_START}(?<!{_D}{_SEP})"
_END = rf"(?!{_D})(?!\.{_D})"
_GROUP_END = rf"{_END}(?!{_SEP}{_D})"
_LETTER_START = r"(?<![A-Za-z])(?<![A-Za-z][ \-])"
_LETTER_END = r"(?![A-Za-z])(?![ \-][A-Za-z])"

_PATTERN = re.compile(
    # Grouped forms first: at a given position they are longer than a bare digit run.
    rf"{_GROUP_START}(?P<gid>\d{{6}}{_SEP}\d{{8}}{_SEP}\d{{3}}[\dXx]){_GROUP_END}(?![A-Za-z])"
    rf"|{_GROUP_START}(?P<gmobile>(?:(?:\+|00)?86{_SEP}?)?"
    rf"1[3-9]\d(?:{_SEP}\d{{4}}{_SEP}?\d{{4}}|\d{{4}}{_SEP}\d{{4}})){_GROUP_END}"
    rf"|{_GROUP_START}{_LETTER_START}(?P<gbank>\d{{4}}(?:{_SEP}\d{{4}}){{3}}(?:{_SEP}\d{{1,3}})?)"
    rf"{_GROUP_END}{_LETTER_END}"
    # A whole contiguous digit run, optionally ending in X; classified in code.
    rf"|{_START}(?P<run>\d+(?:[Xx](?![0-9A-Za-z*]))?){_END}",
    re.ASCII,
)
_MOBILE = re.compile(r"^(?:0086|86)?1[3-9]\d{9}$", re.ASCII)

# Full-width digits, X, hyphen, space and asterisk are read as their ASCII forms. The text is
# matched through this one-to-one translation, so positions stay the same.
_FULL_WIDTH_DIGITS = "０１２３４５６７８９"
_SHADOW = str.maketrans(_FULL_WIDTH_DIGITS + "Ｘｘ－\u3000＊", "0123456789Xx- *")
_ALL_DIGITS = frozenset("0123456789" + _FULL_WIDTH_DIGITS)


def _plausible_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _id18_date(digits: str) -> bool:
    year = int(digits[6:10])
    return 1900 <= year <= 2099 and _plausible_date(year, int(digits[10:12]), int(digits[12:14]))


def _id_area(digits: str) -> bool:
    """Administrative area codes of IDs start with 1-9, never 0."""
    return digits[:1] != "0"


def _id15_date(digits: str) -> bool:
    return _plausible_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))


def _mask_digits(text: str, keep_first: int, keep_last: int) -> str:
    """Replace digits with MASK except the first and last ones kept (others unchanged)."""
    positions = [i for i, ch in enumerate(text) if ch in _ALL_DIGITS]
    hide = set(positions[keep_first : len(positions) - keep_last])
    return "".join(MASK if i in hide else ch for i, ch in enumerate(text))


def normalise_number(text: str) -> str:
    """Digits (and a final X, upper-cased) of a number, ignoring separators."""
    return "".join(ch for ch in text.translate(_SHADOW).upper() if ch in "0123456789X")


def _mobile_core(digits: str) -> str:
    """A mobile number without a 86/0086 prefix."""
    return digits[-11:] if _MOBILE.match(digits) else digits


def _letter_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalpha()


_Hit = tuple[SensitiveKind, int, int]  # kind, digits kept at the start, digits kept at the end


def _classify_run(shadow: str, m: re.Match[str]) -> _Hit | None:
    """Kind and digits kept of a contiguous run, or None if it is not sensitive."""
    start, end = m.span("run")
    run = m.group("run")
    digits = run.rstrip("Xx")
    n = len(digits)
    if run != digits:  # ends with X: only an 18-character ID
        return (SensitiveKind.ID_CARD, 6, 3) if n == 17 and _id_area(digits) else None
    if _MOBILE.match(digits):
        return SensitiveKind.MOBILE, n - 11 + 3, 4
    if n == 18 and _id_area(digits) and _id18_date(digits):
        return SensitiveKind.ID_CARD, 6, 4
    if n == 15 and _id_area(digits) and _id15_date(digits):
        return SensitiveKind.ID_CARD, 6, 3
    glued_to_letters = _letter_at(shadow, start - 1) or _letter_at(shadow, end)
    if 16 <= n <= 19 and not glued_to_letters:
        return SensitiveKind.BANK_CARD, 0, 4
    return None


def _classify(shadow: str, m: re.Match[str]) -> _Hit | None:
    if m.group("gid"):
        digits = normalise_number(m.group("gid"))
        if not (_id_area(digits) and _id18_date(digits)):
            return None
        return SensitiveKind.ID_CARD, 6, 3 if digits.endswith("X") else 4
    if m.group("gmobile"):
        return SensitiveKind.MOBILE, len(normalise_number(m.group("gmobile"))) - 11 + 3, 4
    if m.group("gbank"):
        return SensitiveKind.BANK_CARD, 0, 4
    return _classify_run(shadow, m)


def find_sensitive(text: str, allowed: Iterable[str] = ()) -> list[SensitiveMatch]:
    """Every personal number in ``text``, in order; ``allowed`` ones are flagged, not masked."""
    allow = {normalise_number(a) for a in allowed}
    allow |= {_mobile_core(a) for a in allow}
    shadow = text.translate(_SHADOW)
    found: list[SensitiveMatch] = []
    for m in _PATTERN.finditer(shadow):
        hit = _classify(shadow, m)
        if hit is None:
            continue
        kind, keep_first, keep_last = hit
        start, end = m.span("run") if m.group("run") else m.span()
        original = text[start:end]
        digits = normalise_number(original)
        is_allowed = digits in allow or (
            kind is SensitiveKind.MOBILE and _mobile_core(digits) in allow
        )
        masked = _mask_digits(original, keep_first, keep_last)
        found.append(SensitiveMatch(kind, start, end, original, masked, is_allowed))
    return found


def mask_text(text: str, allowed: Iterable[str] = ()) -> str:
    """``text`` with personal numbers masked, except those in ``allowed``."""
    out: list[str] = []
    pos = 0
    for match in find_sensitive(text, allowed):
        if match.allowed:
            continue
        out.append(text[pos : match.start])
        out.append(match.masked)
        pos = match.end
    out.append(text[pos:])
    return "".join(out)
