"""Every route of the app, tried by every kind of visitor, against an explicit table of who may do what.

The routes come from the app's own URL map, so a route that is missing from tests/security/matrix.py fails
here ("add it to the access matrix") instead of slipping through untested. Each (endpoint, actor) pair is
its own test; GET is tried when the route has it, POST (with a valid CSRF token, so that a refusal really
comes from the role check) when it has that.
"""
from __future__ import annotations

import tempfile

import pytest

from tests.jobs.helpers import download_deck
from tests.security.matrix import ACTORS, MATRIX, STAFF, VARIANTS

LOGIN_PATH = "/beheer/inloggen"


def _url_map_endpoints() -> dict[str, set[str]]:
    """Endpoint -> methods, read from a freshly built app (collection time, no database needed)."""
    from vertelpunt import create_app

    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "INSTANCE_PATH": instance,
                          "SECRET_KEY": "collection-only"})
    endpoints: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        endpoints.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return endpoints


ENDPOINTS = _url_map_endpoints()
CASES = [pytest.param(endpoint, actor, id=f"{endpoint}-{actor}") for endpoint in sorted(ENDPOINTS) for actor in ACTORS]
VARIANT_CASES = [pytest.param(name, actor, id=f"{name}-{actor}") for name in sorted(VARIANTS) for actor in ACTORS]


def test_every_route_is_in_the_matrix():
    missing = sorted(set(ENDPOINTS) - set(MATRIX))
    assert not missing, f"add it to the access matrix (tests/security/matrix.py): {', '.join(missing)}"


def test_the_matrix_lists_no_routes_that_are_gone():
    stale = sorted(set(MATRIX) - set(ENDPOINTS))
    assert not stale, f"these endpoints no longer exist, remove them from the access matrix: {', '.join(stale)}"


def _url(world, endpoint: str, access) -> str:
    from flask import url_for

    with world.app.test_request_context():
        url = url_for(endpoint, **access.url_args(world))
    if access.query:
        url += "?" + access.query.format(**world.ids)
    return url


def _expected_denial(endpoint: str, access, actor: str, world):
    """(status, location fragment or None) that a refused actor should get."""
    if access.deny == "staff":
        if actor not in STAFF:
            return 302, LOGIN_PATH
        return 403, None
    if access.deny == "join":
        return 302, f"/s/{world.join_code}"
    return access.deny, None


def _describe(response) -> str:
    where = response.headers.get("Location", "")
    return f"{response.status_code}{' -> ' + where if where else ''}"


def _check_allowed(response, access, method: str) -> list[str]:
    problems = []
    location = response.headers.get("Location", "")
    if response.status_code in (401, 403, 404, 405) or LOGIN_PATH in location:
        problems.append(f"{method} refused: {_describe(response)}")
    elif method == "GET" and response.status_code >= 400:
        problems.append(f"GET failed: {_describe(response)}")
    elif method == "POST" and "Formulier verlopen" in response.get_data(as_text=True):
        problems.append("POST refused by CSRF, the token in the test is wrong")
    if method == "GET" and access.content_type:
        if response.status_code != 200:
            problems.append(f"download gave {_describe(response)}, expected 200")
        elif response.mimetype != access.content_type:
            problems.append(f"GET gave {response.mimetype}, expected {access.content_type}")
    return problems


def _check_denied(response, expected, method: str) -> list[str]:
    status, location = expected
    if response.status_code != status:
        return [f"{method} should be refused with {status}, got {_describe(response)}"]
    if location and location not in response.headers.get("Location", ""):
        return [f"{method} should redirect to {location}, got {_describe(response)}"]
    return []


def _client(world, actor: str, access):
    if not access.clone:
        return world.client(actor)
    copy = world.app.test_client()
    cookie = world.client(actor).get_cookie(world.app.config.get("SESSION_COOKIE_NAME", "session"))
    if cookie is not None:
        copy.set_cookie(cookie.key, cookie.value)
    return copy


@pytest.mark.parametrize("endpoint, actor", CASES)
def test_access(world, endpoint, actor):
    access = MATRIX.get(endpoint)
    if access is None:
        pytest.fail(f"{endpoint} is not in the access matrix: add it to the access matrix (tests/security/matrix.py)")
    _check(world, endpoint, access, actor)


@pytest.mark.parametrize("name, actor", VARIANT_CASES)
def test_access_to_objects_outside_reach(world, name, actor):
    """Same endpoints, other objects: concept cards, other regions, unpublished stories."""
    endpoint, access = VARIANTS[name]
    _check(world, endpoint, access, actor)


def _check(world, endpoint, access, actor):
    methods = ENDPOINTS[endpoint]
    allowed = actor in access.allow
    hidden = access.hidden is not None and actor in access.hidden_from and allowed
    expected = (access.hidden, None) if hidden else _expected_denial(endpoint, access, actor, world)
    client = _client(world, actor, access)
    problems = []
    if "GET" in methods:
        response = client.get(_url(world, endpoint, access))
        problems += (_check_allowed(response, access, "GET") if allowed and not hidden
                     else _check_denied(response, expected, "GET"))
    if "POST" in methods:
        token = world.csrf(actor) if not access.clone else world.csrf_for(client)
        response = client.post(_url(world, endpoint, access), data={"csrf_token": token, **access.data})
        problems += (_check_allowed(response, access, "POST") if allowed and not hidden
                     else _check_denied(response, expected, "POST"))
    if access.clone and allowed and actor in STAFF:
        world.log_in_again(actor)  # logging out ends every session of the account, the world's one too
    verdict = "may" if allowed and not hidden else "may not"
    assert not problems, f"{actor} {verdict} use {endpoint}: " + "; ".join(problems)


REGION_OF = {"viewer_own": "twente", "viewer_other": "rijk-van-nijmegen"}


@pytest.mark.parametrize("actor", sorted(REGION_OF))
def test_project_wide_cards_and_proposals_belong_to_every_region_of_their_project(world, actor):
    """One rule for "of a region" (vertelpunt/projects/visibility.py): a card or proposal without a region is
    in the lists, filtered lists and decks of every region of its project, for that region's viewers too."""
    import io
    import zipfile

    client, region = world.client(actor), REGION_OF[actor]
    for url in ("/beheer/kaarten/", f"/beheer/kaarten/?project=proef&region={region}"):
        assert "Voor het hele project" in client.get(url).get_data(as_text=True), url
    for url in ("/beheer/voorstellen/", f"/beheer/voorstellen/?project=proef&region={region}"):
        assert "Een wachtlijst voor het hele project" in client.get(url).get_data(as_text=True), url
    deck = download_deck(client, f"project=proef&region={region}&format=zip")
    names = zipfile.ZipFile(io.BytesIO(deck.data)).namelist()
    assert f"kaart-{world.ids['card_project']}.pdf" in names
    assert f"kaart-{world.ids['card_twente' if region == 'twente' else 'card_nijmegen']}.pdf" in names


def test_a_region_list_leaves_out_the_cards_and_proposals_of_another_region(world):
    """The other half of the rule: a region's own items stay in that region."""
    client = world.client("analyst")
    cards = client.get("/beheer/kaarten/?project=proef&region=rijk-van-nijmegen").get_data(as_text=True)
    assert "Gehoord worden helpt" in cards and "Wachten kost vertrouwen" not in cards
    proposals = client.get("/beheer/voorstellen/?project=proef&region=rijk-van-nijmegen").get_data(as_text=True)
    assert "Een wachtlijst voor het hele project" in proposals and "Wachttijd laten zien" not in proposals
    assert "Bellen tijdens het wachten" not in proposals  # no region, but from the Twente session
    twente = client.get("/beheer/voorstellen/?project=proef&region=twente").get_data(as_text=True)
    assert "Bellen tijdens het wachten" in twente
