"""The migrations must produce exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from vertelpunt.db import Base, database
from vertelpunt.insights.story_search import in_models
from vertelpunt.migrations import current_revision


def test_migrated_schema_matches_models(app):
    with database(app).engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": in_models})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_database_is_at_head(app, database_url):
    from alembic.script import ScriptDirectory

    from vertelpunt.migrations import alembic_config

    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert current_revision(database_url) == head


def test_the_quick_schema_check_agrees_with_alembic(app, database_url):
    """The CLI reads the head from the migration files and the version with one SELECT, without alembic."""
    from alembic.script import ScriptDirectory

    from vertelpunt.db import database
    from vertelpunt.migrations import alembic_config, head_revision, stored_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert stored_revision(database(app).engine) == current_revision(database_url) == head_revision()


def test_an_empty_database_has_no_stored_revision(tmp_path):
    from vertelpunt.db import make_engine
    from vertelpunt.migrations import stored_revision

    engine = make_engine(f"sqlite:///{tmp_path / 'leeg.sqlite3'}")
    assert stored_revision(engine) is None
    engine.dispose()
