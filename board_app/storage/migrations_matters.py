"""Schema step for the 四议两公开 tables, as frozen DDL (never the live models)."""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import run_frozen

DDL = (
    """CREATE TABLE matter (
        id INTEGER NOT NULL PRIMARY KEY,
        organization_id INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        proposer TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        budget TEXT,
        implemented_on DATE,
        result_summary TEXT NOT NULL DEFAULT '',
        resolution_item_id INTEGER REFERENCES item (id) ON DELETE SET NULL,
        result_item_id INTEGER REFERENCES item (id) ON DELETE SET NULL,
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL
    )""",
    "CREATE INDEX matter_organization_id ON matter (organization_id)",
    "CREATE INDEX matter_resolution_item_id ON matter (resolution_item_id)",
    "CREATE INDEX matter_result_item_id ON matter (result_item_id)",
    """CREATE TABLE matter_step (
        id INTEGER NOT NULL PRIMARY KEY,
        matter_id INTEGER NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind VARCHAR(255) NOT NULL,
        body VARCHAR(255) NOT NULL,
        held_on DATE,
        place TEXT NOT NULL DEFAULT '',
        chair TEXT NOT NULL DEFAULT '',
        recorder TEXT NOT NULL DEFAULT '',
        members INTEGER,
        present INTEGER,
        member_names TEXT NOT NULL DEFAULT '',
        present_names TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        votes_for INTEGER,
        votes_against INTEGER,
        abstentions INTEGER,
        outcome VARCHAR(255),
        supervisors_attended INTEGER NOT NULL DEFAULT 0,
        supervisors TEXT NOT NULL DEFAULT '',
        "then" VARCHAR(255) NOT NULL DEFAULT '',
        closed INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX matter_step_matter_id ON matter_step (matter_id)",
    """CREATE TABLE matter_spending (
        id INTEGER NOT NULL PRIMARY KEY,
        matter_id INTEGER NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        date DATE,
        voucher TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        income TEXT NOT NULL,
        expense TEXT NOT NULL
    )""",
    "CREATE INDEX matter_spending_matter_id ON matter_spending (matter_id)",
    """CREATE TABLE matter_settings (
        organization_id INTEGER NOT NULL PRIMARY KEY
            REFERENCES organization (id) ON DELETE CASCADE,
        data TEXT NOT NULL
    )""",
)


DDL_PG = (
    """CREATE TABLE matter (
        id SERIAL PRIMARY KEY,
        organization_id INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        proposer TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        budget TEXT,
        implemented_on DATE,
        result_summary TEXT NOT NULL DEFAULT '',
        resolution_item_id INTEGER REFERENCES item (id) ON DELETE SET NULL,
        result_item_id INTEGER REFERENCES item (id) ON DELETE SET NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
    )""",
    *DDL[1:4],
    """CREATE TABLE matter_step (
        id SERIAL PRIMARY KEY,
        matter_id INTEGER NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        held_on DATE,
        place TEXT NOT NULL DEFAULT '',
        chair TEXT NOT NULL DEFAULT '',
        recorder TEXT NOT NULL DEFAULT '',
        members INTEGER,
        present INTEGER,
        member_names TEXT NOT NULL DEFAULT '',
        present_names TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        votes_for INTEGER,
        votes_against INTEGER,
        abstentions INTEGER,
        outcome TEXT,
        supervisors_attended BOOLEAN NOT NULL DEFAULT FALSE,
        supervisors TEXT NOT NULL DEFAULT '',
        "then" TEXT NOT NULL DEFAULT '',
        closed BOOLEAN NOT NULL DEFAULT FALSE
    )""",
    DDL[5],
    """CREATE TABLE matter_spending (
        id SERIAL PRIMARY KEY,
        matter_id INTEGER NOT NULL REFERENCES matter (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        date DATE,
        voucher TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        income TEXT NOT NULL,
        expense TEXT NOT NULL
    )""",
    DDL[7],
    DDL[8],
)


def matters_tables(db: pw.Database) -> None:
    """Tables of 四议两公开 matters: matter, matter_step, matter_spending, matter_settings."""
    run_frozen(db, sqlite=DDL, postgresql=DDL_PG)
