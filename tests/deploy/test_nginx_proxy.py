"""The proxy setting, proven behind the real nginx: deploy/nginx/vertelpunt.conf in front of two app servers
started from deploy/systemd/vertelpunt@.service's ExecStart with deploy/vertelpunt.env (which sets
VERTELPUNT_TRUSTED_PROXIES=1). Every client is its own source address on the loopback (127.0.0.2,
127.0.0.3, ...), so to the app they are different people only if it believes the address nginx saw.

The counter-proof: a server with VERTELPUNT_TRUSTED_PROXIES=0, reached directly (no nginx), must not
believe an X-Forwarded-For that a client makes up anew for every request.
"""
from __future__ import annotations

import http.client
import itertools

import pytest

from tests.deploy import harness
from tests.deploy.harness import STORY_LIMIT, Client

OWNER, OTHER = "eigenaar@example.org", "collega@example.org"
WRONG = "verkeerd-wachtwoord-123"


@pytest.fixture(scope="module")
def site():
    with harness.deployment("vp-deploy-proxy-", extra_servers=({"VERTELPUNT_TRUSTED_PROXIES": "0"},)) as made:
        assert ("VERTELPUNT_TRUSTED_PROXIES", "1") in harness.read_env_file(), "the env file trusts one proxy"
        made.create_user(OWNER, "analyst")
        made.create_user(OTHER, "analyst")
        yield made


@pytest.fixture
def untrusted(site) -> harness.AppServer:
    """The app server that believes no proxy, reached directly."""
    return site.extra[0]


def forged_addresses():
    """A new made-up client address for every request."""
    counter = itertools.count(1)
    return lambda: {"X-Forwarded-For": f"10.{next(counter) % 250}.{next(counter) % 250}.{next(counter) % 250}"}


def test_plain_http_is_redirected_to_https(site):
    connection = http.client.HTTPConnection("127.0.0.1", site.nginx.http_port, timeout=30,
                                            source_address=("127.0.0.2", 0))
    connection.request("GET", f"/v/{harness.SLUG}/?a=1", headers={"Host": f"localhost:{site.nginx.http_port}"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 301
    assert response.getheader("Location") == f"https://localhost/v/{harness.SLUG}/?a=1"


def test_the_site_answers_over_https_from_both_app_servers(site):
    client = site.https("127.0.0.2")
    assert [client.get("/").status for _ in range(4)] == [200] * 4
    for server in site.servers:
        assert harness.established_connections(server.port) > 0, "nginx keeps a connection to every app server"


def test_each_client_behind_nginx_has_its_own_story_limit(site):
    first, second = site.https("127.0.0.2"), site.https("127.0.0.3")
    assert [first.submit_story() for _ in range(STORY_LIMIT)] == [303] * STORY_LIMIT
    assert first.submit_story() == 429
    assert second.submit_story() == 303  # another address: its own count, although nginx sent both
    assert first.submit_story() == 429


def test_five_wrong_passwords_lock_that_client_and_account_only(site):
    guesser = site.https("127.0.0.2")
    assert [guesser.login(OWNER, WRONG) for _ in range(5)] == [400] * 5
    assert guesser.login(OWNER) == 429  # the pair account + client is locked: even the right password
    assert site.https("127.0.0.3").login(OWNER) == 302  # the owner, on another client, logs in as usual
    assert site.https("127.0.0.3").login(OTHER) == 302
    assert site.https("127.0.0.2").login(OTHER) == 302  # the guessing client is locked for that account only
    assert site.https("127.0.0.2").login(OWNER) == 429


def test_a_forged_forwarded_for_gains_no_stories_on_a_server_that_trusts_no_proxy(site, untrusted):
    teller = Client(untrusted.port, tls=False, source="127.0.0.4", header_factory=forged_addresses())
    assert [teller.submit_story() for _ in range(STORY_LIMIT)] == [303] * STORY_LIMIT
    assert [teller.submit_story() for _ in range(3)] == [429] * 3


def test_a_forged_forwarded_for_gains_no_logins_on_a_server_that_trusts_no_proxy(site, untrusted):
    guesser = Client(untrusted.port, tls=False, source="127.0.0.4", header_factory=forged_addresses())
    assert [guesser.login(OWNER, WRONG) for _ in range(5)] == [400] * 5
    assert guesser.login(OWNER) == 429
    fresh = Client(untrusted.port, tls=False, source="127.0.0.4", header_factory=forged_addresses())
    assert fresh.login(OWNER) == 429  # a new cookie and a new made-up address: still the same client


def test_static_files_come_through_nginx_compressed_and_cached_for_a_year(site):
    """The page links its CSS and scripts with a content hash; through nginx they arrive gzip-compressed (when
    asked) with a year's immutable Cache-Control, while the HTML page itself is never compressed."""
    import gzip
    import re
    from pathlib import Path

    client = site.https("127.0.0.5")
    page = client.request("GET", "/", headers={"Accept-Encoding": "gzip"})
    assert page.status == 200 and page.header("Content-Encoding") is None  # no BREACH on pages
    css = re.search(r'href="(/static/css/vertelpunt\.css\?v=[0-9a-f]+)"', page.text).group(1)
    on_disk = (Path(harness.__file__).resolve().parents[2] / "static" / "css" / "vertelpunt.css").read_bytes()

    packed = client.request("GET", css, headers={"Accept-Encoding": "gzip"})
    assert packed.status == 200 and packed.header("Content-Encoding") == "gzip"
    assert packed.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in packed.header("Vary")
    assert gzip.decompress(packed.body) == on_disk and len(packed.body) < len(on_disk) / 2

    plain = client.request("GET", css, headers={"Accept-Encoding": "identity"})
    assert plain.header("Content-Encoding") is None and plain.body == on_disk

    again = client.request("GET", css, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.header("ETag")})
    assert again.status == 304
    unversioned = client.request("GET", "/static/css/vertelpunt.css", headers={"Accept-Encoding": "gzip"})
    assert unversioned.header("Cache-Control") == "no-cache"  # an old or bare URL is revalidated, not kept
