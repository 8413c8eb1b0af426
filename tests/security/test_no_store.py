"""No page with story text, notes or a code stays behind in a browser's or proxy's cache.

Every GET route of the URL map is opened by someone allowed to see it, in the security world (stories,
cards, a session with notes, a proposal); each answer must say ``Cache-Control: no-store`` unless its
endpoint is one of the few listed in vertelpunt/caching.py as free of personal data. The story form's
own POST steps, the thank-you page with the code and the withdrawal page are tried as a teller would.
"""
from __future__ import annotations

import re

import pytest

from tests.collect.conftest import StoryFlow
from tests.security.matrix import MATRIX
from tests.security.conftest import HIGH_TEXT, LOW_TEXT
from tests.security.test_access_matrix import ENDPOINTS, _url
from vertelpunt.caching import CACHEABLE_ENDPOINTS

#: Who opens a page: the first of these the matrix allows (the widest view of the data).
PREFERENCE = ("admin", "analyst", "facilitator", "moderator", "viewer_own", "viewer_other", "participant", "anonymous")
GET_ENDPOINTS = sorted(endpoint for endpoint, methods in ENDPOINTS.items() if "GET" in methods)
STORY_WORDS = ("Eindelijk voelde ik me gehoord", "We moesten maanden wachten", "Nog niet gemodereerd verhaal")


def _reader(endpoint: str) -> str:
    return next(actor for actor in PREFERENCE if actor in MATRIX[endpoint].allow)


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize("endpoint", [e for e in GET_ENDPOINTS if e not in CACHEABLE_ENDPOINTS])
def test_every_page_outside_the_cacheable_list_says_no_store(world, endpoint):
    access = MATRIX[endpoint]
    actor = _reader(endpoint)
    response = world.client(actor).get(_url(world, endpoint, access))
    assert response.status_code < 400, f"{endpoint} as {actor}: {response.status_code}"
    assert _no_store(response), f"{endpoint} as {actor}: Cache-Control={response.headers.get('Cache-Control')!r}"


@pytest.mark.parametrize("endpoint", sorted(CACHEABLE_ENDPOINTS - {"static"}))
def test_cacheable_pages_show_no_story_text(world, endpoint):
    response = world.client("admin").get(_url(world, endpoint, MATRIX[endpoint]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert not [words for words in STORY_WORDS if words in page]
    assert HIGH_TEXT[:40] not in page and LOW_TEXT[:40] not in page


def test_the_cacheable_list_names_only_real_endpoints():
    assert CACHEABLE_ENDPOINTS - set(ENDPOINTS) == {"static"}


def test_story_form_steps_thanks_and_withdrawal_say_no_store(world):
    client = world.app.test_client()
    story_flow = StoryFlow(client, world.slug, "parent")
    assert _no_store(story_flow.response)
    story_flow.post(prompt="moment", text="Mijn verhaal over de wachtlijst en wat dat met ons gezin deed.")
    assert "wachtlijst" in story_flow.page and _no_store(story_flow.response)  # the text travels along, hidden
    story_flow.post(q_outcome="70", q_outcome__state="answer", q_heard="70", q_heard__state="answer")
    story_flow.post()
    assert _no_store(story_flow.post("submit"))
    thanks = client.get(f"/v/{world.slug}/bedankt")
    assert re.search(r'class="withdrawal-code"', thanks.get_data(as_text=True)) and _no_store(thanks)
    withdrawal = client.get(f"/v/{world.slug}/intrekken")
    token = re.search(r'name="csrf_token" value="([^"]+)"', withdrawal.get_data(as_text=True)).group(1)
    wrong = client.post(f"/v/{world.slug}/intrekken", data={"csrf_token": token, "code": "AAAA-BBBB-CCCC-DDDD"})
    assert _no_store(withdrawal) and _no_store(wrong)

