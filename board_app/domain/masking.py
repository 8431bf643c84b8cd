"""Privacy masks for public boards; the stored text is never changed.

A text is read as *number chains*: runs of digits (any script's decimal digits, ASCII and
full-width alike, Chinese numerals written digit by digit, and ``*`` for an already masked
digit, also superscript/circled digits and ○ for 〇) joined by at most eight separator
characters — spaces of every width, no-break and zero-width characters, combining marks,
line breaks, dots, hyphens and dashes of every kind (and ー), slashes, underscores, brackets
and ``+`` (so
``(138)1234-5678``, ``+86 138 1234 5678``, ``138.1234.5678`` and ``138\u200b1234\u200b5678`` are one
chain). Within a chain, slices of whole digit groups are classified:

* Resident ID numbers: 18 characters (17 digits and a digit or X), first 6 and last 4 kept
  (last 3 before an X); an 18-digit number without a plausible birth date is masked as a bank
  card. Old 15-digit IDs (YYMMDD at 7-12): first 6 and last 3 kept.
* Mainland mobiles ``1[3-9]`` + 9 digits, with or without ``86``/``0086``: prefix and first 3
  kept, last 4 kept.
* Bank cards: 16-19 digits written contiguously or in groups of 4 or 6: last 4 kept.
* Chinese numerals written digit by digit (``一三八一二三四五六七八``, ``壹叁捌…``) are digits,
  also mixed with others (``1三812345678``); at a chain's ends they may belong to a name
  beside the number instead (``张三13812345678``: see masking_names).
* When in doubt, mask: what is left of a chain with 12 or more digits that is none of these
  (e.g. ``138123456789``, a 20-digit run, an ID with a typo) keeps only its last 4 digits.

A second pass reads digits joined by any other punctuation (、，：；|~ …) and masks them when
the digits as a whole are an ID, a mobile or a bank card (Luhn-valid or UnionPay 62…).

Left alone: amounts (a chain ends after a decimal part ``1234.50``), dates and date ranges
(``2026-09-12``, ``20260912-20261012``), landlines written with their area code apart
(``0531-12345678``, ``(0531) 8888 1234``, ``010-88881234-135``), and chains under 12 digits
that are no mobile (``12345678901``, ``记字第012号``).

Numbers meant to be public (an office phone, a credit code) go on an allow-list; they are
compared by digits only (plus a final X), ignoring separators and the 86 prefix. Every masked
character is a digit replaced by ``*``: the length and every non-digit of the text are kept.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar, cast

from board_app.domain.masking_kinds import (
    _CHAIN,
    _DIGIT,
    _DOTS,
    _SEP,
    _X,
    MASK,
    MIN_DOUBTFUL_DIGITS,
    NON_DECIMAL_DIGIT_RANGES,
    SensitiveKind,
    SensitiveMatch,
    _classify,
    _digit_value,
    _Group,
    _Hit,
    _is_date_run,
    _is_landline,
    _mask_span,
    _mobile_core,
    _strong_kind,
    normalise_number,
)
from board_app.domain.masking_names import MAX_CUT, NAME_NUMERALS, choose_trim, edge

__all__ = [
    "MASK",
    "MIN_DOUBTFUL_DIGITS",
    "NON_DECIMAL_DIGIT_RANGES",
    "SensitiveKind",
    "SensitiveMatch",
    "find_sensitive",
    "map_texts",
    "mask_fields",
    "mask_text",
    "normalise_number",
]

_Chain = tuple[list[_Group], list[str]]


def _chains(text: str) -> list[_Chain]:
    """Number chains of ``text``: groups and the separators between them; amounts cut off;
    Chinese numerals at the ends that belong to a name beside the number left out."""
    out: list[_Chain] = []
    for m in _CHAIN.finditer(text):
        groups: list[_Group] = []
        seps: list[str] = []
        pos = m.start()
        for g in re.finditer(rf"{_DIGIT}+", m.group()):
            start, end = m.start() + g.start(), m.start() + g.end()
            if groups:
                seps.append(text[pos:start])
            groups.append(_Group(start, end, "".join(_digit_value(c) for c in g.group())))
            pos = end
        # Cut after a decimal part: "1200.00/1500.00" is two amounts.
        parts: list[_Chain] = []
        i = 1
        begin = 0
        while i < len(groups):
            sep = seps[i - 1]
            after = groups[i]
            next_sep = seps[i] if i < len(seps) else ""
            if (
                sep in _DOTS
                and len(after.digits) <= 2
                and not (next_sep in _DOTS and next_sep)
                and i - begin >= 1
            ):
                parts.append((groups[begin : i + 1], seps[begin:i]))
                begin = i + 1
                i += 2
                continue
            i += 1
        if begin < len(groups):
            parts.append((groups[begin:], seps[begin:]))
        out.extend(_cut_name_numerals(text, parts))
    for groups, _seps in out:
        _attach_check_x(text, groups)
    return out


def _attach_check_x(text: str, groups: list[_Group]) -> None:
    """An ID's check character X right after the last group joins it (when the chain, or
    its last groups, hold the 17 digits before it: 张一 110105 19491231 002X)."""
    last = groups[-1]
    if last.end < len(text) and text[last.end] in _X and not last.digits.endswith("X"):
        digits = "".join(g.digits for g in groups)
        next_char = text[last.end + 1 : last.end + 2]
        tails = itertools.accumulate(len(g.digits) for g in reversed(groups))
        id_length = len(digits) % 18 == 17 or 17 in tails
        if id_length and not (next_char.isascii() and next_char.isalnum()):
            last.end += 1
            last.digits += "X"


_RANKS = {SensitiveKind.ID_CARD: 2, SensitiveKind.MOBILE: 2, SensitiveKind.BANK_CARD: 1}


def _cut(groups: list[_Group], k: int, m: int) -> list[_Group] | None:
    """Copies of ``groups`` with ``k`` digits cut from the first and ``m`` from the last."""
    out = [dataclasses.replace(g) for g in groups]
    out[0] = _Group(out[0].start + k, out[0].end, out[0].digits[k:])
    last = out[-1]
    if m:
        out[-1] = _Group(last.start, last.end - m, last.digits[:-m])
    return out if all(g.digits for g in out) else None


def _cut_name_numerals(text: str, parts: list[_Chain]) -> list[_Chain]:
    """The chain's parts with the Chinese numerals at its two ends that belong to a name or
    word beside it (张三13812345678, 13812345678三楼) left out: see masking_names."""
    first, last = parts[0][0][0], parts[-1][0][-1]
    if text[first.start] not in NAME_NUMERALS and text[last.end - 1] not in NAME_NUMERALS:
        return parts  # no Chinese numeral at either end (the commonest case)
    if sum(len(g.digits) for groups, _seps in parts for g in groups) <= _SHORTEST:
        return parts  # cut, it would be too short for any number (二〇二六, 三户)
    lead = edge(text[first.start : first.end], text[first.start - 1 : first.start])
    trail = edge(text[last.start : last.end][::-1], text[last.end : last.end + 1])
    if len(lead.cuts()) == 1 and len(trail.cuts()) == 1:
        return parts  # the numerals fill their group: nothing to cut

    def cut_parts(k: int, m: int) -> list[_Chain] | None:
        if len(parts) == 1:
            groups = _cut(parts[0][0], k, m)
            return None if groups is None else [(groups, parts[0][1])]
        head, tail = _cut(parts[0][0], k, 0), _cut(parts[-1][0], 0, m)
        if head is None or tail is None:
            return None
        return [(head, parts[0][1]), *parts[1:-1], (tail, parts[-1][1])]

    def reading(k: int, m: int) -> tuple[list[SensitiveKind], set[tuple[int, int]]] | None:
        """Kinds found at the two ends, and the (part, group) places inside any hit."""
        cut = cut_parts(k, m)
        if cut is None:
            return None
        _attach_check_x(text, cut[-1][0])
        hits = [_hits(groups, seps) for groups, seps in cut]
        covered = {
            (p, g) for p, found in enumerate(hits) for h in found for g in range(h.first, h.last)
        }
        kinds = []
        for p, at in ((0, 0), (len(cut) - 1, len(cut[-1][0]) - 1)):
            hit = next((h for h in hits[p] if h.first <= at < h.last), None)
            kinds.append(hit.kind if hit else SensitiveKind.DOUBTFUL)
        return kinds, covered

    uncut = reading(0, 0)
    assert uncut is not None  # nothing cut: every group is there

    def score(k: int, m: int) -> tuple[int, bool]:
        found = reading(k, m)
        # A cut that leaves a group of the uncut chain's numbers outside every number is no
        # reading of a name beside one number (a mobile inside a card): not taken.
        if found is None or not uncut[1] <= found[1]:
            return 0, False
        kinds = found[0]
        points = sum(_RANKS.get(kind, 0) for kind in kinds)
        return points, all(kind == SensitiveKind.BANK_CARD for kind in kinds if kind in _RANKS)

    k, m = choose_trim(lead, trail, score)
    return cut_parts(k, m) or parts if (k or m) else parts


def _decimal_tail(groups: list[_Group], seps: list[str]) -> bool:
    return len(groups) >= 2 and seps[-1] in _DOTS and len(groups[-1].digits) <= 2


def _landline_at(groups: list[_Group], seps: list[str], i: int, body: int) -> int | None:
    """End of a landline starting at group ``i`` of a longer chain (``0531-88881234
    13812345678``: the office phone is no part of a long doubtful number), or None."""
    for k in (4, 3, 2):
        inner = seps[i : i + k - 1]
        if i + k > body or not _is_landline(groups[i : i + k], inner):
            continue
        outer = [seps[i - 1]] if i > 0 else []
        outer += [seps[i + k - 1]] if i + k - 1 < len(seps) else []
        # set apart: a gap unlike the landline's own separators (not "100 010 1900 0101")
        if all(o not in inner and (len(o) >= 2 or "/" in o) for o in outer):
            return i + k
    return None


def _set_apart(landline: _Hit, hits: list[_Hit], landlines: list[_Hit], body: int) -> bool:
    """True when the groups right before and after ``landline`` belong to other numbers (or
    the chain ends there): no leftover digits touch it."""
    others = [h for h in [*hits, *landlines] if h is not landline]
    before_ok = landline.first == 0 or any(h.last == landline.first for h in others)
    after_ok = landline.last >= body or any(h.first == landline.last for h in others)
    return before_ok and after_ok


def _longest_hit(groups: list[_Group], i: int, body: int) -> _Hit | None:
    """The longest slice of whole groups from group ``i`` that is a personal number."""
    total = 0
    j = i
    while j < body and total + len(groups[j].digits) <= 22:
        total += len(groups[j].digits)
        j += 1
    for end in range(j, i, -1):
        part = groups[i:end]
        kind = _classify("".join(g.digits for g in part), [len(g.digits) for g in part])
        if kind:
            return _Hit(kind[0], i, end, kind[1], kind[2])
    return None


def _best_reading(groups: list[_Group], seps: list[str], body: int) -> tuple[list[_Hit], ...]:
    """Personal numbers and set-apart landlines of a chain's first ``body`` groups, read so
    that the numbers cover the most digits: a short group before a number is left out when
    the number then reads whole (``1 370685 1949 1231 0021``, a row number before an ID, is
    no mobile 1 370685 1949 with the birth date left over)."""
    covered = [0] * (body + 1)
    choice: list[tuple[str, _Hit | None, int]] = [("end", None, body)] * (body + 1)
    for i in range(body - 1, -1, -1):
        found = _longest_hit(groups, i, body)
        if found is not None:
            take = sum(len(g.digits) for g in groups[i : found.last]) + covered[found.last]
            if take >= covered[i + 1]:
                covered[i], choice[i] = take, ("hit", found, found.last)
            else:
                covered[i], choice[i] = covered[i + 1], ("skip", None, i + 1)
            continue
        landline_end = _landline_at(groups, seps, i, body)
        if landline_end is not None:
            landline = _Hit(SensitiveKind.DOUBTFUL, i, landline_end, 0, 0)
            covered[i], choice[i] = covered[landline_end], ("landline", landline, landline_end)
        else:
            covered[i], choice[i] = covered[i + 1], ("skip", None, i + 1)
    hits: list[_Hit] = []
    landlines: list[_Hit] = []
    i = 0
    while i < body:
        what, hit, i = choice[i]
        if hit is not None:
            (hits if what == "hit" else landlines).append(hit)
    return hits, landlines


_SHORTEST = min(11, MIN_DOUBTFUL_DIGITS)  # a mobile's 11 digits


def _hits(groups: list[_Group], seps: list[str]) -> list[_Hit]:
    """Sensitive slices of one chain."""
    if sum(len(g.digits) for g in groups) < _SHORTEST:
        return []  # too short for any number (the commonest case: 2026, 1,234.50, 第3号)
    if _is_date_run(groups, seps) or _is_landline(groups, seps):
        return []
    body = len(groups) - 1 if _decimal_tail(groups, seps) else len(groups)
    hits, landlines = _best_reading(groups, seps, body)
    # A landline inside a longer chain is set apart only between other numbers: beside a
    # leftover fragment ("6000  0100 0000 0000  00") it is a piece of a longer number.
    landlines = [h for h in landlines if _set_apart(h, hits, landlines, body)]
    # When in doubt, mask: long stretches between the hits (landlines are no stretch).
    doubtful: list[_Hit] = []
    start = 0
    bounds = sorted([*hits, *landlines], key=lambda h: h.first)
    for bound in [*bounds, _Hit(SensitiveKind.DOUBTFUL, body, body, 0, 0)]:
        stretch = groups[start : bound.first]
        if sum(len(g.digits) for g in stretch) >= MIN_DOUBTFUL_DIGITS:
            doubtful.append(_Hit(SensitiveKind.DOUBTFUL, start, bound.first, 0, 4))
        start = bound.last
    return sorted(hits + doubtful, key=lambda h: h.first)


@lru_cache(maxsize=64)
def _allow_set(allowed: tuple[str, ...]) -> frozenset[str]:
    """The allowed numbers as bare digits (and mobiles without 86): a board masks hundreds of
    texts against the same few published numbers."""
    allow = {normalise_number(a) for a in allowed} - {""}
    return frozenset(allow | {_mobile_core(a) for a in allow})


def find_sensitive(text: str, allowed: Iterable[str] = ()) -> list[SensitiveMatch]:
    """Every personal number in ``text``, in order; ``allowed`` ones are flagged, not masked."""
    allow = _allow_set(tuple(allowed))
    found: list[SensitiveMatch] = []
    for groups, seps in _chains(text):
        whole = "".join(g.digits for g in groups)
        chain_allowed = whole in allow or _mobile_core(whole) in allow
        for hit in _hits(groups, seps):
            part = groups[hit.first : hit.last]
            start, end = part[0].start, part[-1].end
            digits = "".join(g.digits for g in part)
            is_allowed = chain_allowed or digits in allow or _mobile_core(digits) in allow
            masked = _mask_span(text, part, hit.keep_first, hit.keep_last)
            found.append(SensitiveMatch(hit.kind, start, end, text[start:end], masked, is_allowed))
    return found


# Any other punctuation or symbol between digit groups (、 , ： ; | ~ # …): such chains are
# masked only when the digits as a whole are an ID, a mobile or a bank card (Luhn-valid or 62…),
# so that
# lists of amounts ("1200、1500、3000") stay readable.
_WEAK_SEP = "[^\\w\\s]|_"
_WEAK_CHAIN = re.compile(rf"{_DIGIT}+(?:(?:{_WEAK_SEP}|{_SEP}){{1,8}}{_DIGIT}+)+")


def _weak_reading(text: str, start: int, end: int) -> tuple[list[_Group], list[str]]:
    """Groups of ``text[start:end]`` and the separators between them."""
    groups = [
        _Group(start + g.start(), start + g.end(), "".join(_digit_value(c) for c in g.group()))
        for g in re.finditer(rf"{_DIGIT}+", text[start:end])
    ]
    return groups, [text[a.end : b.start] for a, b in itertools.pairwise(groups)]


_NAMES = "".join(NAME_NUMERALS)


def _weak_cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a weak chain to read, the whole first, then without up to three Chinese
    numerals at either end (a name: 张三、138、1234、5678), narrowest cut first."""
    if text[start] not in NAME_NUMERALS and text[end - 1] not in NAME_NUMERALS:
        return [(start, end)]
    lead = len(text[start : start + MAX_CUT]) - len(text[start : start + MAX_CUT].lstrip(_NAMES))
    tail = text[max(start, end - MAX_CUT) : end]
    trail = len(tail) - len(tail.rstrip(_NAMES))
    cuts = [(k, m) for k in range(lead + 1) for m in range(trail + 1)]
    return [(start + k, end - m) for k, m in sorted(cuts, key=sum)]


def _mask_weak_chains(text: str, allow: frozenset[str] | set[str] = frozenset()) -> str:
    """Mask numbers whose groups are joined by unusual punctuation (second pass); numbers
    in ``allow`` (digits only) stay as typed."""
    out: list[str] = []
    pos = 0
    for m in _WEAK_CHAIN.finditer(text):
        for start, end in _weak_cuts(text, m.start(), m.end()):
            groups, seps = _weak_reading(text, start, end)
            if not groups or _is_date_run(groups, seps) or _is_landline(groups, seps):
                if (start, end) == m.span():
                    break  # 20260701～20260731
                continue
            last = groups[-1]
            if (
                last.end < len(text)
                and text[last.end] in _X
                and len("".join(g.digits for g in groups)) == 17
            ):
                last.end += 1
                last.digits += "X"
            whole = "".join(g.digits for g in groups)
            if whole in allow or _mobile_core(whole) in allow:
                break
            keep = _strong_kind(whole, [g.digits for g in groups])
            if keep is None:
                continue
            out.append(text[pos : groups[0].start])
            out.append(_mask_span(text, groups, *keep))
            pos = last.end
            break
    out.append(text[pos:])
    return "".join(out)


def mask_text(text: str, allowed: Iterable[str] = ()) -> str:
    """``text`` with personal numbers masked, except those in ``allowed``."""
    out: list[str] = []
    pos = 0
    allowed = tuple(allowed)
    for match in find_sensitive(text, allowed):
        if match.allowed:
            continue
        out.append(text[pos : match.start])
        out.append(match.masked)
        pos = match.end
    out.append(text[pos:])
    allow = _allow_set(tuple(allowed))
    return _mask_weak_chains("".join(out), allow)


T = TypeVar("T")


def map_texts(value: T, fn: Callable[[str], str], *, exempt: Iterable[str] = ()) -> T:
    """A copy of ``value`` with ``fn`` applied to every text in it: dataclass fields
    (recursively), lists, tuples and dict values. Fields named in ``exempt`` (top level only)
    are kept as they are."""
    skip = frozenset(exempt)

    def walk(obj: Any, names: frozenset[str] = frozenset()) -> Any:
        if isinstance(obj, enum.Enum):
            return obj  # before str: str-valued enums stay enum members
        if isinstance(obj, str):
            return fn(obj)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            changes = {
                f.name: walk(getattr(obj, f.name))
                for f in dataclasses.fields(obj)
                if f.init and f.name not in names
            }
            return dataclasses.replace(obj, **changes)
        if isinstance(obj, list):
            return [walk(v) for v in obj]
        if isinstance(obj, tuple):
            return tuple(walk(v) for v in obj)
        if isinstance(obj, dict):
            return {k: walk(v) for k, v in obj.items()}
        return obj

    return cast(T, walk(value, skip))  # walk rebuilds the same shape


def mask_fields(value: T, allowed: Iterable[str] = (), *, exempt: Iterable[str] = ()) -> T:
    """A copy of ``value`` with the personal numbers in every text masked (see map_texts)."""
    allow = tuple(allowed)
    return map_texts(value, lambda text: mask_text(text, allow), exempt=exempt)
