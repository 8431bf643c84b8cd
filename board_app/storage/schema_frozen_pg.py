"""The schema of steps 1 and 2 for PostgreSQL, frozen as SQL text (see schema_frozen.py).

Same tables, columns and index names as the SQLite text; the types are PostgreSQL's: SERIAL
keys, TIMESTAMP for date-times, BYTEA for image data, TEXT for text (no length limit, as on
SQLite) and for money (exact decimal text, as on SQLite). The search index is pg_trgm's GIN
trigram index on title and body instead of the FTS5 table. Never edit a released constant.
"""

from __future__ import annotations

V1_TABLES: tuple[str, ...] = (
    (
        'CREATE TABLE "audit" ("id" SERIAL PRIMARY KEY, "at" TIMESTAMP NOT NULL, "operator" '
        'TEXT NOT NULL, "action" TEXT NOT NULL, "organization" INTEGER, "item" INTEGER, '
        '"changes" TEXT NOT NULL)'
    ),
    'CREATE INDEX "audit_at" ON "audit" ("at")',
    'CREATE INDEX "audit_item" ON "audit" ("item")',
    (
        'CREATE TABLE "organization" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL, "kind" '
        'TEXT NOT NULL, "phone" TEXT NOT NULL, "address" TEXT NOT NULL, "fonds_code" TEXT '
        'NOT NULL, "fonds_name" TEXT NOT NULL, "display_days" INTEGER NOT NULL, '
        '"board_title" TEXT NOT NULL, "board_subtitle" TEXT NOT NULL, "footer_lines" TEXT '
        'NOT NULL, "board_template" TEXT NOT NULL, "board_theme" TEXT NOT NULL, '
        '"public_numbers" TEXT NOT NULL, "tracking_start" DATE)'
    ),
    'CREATE UNIQUE INDEX "organization_name" ON "organization" ("name")',
    (
        'CREATE TABLE "category" ("id" SERIAL PRIMARY KEY, "organization_id" INTEGER NOT '
        'NULL REFERENCES "organization" ("id") ON DELETE CASCADE, "name" TEXT NOT NULL, '
        '"domain" TEXT NOT NULL, "publication_type" TEXT NOT NULL, "scope" TEXT NOT NULL, '
        '"cadence" TEXT NOT NULL, "due_month_offset" INTEGER, "due_day" INTEGER, "retention" '
        'TEXT NOT NULL, "display_order" INTEGER NOT NULL)'
    ),
    'CREATE INDEX "category_organization_id" ON "category" ("organization_id")',
    'CREATE UNIQUE INDEX "category_organization_id_name" ON "category" ("organization_id", "name")',
    (
        'CREATE TABLE "item" ("id" SERIAL PRIMARY KEY, "organization_id" INTEGER NOT NULL '
        'REFERENCES "organization" ("id") ON DELETE CASCADE, "category_id" INTEGER '
        'REFERENCES "category" ("id") ON DELETE SET NULL, "domain" TEXT, "title" TEXT NOT '
        'NULL, "body" TEXT NOT NULL, "publication_type" TEXT NOT NULL, "scope" TEXT, '
        '"period" TEXT, "publish_date" DATE, "expire_date" DATE, "responsible" TEXT NOT '
        'NULL, "reviewer" TEXT NOT NULL, "review_date" DATE, "review_opinion" TEXT NOT NULL, '
        '"retention" TEXT, "status" TEXT NOT NULL, "number" TEXT, "withdrawn_date" DATE, '
        '"withdrawn_reason" TEXT NOT NULL, "replaces_id" INTEGER REFERENCES "item" ("id") ON '
        'DELETE SET NULL, "opening_balance" TEXT, "created_at" TIMESTAMP NOT NULL, '
        '"updated_at" TIMESTAMP NOT NULL)'
    ),
    'CREATE INDEX "item_organization_id" ON "item" ("organization_id")',
    'CREATE INDEX "item_category_id" ON "item" ("category_id")',
    'CREATE INDEX "item_publication_type" ON "item" ("publication_type")',
    'CREATE INDEX "item_period" ON "item" ("period")',
    'CREATE INDEX "item_publish_date" ON "item" ("publish_date")',
    'CREATE INDEX "item_status" ON "item" ("status")',
    'CREATE INDEX "item_replaces_id" ON "item" ("replaces_id")',
    'CREATE INDEX "item_updated_at" ON "item" ("updated_at")',
    'CREATE UNIQUE INDEX "item_organization_id_number" ON "item" ("organization_id", "number")',
    (
        'CREATE TABLE "image" ("id" SERIAL PRIMARY KEY, "item_id" INTEGER NOT NULL '
        'REFERENCES "item" ("id") ON DELETE CASCADE, "position" INTEGER NOT NULL, "caption" '
        'TEXT NOT NULL, "media_type" TEXT NOT NULL, "width" INTEGER NOT NULL, "height" '
        'INTEGER NOT NULL, "data" BYTEA NOT NULL)'
    ),
    'CREATE INDEX "image_item_id" ON "image" ("item_id")',
    (
        'CREATE TABLE "ledger_row" ("id" SERIAL PRIMARY KEY, "item_id" INTEGER NOT NULL '
        'REFERENCES "item" ("id") ON DELETE CASCADE, "position" INTEGER NOT NULL, "date" '
        'DATE, "voucher" TEXT NOT NULL, "summary" TEXT NOT NULL, "income" TEXT NOT NULL, '
        '"expense" TEXT NOT NULL)'
    ),
    'CREATE INDEX "ledger_row_item_id" ON "ledger_row" ("item_id")',
    'CREATE TABLE "meta" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    # Search (storage/search.py): trigram indexes serve LIKE/ILIKE '%term%' for terms of 3+
    # characters; the database's LC_CTYPE must be UTF-8 so CJK characters count as letters.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    'CREATE INDEX "item_title_trgm" ON "item" USING gin ("title" gin_trgm_ops)',
    'CREATE INDEX "item_body_trgm" ON "item" USING gin ("body" gin_trgm_ops)',
)

V2_ARCHIVE: tuple[str, ...] = (
    (
        'CREATE TABLE "archive_number" ("id" SERIAL PRIMARY KEY, "organization_id" INTEGER '
        'NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE, "item_id" INTEGER NOT '
        'NULL REFERENCES "item" ("id") ON DELETE CASCADE, "year" INTEGER NOT NULL, '
        '"retention" TEXT NOT NULL, "seq" INTEGER NOT NULL)'
    ),
    'CREATE INDEX "archive_number_organization_id" ON "archive_number" ("organization_id")',
    'CREATE UNIQUE INDEX "archive_number_item_id" ON "archive_number" ("item_id")',
    (
        'CREATE UNIQUE INDEX "archive_number_organization_id_year_retention_seq" ON '
        '"archive_number" ("organization_id", "year", "retention", "seq")'
    ),
    (
        'CREATE TABLE "box_batch" ("id" SERIAL PRIMARY KEY, "organization_id" INTEGER NOT '
        'NULL REFERENCES "organization" ("id") ON DELETE CASCADE, "year" INTEGER NOT NULL, '
        '"retention" TEXT NOT NULL, "box" INTEGER NOT NULL, "quarter" INTEGER, "first_seq" '
        'INTEGER NOT NULL, "last_seq" INTEGER NOT NULL, "item_count" INTEGER NOT NULL, '
        '"page_count" INTEGER NOT NULL, "pdf_path" TEXT NOT NULL, "pdf_sha256" TEXT NOT '
        'NULL, "operator" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL)'
    ),
    'CREATE INDEX "box_batch_organization_id" ON "box_batch" ("organization_id")',
    'CREATE INDEX "box_batch_pdf_sha256" ON "box_batch" ("pdf_sha256")',
    (
        'CREATE UNIQUE INDEX "box_batch_organization_id_year_retention_box" ON "box_batch" '
        '("organization_id", "year", "retention", "box")'
    ),
)
