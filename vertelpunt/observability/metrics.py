"""Prometheus metrics: requests by route and status, latency by route, and stories saved.

Labels are URL rules (``/v/<slug>/vertel/<role>``), never paths, so no slug, join code or public id
reaches a metric, and the number of series stays fixed. The metric objects live at module level: they are
made once per process, however many apps the tests build (registering a name twice raises).

Multiprocess mode: with ``PROMETHEUS_MULTIPROC_DIR`` set (before the workers start), prometheus_client
keeps each worker's values in files in that folder and ``/metrics`` adds them up with a
:class:`~prometheus_client.multiprocess.MultiProcessCollector` on a fresh registry, so a scrape that lands
on any worker sees the whole server. :func:`mark_worker_dead` lets the supervisor drop a dead worker's files.

``/metrics`` is for the people running the server: logged-in staff, or a request from this machine (a
scraper on localhost). Everyone else gets a plain 404, as if there were nothing there.
"""
from __future__ import annotations

import os

from flask import Blueprint, Response, abort, request
from flask_login import current_user
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LOCAL_ADDRESSES = frozenset({"127.0.0.1", "::1"})

REQUESTS = Counter("vertelpunt_requests", "HTTP requests answered, by URL rule, method and status.",
                   ("route", "method", "status"))
LATENCY = Histogram("vertelpunt_request_duration_seconds", "Time to answer a request, by URL rule.", ("route",))
STORIES_SAVED = Counter("vertelpunt_stories_saved", "Stories committed to the database.")

bp = Blueprint("metrics", __name__)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route).observe(seconds)


def story_saved() -> None:
    """Called right after a story's commit succeeded (``collect.services.submit_story``)."""
    STORIES_SAVED.inc()


def multiprocess_enabled() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def mark_worker_dead(pid: int) -> None:
    """For the server's child-exit hook: forget a dead worker's live values (its counters stay counted)."""
    if multiprocess_enabled():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


def exposition() -> bytes:
    """The metrics in Prometheus' text format, of the whole server when it runs in multiprocess mode."""
    if multiprocess_enabled():
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def may_read_metrics() -> bool:
    return current_user.is_authenticated or request.remote_addr in LOCAL_ADDRESSES


@bp.get("/metrics")
def metrics():
    if not may_read_metrics():
        abort(404)
    return Response(exposition(), content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})
