"""Alembic environment: runs migrations on the URL given by vertelpunt.migrations.alembic_config."""
from alembic import context

import vertelpunt.models  # noqa: F401 - registers every table on the metadata
from vertelpunt.db import Base, make_engine
from vertelpunt.insights.story_search import in_models

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
                include_name=in_models,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


run_migrations()
