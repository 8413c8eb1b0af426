"""The public story flow, end to end through the Flask test client (no JavaScript)."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from vertelpunt.models import Answer, Story
from vertelpunt.stories.services import story_answers

STORY = "We wachtten maanden op hulp voor onze zoon. Toen het eindelijk begon, luisterde de hulpverlener echt naar ons en dat gaf rust."


def count_stories(session):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Story))


def test_landing_page(client, project):
    page = client.get("/v/proef/").get_data(as_text=True)
    for role in ("Ik ben kind of jongere", "Ik ben ouder of verzorger", "Ik ben professional"):
        assert role in page
    for number in ("112", "0800-0432", "0800-2000"):
        assert number in page
    assert "Wat we niet bewaren" in page and "IP-adres" in page and "verhaal intrekken" in page
    assert client.get("/v/bestaat-niet/").status_code == 404
    assert client.get("/v/proef/vertel/oma").status_code == 404


def test_closed_project_says_so_politely(client, session, project):
    project.status = "closed"
    session.commit()
    assert "geen ervaringen meer delen" in client.get("/v/proef/").get_data(as_text=True)
    response = client.get("/v/proef/vertel/parent")
    assert response.status_code == 410 and "Dank je wel" in response.get_data(as_text=True)


FULL = {
    "parent": [
        {"prompt": "start", "text": STORY, "title": "Eindelijk rust"},
        {"q_outcome": "80", "q_outcome__state": "answer", "q_heard": "35", "q_heard__state": "answer",
         "q_help_type": ["jeugdhulp", "ots"], "q_mattered__a": "50", "q_mattered__b": "20", "q_mattered__c": "30"},
        {"q_place": "wijchen"},
        {"q_felt": "Goed"},
    ],
    "youth": [
        {"text": "Ik moest steeds opnieuw mijn verhaal doen bij nieuwe mensen en niemand vroeg wat ik zelf wilde."},
        {"q_outcome__state": "nvt", "q_heard": "10", "q_heard__state": "answer"},
        {"q_age": "a16_17", "q_place": "enschede"},
        {},
    ],
    "professional": [
        {"text": "Het gezin kreeg pas na drie maanden een vaste jeugdbeschermer, daardoor liep de veiligheid gevaar."},
        {"q_outcome": "20", "q_outcome__state": "answer", "q_heard": "40", "q_heard__state": "answer"},
        {},
        {},
    ],
}


@pytest.mark.parametrize("role", ["parent", "youth", "professional"])
def test_full_flow_for_every_role(flow, session, project, role):
    story_flow = flow(role=role)
    pages = FULL[role]
    for number, fields in enumerate(pages):
        assert f"Stap {number + 1} van {len(pages)}" in story_flow.page
        response = story_flow.post("submit" if number == len(pages) - 1 else "next", **fields)
        assert response.status_code in (200, 303), story_flow.page
    assert response.status_code == 303 and response.headers["Location"].endswith("/v/proef/bedankt")
    thanks = story_flow.client.get("/v/proef/bedankt").get_data(as_text=True)
    code = re.search(r'class="withdrawal-code"[^>]*><strong>([A-Z0-9-]+)</strong>', thanks).group(1)
    assert len(code) == 19
    assert "Deel nog een ervaring" in thanks
    assert code not in story_flow.client.get("/v/proef/bedankt").get_data(as_text=True)  # shown once
    story = session.scalars(select(Story)).one()
    assert (story.role, story.status, story.channel) == (role, "pending", "online")
    assert story.week == date.today() - __import__("datetime").timedelta(days=date.today().weekday())
    assert story.withdrawal_hash and code not in story.withdrawal_hash
    answers = story_answers(story)
    if role == "parent":
        assert story.prompt_key == "start" and story.title == "Eindelijk rust"
        assert answers == {"outcome": 80.0, "heard": 35.0, "help_type": ["jeugdhulp", "ots"],
                           "mattered": [0.5, 0.2, 0.3], "place": "wijchen", "felt": "Goed"}
        assert story.region.key == "rijk-van-nijmegen" and story.is_complete
    if role == "youth":
        assert answers == {"outcome": "nvt", "heard": 10.0, "age": "a16_17", "place": "enschede"}
        assert story.prompt_key == "moment"


def test_untouched_sliders_are_not_answers(flow, session, project):
    story_flow = flow()
    story_flow.post(prompt="moment", text=STORY)
    story_flow.post(q_outcome="50", q_heard="50")  # the range always posts a value; no state = not answered
    story_flow.post()
    story_flow.post("submit")
    story = session.scalars(select(Story)).one()
    assert "outcome" not in story_answers(story) and not story.is_complete


@pytest.mark.parametrize(("page", "fields", "field_id", "message"), [
    (0, {"prompt": "moment", "text": "   "}, "text", "Schrijf je ervaring op"),
    (0, {"prompt": "", "text": STORY}, "prompt-group", "Kies over welk moment"),
    (0, {"prompt": "moment", "text": "woord " * 2001}, "text", "te lang"),
    (0, {"prompt": "moment", "text": STORY, "title": "t" * 201}, "title", "titel is te lang"),
    (1, {"q_outcome": "150", "q_outcome__state": "answer"}, "q_outcome-group", "0 tot en met 100"),
    (1, {"q_heard__state": "nvt"}, "q_heard-group", "geen n.v.t."),
    (1, {"q_help_type": ["jeugdhulp", "ots", "jeugd_ggz"]}, "q_help_type-group", "hoogstens 2"),
    (1, {"q_help_type": ["zorgboerderij"]}, "q_help_type-group", "alleen antwoorden"),
    (1, {"q_mattered__a": "50", "q_mattered__b": "10", "q_mattered__c": "10"}, "q_mattered-group", "samen 100"),
    (1, {"q_mattered__a": "veel"}, "q_mattered-group", "getal"),
    (2, {"q_place": "amsterdam"}, "q_place-group", "gemeente uit de lijst"),
    (3, {"q_felt": "x" * 201}, "q_felt-group", "hoogstens 200"),
])
def test_errors_are_shown_next_to_the_field_and_nothing_is_lost(flow, session, project, page, fields, field_id, message):
    story_flow = flow()
    good = [{"prompt": "moment", "text": STORY, "title": "Mijn titel"},
            {"q_outcome": "70", "q_outcome__state": "answer", "q_heard": "64", "q_heard__state": "answer"}, {}, {}]
    for number in range(page):
        story_flow.post(**good[number])
    fill = dict(good[page], **fields)
    response = story_flow.post("submit" if page == 3 else "next", **fill)
    assert response.status_code == 400
    assert message in story_flow.page
    assert f'href="#{field_id}"' in story_flow.page  # error summary links to the field
    assert "Mijn titel" in story_flow.page or page > 0 or "title" in fields
    if page == 1:
        assert 'value="64"' in story_flow.page  # the other answers on the page are kept
    if "text" in fields and len(fields["text"]) > 100:
        assert fields["text"].strip()[:50] in story_flow.page  # the long text is kept to edit
    assert count_stories(session) == 0


def test_back_never_loses_answers(flow, project):
    story_flow = flow()
    story_flow.post(prompt="moment", text=STORY, title="Titel blijft")
    story_flow.post(q_outcome="12", q_outcome__state="answer", q_help_type=["ots"], q_mattered__a="100")
    assert story_flow.step_title == "Over jou"
    story_flow.post("back")
    assert 'value="12"' in story_flow.page and re.search(r'value="ots"\s+id="q_help_type-ots" checked', story_flow.page)
    story_flow.post("back")
    assert STORY in story_flow.page and 'value="Titel blijft"' in story_flow.page
    assert 'value="moment" checked' in story_flow.page
    story_flow.post(prompt="moment", text=STORY + " Aangevuld.")
    assert 'value="12"' in story_flow.page and re.search(r'name="q_mattered__a"\s+value="100"', story_flow.page)


def _walk_to_submit(story_flow):
    story_flow.post(prompt="moment", text=STORY)
    story_flow.post(q_outcome="70", q_outcome__state="answer", q_heard="70", q_heard__state="answer")
    story_flow.post()
    return story_flow.hidden_fields()


def test_double_submit_saves_one_story(flow, client, session, project):
    story_flow = flow()
    fields = _walk_to_submit(story_flow)
    first = client.post("/v/proef/vertel/parent", data=MultiDict(fields + [("nav", "submit")]))
    second = client.post("/v/proef/vertel/parent", data=MultiDict(fields + [("nav", "submit")]))
    assert first.status_code == second.status_code == 303
    assert count_stories(session) == 1


def test_honeypot_saves_nothing_but_looks_fine(flow, session, project):
    story_flow = flow()
    _walk_to_submit(story_flow)
    response = story_flow.post("submit", website="http://spam.example")
    assert response.status_code == 302 and count_stories(session) == 0


def test_missing_csrf_token_is_refused(client, project):
    response = client.post("/v/proef/vertel/parent", data={"text": STORY, "nav": "next"})
    assert response.status_code == 400 and "Formulier verlopen" in response.get_data(as_text=True)


def test_rate_limit_per_client_without_storing_the_address(app, flow, session, project):
    app.config["RATE_LIMIT_STORIES"] = (2, 3600)
    for _ in range(2):
        story_flow = flow()
        _walk_to_submit(story_flow)
        assert story_flow.post("submit").status_code == 303
    story_flow = flow()
    _walk_to_submit(story_flow)
    assert story_flow.post("submit").status_code == 429
    assert count_stories(session) == 2
    stored = repr(vars(app.extensions["vertelpunt.limiter"].storage))
    assert "127.0.0.1" not in stored and "LIMITER/vertelpunt/story/" in stored  # there, keyed by hashes


def test_rate_limit_keys_are_keyed_hashes_that_change_every_day():
    from vertelpunt.limits.keys import ROTATION_SECONDS, client_key, day_secret

    today, tomorrow = day_secret("k" * 32, now=0.0), day_secret("k" * 32, now=ROTATION_SECONDS + 1.0)
    assert client_key(today, "10.0.0.1") == client_key(day_secret("k" * 32, now=5.0), "10.0.0.1")
    assert client_key(today, "10.0.0.1") != client_key(tomorrow, "10.0.0.1")
    assert client_key(today, "10.0.0.1") != client_key(day_secret("other" * 8, now=0.0), "10.0.0.1")
    assert "10.0.0.1" not in client_key(today, "10.0.0.1")


def test_incomplete_story_is_kept_and_marked(flow, session, project):
    story_flow = flow()
    story_flow.post(prompt="moment", text="Te kort")
    story_flow.post()
    story_flow.post()
    story_flow.post("submit")
    story = session.scalars(select(Story)).one()
    assert story.text == "Te kort" and not story.is_complete


def test_teller_is_warned_about_personal_words_where_the_story_is_written(flow, project):
    story_flow = flow()
    story_flow.post(prompt="moment", text=STORY + " Bel me op 06-12345678 of mail naar ik@voorbeeld.nl.")
    assert story_flow.step_title == "Jouw ervaring" and story_flow.response.status_code == 200
    warning = re.search(r'<div class="notice warning" role="alert" id="pii-words">(.*?)</div>', story_flow.page, re.S)
    assert warning, story_flow.page
    marked = re.findall(r'<mark class="pii">([^<]+)</mark>', warning.group(1))
    assert marked == ["06-12345678", "ik@voorbeeld.nl"]
    assert "06-12345678 of mail" in story_flow.page  # the text is all still there, to change
    story_flow.post(text=STORY + " Bel me maar.")  # changed: no warning, on to the questions
    assert story_flow.step_title != "Jouw ervaring" and "pii-words" not in story_flow.page


def test_a_teller_may_go_on_after_the_warning(flow, project):
    story_flow = flow()
    story_flow.post(prompt="moment", text=STORY + " Bel me op 06-12345678.")
    assert "pii-words" in story_flow.page
    story_flow.post()  # "Volgende" again: it was not personal after all
    assert story_flow.step_title != "Jouw ervaring"


def test_teller_is_warned_about_personal_data_before_sending(flow, project):
    story_flow = flow()
    story_flow.post(prompt="moment", text=STORY + " Bel me op 06-12345678.")
    story_flow.post()  # past the warning on the story page
    story_flow.post()
    story_flow.post()
    assert "Je verhaal lijkt een telefoonnummer te bevatten" in story_flow.page
    story_flow.post("step-0")
    assert story_flow.step_title == "Jouw ervaring" and "06-12345678" in story_flow.page


def test_withdrawal_removes_story_and_answers(flow, client, session, project):
    story_flow = flow()
    _walk_to_submit(story_flow)
    story_flow.post("submit")
    thanks = client.get("/v/proef/bedankt").get_data(as_text=True)
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>", thanks).group(1)
    page = client.get("/v/proef/intrekken").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    wrong = client.post("/v/proef/intrekken", data={"csrf_token": token, "code": "AAAA-BBBB-CCCC-DDDD"})
    assert wrong.status_code == 400 and "geen verhaal met deze code" in wrong.get_data(as_text=True)
    empty = client.post("/v/proef/intrekken", data={"csrf_token": token, "code": ""})
    assert empty.status_code == 400 and "Vul de code in" in empty.get_data(as_text=True)
    assert count_stories(session) == 1
    done = client.post("/v/proef/intrekken", data={"csrf_token": token, "code": code.lower()})
    assert done.status_code == 200 and "zijn verwijderd" in done.get_data(as_text=True)
    assert count_stories(session) == 0
    assert session.scalar(select(func.count()).select_from(Answer)) == 0


def test_verteltafel_needs_a_facilitator(flow, client, session, project, make_user, login):
    assert client.get("/v/proef/vertel/parent?verteltafel=1").status_code == 403
    login(make_user("facilitator"))
    story_flow = flow(extra_query="?verteltafel=1")
    assert "Verteltafel" in story_flow.page
    _walk_to_submit(story_flow)
    story_flow.post("submit")
    assert session.scalars(select(Story)).one().channel == "verteltafel"
