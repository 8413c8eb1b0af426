"""Shared fixtures: one migrated database per test run, emptied after every test.

The suite always runs on SQLite. With ``VERTELPUNT_TEST_DATABASE_URL`` set (for example
``postgresql+psycopg://postgres@127.0.0.1:5432/vertelpunt_test``) it runs on that server instead;
CI runs it both ways.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from vertelpunt import create_app
from vertelpunt.db import Base, make_engine
from vertelpunt.migrations import upgrade

FIXTURES = Path(__file__).parent / "fixtures"
TEST_REGIONS = [
    {"key": "twente", "name": "Twente", "municipalities": [
        {"key": "enschede", "name": "Enschede"}, {"key": "hengelo", "name": "Hengelo"}]},
    {"key": "rijk-van-nijmegen", "name": "Rijk van Nijmegen", "municipalities": [
        {"key": "nijmegen", "name": "Nijmegen"}, {"key": "wijchen", "name": "Wijchen"}]},
    {"key": "groningen", "name": "Groningen", "municipalities": [{"key": "groningen-stad", "name": "Groningen"}]},
]
STRONG_PASSWORD = "correct-paard-batterij-niet"


def _reaches_the_database(item) -> bool:
    return "database_url" in item.fixturenames or item.get_closest_marker("database") is not None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """With VERTELPUNT_TEST_DATABASE_URL set (the PostgreSQL run of CI) only the tests that reach the suite's
    database run: every test that asks for it (``database_url``, and so ``app``, ``session``, ``client``) or
    is marked ``database`` (the deployment's servers). The rest (statistics over many seeds, pure functions,
    their own SQLite files, the SQLite-only serve and wheel checks) do the same thing on either run, and the
    SQLite run has them. ``VERTELPUNT_TEST_EVERYTHING=1`` runs them all anyway."""
    if not os.environ.get("VERTELPUNT_TEST_DATABASE_URL") or os.environ.get("VERTELPUNT_TEST_EVERYTHING"):
        return
    kept = [item for item in items if _reaches_the_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if not _reaches_the_database(item)])
        items[:] = kept


def _reset_schema(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("VERTELPUNT_TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    _reset_schema(url)
    upgrade(url)
    return url


@pytest.fixture
def app(database_url, tmp_path):
    application = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "JOB_QUEUE_URL": "immediate",  # jobs run through the queue, at once (tests/jobs/ also use a real worker)
    })
    with application.app_context():
        yield application
    _empty_tables(application)


def _empty_tables(application) -> None:
    from vertelpunt.db import database

    engine = database(application).engine
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f"DELETE FROM {name}"))
    engine.dispose()


@pytest.fixture
def no_csrf(app):
    """For tests about something other than CSRF (the CSRF probes are in tests/security/test_csrf.py)."""
    app.config["WTF_CSRF_ENABLED"] = False
    yield
    app.config["WTF_CSRF_ENABLED"] = True


@pytest.fixture
def session(app):
    from vertelpunt.db import get_session

    return get_session()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def regions(session):
    from vertelpunt.geo.services import sync_regions

    sync_regions(session, TEST_REGIONS)
    session.commit()
    return TEST_REGIONS


@pytest.fixture
def mini_definition():
    from vertelpunt.forms.services import read_form_file

    return read_form_file(FIXTURES / "mini-form.yaml")


@pytest.fixture
def make_project(session, regions, mini_definition):
    """Factory: a project on the mini form (imported once) in the given regions."""
    from vertelpunt.forms.services import import_definition
    from vertelpunt.projects.services import create_project

    import_definition(session, mini_definition)
    session.commit()

    def factory(slug="proef", title="Proefproject", region_keys=("twente", "rijk-van-nijmegen"), form_key="mini"):
        project = create_project(session, slug, title, form_key, region_keys)
        session.commit()
        return project

    return factory


@pytest.fixture
def project(make_project):
    return make_project()


@pytest.fixture
def make_story(session):
    """Factory: a stored story with sensible defaults; keyword arguments override them."""
    from vertelpunt.stories.services import StoryInput, create_story

    def factory(project, commit=True, **overrides):
        values = {
            "role": "parent",
            "text": "Mijn zoon kreeg eindelijk hulp die bij hem paste na lang wachten.",
            "answers": {"outcome": 70.0, "heard": 65.0, "help_type": ["jeugdhulp"], "place": "enschede"},
            "prompt_key": "moment",
            "week": date(2026, 3, 11),
            "status": "published",
        }
        values.update(overrides)
        story = create_story(session, project, StoryInput(**values))
        if commit:
            session.commit()
        return story

    return factory


@pytest.fixture
def make_user(session, regions):
    from vertelpunt.accounts.services import create_user

    def factory(role="analyst", email=None, region_keys=(), password=STRONG_PASSWORD):
        user = create_user(session, email or f"{role}@example.org", password, role, region_keys)
        session.commit()
        return user

    return factory


@pytest.fixture
def login(client):
    """Log a user in through the real login form (CSRF off only for this helper's POST)."""

    def do_login(user, password=STRONG_PASSWORD):
        client.application.config["WTF_CSRF_ENABLED"] = False
        try:
            response = client.post("/beheer/inloggen", data={"email": user.email, "password": password})
        finally:
            client.application.config["WTF_CSRF_ENABLED"] = True
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login


@pytest.fixture
def run(app, database_url, tmp_path, monkeypatch):
    """The `vertelpunt` command in-process against the test database: ``run(*args, input=None, ok=True)`` gives
    click's result and checks the exit code (0 when ``ok``, else anything but 0)."""
    from click.testing import CliRunner

    from vertelpunt.cli import cli

    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", database_url)
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("VERTELPUNT_SECRET_KEY", "cli-test-secret")

    def invoke(*args, input=None, ok=True):
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
        assert (result.exit_code == 0) == ok, result.output
        return result

    return invoke
