"""Believe X-Forwarded-For/-Proto/-Host/-Prefix from exactly as many proxies as the operator says.

Behind a TLS proxy every request comes from the proxy's address. Without this, every teller would share
one rate limit (after 20 stories in an hour from anyone, nobody could tell a story) and five wrong
passwords from anyone would block logins from everywhere. With ``TRUSTED_PROXIES = n`` werkzeug's
ProxyFix takes the n-th address from the right of X-Forwarded-For, which the proxies themselves wrote.
It stays 0 by default: a server reached directly must not believe these headers, or any client could
pick a new address for every request and slip past the limits.

The address is only used for those in-memory limits and the session binding; it is never stored.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask) -> None:
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_prefix=count)
