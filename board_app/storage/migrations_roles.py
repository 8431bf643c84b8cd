"""Schema step 9: who may see and change what, enforced by PostgreSQL itself (no-op on SQLite).

On PostgreSQL, four group roles (NOLOGIN) hold the table privileges; logins are members of them
(``board-app server grant``). Which organizations a login may touch is in ``access_grant``,
read by row-level security policies through :data:`FUNCTIONS` (SECURITY DEFINER, so a policy
never recurses into another table's policies):

- ``board_clerk``: reads and writes every row of its organizations (items, ledgers, images,
  catalogue, feedback, matters, archive numbers, recycle bin, counters); edits its
  organization's board texts but not its name, kind or township.
- ``board_reviewer`` (审核, e.g. 村务监督委员会): reads its organizations; records reviews on
  items (status, reviewer, review date and opinion) and nothing else.
- ``board_township``: reads every organization of its township (``organization.township``,
  step 8); writes nothing.
- ``board_admin``: everything in every organization, and grants roles (CREATEROLE).

Only a reviewer (or an administrator) moves an item into 审核通过 (``reviewed``); a reviewed or
submitted item whose content changes must go back to draft. New items may arrive in any status
(an import or an offline village's push brings its history, reviewed where it was written).
The audit log is append-only for everyone but the tables' owner, and a trigger stamps each entry
with the database user.
Frozen DDL: the SQL text below is what version 9 creates, whatever the models say later. A later
step that adds a table holding organization data must enable row-level security on it the same
way (tests/test_pg_roles.py checks every table).
"""

from __future__ import annotations

import peewee as pw

from board_app.storage.dialect import is_postgres, run_frozen

#: The group roles, by the name used on the command line.
GROUP_ROLES = {
    "clerk": "board_clerk",
    "reviewer": "board_reviewer",
    "township": "board_township",
    "admin": "board_admin",
}

#: Tables whose rows belong to an organization through an ``organization_id`` column.
ORGANIZATION_TABLES = (
    "category",
    "item",
    "archive_number",
    "box_batch",
    "deleted_item",
    "feedback_settings",
    "box_opening",
    "feedback",
    "feedback_archive",
    "matter",
    "matter_settings",
    "number_counter",
)
#: Tables whose rows belong to an organization through a parent row: (table, column, parent).
CHILD_TABLES = (
    ("ledger_row", "item_id", "item"),
    ("image", "item_id", "item"),
    ("matter_step", "matter_id", "matter"),
    ("matter_spending", "matter_id", "matter"),
)
#: Tables every role reads and only administrators write (settings shared by all offices).
SHARED_TABLES = ("meta", "calendar_day")


_ROLES_SQL = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'board_clerk') THEN
        CREATE ROLE board_clerk NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'board_reviewer') THEN
        CREATE ROLE board_reviewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'board_township') THEN
        CREATE ROLE board_township NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'board_admin') THEN
        CREATE ROLE board_admin NOLOGIN;
    END IF;
END
$$
"""

_GRANT_TABLE_SQL = """
CREATE TABLE access_grant (
    id SERIAL PRIMARY KEY,
    login VARCHAR(63) NOT NULL,
    role VARCHAR(16) NOT NULL CHECK (role IN ('clerk', 'reviewer', 'township', 'admin')),
    organization_id INTEGER REFERENCES organization (id) ON DELETE CASCADE,
    township VARCHAR(255),
    granted_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    granted_by VARCHAR(63) NOT NULL DEFAULT session_user,
    CHECK (
        (role IN ('clerk', 'reviewer') AND organization_id IS NOT NULL AND township IS NULL)
        OR (role = 'township' AND organization_id IS NULL AND township IS NOT NULL)
        OR (role = 'admin' AND organization_id IS NULL AND township IS NULL)
    )
)
"""

_GRANT_INDEX_SQL = (
    "CREATE UNIQUE INDEX access_grant_scope ON access_grant "
    "(login, role, COALESCE(organization_id, 0), COALESCE(township, ''))"
)

#: ``board_is_admin(who)``: a member of board_admin, or of the role owning the tables.
#: ``board_orgs(who, need)``: the organizations ``who`` may read / write / change / review.
#: ``who`` must be the caller (or a role the session's login belongs to), so nobody can ask
#: what another login may see.
_FUNCTIONS_SQL = (
    """
CREATE FUNCTION board_is_admin(who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT pg_has_role(session_user, who, 'MEMBER')
       AND (pg_has_role(who, 'board_admin', 'MEMBER')
            OR pg_has_role(who, (SELECT relowner FROM pg_class
                                  WHERE oid = '{schema}.organization'::regclass), 'MEMBER'))
$$
""",
    """
CREATE FUNCTION board_orgs(who name, need text) RETURNS integer[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, who, 'MEMBER') THEN
        RETURN '{{}}';
    END IF;
    IF need <> 'review' AND board_is_admin(who) THEN
        RETURN ARRAY(SELECT id FROM organization);
    END IF;
    RETURN ARRAY(
        SELECT g.organization_id FROM access_grant g
         WHERE g.login = who AND g.organization_id IS NOT NULL
           AND g.role = ANY (CASE need
                 WHEN 'read' THEN ARRAY['clerk', 'reviewer']
                 WHEN 'write' THEN ARRAY['clerk']
                 WHEN 'change' THEN ARRAY['clerk', 'reviewer']
                 WHEN 'review' THEN ARRAY['reviewer']
                 ELSE ARRAY[]::text[] END)
        UNION
        SELECT o.id FROM organization o
          JOIN access_grant g ON g.township = to_jsonb(o) ->> 'township'
         WHERE need = 'read' AND g.login = who AND g.role = 'township'
           AND to_jsonb(o) ->> 'township' <> '');
END
$$
""",
    """
CREATE FUNCTION board_item_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
DECLARE
    review_columns text[] := ARRAY['status', 'reviewer', 'review_date', 'review_opinion',
                                   'updated_at', 'version'];
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
""",
    """
CREATE FUNCTION board_organization_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF NOT board_is_admin(current_user)
       AND (NEW.id, NEW.name, NEW.kind, to_jsonb(NEW) ->> 'township')
           IS DISTINCT FROM (OLD.id, OLD.name, OLD.kind, to_jsonb(OLD) ->> 'township') THEN
        RAISE EXCEPTION 'board-app: only an administrator renames or moves an organization'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
""",
    """
CREATE FUNCTION board_audit_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    NEW.db_user := CASE WHEN current_user = session_user THEN session_user::text
                        ELSE session_user::text || ' as ' || current_user::text END;
    RETURN NEW;
END
$$
""",
)


def _in(column: str, need: str) -> str:
    """A policy condition: the row's organization is one ``need`` allows."""
    return f"{column} = ANY ((SELECT board_orgs(current_user, '{need}'))::integer[])"


def _child(column: str, parent: str, need: str, extra: str = "") -> str:
    return (
        f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {column}{extra} "
        f"AND p.organization_id = ANY ((SELECT board_orgs(current_user, '{need}'))::integer[]))"
    )


_ADMIN = "(SELECT board_is_admin(current_user))"
#: Ledger rows and images change only while their item is a draft (an item under review or
#: published keeps them; an administrator is not limited). New rows may join any item of the
#: clerk's own organization: an import or a push brings published items with their ledgers.
_DRAFT_ONLY = " AND (p.status = 'draft' OR (SELECT board_is_admin(current_user)))"


def _policies(
    table: str, read: str, write: str, update: str | None = None, delete: str | None = None
) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY board_read ON {table} FOR SELECT USING ({read})",
        f"CREATE POLICY board_insert ON {table} FOR INSERT WITH CHECK ({write})",
        (
            f"CREATE POLICY board_update ON {table} FOR UPDATE USING ({update or write}) "
            f"WITH CHECK ({update or write})"
        ),
        f"CREATE POLICY board_delete ON {table} FOR DELETE USING ({delete or write})",
    ]


def _table_statements(org_tables: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for table in org_tables:
        update = _in("organization_id", "change") if table == "item" else None
        out += _policies(
            table, _in("organization_id", "read"), _in("organization_id", "write"), update
        )
    for table, column, parent in CHILD_TABLES:
        extra = _DRAFT_ONLY if parent == "item" else ""
        changing = _child(column, parent, "write", extra)
        out += _policies(
            table,
            _child(column, parent, "read"),
            _child(column, parent, "write"),
            changing,
            changing,
        )
    # An administrator reads every organization, new ones too: INSERT … RETURNING checks the
    # read policy on the new row, which board_orgs (evaluated before the insert) cannot list.
    out += _policies(
        "organization", f"({_in('id', 'read')} OR {_ADMIN})", _ADMIN, _in("id", "write"), _ADMIN
    )
    out += [
        "ALTER TABLE audit ENABLE ROW LEVEL SECURITY",
        (
            "CREATE POLICY board_read ON audit FOR SELECT USING "
            f"({_in('organization', 'read')} OR {_ADMIN})"
        ),
        (
            "CREATE POLICY board_insert ON audit FOR INSERT WITH CHECK "
            f"({_in('organization', 'change')} OR {_ADMIN})"
        ),
        "ALTER TABLE access_grant ENABLE ROW LEVEL SECURITY",
        (
            f"CREATE POLICY board_read ON access_grant FOR SELECT USING (login = current_user "
            f"OR {_ADMIN})"
        ),
        f"CREATE POLICY board_write ON access_grant FOR ALL USING ({_ADMIN}) WITH CHECK ({_ADMIN})",
        "ALTER TABLE audit ADD COLUMN db_user VARCHAR(255) NOT NULL DEFAULT ''",
        (
            "CREATE TRIGGER board_audit_stamp BEFORE INSERT ON audit "
            "FOR EACH ROW EXECUTE FUNCTION board_audit_stamp()"
        ),
        (
            "CREATE TRIGGER board_item_guard BEFORE INSERT OR UPDATE ON item "
            "FOR EACH ROW EXECUTE FUNCTION board_item_guard()"
        ),
        (
            "CREATE TRIGGER board_organization_guard BEFORE UPDATE ON organization "
            "FOR EACH ROW EXECUTE FUNCTION board_organization_guard()"
        ),
    ]
    return out


def _privilege_statements(org_tables: tuple[str, ...]) -> list[str]:
    org_data = [*org_tables, *(t for t, _c, _p in CHILD_TABLES)]
    every = [*org_data, "organization", "audit", "access_grant", *SHARED_TABLES]
    listed = ", ".join(every)
    return [
        "REVOKE ALL ON FUNCTION board_orgs(name, text) FROM PUBLIC",
        "REVOKE ALL ON FUNCTION board_is_admin(name) FROM PUBLIC",
        *(
            f"GRANT EXECUTE ON FUNCTION board_orgs(name, text), board_is_admin(name) TO {role}"
            for role in GROUP_ROLES.values()
        ),
        f"GRANT SELECT ON {listed} TO board_clerk, board_reviewer, board_township",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(org_data)} TO board_clerk",
        "GRANT UPDATE ON organization TO board_clerk",
        "GRANT UPDATE ON item TO board_reviewer",
        "GRANT INSERT ON audit TO board_clerk, board_reviewer",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(org_data)} TO board_admin",
        (
            "GRANT SELECT, INSERT, UPDATE, DELETE ON organization, access_grant, meta, "
            "calendar_day TO board_admin"
        ),
        "GRANT SELECT, INSERT ON audit TO board_admin",
        (
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} "
            "TO board_clerk, board_reviewer, board_admin"
        ),
    ]


def v9_statements(schema: str, present: set[str] | None = None) -> list[str]:
    """Every statement of step 9 for a database whose tables live in ``schema``.

    ``present``: the tables the database has (None: all of :data:`ORGANIZATION_TABLES`). Steps
    7 and 8 come first in every released schema; a table they add that is not there yet (a
    branch without them) is left out, and the township is read from the row's JSON, so the
    policies work with and without ``organization.township``.
    """
    quoted = '"' + schema.replace('"', '""') + '"'
    org_tables = tuple(t for t in ORGANIZATION_TABLES if present is None or t in present)
    return [
        _ROLES_SQL,
        _GRANT_TABLE_SQL,
        _GRANT_INDEX_SQL,
        *(sql.format(schema=quoted) for sql in _FUNCTIONS_SQL),
        *_table_statements(org_tables),
        *(sql.format(schema=quoted) for sql in _privilege_statements(org_tables)),
    ]


#: Step 9 on SQLite: the same table and column, so both engines have one shape (a file has
#: no logins: the table stays empty and ``db_user`` stays "").
V9_SQLITE: tuple[str, ...] = (
    """CREATE TABLE access_grant (
    id INTEGER NOT NULL PRIMARY KEY,
    login VARCHAR(63) NOT NULL,
    role VARCHAR(16) NOT NULL CHECK (role IN ('clerk', 'reviewer', 'township', 'admin')),
    organization_id INTEGER REFERENCES organization (id) ON DELETE CASCADE,
    township VARCHAR(255),
    granted_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    granted_by VARCHAR(63) NOT NULL DEFAULT '')""",
    _GRANT_INDEX_SQL,
    "ALTER TABLE audit ADD COLUMN db_user VARCHAR(255) NOT NULL DEFAULT ''",
)


def v9_access_control(db: pw.Database) -> None:
    """Step 9: roles, row-level security and the audit's database user.

    On SQLite only the (empty) grant table and the audit column, for the same shape."""
    statements: list[str] = []
    if is_postgres(db):
        schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
        statements = v9_statements(schema, set(db.get_tables()))
    run_frozen(db, sqlite=V9_SQLITE, postgresql=statements)
