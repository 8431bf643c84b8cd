"""Schema step 10: an index for one- and two-character search terms on PostgreSQL.

pg_trgm's trigram indexes (step 1) answer ``LIKE '%term%'`` only for terms of three or more
characters; a shorter term (a surname, a name such as 孙宝, 低保) scanned every title and body.
This step adds the table ``item_search``: per item, the distinct one- and two-character
substrings ("grams") of ``lower(title)`` and of ``lower(body)`` (characters are code points,
as in PostgreSQL's ``substr`` and ``length`` in a UTF-8 database, so 𠮷 of CJK Extension B is
one character), with a GIN index. For a rare short term storage/search.py adds ``id = ANY
(ARRAY(SELECT item_id FROM item_search WHERE grams @> board_term_grams(lower(term))))`` to the
LIKE/ILIKE test: a necessary condition (ILIKE compares ``lower`` of both sides) that the index
answers, while the LIKE test still decides, so results are exactly those of a plain scan.

Why a table of its own, kept by triggers: the grams of an item take about twice the room of its
title and body. As a stored generated column of ``item`` they made the table three times as
large and every list that reads many items (all villages, status 已公开) about three times as
slow; an index on the function's result alone (no stored grams) computed them for every row
whenever the planner chose a scan. Here ``item`` is unchanged, and storage/search.py reads
``item_search`` only for rare terms, through the index. The trigger runs on insert and when the
title, body or organization changes (not on review or publish): about 0.15 ms per typical item,
about 5 ms for a 6,000-character paragraph; each gram is stored once. PL/pgSQL keeps the plan of
the grams query for the session (an SQL-language function was re-planned for every INSERT
statement, about three times the cost).

Row-level security as for items (an organization's grams reveal its texts); only the trigger
(SECURITY DEFINER, the tables' owner) writes the table. SQLite is unchanged (FTS5 plus LIKE).
Frozen DDL: never edit these texts once released; a later change is a new step.
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import is_postgres, run_frozen

#: The table of grams (no model: SQLite has no such table; see dialect.SEARCH_TABLES).
TABLE = "item_search"

_GRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION board_search_grams(title text, body text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    title_chars text[] := string_to_array(lower(title), NULL);
    body_chars text[] := string_to_array(lower(body), NULL);
BEGIN
    RETURN ARRAY(
        SELECT DISTINCT gram FROM (
            SELECT unnest(title_chars || body_chars) AS gram
            UNION ALL
            SELECT a || b FROM unnest(title_chars, title_chars[2:]) AS pair(a, b)
             WHERE b IS NOT NULL
            UNION ALL
            SELECT a || b FROM unnest(body_chars, body_chars[2:]) AS pair(a, b)
             WHERE b IS NOT NULL
        ) AS grams);
END
$$
"""

#: The grams a search term needs: the term itself when it has one or two characters (the
#: usual case), else its two-character substrings (``lower`` may lengthen a term under an ICU
#: locale; every substring of a match is in the item's grams all the same).
_TERM_FUNCTION = """
CREATE OR REPLACE FUNCTION board_term_grams(term text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN length(term) <= 2 THEN ARRAY[term]
                ELSE ARRAY(SELECT substr(term, i, 2) FROM generate_series(1, length(term) - 1) AS i)
           END
$$
"""

_SYNC_FUNCTION = """
CREATE OR REPLACE FUNCTION board_item_search_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
    INSERT INTO item_search (item_id, organization_id, grams)
    VALUES (NEW.id, NEW.organization_id, board_search_grams(NEW.title, NEW.body))
    ON CONFLICT (item_id) DO UPDATE
        SET organization_id = EXCLUDED.organization_id, grams = EXCLUDED.grams;
    RETURN NULL;
END
$$
"""

_READ_POLICY = (
    "CREATE POLICY board_read ON item_search FOR SELECT USING "
    "(organization_id = ANY ((SELECT board_orgs(current_user, 'read'))::integer[]))"
)

#: Step 10 on PostgreSQL (``{schema}``: the tables' schema, quoted). The grams of existing
#: items are computed once, by the INSERT … SELECT.
POSTGRESQL_DDL: tuple[str, ...] = (
    # no item written by another connection between the copy below and the triggers
    'LOCK TABLE "item" IN SHARE MODE',
    _GRAMS_FUNCTION,
    _TERM_FUNCTION,
    (
        'CREATE TABLE "item_search" ('
        '"item_id" INTEGER NOT NULL PRIMARY KEY REFERENCES "item" ("id") ON DELETE CASCADE, '
        '"organization_id" INTEGER NOT NULL, "grams" TEXT[] NOT NULL) '
        "WITH (toast_tuple_target = 128)"
    ),
    # a long text's grams go out of line uncompressed (distinct grams hardly compress)
    'ALTER TABLE "item_search" ALTER COLUMN "grams" SET STORAGE EXTERNAL',
    (
        'INSERT INTO "item_search" ("item_id", "organization_id", "grams") '
        'SELECT "id", "organization_id", board_search_grams("title", "body") FROM "item"'
    ),
    # built after the rows are in: one sorted build instead of an insert per item
    'CREATE INDEX "item_search_grams" ON "item_search" USING gin ("grams")',
    _SYNC_FUNCTION,
    "REVOKE ALL ON FUNCTION board_item_search_sync() FROM PUBLIC",
    (
        "CREATE TRIGGER board_item_search_insert AFTER INSERT ON item "
        "FOR EACH ROW EXECUTE FUNCTION board_item_search_sync()"
    ),
    (
        "CREATE TRIGGER board_item_search_update AFTER UPDATE OF title, body, organization_id "
        "ON item FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title "
        "OR OLD.body IS DISTINCT FROM NEW.body "
        "OR OLD.organization_id IS DISTINCT FROM NEW.organization_id) "
        "EXECUTE FUNCTION board_item_search_sync()"
    ),
    "ALTER TABLE item_search ENABLE ROW LEVEL SECURITY",
    _READ_POLICY,
    "GRANT SELECT ON item_search TO board_clerk, board_reviewer, board_township, board_admin",
)


def v10_short_term_index(db: pw.Database) -> None:
    """Step 10: the grams table, its index and triggers on PostgreSQL; nothing on SQLite."""
    statements: list[str] = []
    if is_postgres(db) and TABLE not in db.get_tables():
        schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
        quoted = '"' + schema.replace('"', '""') + '"'
        statements = [s.replace("{schema}", quoted) for s in POSTGRESQL_DDL]
    run_frozen(db, sqlite=(), postgresql=statements)
