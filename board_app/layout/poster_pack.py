"""Packing flow blocks into columns and sheets (measuring only; nothing is drawn here).

A *block* is one item's units (a section's first block starts with the section bar). A block
that fits in the room left in a column is placed whole; one that does not goes whole to the
next column; only a block taller than a whole column is split, between units, keeping
keep-with-next chains together (no lone bar, title, meta line, first or last line of a
paragraph, or sign-off at a column's top or foot) and repeating the section bar on a new sheet,
the item title with "（续）" and a ledger table's header row.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from board_app.layout.poster_model import Unit


@dataclass
class SectionFlow:
    """One section's blocks and how to continue it."""

    blocks: list[list[Unit]]
    continued_bar: Unit
    continued_title: Callable[[str], list[Unit]]


@dataclass
class Placement:
    """A unit placed at (sheet, column, y)."""

    sheet: int
    col: int
    y: float
    unit: Unit


@dataclass
class Packing:
    """The result of packing: placements, sheets used, and whether a unit overflowed."""

    placements: list[Placement] = field(default_factory=list)
    sheets: int = 1
    overflow: bool = False
    splits: int = 0  # items continued in another column
    #: content bottom per (sheet, column)
    bottoms: dict[tuple[int, int], float] = field(default_factory=dict)


def block_height(units: list[Unit], at_top: bool) -> float:
    """Height of units stacked; the first one's space before is dropped at a column top."""
    h = sum(u.height + u.space_before for u in units)
    return h - units[0].space_before if at_top and units else h


def _chain(units: list[Unit], i: int) -> list[Unit]:
    """Unit i with the units its keep-with-next chain holds together."""
    out = [units[i]]
    while out[-1].keep_with_next and i + len(out) < len(units):
        out.append(units[i + len(out)])
    return out


def _break_ok(before: Unit, after: Unit) -> bool:
    """Whether a column may end after ``before`` with ``after`` starting the next one."""
    if before.kind in ("section", "item-title", "table-header") or before.line_pos == "first":
        return False
    return after.line_pos != "last" and after.kind != "closing"


class _Packer:
    def __init__(self, columns: int, top: float, limit: float, full: float) -> None:
        self.n, self.top, self.limit = columns, top, limit
        self.full = full  # the height of a whole column (decides which blocks may split)
        self.out = Packing()
        self.sheet, self.col, self.y = 0, 0, top

    @property
    def at_top(self) -> bool:
        return self.y <= self.top + 0.01

    def room(self) -> float:
        return self.limit - self.y

    def next_column(self) -> bool:
        """Move on; True when that started a new sheet."""
        self.col += 1
        if self.col >= self.n:
            self.sheet, self.col = self.sheet + 1, 0
            self.out.sheets = self.sheet + 1
            self.y = self.top
            return True
        self.y = self.top
        return False

    def put(self, unit: Unit) -> None:
        gap = 0.0 if self.at_top else unit.space_before
        self.out.placements.append(Placement(self.sheet, self.col, self.y + gap, unit))
        self.y += gap + unit.height
        if self.y > self.limit + 0.01:
            self.out.overflow = True
        self.out.bottoms[(self.sheet, self.col)] = self.y

    def fits(self, height: float) -> bool:
        return height <= self.room() + 0.01

    def section(self, flow: SectionFlow) -> None:
        for block in flow.blocks:
            self.block(block, flow)

    def block(self, block: list[Unit], flow: SectionFlow) -> None:
        if self.fits(block_height(block, self.at_top)):
            for u in block:
                self.put(u)
            return
        whole = block_height(block, True)
        if whole <= self.full + 0.01:
            if not self.at_top:
                new_sheet = self.next_column()
                if new_sheet and block[0].kind != "section":
                    self.put(flow.continued_bar)
            if self.fits(block_height(block, self.at_top)):
                for u in block:
                    self.put(u)
                return
            if self.limit < self.top + self.full - 0.01:
                # A trial with shortened columns (balancing) must not split a short item.
                self.out.overflow = True
                for u in block:
                    self.put(u)
                return
        self.split(block, flow)

    def split(self, units: list[Unit], flow: SectionFlow) -> None:
        """Place a block taller than a column unit by unit (see the module docstring)."""
        i = 0
        fresh = False  # just moved to a new column (after the continuation units)
        while i < len(units):
            chain = _chain(units, i)
            if self.fits(block_height(chain, self.at_top)):
                for u in chain:
                    self.put(u)
                i += len(chain)
                fresh = False
                continue
            if not self.at_top and not fresh and block_height(chain, True) <= self.full + 0.01:
                self._continue(flow, units[i])
                fresh = True
                continue
            # A chain taller than what is left: place the longest prefix that fits and ends
            # where a break is allowed, then continue in the next column.
            k = 0
            for m in range(1, len(chain)):
                if not self.fits(block_height(chain[:m], self.at_top)):
                    break
                if _break_ok(chain[m - 1], chain[m]):
                    k = m
            if k == 0 and (self.at_top or fresh):
                k = 1  # nothing fits whole: a single unit at a column top is always placed
            for u in chain[:k]:
                self.put(u)
            i += k
            fresh = False
            if i < len(units):
                self._continue(flow, units[i])
                fresh = True

    def _continue(self, flow: SectionFlow, unit: Unit) -> None:
        new_sheet = self.next_column()
        if unit.kind == "section":
            return
        if new_sheet:
            self.put(flow.continued_bar)
        if unit.owner and unit.kind != "item-title":
            self.out.splits += 1
            for u in flow.continued_title(unit.owner):
                self.put(u)
        if unit.header is not None and unit.kind == "row":
            self.put(unit.header)


def pack(
    sections: list[SectionFlow], columns: int, top: float, bottom: float, limit: float | None = None
) -> Packing:
    """Pack ``sections`` into ``columns`` between ``top`` and ``limit`` (default ``bottom``)."""
    packer = _Packer(columns, top, bottom if limit is None else limit, bottom - top)
    for flow in sections:
        packer.section(flow)
    return packer.out


def balanced(sections: list[SectionFlow], columns: int, top: float, bottom: float) -> Packing:
    """A one-sheet packing with the shortest tallest column (a min-max contiguous partition of
    the blocks, found by bisecting the column limit: greedy filling is optimal for a given
    limit). A board of several sheets keeps its full columns."""
    base = pack(sections, columns, top, bottom)
    if columns == 1 or base.sheets > 1:
        return base
    lo, hi = top, max(base.bottoms.values(), default=bottom)
    best = base
    for _step in range(14):
        if hi - lo < 1.0:
            break
        mid = (lo + hi) / 2
        trial = pack(sections, columns, top, bottom, mid)
        if trial.sheets == 1 and not trial.overflow:
            hi, best = mid, trial
        else:
            lo = mid
    return best


#: Vertical justification: share of the leftover height and cap (in leadings) per gap kind.
GAP_WEIGHTS = {"section": (2.0, 2.0), "item-title": (2.0, 2.0), "image": (1.0, 1.0)}
PARAGRAPH_GAP = (1.0, 0.8)
#: Feathering (every sheet but the last): units whose spacing may open, and by how much at
#: most (in leadings) each.
FEATHERED = ("line", "row")
FEATHER_CAP = 0.3
#: The share of a sheet's height its content should reach (docs/posters.md).
FILL_GOAL = 0.85


def justify(
    packing: Packing, top: float, bottom: float, leading: float, *, fill_last: bool = False
) -> Packing:
    """Vertical justification: spread a column's leftover height over the gaps before its
    items and section bars (and, less, before paragraphs, tables and photo rows), each gap
    capped, so that column bottoms line up: with the sheet's foot on every sheet but the
    last, with the tallest column on the last. What the gaps cannot take opens the lines and
    ledger rows a little (feathering) on every sheet but the last.

    ``fill_last``: the last sheet is filled too (a one-sheet board whose type could not grow):
    its columns go as far down towards the foot as every one of them can reach, still level,
    or, when that level would stay under :data:`FILL_GOAL` of the height, each as far as it
    can."""
    by_col: dict[tuple[int, int], list[int]] = {}
    for k, p in enumerate(packing.placements):
        by_col.setdefault((p.sheet, p.col), []).append(k)
    last = packing.sheets - 1
    tallest = max((y for (s, _c), y in packing.bottoms.items() if s == last), default=top)
    out = list(packing.placements)
    spreads = {
        key: _Spread(out, indices, leading, feather=key[0] < last or fill_last)
        for key, indices in by_col.items()
    }
    if fill_last:
        reach = min(
            packing.bottoms.get(key, top) + spread.capacity
            for key, spread in spreads.items()
            if key[0] == last
        )
        level = min(bottom, max(tallest, reach))
        # Level columns when that fills the sheet well; otherwise each goes as far as it can.
        tallest = level if level - top >= FILL_GOAL * (bottom - top) else bottom
    bottoms = dict(packing.bottoms)
    for (sheet, col), indices in by_col.items():
        target = bottom if sheet < last else tallest
        extra = target - packing.bottoms.get((sheet, col), target)
        if extra <= 0.5:
            continue
        share = spreads[(sheet, col)].shares(extra)
        shift = 0.0
        for k in indices:
            shift += share.get(k, 0.0)
            p = out[k]
            out[k] = Placement(p.sheet, p.col, p.y + shift, p.unit)
        bottoms[(sheet, col)] = packing.bottoms[(sheet, col)] + shift
    return Packing(out, packing.sheets, packing.overflow, packing.splits, bottoms)


class _Spread:
    """The room one column can open: its gaps (share weight, cap in leadings) and, when
    feathered, its lines and ledger rows (:data:`FEATHER_CAP` each)."""

    def __init__(
        self, placements: list[Placement], indices: list[int], leading: float, feather: bool
    ) -> None:
        self.leading = leading
        self.gaps: dict[int, tuple[float, float]] = {}
        for i, k in enumerate(indices[1:], 1):
            unit, before = placements[k].unit, placements[indices[i - 1]].unit
            if unit.space_before <= 0 or before.kind == "section":
                continue
            self.gaps[k] = GAP_WEIGHTS.get(unit.kind, PARAGRAPH_GAP)
        self.lines = (
            [k for k in indices[1:] if placements[k].unit.kind in FEATHERED] if feather else []
        )

    @property
    def capacity(self) -> float:
        """The most the column can grow."""
        gaps = sum(cap for _w, cap in self.gaps.values())
        return (gaps + FEATHER_CAP * len(self.lines)) * self.leading

    def shares(self, extra: float) -> dict[int, float]:
        """How much of ``extra`` each placement (by index) opens before itself."""
        leading = self.leading
        gaps = self.gaps
        share: dict[int, float] = {}
        if gaps:
            weight = sum(w for w, _cap in gaps.values())
            share = {k: min(cap * leading, extra * w / weight) for k, (w, cap) in gaps.items()}
            spare = extra - sum(share.values())
            for _round in range(3):  # hand what capped gaps could not take to the others
                open_gaps = [k for k, (_w, cap) in gaps.items() if share[k] < cap * leading - 0.01]
                if spare <= 0.5 or not open_gaps:
                    break
                w_open = sum(gaps[k][0] for k in open_gaps)
                for k in open_gaps:
                    share[k] += min(gaps[k][1] * leading - share[k], spare * gaps[k][0] / w_open)
                spare = extra - sum(share.values())
        spare = extra - sum(share.values())
        if spare > 0.5 and self.lines:
            add = min(FEATHER_CAP * leading, spare / len(self.lines))
            for k in self.lines:
                share[k] = share.get(k, 0.0) + add
        return share


def by_sections(
    sections: list[SectionFlow], columns: int, top: float, bottom: float
) -> Packing | None:
    """Each section in columns of its own on one sheet (长期 left, 定期 middle, 即时 right),
    each balanced; the split of the columns with the shortest tallest column, or None when a
    section does not fit its columns."""
    count = len(sections)
    if columns < count:
        return None
    best: tuple[float, Packing] | None = None
    for cuts in itertools.combinations(range(1, columns), count - 1):
        widths = [b - a for a, b in itertools.pairwise((0, *cuts, columns))]
        out = Packing()
        offset, tallest = 0, top
        for flow, k in zip(sections, widths, strict=True):
            part = balanced([flow], k, top, bottom)
            if part.sheets > 1 or part.overflow:
                break
            out.placements += [Placement(0, p.col + offset, p.y, p.unit) for p in part.placements]
            for (_s, col), y in part.bottoms.items():
                out.bottoms[(0, col + offset)] = y
                tallest = max(tallest, y)
            out.splits += part.splits
            offset += k
        else:
            if best is None or tallest < best[0]:
                best = (tallest, out)
    return best[1] if best else None
