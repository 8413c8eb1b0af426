"""The withdrawal code is shown once and never travels in the session cookie.

Flask's session cookie is signed, not encrypted: anyone holding it (a shared family tablet, a library PC)
can base64-decode it. So after a story is sent the cookie may hold at most an unguessable one-time
reference, and replaying an old cookie on /bedankt must not bring the code back.
"""
from __future__ import annotations

import json
import re

from tests.collect.conftest import StoryFlow
from tests.collect.test_flow import _walk_to_submit

CODE = re.compile(r'class="withdrawal-code"[^>]*><strong>([A-Z0-9-]+)</strong>')
ANY_CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


def _send_story(client):
    story_flow = StoryFlow(client, "proef", "parent")
    _walk_to_submit(story_flow)
    response = story_flow.post("submit")
    assert response.status_code == 303, story_flow.page
    return client.get_cookie("session").value


def _decoded(app, cookie_value: str) -> dict:
    """What anyone who copies the cookie can read (the signature does not hide anything)."""
    return app.session_interface.get_signing_serializer(app).loads(cookie_value)


def test_session_cookie_after_a_story_holds_no_withdrawal_code(app, client, project):
    cookie_value = _send_story(client)
    readable = json.dumps(_decoded(app, cookie_value))
    code = CODE.search(client.get("/v/proef/bedankt").get_data(as_text=True)).group(1)
    assert code not in readable
    assert not ANY_CODE.search(readable), readable


def test_replaying_the_cookie_on_thanks_does_not_show_the_code_again(app, client, project):
    cookie_value = _send_story(client)
    first = client.get("/v/proef/bedankt").get_data(as_text=True)
    code = CODE.search(first).group(1)
    client.set_cookie("session", cookie_value)  # someone copied the cookie before the page was opened
    replayed = client.get("/v/proef/bedankt").get_data(as_text=True)
    assert code not in replayed and not CODE.search(replayed)
    fresh = app.test_client()  # or replays it on another device
    fresh.set_cookie("session", cookie_value)
    assert code not in fresh.get("/v/proef/bedankt").get_data(as_text=True)


def test_thank_you_ticket_shows_nothing_on_another_project(app, client, project, make_project):
    make_project(slug="ander")
    _send_story(client)
    assert not CODE.search(client.get("/v/ander/bedankt").get_data(as_text=True))


def test_the_waiting_code_is_sealed_in_the_database_and_gone_once_shown(app, client, session, project):
    from sqlalchemy import select

    from vertelpunt.models import ThanksTicket

    _send_story(client)
    session.expire_all()
    waiting = session.scalars(select(ThanksTicket)).one()
    code = CODE.search(client.get("/v/proef/bedankt").get_data(as_text=True)).group(1)
    assert code.encode() not in waiting.sealed_code
    session.expire_all()
    assert session.scalars(select(ThanksTicket)).all() == []
