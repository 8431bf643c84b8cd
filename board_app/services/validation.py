"""Checks on an item before it is saved: every problem, with the field it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from board_app.domain import limits
from board_app.domain.items import Category, Item, PublicationType
from board_app.domain.money import MAX_DIGITS
from board_app.domain.periods import Period, PeriodError, label_zh
from board_app.i18n import _


@dataclass(frozen=True)
class Problem:
    """One problem found in an item: the field name and a message for the user."""

    field: str
    message: str
    warning: bool = False
    blocks_submission: bool = False  # a warning on save that still stops 提交审核

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _decimals(value: Decimal) -> int:
    """Digits after the decimal point (a NaN or infinity counts as too many)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 99


def _too_long(field: str, value: str, limit: int) -> Problem | None:
    if len(value) <= limit:
        return None
    return Problem(
        field,
        _("{count} characters; at most {limit} are allowed.").format(count=len(value), limit=limit),
    )


def size_problems(item: Item) -> list[Problem]:
    """Texts, ledgers and picture lists longer than any real record (see domain.limits)."""
    found = [
        p
        for name, limit in limits.ITEM_TEXT_LIMITS.items()
        if (p := _too_long(name, getattr(item, name) or "", limit))
    ]
    if len(item.ledger) > limits.LEDGER_ROWS_MAX:
        found.append(
            Problem(
                "ledger",
                _("{count} rows; at most {limit} are allowed.").format(
                    count=len(item.ledger), limit=limits.LEDGER_ROWS_MAX
                ),
            )
        )
    for index, row in enumerate(item.ledger[: limits.LEDGER_ROWS_MAX], start=1):
        label = _("ledger row {n}").format(n=index)
        for name, limit in limits.ROW_TEXT_LIMITS.items():
            if p := _too_long(f"{label}.{name}", getattr(row, name) or "", limit):
                found.append(p)
    if len(item.images) > limits.IMAGES_MAX:
        found.append(
            Problem(
                "images",
                _("{count} pictures; at most {limit} are allowed.").format(
                    count=len(item.images), limit=limits.IMAGES_MAX
                ),
            )
        )
    for index, image in enumerate(item.images, start=1):
        if p := _too_long(_("picture {n}").format(n=index), image.caption, limits.CAPTION_MAX):
            found.append(p)
    return found


def validate_item(item: Item, category: Category | None) -> list[Problem]:
    """Every error and warning for ``item``; errors block saving, warnings do not."""
    problems: list[Problem] = []
    if not item.title.strip():
        problems.append(Problem("title", _("The title is empty.")))
    problems.extend(size_problems(item))
    if item.period:
        try:
            period = Period.parse(item.period)
        except PeriodError:
            problems.append(
                Problem(
                    "period",
                    _("“{value}” is not a period (use 2026, 2026-H2, 2026-Q3 or 2026-09).").format(
                        value=item.period
                    ),
                )
            )
        else:
            if item.publication_type is not PublicationType.PERIODIC:
                problems.append(Problem("period", _("Only periodic items have a period.")))
            elif category is not None and category.cadence.value not in (
                period.cadence.value,
                "as_needed",
            ):
                problems.append(
                    Problem(
                        "period",
                        _("The period {period} does not match the category's cadence.").format(
                            period=item.period
                        ),
                        warning=True,
                    )
                )
    elif item.publication_type is PublicationType.PERIODIC:
        problems.append(Problem("period", _("A periodic item needs a period.")))
    if item.publish_date and item.expire_date and item.expire_date < item.publish_date:
        problems.append(Problem("expire_date", _("The end date is before the publish date.")))
    if item.opening_balance is not None and _decimals(item.opening_balance) > 2:
        problems.append(Problem("opening_balance", _("At most two decimals.")))
    too_large = Decimal(10) ** MAX_DIGITS
    if item.opening_balance is not None and abs(item.opening_balance) >= too_large:
        problems.append(Problem("opening_balance", _("The amount is too large.")))
    problems.extend(submission_checks(item))
    for index, row in enumerate(item.ledger, start=1):
        label = _("ledger row {n}").format(n=index)
        for name, value in (("income", row.income), ("expense", row.expense)):
            if value < 0:
                problems.append(Problem(f"{label}.{name}", _("Amounts cannot be negative.")))
            if _decimals(value) > 2:
                problems.append(Problem(f"{label}.{name}", _("At most two decimals.")))
            if abs(value) >= Decimal(10) ** MAX_DIGITS:
                problems.append(Problem(f"{label}.{name}", _("The amount is too large.")))
        if row.income > Decimal(0) and row.expense > Decimal(0):
            problems.append(
                Problem(label, _("A row has either an income or an expense, not both."))
            )
    return problems


def submission_checks(item: Item) -> list[Problem]:
    """Warnings on save that block submission: an empty body, no 责任人, ledger dates outside
    the item's period."""
    problems: list[Problem] = []
    if not item.body.strip():
        problems.append(
            Problem("body", _("The body is empty."), warning=True, blocks_submission=True)
        )
    if not item.responsible.strip():
        problems.append(
            Problem(
                "responsible",
                _("Name the person responsible."),
                warning=True,
                blocks_submission=True,
            )
        )
    period = _period_of(item)
    if period is not None:
        outside = [
            (n, row.date)
            for n, row in enumerate(item.ledger, start=1)
            if row.date is not None and not period.start <= row.date <= period.end
        ]
        for n, day in outside:
            problems.append(
                Problem(
                    "ledger",
                    _("Row {n}: {date} is outside the period {period} ({start} to {end}).").format(
                        n=n,
                        date=day.isoformat(),
                        period=label_zh(period),
                        start=period.start.isoformat(),
                        end=period.end.isoformat(),
                    ),
                    warning=True,
                    blocks_submission=True,
                )
            )
    return problems


def field_name(field: str) -> str:
    """A field as users call it, for reasons listed outside the editor ("ledger row 2" stays)."""
    names = {
        "title": _("Title"),
        "body": _("Body"),
        "responsible": _("Responsible"),
        "ledger": _("Ledger"),
        "period": _("Period"),
        "expire_date": _("End date"),
        "opening_balance": _("Opening balance"),
    }
    return names.get(field, field)


def submission_blockers(problems: list[Problem]) -> list[Problem]:
    """The problems that stop 提交审核: every error, and the warnings that block submission."""
    return [p for p in problems if not p.warning or p.blocks_submission]


def _period_of(item: Item) -> Period | None:
    if item.publication_type is not PublicationType.PERIODIC or not item.period:
        return None
    try:
        return Period.parse(item.period)
    except PeriodError:
        return None


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that block saving."""
    return [p for p in problems if not p.warning]
