"""What differs between the two engines (SQLite, PostgreSQL) below the models.

Migration steps declare their frozen DDL once per dialect and run it with :func:`run_frozen`;
raw SQL written with ``?`` placeholders goes through :func:`sql`; upserts through
:func:`upsert` (SQLite's INSERT OR REPLACE does not exist on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import peewee as pw

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def name(db: pw.Database) -> str:
    """``"sqlite"`` or ``"postgresql"``: the engine behind ``db`` (or a proxy to it)."""
    target = db.obj if isinstance(db, pw.DatabaseProxy) else db
    if isinstance(target, pw.PostgresqlDatabase):
        return POSTGRESQL
    if isinstance(target, pw.SqliteDatabase):
        return SQLITE
    raise TypeError(f"unsupported database engine: {type(target).__name__}")


def is_postgres(db: pw.Database) -> bool:
    """Whether ``db`` is a PostgreSQL database."""
    return name(db) == POSTGRESQL


def run_frozen(db: pw.Database, *, sqlite: Sequence[str], postgresql: Sequence[str]) -> None:
    """Run a migration step's frozen DDL for ``db``'s engine, statement by statement.

    Every step names both dialects; an empty sequence says the step has nothing to do on that
    engine (e.g. PostgreSQL roles on SQLite)."""
    for statement in sqlite if name(db) == SQLITE else postgresql:
        db.execute_sql(statement)


def sql(db: pw.Database, text: str) -> str:
    """``text`` written with ``?`` placeholders in ``db``'s parameter style.

    Only for our own SQL: ``text`` must hold no literal ``?`` or ``%``."""
    if name(db) == POSTGRESQL:
        return text.replace("?", "%s")
    return text


def upsert(model: type[pw.Model], values: dict[str, object], key: Iterable[str]) -> int:
    """Insert ``values`` or, when a row with the same ``key`` columns exists, overwrite the
    other given columns (works on both engines)."""
    fields = model._meta.fields
    target = [fields[k] for k in key]
    preserve = [fields[k] for k in values if k not in set(key)]
    query = model.insert(**values)
    if preserve:
        query = query.on_conflict(conflict_target=target, preserve=preserve)
    else:
        query = query.on_conflict_ignore()
    return query.execute()


#: Prefixes of the engines' own search tables, which have no models: SQLite's FTS5 table
#: (item_fts*) and PostgreSQL's grams of short terms (item_search, storage/migrations_search.py).
SEARCH_TABLES = ("item_fts", "item_search")


def columns(db: pw.Database, table: str) -> set[str]:
    """The column names of ``table``."""
    return {c.name for c in db.get_columns(table)}


def schema_problems(db: pw.Database) -> list[str]:
    """Differences between the tables/columns of ``db`` and the models (empty when equal).

    The search tables (:data:`SEARCH_TABLES`) and SQLite's own (sqlite_stat*) are not models
    and are left out."""
    import importlib
    import pkgutil

    from board_app import storage
    from board_app.storage import models

    for module in pkgutil.iter_modules(storage.__path__):  # every module's models
        importlib.import_module(f"{storage.__name__}.{module.name}")
    problems: list[str] = []
    tables = {t for t in db.get_tables() if not t.startswith((*SEARCH_TABLES, "sqlite_"))}
    expected: dict[str, set[str]] = {}
    for model in models.all_model_classes():
        expected[model._meta.table_name] = {f.column_name for f in model._meta.sorted_fields}
    for table in sorted(set(expected) - tables):
        problems.append(f"missing table: {table}")
    for table in sorted(tables - set(expected)):
        problems.append(f"table without a model: {table}")
    for table in sorted(set(expected) & tables):
        found = columns(db, table)
        for column in sorted(expected[table] - found):
            problems.append(f"missing column: {table}.{column}")
        for column in sorted(found - expected[table]):
            problems.append(f"column without a field: {table}.{column}")
    return problems
