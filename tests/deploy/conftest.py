"""tests/deploy/: every test starts with empty rate-limit counts (Redis database 12, see harness.REDIS_URL)."""
from __future__ import annotations

import pytest

from tests.deploy import harness


@pytest.fixture(autouse=True)
def empty_limits():
    harness.require_tools()
    harness.flush_redis()
    yield
