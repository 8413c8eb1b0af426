"""tests/deploy/: every test starts with empty rate-limit counts (Redis database 12, see harness.REDIS_URL)."""
from __future__ import annotations

import os

import pytest

from tests.deploy import harness


def pytest_collection_modifyitems(items):
    """The servers reach the suite's database through VERTELPUNT_TEST_DATABASE_URL, not the fixture: they
    run on PostgreSQL too (tests/conftest.py keeps only tests that reach the database there)."""
    for item in items:
        if "tests/deploy/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.database)


@pytest.fixture(autouse=True)
def empty_limits():
    harness.require_tools()
    harness.flush_redis()
    yield
