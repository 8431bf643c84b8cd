"""Helpers shared by the repository modules: time zones, enums, binding to a database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, cast, overload

E = TypeVar("E", bound=Enum)


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: datetime | None) -> datetime | None: ...
def utc(value: datetime | None) -> datetime | None:
    """A stored (naive, UTC) timestamp as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def naive_utc(value: datetime) -> datetime:
    """An aware datetime as the naive UTC value stored in the database."""
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def opt(enum_type: type[E], value: object) -> E | None:
    """``enum_type(value)``, or None for a NULL column."""
    return enum_type(value) if value is not None else None


def bound_methods(cls: type) -> type:
    """Run every public method with the models bound to the repository's own database."""
    for name, fn in list(vars(cls).items()):
        if name.startswith("_") or not callable(fn) or name == "transaction":
            continue

        def wrapper(self: Any, *args: Any, __fn: Callable[..., Any] = fn, **kwargs: Any) -> Any:
            with self.database.bound():
                return __fn(self, *args, **kwargs)

        wrapper.__name__ = fn.__name__
        wrapper.__doc__ = fn.__doc__
        setattr(cls, name, wrapper)
    return cls


def tuples(query: Any) -> Iterable[tuple[Any, ...]]:
    """A peewee query's rows as plain tuples (peewee's stubs type ``.tuples()`` as yielding model
    objects)."""
    return cast(Iterable[tuple[Any, ...]], query.tuples())


def jsonable(value: object) -> object:
    """A value as JSON can hold it (dates, decimals and enums as text), for the audit log."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    if hasattr(value, "value"):
        return value.value  # enums
    return str(value)
