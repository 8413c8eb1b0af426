"""Which answers a browser or a proxy may keep: the rule lives here, for every response of the app.

Stories of minors and withdrawal codes are special personal data, and they are read on shared devices
(a family tablet, a library PC, a facilitator's laptop at an event). A page kept in the browser's cache
can be opened again from history by the next person, so every response gets ``Cache-Control: no-store``
unless its endpoint is listed in ``CACHEABLE_ENDPOINTS``: pages that show neither story text, notes, nor
a code, the same for everybody. Deny by default, so that a new page with personal data cannot forget it;
tests/security/test_no_store.py walks the whole URL map.
"""
from __future__ import annotations

from flask import Flask, request

NO_STORE = "no-store"

#: Endpoints whose answers hold no personal data and may be cached as the route (or Flask) says.
CACHEABLE_ENDPOINTS = frozenset({
    "static",  # CSS, JavaScript, vendored libraries
    "brand_css",  # the installation's colours (vertelpunt/brand.py), the same for everybody
    "public.home",
    "public.privacy",
    "public.accessibility",
    "collect.landing",  # the roles and the help numbers; the story form itself is not cacheable
    "facilitate.qr",  # a QR code of the session's join link (no story, no note, no personal data)
})


def is_cacheable(endpoint: str | None) -> bool:
    return endpoint in CACHEABLE_ENDPOINTS


def keep_out_of_caches(response):
    """after_request: ``no-store`` on everything not known to be free of personal data (error pages too)."""
    if not is_cacheable(request.endpoint):
        response.headers["Cache-Control"] = NO_STORE
    return response


def register_caching(app: Flask) -> None:
    app.after_request(keep_out_of_caches)
