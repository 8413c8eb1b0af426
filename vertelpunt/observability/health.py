"""``/healthz`` (the process answers) and ``/readyz`` (it can do its work: database, and Redis when the rate
limits are kept there), for a load balancer or an orchestrator.

Both are open to anyone and say nothing but ``ok`` or ``fail`` per check: no version, no exception text
(a connection error can repeat a URL with its password). A failing check is logged with the exception's
class only. Readiness checks are one list, :data:`CHECKS`: a later job-queue check is one more entry.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text

log = logging.getLogger("vertelpunt.health")
bp = Blueprint("health", __name__)
REDIS_SCHEMES = ("redis://", "rediss://")
REDIS_TIMEOUT = 2.0  # seconds; a readiness probe must answer before the balancer gives up on it


@dataclass(frozen=True)
class Check:
    """A named readiness check: ``applies`` says whether this setup needs it, ``run`` raises when it fails."""

    name: str
    run: Callable[[Flask], None]
    applies: Callable[[Flask], bool] = lambda app: True


def _database(app: Flask) -> None:
    from vertelpunt.db import database

    with database(app).engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _redis_uri(app: Flask) -> str:
    return str(app.config.get("RATELIMIT_STORAGE_URI") or "")


def _uses_redis(app: Flask) -> bool:
    return _redis_uri(app).startswith(REDIS_SCHEMES)


def _redis(app: Flask) -> None:
    import redis

    client = redis.Redis.from_url(_redis_uri(app), socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()


CHECKS: list[Check] = [
    Check("database", _database),
    Check("redis", _redis, _uses_redis),
]


def run_checks(app: Flask) -> dict[str, str]:
    results = {}
    for check in CHECKS:
        if not check.applies(app):
            continue
        try:
            check.run(app)
        except Exception as error:  # noqa: BLE001 (any failure means "not ready")
            log.warning("readiness check %s failed: %s", check.name, type(error).__name__)
            results[check.name] = "fail"
        else:
            results[check.name] = "ok"
    return results


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    checks = run_checks(current_app)
    ready = all(result == "ok" for result in checks.values())
    response = jsonify(status="ok" if ready else "fail", checks=checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ready else 503
