"""Schema step 10: an index for one- and two-character search terms on PostgreSQL.

pg_trgm's trigram indexes (step 1) answer ``LIKE '%term%'`` only for terms of three or more
characters; a shorter term (a surname, a name such as 孙宝, 低保) scanned every title and body.
This step gives ``item`` a STORED generated column ``search_grams``: the distinct one- and
two-character substrings of ``lower(title)`` and of ``lower(body)`` (characters are code
points, as in PostgreSQL's ``substr`` and ``length`` in a UTF-8 database, so 𠮷 of CJK
Extension B is one character), with a GIN index. storage/search.py adds
``search_grams @> board_term_grams(lower(term))`` to the LIKE/ILIKE test of a short term: a
necessary condition (ILIKE compares ``lower`` of both sides) that the index answers, while the
LIKE test still decides, so results are exactly those of a plain scan.

A stored column, not an index on the function's result: a plan that filters rows by the
condition then reads the stored array instead of computing it per row (an expression index,
tried first, computed it for every row whenever the planner chose a scan). The server computes
the column on every insert and update (about 0.1 ms for a typical item, about 5 ms for a
6,000-character paragraph; each gram is stored once). PL/pgSQL keeps the plan of its one query
for the session; an SQL-language function was re-planned for every INSERT statement and cost
about three times as much.

In a BEFORE trigger a generated column is still NULL, so the item guard of step 9 would see
every update as a change of content; this step replaces the guard with one that leaves the
column out of its comparisons. Nothing changes on SQLite (FTS5 plus LIKE stay as they are).
Frozen DDL: never edit these texts once released; a later change is a new step.
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import columns, is_postgres, run_frozen

#: The generated column and its index (not a model field: SQLite has no such column).
COLUMN = "search_grams"

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

#: Step 9's item guard with ``search_grams`` left out of the "did the content change" tests.
_ITEM_GUARD = """
CREATE OR REPLACE FUNCTION board_item_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
DECLARE
    -- search_grams is derived from title and body (and NULL in a BEFORE trigger)
    review_columns text[] := ARRAY['status', 'reviewer', 'review_date', 'review_opinion',
                                   'updated_at', 'version', 'search_grams'];
    workflow_columns text[] := review_columns || ARRAY['number', 'publish_date',
                                   'withdrawn_date', 'withdrawn_reason'];
    content_changed boolean;
BEGIN
    IF board_is_admin(current_user) THEN
        RETURN NEW;
    END IF;
    -- links stay inside the organization (a foreign key alone would accept another village's)
    IF NEW.category_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM category c
            WHERE c.id = NEW.category_id AND c.organization_id = NEW.organization_id)
       OR NEW.replaces_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM item i
            WHERE i.id = NEW.replaces_id AND i.organization_id = NEW.organization_id) THEN
        RAISE EXCEPTION 'board-app: an item links only to its own organization''s rows'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' THEN
        content_changed := (to_jsonb(NEW) - review_columns) IS DISTINCT FROM
                           (to_jsonb(OLD) - review_columns);
        IF content_changed AND NOT OLD.organization_id = ANY (board_orgs(current_user, 'write'))
        THEN
            RAISE EXCEPTION 'board-app: a reviewer records reviews but does not change items'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (to_jsonb(NEW) - workflow_columns) IS DISTINCT FROM (to_jsonb(OLD) - workflow_columns)
           AND OLD.status IN ('submitted', 'reviewed') AND NEW.status <> 'draft' THEN
            RAISE EXCEPTION 'board-app: an item under review goes back to draft when it changes'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.status = 'reviewed' AND OLD.status <> 'reviewed'
           AND NOT NEW.organization_id = ANY (board_orgs(current_user, 'review')) THEN
            RAISE EXCEPTION 'board-app: only a reviewer approves items'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status
           AND NOT (OLD.status, NEW.status) IN (
                ('draft', 'submitted'), ('submitted', 'draft'), ('submitted', 'reviewed'),
                ('reviewed', 'draft'), ('reviewed', 'published'), ('published', 'withdrawn'))
        THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'board-app: an item cannot go from ' || OLD.status || ' to '
                          || NEW.status;
        END IF;
    END IF;
    RETURN NEW;
END
$$
"""

#: Step 10 on PostgreSQL (``{schema}``: the tables' schema, quoted). Adding the column
#: rewrites ``item`` once, computing the grams of every existing row.
POSTGRESQL_DDL: tuple[str, ...] = (
    _GRAMS_FUNCTION,
    _TERM_FUNCTION,
    (
        f'ALTER TABLE "item" ADD COLUMN "{COLUMN}" text[] '
        'GENERATED ALWAYS AS (board_search_grams("title", "body")) STORED'
    ),
    f'CREATE INDEX "item_search_grams" ON "item" USING gin ("{COLUMN}")',
    _ITEM_GUARD,
)


def v10_short_term_index(db: pw.Database) -> None:
    """Step 10: the grams column and index on PostgreSQL; nothing on SQLite."""
    statements: list[str] = []
    if is_postgres(db) and COLUMN not in columns(db, "item"):
        schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
        quoted = '"' + schema.replace('"', '""') + '"'
        statements = [s.replace("{schema}", quoted) for s in POSTGRESQL_DDL]
    run_frozen(db, sqlite=(), postgresql=statements)
