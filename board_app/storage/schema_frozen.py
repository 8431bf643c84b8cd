"""The schema of each released version, frozen as SQL text (SQLite dialect).

A migration step creates exactly what its version had, whatever the models say today: the
first change to a model can never break the upgrade of an old database. Add a new version
as a new constant and step; never edit an existing one.
"""

from __future__ import annotations

V1_TABLES: tuple[str, ...] = (
    (
        'CREATE TABLE "audit" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, '
        '"operator" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, '
        '"organization" INTEGER, "item" INTEGER, "changes" TEXT NOT NULL)'
    ),
    'CREATE INDEX "audit_at" ON "audit" ("at")',
    'CREATE INDEX "audit_item" ON "audit" ("item")',
    (
        'CREATE TABLE "organization" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"name" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, '
        '"phone" VARCHAR(255) NOT NULL, "address" VARCHAR(255) NOT NULL, '
        '"fonds_code" VARCHAR(255) NOT NULL, "fonds_name" VARCHAR(255) NOT NULL, '
        '"display_days" INTEGER NOT NULL, "board_title" VARCHAR(255) NOT NULL, '
        '"board_subtitle" VARCHAR(255) NOT NULL, "footer_lines" TEXT NOT NULL, '
        '"board_template" VARCHAR(255) NOT NULL, "board_theme" VARCHAR(255) NOT NULL, '
        '"public_numbers" TEXT NOT NULL, "tracking_start" DATE)'
    ),
    'CREATE UNIQUE INDEX "organization_name" ON "organization" ("name")',
    (
        'CREATE TABLE "category" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"organization_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, '
        '"domain" VARCHAR(255) NOT NULL, "publication_type" VARCHAR(255) NOT NULL, '
        '"scope" VARCHAR(255) NOT NULL, "cadence" VARCHAR(255) NOT NULL, '
        '"due_month_offset" INTEGER, "due_day" INTEGER, "retention" VARCHAR(255) NOT NULL, '
        '"display_order" INTEGER NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "category_organization_id" ON "category" ("organization_id")',
    (
        'CREATE UNIQUE INDEX "category_organization_id_name" ON "category" ("organization_id", '
        '"name")'
    ),
    (
        'CREATE TABLE "item" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"organization_id" INTEGER NOT NULL, "category_id" INTEGER, "domain" VARCHAR(255), '
        '"title" TEXT NOT NULL, "body" TEXT NOT NULL, "publication_type" VARCHAR(255) NOT NULL, '
        '"scope" VARCHAR(255), "period" VARCHAR(255), "publish_date" DATE, "expire_date" DATE, '
        '"responsible" VARCHAR(255) NOT NULL, "reviewer" VARCHAR(255) NOT NULL, '
        '"review_date" DATE, "review_opinion" TEXT NOT NULL, "retention" VARCHAR(255), '
        '"status" VARCHAR(255) NOT NULL, "number" VARCHAR(255), "withdrawn_date" DATE, '
        '"withdrawn_reason" TEXT NOT NULL, "replaces_id" INTEGER, "opening_balance" TEXT, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("category_id") REFERENCES "category" ("id") ON DELETE SET NULL, '
        'FOREIGN KEY ("replaces_id") REFERENCES "item" ("id") ON DELETE SET NULL)'
    ),
    'CREATE INDEX "item_organization_id" ON "item" ("organization_id")',
    'CREATE INDEX "item_category_id" ON "item" ("category_id")',
    'CREATE INDEX "item_publication_type" ON "item" ("publication_type")',
    'CREATE INDEX "item_period" ON "item" ("period")',
    'CREATE INDEX "item_publish_date" ON "item" ("publish_date")',
    'CREATE INDEX "item_status" ON "item" ("status")',
    'CREATE INDEX "item_replaces_id" ON "item" ("replaces_id")',
    'CREATE INDEX "item_updated_at" ON "item" ("updated_at")',
    ('CREATE UNIQUE INDEX "item_organization_id_number" ON "item" ("organization_id", "number")'),
    (
        'CREATE TABLE "image" ("id" INTEGER NOT NULL PRIMARY KEY, "item_id" INTEGER NOT NULL, '
        '"position" INTEGER NOT NULL, "caption" TEXT NOT NULL, '
        '"media_type" VARCHAR(255) NOT NULL, "width" INTEGER NOT NULL, '
        '"height" INTEGER NOT NULL, "data" BLOB NOT NULL, '
        'FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "image_item_id" ON "image" ("item_id")',
    (
        'CREATE TABLE "ledger_row" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"item_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "date" DATE, '
        '"voucher" VARCHAR(255) NOT NULL, "summary" TEXT NOT NULL, "income" TEXT NOT NULL, '
        '"expense" TEXT NOT NULL, '
        'FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "ledger_row_item_id" ON "ledger_row" ("item_id")',
    'CREATE TABLE "meta" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    (
        "CREATE VIRTUAL TABLE item_fts USING fts5(title, body, content='item', "
        "content_rowid='id', tokenize='trigram')"
    ),
    (
        "CREATE TRIGGER item_fts_ai AFTER INSERT ON item BEGIN INSERT INTO item_fts(rowid, "
        "title, body) VALUES (new.id, new.title, new.body); END"
    ),
    (
        "CREATE TRIGGER item_fts_ad AFTER DELETE ON item BEGIN INSERT INTO item_fts(item_fts, "
        "rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END"
    ),
    (
        "CREATE TRIGGER item_fts_au AFTER UPDATE OF title, "
        "body ON item BEGIN INSERT INTO item_fts(item_fts, rowid, title, body) VALUES ('delete', "
        "old.id, old.title, old.body); INSERT INTO item_fts(rowid, title, body) VALUES (new.id, "
        "new.title, new.body); END"
    ),
)

V2_ARCHIVE: tuple[str, ...] = (
    (
        'CREATE TABLE "archive_number" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"organization_id" INTEGER NOT NULL, "item_id" INTEGER NOT NULL, '
        '"year" INTEGER NOT NULL, "retention" VARCHAR(255) NOT NULL, "seq" INTEGER NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("item_id") REFERENCES "item" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "archive_number_organization_id" ON "archive_number" ("organization_id")',
    'CREATE UNIQUE INDEX "archive_number_item_id" ON "archive_number" ("item_id")',
    (
        'CREATE UNIQUE INDEX "archive_number_organization_id_year_retention_seq" ON "archive_numb'
        'er" ("organization_id", "year", "retention", "seq")'
    ),
    (
        'CREATE TABLE "box_batch" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"organization_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, '
        '"retention" VARCHAR(255) NOT NULL, "box" INTEGER NOT NULL, "quarter" INTEGER, '
        '"first_seq" INTEGER NOT NULL, "last_seq" INTEGER NOT NULL, '
        '"item_count" INTEGER NOT NULL, "page_count" INTEGER NOT NULL, "pdf_path" TEXT NOT NULL, '
        '"pdf_sha256" VARCHAR(255) NOT NULL, "operator" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE CASCADE)'
    ),
    'CREATE INDEX "box_batch_organization_id" ON "box_batch" ("organization_id")',
    'CREATE INDEX "box_batch_pdf_sha256" ON "box_batch" ("pdf_sha256")',
    (
        'CREATE UNIQUE INDEX "box_batch_organization_id_year_retention_box" ON "box_batch" ("orga'
        'nization_id", "year", "retention", "box")'
    ),
)
