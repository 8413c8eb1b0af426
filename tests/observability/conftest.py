"""Helpers for the observability tests: a whole story told through the real form, and the log format reset."""
from __future__ import annotations

import re

import pytest

from tests.collect.conftest import CSRF, StoryFlow

CODE = re.compile(r'class="withdrawal-code"[^>]*><strong>([A-Z0-9-]+)</strong>')


def tell_story(client, text: str, slug: str = "proef") -> str:
    """Walk the public form (text, sliders, last page, submit) and return the withdrawal code shown once."""
    story_flow = StoryFlow(client, slug, "parent")
    story_flow.post(prompt="moment", text=text)
    if 'id="pii-words"' in story_flow.page:  # the story page named the personal words once; go on anyway
        story_flow.post()
    story_flow.post(q_outcome="70", q_outcome__state="answer", q_heard="70", q_heard__state="answer")
    story_flow.post()
    response = story_flow.post("submit")
    assert response.status_code == 303, story_flow.page
    return CODE.search(client.get(f"/v/{slug}/bedankt").get_data(as_text=True)).group(1)


def withdraw(client, code: str, slug: str = "proef"):
    token = CSRF.search(client.get(f"/v/{slug}/intrekken").get_data(as_text=True)).group(1)
    return client.post(f"/v/{slug}/intrekken", data={"csrf_token": token, "code": code})


@pytest.fixture(autouse=True)
def text_log_format_afterwards():
    """The handler is one per process; a test that switches it to JSON must not leave it so."""
    yield
    from vertelpunt.observability.logging_setup import configure_logging

    configure_logging("text")
