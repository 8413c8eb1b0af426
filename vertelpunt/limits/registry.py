"""The app's named rate limits, in one place, on one Flask-Limiter per app.

Each limit is a (count, window in seconds) setting in :mod:`vertelpunt.config`, read when it is used, so a
test or an operator's instance config can change it. Routes ask ``limiter(name)`` and get an object with
``hit(client)`` (count one action, False when over the limit) and ``is_limited(client)`` (look without
counting). The store is Flask-Limiter's, chosen by ``RATELIMIT_STORAGE_URI`` (``memory://`` when unset).

When the store cannot be reached (Redis down), a limit in ``FAIL_CLOSED`` refuses (so taking Redis away
cannot switch off the password-guessing limit) and the others let the action through (so an outage cannot
keep tellers out); either way it is logged once per call without any key.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, current_app
from flask_limiter import Limiter
from limits import RateLimitItemPerSecond

from vertelpunt.limits.keys import client_key, day_secret

LIMITER_KEY = "vertelpunt.limiter"
#: name -> the setting that holds (count, window seconds); the defaults and their meaning are in config.
SETTINGS = {
    "story": "RATE_LIMIT_STORIES",
    "withdraw": "RATE_LIMIT_WITHDRAW",
    "join": "RATE_LIMIT_JOIN",  # wrong session join codes (guessing)
    "login": "LOGIN_FAILURE_LIMIT",  # failed logins of one account from one client
    "login_client": "LOGIN_CLIENT_FAILURE_LIMIT",  # failed logins from one client, all accounts together
    "login_slowed": "LOGIN_SLOWED_ATTEMPTS",  # attempts per client on an account that is under attack
}
FAIL_CLOSED = {"login", "login_client", "login_slowed"}
DEFAULT_STORAGE = "memory://"
KEY_PREFIX = "vertelpunt"
log = logging.getLogger(__name__)


def storage_uri(config) -> str:
    return config.get("RATELIMIT_STORAGE_URI") or DEFAULT_STORAGE


def shares_state(uri: str | None) -> bool:
    """True when the store is outside the process, so several processes (or machines) count together."""
    return (uri or DEFAULT_STORAGE).split(":", 1)[0] not in {"memory", ""}


def init_limiters(app: Flask) -> None:
    """One Flask-Limiter per app (not a module-level one: tests build many apps, each with its own store).

    Only its storage and strategy are used; the limits are applied where an action is counted (a story
    once it is complete, a login only when it fails), which route decorators cannot express.
    """
    app.extensions[LIMITER_KEY] = Limiter(
        key_func=lambda: "unused", app=app, storage_uri=storage_uri(app.config), strategy="fixed-window",
        default_limits=[], headers_enabled=False,
    )


@dataclass(frozen=True)
class NamedLimit:
    name: str
    count: int
    window: int
    extension: Limiter
    secret_key: str

    def _identifiers(self, client: str) -> tuple[str, str, str]:
        """The store's key is LIMITER/vertelpunt/<limit>/<keyed hash>/...: never the address itself."""
        return KEY_PREFIX, self.name, client_key(day_secret(self.secret_key), client)

    def _item(self):
        return RateLimitItemPerSecond(self.count, self.window)

    def hit(self, client: str) -> bool:
        """Count one action for ``client``; False when the client is over the limit in this window."""
        try:
            return self.extension.limiter.hit(self._item(), *self._identifiers(client))
        except Exception:  # noqa: BLE001 (any storage failure; see the module docstring)
            log.warning("rate limit storage unavailable for limit %s", self.name)
            return self.name not in FAIL_CLOSED

    def is_limited(self, client: str) -> bool:
        """True when ``client`` has used up this window's allowance (without counting anything)."""
        try:
            return not self.extension.limiter.test(self._item(), *self._identifiers(client))
        except Exception:  # noqa: BLE001
            log.warning("rate limit storage unavailable for limit %s", self.name)
            return self.name in FAIL_CLOSED

    def clear(self, client: str) -> None:
        """Forget ``client``'s count (a successful login clears that pair's failures)."""
        try:
            self.extension.limiter.clear(self._item(), *self._identifiers(client))
        except Exception:  # noqa: BLE001
            log.warning("rate limit storage unavailable for limit %s", self.name)


def limiter(name: str) -> NamedLimit:
    count, window = current_app.config[SETTINGS[name]]
    return NamedLimit(name, int(count), int(window), current_app.extensions[LIMITER_KEY],
                      current_app.config["SECRET_KEY"])
