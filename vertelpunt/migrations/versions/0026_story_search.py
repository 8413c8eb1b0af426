"""story search: a trigram index of story texts and titles, so a search does not read every story

Revision ID: 0026
Revises: 0025

SQLite: an FTS5 table ``story_search`` (trigram tokenizer, case-insensitive) over ``stories.title`` and
``stories.text`` as external content, kept in step by triggers on ``stories``, so no writer has to remember
it. A later migration that rebuilds ``stories`` in batch mode drops these triggers: it must create them
again (tests/insights/test_story_search.py fails otherwise). PostgreSQL: GIN trigram indexes (pg_trgm) on
the text and the title, which ``ILIKE '%word%'`` uses as it is (the operator class named with the schema
the extension is in, which need not be on the search_path); without the extension (it needs CREATE on
the database) search still works, reading every story.
"""
import logging

import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

SQLITE_UP = [
    "CREATE VIRTUAL TABLE story_search USING fts5(title, text, content='stories', content_rowid='id', "
    "tokenize='trigram case_sensitive 0')",
    "CREATE TRIGGER story_search_insert AFTER INSERT ON stories BEGIN "
    "INSERT INTO story_search(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER story_search_delete AFTER DELETE ON stories BEGIN "
    "INSERT INTO story_search(story_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER story_search_update AFTER UPDATE OF title, text ON stories BEGIN "
    "INSERT INTO story_search(story_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO story_search(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO story_search(story_search) VALUES ('rebuild')",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS story_search_update", "DROP TRIGGER IF EXISTS story_search_delete",
               "DROP TRIGGER IF EXISTS story_search_insert", "DROP TABLE IF EXISTS story_search"]
#: ``{ops}`` is the operator class named with the schema pg_trgm lives in: an extension is installed once per
#: database, and when it sits in a schema outside this connection's search_path (another schema of the same
#: database made it first) its bare name is not found.
POSTGRES_UP = ["CREATE INDEX ix_stories_text_trgm ON stories USING gin (text {ops})",
               "CREATE INDEX ix_stories_title_trgm ON stories USING gin ((coalesce(title, '')) {ops})"]
EXTENSION_SCHEMA = ("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                    "WHERE e.extname = 'pg_trgm'")
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_stories_title_trgm", "DROP INDEX IF EXISTS ix_stories_text_trgm"]


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif connection.dialect.name == "postgresql":
        savepoint = connection.begin_nested()
        try:
            connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            savepoint.commit()
        except sa.exc.DBAPIError as error:
            savepoint.rollback()
            log.warning("pg_trgm not available (%s): story search reads every story", error.orig)
            return
        schema = connection.execute(sa.text(EXTENSION_SCHEMA)).scalar_one()
        ops = connection.dialect.identifier_preparer.quote_identifier(schema) + ".gin_trgm_ops"
        for statement in POSTGRES_UP:
            op.execute(statement.format(ops=ops))


def downgrade() -> None:
    connection = op.get_bind()
    for statement in SQLITE_DOWN if connection.dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
