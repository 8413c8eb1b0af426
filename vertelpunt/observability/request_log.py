"""One log line and one metrics sample per request, both keyed by the URL rule.

A line holds the method, the rule (``/v/<slug>/vertel/<role>``, or ``unmatched`` when no rule fits), the
status and the duration in milliseconds. It never holds the real path (slugs, join codes and public ids live
there), the query string, the client's address or user agent, or anything the client sent. Health probes are
logged at DEBUG: a load balancer asks every few seconds and would bury everything else.

Flask's own line for an unhandled exception names the real path; it is replaced by one that names the rule.
"""
from __future__ import annotations

import logging
import time
from types import MethodType

from flask import Flask, g, request

from vertelpunt.observability.metrics import observe_request

log = logging.getLogger("vertelpunt.request")
QUIET_ENDPOINTS = frozenset({"health.healthz", "health.readyz"})
UNMATCHED = "unmatched"
#: Methods named as they are; any other word a client sends is "other", so it can neither add a metrics
#: series per request nor carry text of its own into the log.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def current_route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else UNMATCHED


def current_method() -> str:
    return request.method if request.method in KNOWN_METHODS else "other"


def _start_clock() -> None:
    g.observability_started = time.perf_counter()


def _log_request(response):
    started = g.pop("observability_started", None)
    seconds = time.perf_counter() - started if started is not None else 0.0
    route, method, status = current_route(), current_method(), response.status_code
    observe_request(route, method, status, seconds)
    duration_ms = round(seconds * 1000, 1)
    level = logging.DEBUG if request.endpoint in QUIET_ENDPOINTS else logging.INFO
    log.log(level, "%s %s %s %.1fms", method, route, status, duration_ms,
            extra={"method": method, "route": route, "status": status, "duration_ms": duration_ms})
    return response


def _log_exception(app: Flask, exc_info) -> None:
    app.logger.error("Exception on %s [%s]", current_route(), current_method(), exc_info=exc_info)


def register_request_log(app: Flask) -> None:
    # First of all before-request functions: an earlier one that answers itself (a refused NUL character)
    # would otherwise leave the request without a start time.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_clock)
    app.after_request(_log_request)
    app.log_exception = MethodType(_log_exception, app)
