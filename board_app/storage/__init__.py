"""Storage: the office database through peewee (a SQLite file, or PostgreSQL on a server).

peewee imports psycopg when it is installed (about 90 ms: asyncio and the libpq wrapper), on
every command. Most offices open a SQLite file, so peewee is imported here with psycopg held
back, and :func:`enable_psycopg` hands the driver to peewee when a server database is opened.
"""

from __future__ import annotations

import sys


def _import_peewee_without_psycopg() -> None:
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # "import psycopg" fails at once
    try:
        import peewee  # noqa: F401 - peewee's own "try: import psycopg" sees no driver
    finally:
        del sys.modules["psycopg"]


def enable_psycopg() -> None:
    """Give peewee the psycopg 3 driver (what its import would have set); ImportError when
    psycopg is not installed."""
    import peewee

    if getattr(peewee, "psycopg", None) is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    for name, value in (
        ("psycopg", psycopg),
        ("TransactionStatus", TransactionStatus),
        ("Json_pg3", Json),
        ("Jsonb_pg3", Jsonb),
    ):
        setattr(peewee, name, value)


_import_peewee_without_psycopg()
