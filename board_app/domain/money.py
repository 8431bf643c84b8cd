"""Money: strict parsing, display with thousands separators, Chinese capital numerals."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from board_app.domain.digits import ascii_digits
from board_app.domain.items import LedgerRow

_MONEY = re.compile(r"^(-?)([0-9]{1,13})(\.[0-9]{1,2})?$")
#: The largest amount accepted: 13 integer digits is far beyond a village's books and keeps
#: every amount exact wherever it is stored.
MAX_DIGITS = 13
CENT = Decimal("0.01")


class MoneyError(ValueError):
    """A money value that is not a non-negative amount with at most two decimals."""


def parse_money(value: object, *, allow_negative: bool = False) -> Decimal:
    """Parse "1200", "1200.5" or "1200.50" into a two-place Decimal.

    Refuses floats, separators, currency signs, more than two decimals, more than 13 integer
    digits and (unless ``allow_negative``, for balances) negative amounts.
    """
    if isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = ascii_digits(value.strip())  # full-width digits from Chinese input methods
    else:
        raise MoneyError(repr(value))
    match = _MONEY.match(text)
    if not match or (match.group(1) and not allow_negative):
        raise MoneyError(text)
    return Decimal(text).quantize(CENT)


def format_money(value: Decimal) -> str:
    """ "1,234,567.80" style: thousands separators and two decimals."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_SECTIONS = ["", "万", "亿", "万亿"]


def _section(n: int) -> str:
    """Capital numerals of 0 < n < 10000, with inner zeros as 零."""
    out = ""
    zero = False
    for pos in range(3, -1, -1):
        digit = n // 10**pos % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _UNITS[pos]
    return out


def to_chinese_capital(value: Decimal) -> str:
    """Amount in Chinese capital numerals (大写), e.g. 1239.50 -> 壹仟贰佰叁拾玖元伍角整."""
    negative = value < 0
    value = abs(value).quantize(CENT, rounding=ROUND_HALF_UP)
    yuan = int(value)
    cents = int((value - yuan) * 100)
    jiao, fen = divmod(cents, 10)
    text = ""
    if yuan:
        sections: list[int] = []
        while yuan:
            sections.append(yuan % 10000)
            yuan //= 10000
        need_zero = False
        for idx in range(len(sections) - 1, -1, -1):
            sec = sections[idx]
            if sec == 0:
                need_zero = bool(text)
                continue
            if text and (need_zero or sec < 1000):
                text += "零"
            text += _section(sec) + _SECTIONS[idx]
            need_zero = False
        text += "元"
    if jiao == 0 and fen == 0:
        text = (text or "零元") + "整"
    else:
        if jiao:
            text += _DIGITS[jiao] + "角"
        elif text:
            text += "零"
        if fen:
            text += _DIGITS[fen] + "分"
        else:
            text += "整"
    return ("负" if negative else "") + text


def ledger_totals(
    rows: list[LedgerRow], opening: Decimal | None
) -> tuple[Decimal, Decimal, Decimal]:
    """(total income, total expense, closing balance or income minus expense)."""
    income = sum((r.income for r in rows), Decimal("0.00"))
    expense = sum((r.expense for r in rows), Decimal("0.00"))
    base = opening if opening is not None else Decimal("0.00")
    return income, expense, base + income - expense


def running_balances(rows: list[LedgerRow], opening: Decimal | None) -> list[Decimal]:
    """The balance after each row, starting from the opening balance (or zero)."""
    balance = opening if opening is not None else Decimal("0.00")
    out = []
    for row in rows:
        balance += row.income - row.expense
        out.append(balance)
    return out
