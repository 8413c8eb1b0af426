"""Observability without personal data: logs (:mod:`.logging_setup`, :mod:`.request_log`), health and
readiness probes (:mod:`.health`) and Prometheus metrics (:mod:`.metrics`).

Everything here is keyed by URL rules, never by paths, and holds no address, user agent, query string or
anything a visitor typed; docs/security.md ("Logs and metrics") says what a line holds.
"""
from __future__ import annotations

from flask import Flask

__all__ = ["register_observability"]  # metrics: vertelpunt.observability.metrics (not imported here, so a
# command without pages, which only needs logging_setup, does not load prometheus_client)


def register_observability(app: Flask) -> None:
    """Logging, the request log, /healthz, /readyz and /metrics, from one call in :func:`create_app`."""
    from vertelpunt.observability import health, metrics
    from vertelpunt.observability.logging_setup import configure_logging
    from vertelpunt.observability.request_log import register_request_log

    app.logger  # noqa: B018 (Flask makes its logger on first use; configure_logging then owns its handlers)
    configure_logging(app.config.get("LOG_FORMAT", "text"))
    register_request_log(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
