"""SQL-injection probes: hostile strings in every filter and search parameter of the staff pages are only
ever text. The answer is the page (200) or the page with a Dutch message (400), never a server error; a
search finds nothing that does not literally contain the string; no row changes; and no e-mail address or
password hash of another account ever reaches the response."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from markupsafe import escape
from sqlalchemy import select

from tests.security.probe_world import login_admin, world  # noqa: F401 (fixtures)
from tests.security.test_csrf import snapshot
from vertelpunt.models import User

INJECTIONS = (
    "' OR 1=1 --",
    "1; DROP TABLE stories; --",
    "%' UNION SELECT email, password_hash FROM users --",
    "\\",
    "%",
    "_",
    "x" * 5000,
    "ab\x00cd",
    "1 OR 1=1",
    "-1",
)
INJECTION_IDS = ("or", "drop", "union", "backslash", "percent", "underscore", "long", "nul", "numeric-or", "minus")

#: Every query parameter a staff page reads, by page. Repeated filters (region, role, ...) are probed too.
FILTER_PARAMS = {
    "/beheer/analyse/": ("project", "region", "role", "help_type", "from", "to", "complete", "theme_run", "theme",
                         "vs_question", "vs_region"),
    "/beheer/analyse/verhalen": ("project", "region", "role", "help_type", "from", "to", "complete", "theme_run",
                                 "theme", "q", "question", "group", "lo", "hi", "vs", "side", "page"),
    "/beheer/audit/": ("actie", "wie", "pagina"),
    "/beheer/moderatie/": ("status", "project"),
    "/beheer/voorstellen/": ("project", "region", "status", "overdue"),
    "/beheer/voorstellen/export.csv": ("project", "region", "status", "overdue"),
    "/beheer/voorstellen/voortgang": ("from", "to", "region"),
    "/beheer/voorstellen/nieuw": ("project",),
    "/s/": ("code",),
    "/beheer/patronen/": ("project", "region", "role", "help_type", "from", "to", "complete", "theme_run", "theme"),
    "/beheer/kaarten/": ("project", "region", "status"),
    "/beheer/kaarten/deck": ("project", "region", "sessie", "format"),
    "/beheer/themas/": ("project", "region", "role", "help_type", "from", "to", "complete"),
}
DUTCH_MESSAGE_MARKS = ("Kies", "Vul", "bestaat niet", "geen", "Geen", "Er ging iets mis", "niet", "Onbekend",
                       "onzichtbaar teken")


ADDRESS = "geheim@example.org"  # an account's address that no filter or search may bring onto a page


def _secrets(session) -> list[str]:
    session.expire_all()
    users = session.scalars(select(User)).all()
    return [u.password_hash for u in users] + [ADDRESS]


def _check(response, url: str, secrets: list[str]) -> str:
    assert response.status_code in (200, 302, 400, 404), (url, response.status_code)
    body = response.get_data(as_text=True)
    for secret in secrets:
        assert secret not in body, (url, "a secret reached the response")
    if response.status_code == 400 and response.mimetype == "text/html":
        assert any(mark in body for mark in DUTCH_MESSAGE_MARKS), (url, "400 without a Dutch message")
    return body


@pytest.mark.parametrize("attack", INJECTIONS, ids=INJECTION_IDS)
def test_filters_and_searches_take_hostile_strings_as_text(client, session, world, make_user, attack):
    make_user("analyst", email=ADDRESS)
    login_admin(client, world)
    secrets = _secrets(session)
    before = snapshot(session)
    for path, params in FILTER_PARAMS.items():
        for name in params:
            query = {name: attack} if name == "project" or path.startswith(("/s/", "/beheer/audit")) \
                else {"project": "proef", name: attack}
            url = path + "?" + "&".join(f"{k}={quote(v)}" for k, v in query.items())
            # The admin's audit log names the account made above ("user.create"): there the address is no secret.
            shown = [secret for secret in secrets if not (path == "/beheer/audit/" and secret == ADDRESS)]
            body = _check(client.get(url), url, shown)
            if name == "q":
                assert world.story.public_id not in body, "a search for a hostile string found a story"
            if path.startswith(("/beheer/voorstellen/", "/beheer/kaarten/")) \
                    and name in ("project", "region", "status") \
                    and path not in ("/beheer/voorstellen/nieuw", "/beheer/voorstellen/voortgang") \
                    and (path, name) != ("/beheer/kaarten/", "status"):  # an unknown card status is ignored
                for title in (f"Voorstel {world.payload}", f"Kaart {world.payload}"):
                    assert str(escape(title)) not in body, (url, "filter widened")
            if path == "/beheer/voorstellen/voortgang" and name == "region" and "\x00" not in attack:
                assert "Kies een regio uit de lijst." in body  # the report says the region was not used
            if path == "/beheer/audit/" and name == "wie":
                assert "proposal" not in body.split("<main", 1)[-1].split("</form>", 1)[-1], url
    assert snapshot(session) == before


@pytest.mark.parametrize("attack", INJECTIONS, ids=INJECTION_IDS)
def test_ids_in_urls_take_hostile_strings_as_text(client, session, world, attack):
    login_admin(client, world)
    secrets = _secrets(session)
    before = snapshot(session)
    quoted = quote(attack, safe="")
    for url in (f"/beheer/analyse/verhalen/{quoted}", f"/beheer/moderatie/{quoted}", f"/v/{quoted}/",
                f"/v/proef/vertel/{quoted}", f"/v/{quoted}/opvolging/", f"/s/{quoted}",
                f"/beheer/voorstellen/nieuw?cluster={quoted}", f"/beheer/voorstellen/nieuw?note={quoted}",
                f"/beheer/sessies/{world.sess.id}/bord.json?na={quoted}",
                f"/beheer/sessies/{world.sess.id}/qr.svg?tafel={quoted}",
                f"/beheer/patronen/{world.card.run_id}?toon={quoted}",
                f"/beheer/patronen/{world.card.run_id}?pagina={quoted}"):
        response = client.get(url)
        _check(response, url, secrets)
    assert snapshot(session) == before


def test_search_still_finds_a_story_that_literally_contains_the_string(client, session, project, make_story, world):
    """Control for the probes above: the search does work, on text."""
    story = make_story(project, text="Ze zeiden letterlijk ' OR 1=1 -- in de brief, heel vreemd.")
    login_admin(client, world)
    body = client.get("/beheer/analyse/verhalen?project=proef&q=" + quote("' OR 1=1 --")).get_data(as_text=True)
    assert story.public_id in body and world.story.public_id not in body
    body = client.get("/beheer/analyse/verhalen?project=proef&q=%25").get_data(as_text=True)
    assert story.public_id not in body and world.story.public_id not in body


def test_a_nul_character_anywhere_is_refused_in_dutch(client, session, world):
    """PostgreSQL cannot compare or store text with NUL; the app refuses it up front (fixed: it was a 500)."""
    login_admin(client, world)
    before = snapshot(session)
    for url in ("/beheer/analyse/verhalen?project=proef&q=a%00b", "/beheer/analyse/verhalen?role=parent&role=%00",
                "/beheer/moderatie/ab%00cd", "/beheer/audit/?wie=%00", "/v/proef/intrekken?x%00=1"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "onzichtbaar teken" in response.get_data(as_text=True), url
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        response = client.post(f"/beheer/voorstellen/{world.proposal.id}/update",
                               data={"text": "Een update met \x00 erin.", "on": "2026-01-02"})
        assert response.status_code == 400 and "onzichtbaar teken" in response.get_data(as_text=True)
        response = client.post("/v/proef/intrekken", data={"code": "AAAA\x00"})
        assert response.status_code == 400
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    assert snapshot(session) == before
