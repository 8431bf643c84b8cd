"""Chinese numerals at the edge of a number: part of the number, or of a name beside it?

``一二三…`` count as digits for the privacy mask (``一三八一二三四五六七八`` is a mobile), but
names and words end or start with them too: 张三, 王一, 李二, 第一, 星期三, 三楼, 二组. Glued to a
number (``张三13812345678``) the numeral would join it and turn a mobile into a twelve-digit
run, masked as a long number: ``张********5678`` — the name damaged, the number shown in an
unusual form. This module decides how many of the Chinese numerals at each end of a number
chain (at most three per side, never a whole group) are left to the text around it.

The rule (``choose_trim``): a cut needs evidence of a word boundary on every side it cuts:
the numerals touch a non-numeral letter outside the chain (``王一``, ``第一``, ``三楼``) or
the script changes at the cut (``伍六6222…``, numerals then ASCII digits). A run of Chinese
numerals alone (``一三八一二三四五六七八九``) is a number written in numerals, never cut.
Each way of cutting is scored by what the masking recognises at the chain's two ends (an ID
or a mobile scores 2, a bank card 1, a long unknown run or nothing 0); a cut is taken when it
scores higher than the uncut chain, or the same (above 0) for bank cards. A cut never leaves
anything recognised unmasked: the number that remains is masked as its kind, and the
numerals left out are at most three per side. Numerals inside a number (``1三812345678``)
are never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: Chinese numerals that are also everyday characters of names and words (not 〇/○ or the
#: circled and superscript digits, which are never part of a name).
NAME_NUMERALS = frozenset("一二三四五六七八九零两幺壹贰叁肆伍陆柒捌玖")
MAX_CUT = 3  # names are short: 张三, 王一二, 伍六, 陆二三


_CHINESE_SCRIPT = NAME_NUMERALS | frozenset("〇\u25cb\u25ef")


@dataclass(frozen=True)
class Edge:
    """One end of a chain's edge group, read from the outside in."""

    chars: str  # the numerals that may be cut, then the character that stays inside
    outside: str  # the text's character right outside the chain ('' at the text's edge)

    def cuts(self) -> range:
        """How many numerals may be cut here (0 included)."""
        return range(len(self.chars))

    def evidenced(self, cut: int) -> bool:
        """Whether cutting ``cut`` numerals here has a word boundary to show for it."""
        return cut == 0 or self.word_outside(cut) or self.script_changes(cut)

    def word_outside(self, cut: int) -> bool:
        """Whether the numerals cut touch a word outside the chain (王一, 三楼): the best
        evidence of a name."""
        return cut > 0 and self.outside.isalpha() and self.outside not in _CHINESE_SCRIPT

    def script_changes(self, cut: int) -> bool:
        """Whether the character left at this end after the cut is no Chinese numeral."""
        return cut > 0 and self.chars[cut] not in _CHINESE_SCRIPT


def edge(group: str, outside: str) -> Edge:
    """The edge of a group's text ``group`` (given from its outer end: reverse the last group
    of a chain) and the text's character ``outside`` it. Never the whole group is cut."""
    cuttable = 0
    while cuttable < min(MAX_CUT, len(group) - 1) and group[cuttable] in NAME_NUMERALS:
        cuttable += 1
    return Edge(group[: cuttable + 1], outside)


def _candidates(lead: Edge, trail: Edge) -> Iterator[tuple[int, int]]:
    for k in lead.cuts():
        for m in trail.cuts():
            if k or m:
                yield k, m


def choose_trim(
    lead: Edge, trail: Edge, score: Callable[[int, int], tuple[int, bool]]
) -> tuple[int, int]:
    """How many numerals to cut at the start and end of a chain (see the module docstring).

    ``score(k, m)`` scores the chain with ``k`` numerals cut at its start and ``m`` at its
    end (``(0, 0)``: the chain as it is) and says whether all it recognised are bank cards.
    Between equal scores, bank cards take the cut with the most sides touching a word, then
    the most numerals cut beside words, then the widest (a card shows only its last four
    digits: the numerals are better kept for the name); IDs and mobiles the narrowest (what
    they show of their first digits stays as it was typed)."""
    base, _cards = score(0, 0)
    best, chosen = (base, (0, 0, 0, 0)), (0, 0)
    for k, m in _candidates(lead, trail):
        points, cards_only = score(k, m)
        if points == 0 or points < base:
            continue  # nothing recognised: the uncut chain masks the most
        if not (lead.evidenced(k) and trail.evidenced(m)):
            continue  # no word boundary there: the numerals are part of the number
        words = lead.word_outside(k) + trail.word_outside(m)
        word_cut = k * lead.word_outside(k) + m * trail.word_outside(m)
        tie = (1, words, word_cut, k + m) if cards_only else (0, 0, 0, -(k + m))
        key = (points, tie)
        if key > best:
            best, chosen = key, (k, m)
    return chosen
