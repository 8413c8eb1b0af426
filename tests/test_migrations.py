"""The migrations must produce exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from vertelpunt.db import Base, database
from vertelpunt.migrations import current_revision


def test_migrated_schema_matches_models(app):
    with database(app).engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    assert differences == []


def test_database_is_at_head(app, database_url):
    from alembic.script import ScriptDirectory

    from vertelpunt.migrations import alembic_config

    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert current_revision(database_url) == head
