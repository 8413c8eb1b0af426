"""Patterns and card pages: the analyst's flow over HTTP, and who may read, edit, mark and scan."""
from __future__ import annotations

import re

import pytest

from vertelpunt.cards import services
from vertelpunt.cards.runs import column_labels, verdicts

DISCLAIMER = "De data is niet representatief; daarvoor is de informatie niet verzameld."


def _token(client, url="/beheer/"):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def card(session, scanned, top_key, analyst):
    made = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    return made


@pytest.fixture
def published(session, card, analyst):
    services.update_card(session, card, analyst, card.title, card.observation, "De ene kant.", "De andere kant.")
    services.publish(session, card, analyst)
    session.commit()
    return card


def test_analyst_flow(client, login, session, project, planted, analyst):
    login(analyst)
    index = client.get("/beheer/patronen/?project=proef")
    assert index.status_code == 200 and "Scan uitvoeren" in index.get_data(as_text=True)
    token = _token(client, "/beheer/patronen/")
    response = client.post("/beheer/patronen/scan", data={"csrf_token": token, "project": "proef"})
    assert response.status_code == 303  # to the job's page, which links the stored scan when it is done
    status = client.get(response.headers["Location"] + "/status.json").get_json()
    assert status["state"] == "klaar", status
    run_url = status["link"]
    page = client.get(run_url).get_data(as_text=True)
    assert 'class="chart"' in page and 'type="application/json"' in page and "Maak observatiekaart" in page
    run_id = int(run_url.rstrip("/").rsplit("/", 1)[-1])
    key = re.search(r'name="pattern" value="([^"]+)"', page).group(1)
    assert client.post(f"/beheer/patronen/{run_id}/oordeel",
                       data={"csrf_token": token, "pattern": key, "verdict": "opvallend"}).status_code == 302
    from vertelpunt.models import PatternRun
    assert verdicts(session, session.get(PatternRun, run_id)) == {key: "opvallend"}
    assert 'Jouw oordeel</dt><dd class="verdict-value">Opvallend' in client.get(run_url).get_data(as_text=True)

    made = client.post(f"/beheer/patronen/{run_id}/kaart", data={"csrf_token": token, "pattern": key})
    assert made.status_code == 303 and "/beheer/taken/" in made.headers["Location"]  # drafting is a job
    drafted = client.get(made.headers["Location"] + "/status.json").get_json()
    assert drafted["state"] == "klaar" and drafted["link"].endswith("/bewerken"), drafted
    edit_url = drafted["link"]
    editor = client.get(edit_url).get_data(as_text=True)
    title = re.search(r'id="title" name="title" maxlength="200" value="([^"]*)"', editor).group(1)
    refused = client.post(edit_url, data={"csrf_token": token, "title": title, "observation": "Mijn eigen observatie.",
                                          "interpretation_a": "", "interpretation_b": "", "action": "publish"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Vul de eerste interpretatie in" in body and "Mijn eigen observatie." in body
    done = client.post(edit_url, data={"csrf_token": token, "title": title, "observation": "Mijn eigen observatie.",
                                       "interpretation_a": "Een kant.", "interpretation_b": "Andere kant.", "action": "publish"})
    assert done.status_code == 302
    shown = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Gepubliceerd" in shown and DISCLAIMER in shown and "Mijn eigen observatie." in shown
    assert "Verhaal-id" in shown and f"scan {run_id}" in shown
    named = " × ".join(column_labels(session.get(PatternRun, run_id))[part] for part in key.split("|"))
    assert f"patroon “{named}”" in shown and key.replace("|", " x ") not in shown and key not in shown


def test_verdict_answers_json_when_asked(client, login, session, scanned, top_key, analyst):
    """static/js/verdicts.js asks for JSON: the verdict, its label and a message, no flash for the next page."""
    login(analyst)
    url = f"/beheer/patronen/{scanned.id}/oordeel"
    token = _token(client, f"/beheer/patronen/{scanned.id}")
    json_only = {"Accept": "application/json"}
    answer = client.post(url, headers=json_only,
                         data={"csrf_token": token, "pattern": top_key, "verdict": "misschien", "rank": "1"})
    assert answer.status_code == 200 and answer.is_json
    labels = column_labels(scanned)
    named = " × ".join(labels[part] for part in top_key.split("|"))  # the questions' words, never "a|b"
    assert answer.get_json() == {"verdict": "misschien", "label": "Misschien", "reload": False,
                                 "message": f"Patroon “{named}” gemarkeerd als misschien.",
                                 "location": f"/beheer/patronen/{scanned.id}#p-1"}
    assert "|" not in named and all(part not in named for part in top_key.split("|"))
    assert verdicts(session, scanned) == {top_key: "misschien"}
    assert "gemarkeerd als" not in client.get(f"/beheer/patronen/{scanned.id}").get_data(as_text=True)  # no flash left

    moved = client.post(url, headers=json_only,
                        data={"csrf_token": token, "pattern": top_key, "verdict": "verwacht", "rank": "1"})
    assert moved.get_json()["reload"] is True  # the pattern moves to the expected links: the page must reload
    refused = client.post(url, headers=json_only, data={"csrf_token": token, "pattern": top_key, "verdict": "zeker"})
    assert refused.status_code == 400 and "Kies opvallend" in refused.get_json()["error"]

    plain = client.post(url, data={"csrf_token": token, "pattern": top_key, "verdict": "nee", "rank": "v1"})
    assert plain.status_code == 302 and plain.headers["Location"].endswith("#p-v1")  # without JavaScript
    assert verdicts(session, scanned) == {top_key: "nee"}


def test_scan_with_bad_filter_is_refused(client, login, planted, analyst):
    login(analyst)
    token = _token(client, "/beheer/patronen/")
    response = client.post("/beheer/patronen/scan", data={"csrf_token": token, "project": "proef", "role": "astronaut"})
    assert response.status_code == 400 and "Onbekende rol" in response.get_data(as_text=True)


@pytest.mark.parametrize("role,reader_regions", [("facilitator", ()), ("viewer", ("twente",))])
def test_readers_see_published_cards_only(client, login, make_user, card, published, role, reader_regions, session, scanned, top_key, analyst):
    concept = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    login(make_user(role, region_keys=reader_regions))
    assert client.get(f"/beheer/kaarten/{published.id}").status_code == 200
    listing = client.get("/beheer/kaarten/").get_data(as_text=True)
    assert f"/beheer/kaarten/{published.id}\"" in listing and f"/beheer/kaarten/{concept.id}\"" not in listing
    assert client.get(f"/beheer/kaarten/{concept.id}").status_code == 403
    token = _token(client)
    assert client.get(f"/beheer/kaarten/{published.id}/bewerken").status_code == 403
    assert client.post(f"/beheer/kaarten/{concept.id}/bewerken", data={"csrf_token": token, "title": "Gekaapt!"}).status_code == 403
    assert client.post(f"/beheer/kaarten/{published.id}/concept", data={"csrf_token": token}).status_code == 403
    assert client.get("/beheer/patronen/").status_code == 403
    assert client.get(f"/beheer/patronen/{scanned.id}").status_code == 403
    assert client.post("/beheer/patronen/scan", data={"csrf_token": token, "project": "proef"}).status_code == 403
    assert client.post(f"/beheer/patronen/{scanned.id}/oordeel",
                       data={"csrf_token": token, "pattern": top_key, "verdict": "nee"}).status_code == 403
    assert client.post(f"/beheer/patronen/{scanned.id}/kaart", data={"csrf_token": token, "pattern": top_key}).status_code == 403
    assert verdicts(session, scanned) == {}


def test_viewer_of_another_region_does_not_see_the_card(client, login, make_user, published):
    login(make_user("viewer", region_keys=("groningen",)))
    assert client.get(f"/beheer/kaarten/{published.id}").status_code == 403
    assert f"/beheer/kaarten/{published.id}\"" not in client.get("/beheer/kaarten/").get_data(as_text=True)


def test_moderator_and_anonymous(client, login, make_user, published, scanned):
    assert client.get(f"/beheer/kaarten/{published.id}").status_code == 302
    assert "/beheer/inloggen" in client.get("/beheer/patronen/").headers["Location"]
    login(make_user("moderator"))
    for url in ("/beheer/kaarten/", f"/beheer/kaarten/{published.id}", "/beheer/patronen/", f"/beheer/patronen/{scanned.id}"):
        assert client.get(url).status_code == 403, url


def test_published_card_must_go_back_to_concept_before_editing(client, login, analyst, published):
    login(analyst)
    editor = client.get(f"/beheer/kaarten/{published.id}/bewerken").get_data(as_text=True)
    assert "Terug naar concept" in editor and 'name="observation"' not in editor
    token = _token(client)
    refused = client.post(f"/beheer/kaarten/{published.id}/bewerken",
                          data={"csrf_token": token, "title": "Een andere titel", "action": "save"})
    assert refused.status_code == 400 and "terug naar concept" in refused.get_data(as_text=True)
    assert client.post(f"/beheer/kaarten/{published.id}/concept", data={"csrf_token": token}).status_code == 302
    assert 'name="observation"' in client.get(f"/beheer/kaarten/{published.id}/bewerken").get_data(as_text=True)


def test_card_page_numbers_are_dutch(client, login, analyst, published):
    login(analyst)
    page = client.get(f"/beheer/kaarten/{published.id}").get_data(as_text=True)
    assert "Statistiek per groep" in page and re.search(r"\d,\d\d</td>", page)


def test_run_page_and_report_show_each_effect_with_its_interval(client, login, scanned, analyst):
    """The analysts' numbers: effect, its 95% interval and the one strength scale, for every pattern."""
    from vertelpunt.insights.report import format_table
    from vertelpunt.insights.scans import stored_result

    login(analyst)
    page = client.get(f"/beheer/patronen/{scanned.id}?toon=all").get_data(as_text=True)
    top = stored_result(scanned).notable[0]
    low, high = (f"{value:.2f}".replace(".", ",") for value in (top.effect_low, top.effect_high))
    assert f"(95%-interval {low} tot {high})" in page and "Sterkte (r)" in page
    table = format_table(stored_result(scanned), limit=3)
    assert "95%-interval" in table.splitlines()[0]
    assert f"{top.effect_low:+.3f}..{top.effect_high:+.3f}" in table
