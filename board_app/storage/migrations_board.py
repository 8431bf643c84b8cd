"""Schema step for the organization's board options (board language, 落款 on/off and wording).

The options are one JSON text column of the organization, next to its other board texts, so
later board options need no further schema change. Frozen DDL: the step adds the column with
explicit SQL (and does nothing when a database already has it). The statement is the same
on both engines.
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import columns

BOARD_OPTIONS_DDL = "ALTER TABLE organization ADD COLUMN board_options TEXT NOT NULL DEFAULT '{}'"


def add_board_options(db: pw.Database) -> None:
    """Add ``organization.board_options`` (JSON, default ``{}``)."""
    if "board_options" not in columns(db, "organization"):
        db.execute_sql(BOARD_OPTIONS_DDL)
