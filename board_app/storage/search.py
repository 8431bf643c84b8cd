"""Full-text search over item titles and bodies (SQLite FTS5 with the trigram tokenizer).

Trigram indexes need queries of three characters or more; one- and two-character queries fall
back to a LIKE search on titles only. SQLite-only code stays in this module.
"""

from __future__ import annotations

import peewee as pw


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


def matching_ids_sql(text: str) -> tuple[str, list[object]]:
    """SQL returning the ids of items whose title or body contains ``text``."""
    text = text.strip()
    if len(text) >= 3:
        terms = [t for t in text.split() if t]
        if all(len(t) >= 3 for t in terms):
            query = " AND ".join(_quote(t) for t in terms)
            return "SELECT rowid FROM item_fts WHERE item_fts MATCH ?", [query]
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return "SELECT id FROM item WHERE title LIKE ? ESCAPE '\\'", [like]
