"""Full-text search over item titles and bodies (SQLite FTS5 with the trigram tokenizer;
PostgreSQL: pg_trgm GIN indexes on title and body, and a GIN index of one- and two-character
grams for shorter terms).

Terms separated by spaces must all match, each in the title or the body, ignoring the case of
Latin letters. On SQLite, terms of three characters or more use the FTS5 trigram index;
one- and two-character terms (a person's name such as 孙宝) fall back to a LIKE scan of titles
and bodies, which is fast enough for a village's data (bench/bench_ui_scale.py, see
docs/benchmarks.md). On PostgreSQL every term is a LIKE (ILIKE when it has Latin letters)
'%term%' over title and body, which the trigram indexes answer for terms of three or more
characters. A term of one or two characters found in few items (counted first with the grams
index of ``item_search``, schema step 10, storage/migrations_search.py) also requires the item
to be among those whose grams contain it; a common one (低保) is left to the LIKE scan, which is
then the cheaper plan. The grams test is implied by the LIKE/ILIKE test (ILIKE compares the
lower-case forms), so it only narrows what LIKE reads: results are those of a plain LIKE scan
(bench/bench_pg.py).
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

#: The items a short term may be in, on PostgreSQL (``%s``: the term).
_GRAMS_IDS = "SELECT item_id FROM item_search WHERE grams @> board_term_grams(lower(%s))"

#: The same ids as an array computed once (the term is rare: few ids), so the plan reads them
#: from the grams index and then the items by their key, whatever the planner guesses for LIKE.
_ANY_GRAMS_ID = f"ANY (ARRAY({_GRAMS_IDS}))"

#: A short term in at least this many items (of those the login may read) is left to the LIKE
#: scan alone: reading the titles and bodies is then cheaper than joining that many ids from
#: the grams index (bench/bench_pg.py: 低保, in 46% of the items).
GRAMS_COMMON = 1000


def _uses_grams(term: str) -> bool:
    return 1 <= len(term) <= GRAMS_MAX_CHARS


def _rare_short_terms(terms: list[str], db: pw.Database) -> set[str]:
    """The one- and two-character term (at most one) the grams index should narrow the search
    to: the first in fewer than :data:`GRAMS_COMMON` items (counted with the index, stopping
    at the limit: ~3 ms a probe; at most three probes). One rare term is enough to narrow the
    search; the others are then tested by LIKE on those few items."""
    short = list(dict.fromkeys(t for t in terms if _uses_grams(t)))
    for term in short[:3]:
        probe = f"SELECT count(*) FROM ({_GRAMS_IDS} LIMIT %s) AS hits"
        if db.execute_sql(probe, (term, GRAMS_COMMON)).fetchone()[0] < GRAMS_COMMON:
            return {term}
    return set()


def _postgres_ids_sql(text: str, db: pw.Database) -> tuple[str, list[object]]:
    """PostgreSQL: one ILIKE pair per term, all required (pg_trgm indexes serve them; the
    grams index serves rare terms of one or two characters)."""
    conditions: list[str] = []
    params: list[object] = []
    terms = _terms(text)
    rare = _rare_short_terms(terms, db)
    for term in terms:
        # ILIKE folds case but costs twice LIKE on a scan; a term without letters that have
        # a case (Chinese, digits) is the same either way.
        op = "LIKE" if term.lower() == term.upper() else "ILIKE"
        like = _like(term)
        if term in rare:
            conditions.append(f"((title {op} %s OR body {op} %s) AND id = {_ANY_GRAMS_ID})")
            params.extend([like, like, term])
        else:
            conditions.append(f"(title {op} %s OR body {op} %s)")
            params.extend([like, like])
    return "SELECT id FROM item WHERE " + " AND ".join(conditions), params


def matching_condition(text: str, db: pw.Database) -> pw.Expression:
    """A WHERE condition on ``item`` for the items that contain every term of ``text``.

    On PostgreSQL the LIKE tests go into the item query itself, so the planner combines them
    with the other filters (one village's 2,500 items are scanned, not the township's 100,000);
    a rare term of one or two characters also limits the items to those the grams index lists.
    On SQLite the ids come from the FTS5 table."""
    from board_app.storage.models import ItemRow

    if not is_postgres(db):
        sql, params = matching_ids_sql(text, db)
        return ItemRow.id.in_(pw.SQL(f"({sql})", params))
    condition: pw.Expression | None = None
    terms = _terms(text)
    rare = _rare_short_terms(terms, db)
    for term in terms:
        op = pw.OP.LIKE if term.lower() == term.upper() else pw.OP.ILIKE
        like = _like(term)
        either = pw.Expression(ItemRow.title, op, like) | pw.Expression(ItemRow.body, op, like)
        if term in rare:
            either = either & pw.Expression(ItemRow.id, "=", pw.SQL(_ANY_GRAMS_ID, [term]))
        condition = either if condition is None else condition & either
    assert condition is not None  # _terms never returns an empty list
    return condition


def matching_ids_sql(text: str, db: pw.Database | None = None) -> tuple[str, list[object]]:
    """SQL returning the ids of items whose title or body contains every term of ``text``.

    Terms of three or more characters use the trigram index; shorter ones a LIKE scan of
    titles and bodies. ``db`` chooses the engine's SQL (SQLite when not given).
    """
    if db is not None and is_postgres(db):
        return _postgres_ids_sql(text, db)
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
