"""An admin logged in through the real login page, and a POST helper that takes the CSRF token from a page."""
from __future__ import annotations

import re

import pytest

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def admin(make_user, login):
    user = make_user("admin")
    login(user)
    return user


@pytest.fixture
def post(client):
    """``post(url, data, page=None, **kw)``: POST with the CSRF token read from ``page`` (default: ``url``)."""

    def do_post(url, data=None, page=None, **kwargs):
        html = client.get(page or url).get_data(as_text=True)
        token = TOKEN.search(html).group(1)
        return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)

    return do_post
