"""After login the app only follows a ``next`` that stays on this site, also in the forms browsers bend.

Browsers read a backslash as a slash and drop tabs and newlines in URLs, so ``/\\evil.example`` and
``/<tab>/evil.example`` would send a freshly logged-in user to another host.
"""
from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.conftest import STRONG_PASSWORD
from tests.security.conftest import csrf_from

OFF_SITE = ["//evil.example/", "/\\evil.example", "/\\/evil.example", "\\\\evil.example", "/\t/evil.example",
            "/%09/evil.example", "https://evil.example/", "http:evil.example", "javascript:alert(1)", " /beheer/"]


def _login_with_next(client, user_email, target):
    page = client.get("/beheer/inloggen").get_data(as_text=True)
    return client.post("/beheer/inloggen", query_string={"next": target},
                       data={"email": user_email, "password": STRONG_PASSWORD, "csrf_token": csrf_from(page)})


def _browser_target(location: str) -> str:
    """Where a browser would go: backslashes become slashes, tabs and newlines vanish."""
    bent = location.replace("\\", "/")
    for char in "\t\n\r":
        bent = bent.replace(char, "")
    return urljoin("http://vertelpunt.test/beheer/inloggen", bent)


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_never_sends_anyone_off_site(world, target):
    client = world.app.test_client()
    response = _login_with_next(client, "analyst@example.org", target)
    assert response.status_code == 302
    landing = _browser_target(response.headers["Location"])
    assert landing.startswith("http://vertelpunt.test/"), f"{target!r} -> {response.headers['Location']!r}"


def test_login_follows_a_local_next(world):
    client = world.app.test_client()
    response = _login_with_next(client, "analyst@example.org", "/beheer/kaarten/?project=proef")
    assert response.headers["Location"] == "/beheer/kaarten/?project=proef"

