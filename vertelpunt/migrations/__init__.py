"""Alembic migrations, run with ``vertelpunt db upgrade`` (and automatically by ``vertelpunt serve``)."""
from __future__ import annotations

import re
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def alembic_config(database_url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def head_revision() -> str:
    """The newest migration, read from the files' ``revision``/``down_revision`` lines.

    Every command checks the schema before it works; importing alembic for that cost a third of a short
    command's start-up. ``tests/test_migrations.py`` checks this against alembic's own answer.
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        revisions.add(found["revision"])
        if "down_revision" in found:
            parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must form one line, found heads {sorted(heads)}")
    return heads.pop()


def stored_revision(engine) -> str | None:
    """The schema version recorded in the database, or None when it was never migrated."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no such table: an empty database
            connection.rollback()
            return None


def current_revision(database_url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    from vertelpunt.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
