"""The app's rate limiters, built from its settings, in one place so a server can swap their store.

``vertelpunt serve --workers N`` replaces them with :class:`SharedKeyedRateLimiter` before it forks (see
:mod:`vertelpunt.serving`); everything else (one process, tests, the CLI) uses the in-process store.
"""
from __future__ import annotations

from flask import Flask, current_app

from vertelpunt.limits.memory import KeyedRateLimiter
from vertelpunt.limits.shared import SharedKeyedRateLimiter

LIMITERS_KEY = "vertelpunt.limiters"
SETTINGS = {"story": "RATE_LIMIT_STORIES", "withdraw": "RATE_LIMIT_WITHDRAW", "login": "LOGIN_FAILURE_LIMIT"}
FAIL_CLOSED = {"login"}  # a login that cannot be counted is refused; a story is let through


def limiter_settings(app: Flask) -> dict[str, tuple[int, int]]:
    """(limit, window in seconds) per limiter; the defaults and their meaning are in vertelpunt.config."""
    return {name: tuple(app.config[setting]) for name, setting in SETTINGS.items()}


def init_limiters(app: Flask) -> None:
    app.extensions[LIMITERS_KEY] = {name: KeyedRateLimiter(limit, seconds)
                                    for name, (limit, seconds) in limiter_settings(app).items()}


def share_limiters(app: Flask) -> list[SharedKeyedRateLimiter]:
    """Give ``app`` limiters in shared memory, to be inherited by worker processes forked after this."""
    shared = {name: SharedKeyedRateLimiter(limit, seconds, deny_when_full=name in FAIL_CLOSED)
              for name, (limit, seconds) in limiter_settings(app).items()}
    app.extensions[LIMITERS_KEY] = shared
    return list(shared.values())


def limiter(name: str):
    return current_app.extensions[LIMITERS_KEY][name]
