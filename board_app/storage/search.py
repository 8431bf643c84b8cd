"""Full-text search over item titles and bodies (SQLite FTS5 with the trigram tokenizer;
PostgreSQL: pg_trgm GIN indexes on title and body, and a GIN index of one- and two-character
grams for shorter terms).

Terms separated by spaces must all match, each in the title or the body, ignoring the case of
Latin letters. On SQLite, terms of three characters or more use the FTS5 trigram index;
one- and two-character terms (a person's name such as 孙宝) fall back to a LIKE scan of titles
and bodies, which is fast enough for a village's data (bench/bench_ui_scale.py, see
docs/benchmarks.md). On PostgreSQL every term is a LIKE (ILIKE when it has Latin letters)
'%term%' over title and body, which the trigram indexes answer for terms of three or more
characters; a term of one or two characters also requires
``search_grams @> board_term_grams(lower(term))`` (schema step 10,
storage/migrations_search.py), which the grams index answers. That test is implied by the
LIKE/ILIKE test (ILIKE compares the lower-case forms), so it only narrows what LIKE reads:
results are those of a plain LIKE scan (bench/bench_pg.py).
Engine-specific search code stays here.
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import is_postgres


def create_index(db: pw.Database) -> None:
    """Create the FTS5 table and the triggers that keep it in step with ``item``."""
    db.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS item_fts USING fts5("
        "title, body, content='item', content_rowid='id', tokenize='trigram')"
    )
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS item_fts_ai AFTER INSERT ON item BEGIN "
        "INSERT INTO item_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
    )
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS item_fts_ad AFTER DELETE ON item BEGIN "
        "INSERT INTO item_fts(item_fts, rowid, title, body) "
        "VALUES ('delete', old.id, old.title, old.body); END"
    )
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS item_fts_au AFTER UPDATE OF title, body ON item BEGIN "
        "INSERT INTO item_fts(item_fts, rowid, title, body) "
        "VALUES ('delete', old.id, old.title, old.body); "
        "INSERT INTO item_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
    )


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


FTS_MIN_CHARS = 3


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _terms(text: str) -> list[str]:
    return [t for t in text.split() if t] or [text]


#: Terms of this many characters (code points, as PostgreSQL counts them in UTF-8) or fewer
#: use the grams index on PostgreSQL; longer ones the trigram indexes.
GRAMS_MAX_CHARS = FTS_MIN_CHARS - 1

#: The PostgreSQL test a short term adds (``%s``: the term; its column is ``search_grams``).
_GRAMS_TEST = "@> board_term_grams(lower(%s))"


def _uses_grams(term: str) -> bool:
    return 1 <= len(term) <= GRAMS_MAX_CHARS


def _postgres_ids_sql(text: str) -> tuple[str, list[object]]:
    """PostgreSQL: one ILIKE pair per term, all required (pg_trgm indexes serve them; the
    grams index serves terms of one or two characters)."""
    conditions: list[str] = []
    params: list[object] = []
    for term in _terms(text):
        # ILIKE folds case but costs twice LIKE on a scan; a term without letters that have
        # a case (Chinese, digits) is the same either way.
        op = "LIKE" if term.lower() == term.upper() else "ILIKE"
        like = _like(term)
        if _uses_grams(term):
            conditions.append(f"((title {op} %s OR body {op} %s) AND search_grams {_GRAMS_TEST})")
            params.extend([like, like, term])
        else:
            conditions.append(f"(title {op} %s OR body {op} %s)")
            params.extend([like, like])
    return "SELECT id FROM item WHERE " + " AND ".join(conditions), params


def matching_condition(text: str, db: pw.Database) -> pw.Expression:
    """A WHERE condition on ``item`` for the items that contain every term of ``text``.

    On PostgreSQL the LIKE tests go into the item query itself, so the planner combines them
    with the other filters (one village's 2,500 items are scanned, not the township's 100,000);
    on SQLite the ids come from the FTS5 table."""
    from board_app.storage.models import ItemRow

    if not is_postgres(db):
        sql, params = matching_ids_sql(text, db)
        return ItemRow.id.in_(pw.SQL(f"({sql})", params))
    condition: pw.Expression | None = None
    grams = pw.Column(ItemRow, "search_grams")  # not a model field: PostgreSQL only
    for term in _terms(text):
        op = pw.OP.LIKE if term.lower() == term.upper() else pw.OP.ILIKE
        like = _like(term)
        either = pw.Expression(ItemRow.title, op, like) | pw.Expression(ItemRow.body, op, like)
        if _uses_grams(term):
            # After the LIKE test: a scan that reads the grams only of rows LIKE accepted.
            needed = pw.fn.board_term_grams(pw.fn.lower(term))
            either = either & pw.Expression(grams, "@>", needed)
        condition = either if condition is None else condition & either
    assert condition is not None  # _terms never returns an empty list
    return condition


def matching_ids_sql(text: str, db: pw.Database | None = None) -> tuple[str, list[object]]:
    """SQL returning the ids of items whose title or body contains every term of ``text``.

    Terms of three or more characters use the trigram index; shorter ones a LIKE scan of
    titles and bodies. ``db`` chooses the engine's SQL (SQLite when not given).
    """
    if db is not None and is_postgres(db):
        return _postgres_ids_sql(text)
    terms = _terms(text)
    long_terms = [t for t in terms if len(t) >= FTS_MIN_CHARS]
    short_terms = [t for t in terms if len(t) < FTS_MIN_CHARS]
    parts: list[str] = []
    params: list[object] = []
    if long_terms:
        parts.append("SELECT rowid FROM item_fts WHERE item_fts MATCH ?")
        params.append(" AND ".join(_quote(t) for t in long_terms))
    for term in short_terms:
        parts.append(
            "SELECT id FROM item WHERE title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\'"
        )
        like = _like(term)
        params.extend([like, like])
    return " INTERSECT ".join(parts), params
