"""Schema step for the feedback register: frozen DDL, never the live models."""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import run_frozen

FEEDBACK_VERSION = 5

FEEDBACK_DDL = [
    """CREATE TABLE IF NOT EXISTS "feedback_settings" (
        "organization_id" INTEGER NOT NULL PRIMARY KEY
            REFERENCES "organization" ("id") ON DELETE CASCADE,
        "due_working_days" INTEGER NOT NULL DEFAULT 7,
        "box_interval_days" INTEGER NOT NULL DEFAULT 0,
        "board_enabled" INTEGER NOT NULL DEFAULT 0,
        "retention" VARCHAR(255) NOT NULL DEFAULT '10年')""",
    """CREATE TABLE IF NOT EXISTS "box_opening" (
        "id" INTEGER NOT NULL PRIMARY KEY,
        "organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
        "opened" DATE NOT NULL,
        "opener_one" VARCHAR(255) NOT NULL,
        "opener_two" VARCHAR(255) NOT NULL,
        "letters" INTEGER NOT NULL,
        "note" TEXT NOT NULL DEFAULT '',
        "created_at" DATETIME NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS "box_opening_organization_id"
        ON "box_opening" ("organization_id", "opened")""",
    """CREATE TABLE IF NOT EXISTS "feedback" (
        "id" INTEGER NOT NULL PRIMARY KEY,
        "organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
        "number" VARCHAR(255) NOT NULL,
        "received" DATE NOT NULL,
        "channel" VARCHAR(255) NOT NULL,
        "kind" VARCHAR(255) NOT NULL,
        "content" TEXT NOT NULL,
        "submitter" VARCHAR(255) NOT NULL DEFAULT '',
        "contact" VARCHAR(255) NOT NULL DEFAULT '',
        "item_number" VARCHAR(255) NOT NULL DEFAULT '',
        "handler" VARCHAR(255) NOT NULL DEFAULT '',
        "due" DATE,
        "status" VARCHAR(255) NOT NULL,
        "reply_text" TEXT NOT NULL DEFAULT '',
        "reply_date" DATE,
        "reply_by" VARCHAR(255) NOT NULL DEFAULT '',
        "reply_method" VARCHAR(255),
        "response" VARCHAR(255),
        "closed_date" DATE,
        "public_summary" TEXT NOT NULL DEFAULT '',
        "post_from" DATE,
        "opening_id" INTEGER REFERENCES "box_opening" ("id") ON DELETE SET NULL,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL)""",
    """CREATE UNIQUE INDEX IF NOT EXISTS "feedback_organization_id_number"
        ON "feedback" ("organization_id", "number")""",
    """CREATE INDEX IF NOT EXISTS "feedback_organization_id_received"
        ON "feedback" ("organization_id", "received")""",
    """CREATE INDEX IF NOT EXISTS "feedback_opening_id" ON "feedback" ("opening_id")""",
    """CREATE TABLE IF NOT EXISTS "feedback_archive" (
        "id" INTEGER NOT NULL PRIMARY KEY,
        "organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
        "year" INTEGER NOT NULL,
        "retention" VARCHAR(255) NOT NULL,
        "seq" INTEGER NOT NULL)""",
    """CREATE UNIQUE INDEX IF NOT EXISTS "feedback_archive_organization_id_year"
        ON "feedback_archive" ("organization_id", "year")""",
    """CREATE TABLE IF NOT EXISTS "calendar_day" (
        "day" DATE NOT NULL PRIMARY KEY,
        "kind" VARCHAR(255) NOT NULL,
        "note" VARCHAR(255) NOT NULL DEFAULT '')""",
]


FEEDBACK_DDL_PG = [
    """CREATE TABLE IF NOT EXISTS "feedback_settings" (
        "organization_id" INTEGER NOT NULL PRIMARY KEY
            REFERENCES "organization" ("id") ON DELETE CASCADE,
        "due_working_days" INTEGER NOT NULL DEFAULT 7,
        "box_interval_days" INTEGER NOT NULL DEFAULT 0,
        "board_enabled" BOOLEAN NOT NULL DEFAULT FALSE,
        "retention" TEXT NOT NULL DEFAULT '10年')""",
    """CREATE TABLE IF NOT EXISTS "box_opening" (
        "id" SERIAL PRIMARY KEY,
        "organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
        "opened" DATE NOT NULL,
        "opener_one" TEXT NOT NULL,
        "opener_two" TEXT NOT NULL,
        "letters" INTEGER NOT NULL,
        "note" TEXT NOT NULL DEFAULT '',
        "created_at" TIMESTAMP NOT NULL)""",
    FEEDBACK_DDL[2],
    """CREATE TABLE IF NOT EXISTS "feedback" (
        "id" SERIAL PRIMARY KEY,
        "organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
        "number" TEXT NOT NULL,
        "received" DATE NOT NULL,
        "channel" TEXT NOT NULL,
        "kind" TEXT NOT NULL,
        "content" TEXT NOT NULL,
        "submitter" TEXT NOT NULL DEFAULT '',
        "contact" TEXT NOT NULL DEFAULT '',
        "item_number" TEXT NOT NULL DEFAULT '',
        "handler" TEXT NOT NULL DEFAULT '',
        "due" DATE,
        "status" TEXT NOT NULL,
        "reply_text" TEXT NOT NULL DEFAULT '',
        "reply_date" DATE,
        "reply_by" TEXT NOT NULL DEFAULT '',
        "reply_method" TEXT,
        "response" TEXT,
        "closed_date" DATE,
        "public_summary" TEXT NOT NULL DEFAULT '',
        "post_from" DATE,
        "opening_id" INTEGER REFERENCES "box_opening" ("id") ON DELETE SET NULL,
        "created_at" TIMESTAMP NOT NULL,
        "updated_at" TIMESTAMP NOT NULL)""",
    *FEEDBACK_DDL[4:7],
    """CREATE TABLE IF NOT EXISTS "feedback_archive" (
        "id" SERIAL PRIMARY KEY,
        "organization_id" INTEGER NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
        "year" INTEGER NOT NULL,
        "retention" TEXT NOT NULL,
        "seq" INTEGER NOT NULL)""",
    FEEDBACK_DDL[8],
    """CREATE TABLE IF NOT EXISTS "calendar_day" (
        "day" DATE NOT NULL PRIMARY KEY,
        "kind" TEXT NOT NULL,
        "note" TEXT NOT NULL DEFAULT '')""",
]


def v5_feedback(db: pw.Database) -> None:
    """Tables of the feedback register, box openings, settings and holiday entries."""
    run_frozen(db, sqlite=FEEDBACK_DDL, postgresql=FEEDBACK_DDL_PG)
