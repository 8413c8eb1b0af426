"""/healthz answers without the database; /readyz checks the database and, when configured, Redis."""
from __future__ import annotations

import logging

import pytest

from vertelpunt import create_app

CLOSED_PORT = "redis://:geheim-wachtwoord@127.0.0.1:1/0"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def _app(tmp_path, database_url, **config):
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test",
                       "INSTANCE_PATH": str(tmp_path / "probe-instance"), **config})


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_healthz_answers_without_touching_the_database(tmp_path):
    broken = _app(tmp_path, f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite3'}")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert broken.test_client().get("/readyz").status_code == 503  # the same app: the database really is gone


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_fails_without_the_database(tmp_path):
    response = _app(tmp_path, f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite3'}").test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "fail", "checks": {"database": "fail"}}


def test_readyz_fails_when_redis_does_not_answer_and_says_nothing_of_the_url(tmp_path, database_url, caplog):
    caplog.set_level(logging.DEBUG)
    response = _app(tmp_path, database_url, RATELIMIT_STORAGE_URI=CLOSED_PORT).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "fail", "checks": {"database": "ok", "redis": "fail"}}
    assert [r.getMessage() for r in caplog.records if r.name == "vertelpunt.health"] == [
        "readiness check redis failed: ConnectionError"]
    assert not [r for r in caplog.records if "geheim" in r.getMessage() or "127.0.0.1:1" in r.getMessage()]


def test_readyz_with_a_live_redis(tmp_path, database_url):
    if not _redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    response = _app(tmp_path, database_url, RATELIMIT_STORAGE_URI=LOCAL_REDIS).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_other_rate_limit_storage_is_not_checked(tmp_path, database_url):
    response = _app(tmp_path, database_url, RATELIMIT_STORAGE_URI="memory://").test_client().get("/readyz")
    assert response.get_json()["checks"] == {"database": "ok"}

