"""Cheap requests stay cheap: a huge form is refused before it is parsed, a client over its limit is refused
before its body is read, join codes cannot be guessed without limit, and junk in any field of the story form
is a Dutch 400 with nothing stored (issue 13, item 6).

"Before parsing" is proven by counting calls of werkzeug's form parser, not by timing (the benchmark
benchmarks/bench_cheap_requests.py shows the time).
"""
from __future__ import annotations

import io
from datetime import date
import re
from pathlib import Path

import pytest
import werkzeug.formparser
from sqlalchemy import func, select

from tests.security.test_bad_input import GOOD_STORY, refused
from tests.security.test_csrf import snapshot

NATIONAL_FORM = Path(__file__).parents[2] / "vertelpunt" / "data" / "forms" / "vertelpunt-landelijk.yaml"


@pytest.fixture
def parses(monkeypatch):
    """Counts how often werkzeug parses a request body into a form."""
    calls = []
    original = werkzeug.formparser.FormDataParser.parse

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(werkzeug.formparser.FormDataParser, "parse", counting)
    return calls


def chunked_post(client, url: str, body: bytes):
    """A body without Content-Length, as a WSGI server passes a chunked upload on (gunicorn sets
    wsgi.input_terminated): werkzeug's MAX_FORM_MEMORY_SIZE check on Content-Length never sees it."""
    return client.post(url, input_stream=io.BytesIO(body), content_type="application/x-www-form-urlencoded",
                       headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})


def many_fields(count: int) -> bytes:
    return "&".join(f"f{i}=x" for i in range(count)).encode() + b"&text=hallo&step=3&nav=submit"


def test_a_chunked_story_post_with_150000_fields_is_refused_unparsed_with_the_dutch_413_page(
        client, session, project, no_csrf, parses):
    before = snapshot(session)
    body = many_fields(150_000)
    assert len(body) < client.application.config["MAX_CONTENT_LENGTH"]
    response = chunked_post(client, "/v/proef/vertel/parent", body)
    assert response.status_code == 413
    refused(response, "Te veel")
    assert parses == []
    assert snapshot(session) == before


def test_a_chunked_post_bigger_than_the_form_memory_cap_is_refused_unparsed(client, session, project, no_csrf,
                                                                             parses):
    cap = client.application.config["MAX_FORM_MEMORY_SIZE"]
    body = b"text=" + b"x" * (cap + 10) + b"&step=0&nav=next"
    response = chunked_post(client, "/v/proef/vertel/parent", body)
    assert response.status_code == 413
    refused(response, "Te veel tekst")
    assert parses == []


def test_a_multipart_post_with_too_many_parts_is_the_dutch_413_page(client, project, no_csrf):
    parts = client.application.config["MAX_FORM_PARTS"]
    data = {f"f{i}": "x" for i in range(parts + 5)}
    response = client.post("/v/proef/vertel/parent", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    refused(response, "Te veel")


def test_a_client_over_the_story_limit_gets_429_before_its_body_is_parsed(app, client, session, project, no_csrf,
                                                                          parses):
    from vertelpunt.limits.registry import limiter

    app.config["RATE_LIMIT_STORIES"] = (1, 3600)
    assert limiter("story").hit("127.0.0.1")
    before = snapshot(session)
    response = client.post("/v/proef/vertel/parent", data=GOOD_STORY)
    assert response.status_code == 429
    refused(response, "Even wachten")
    assert parses == []
    assert snapshot(session) == before


def test_a_client_under_the_story_limit_still_tells_its_story(app, client, session, project, no_csrf):
    app.config["RATE_LIMIT_STORIES"] = (1, 3600)
    assert client.post("/v/proef/vertel/parent", data=GOOD_STORY).status_code == 303
    assert client.post("/v/proef/vertel/parent", data={**GOOD_STORY, "submission": "other"}).status_code == 429


# --- the longest legitimate story ---------------------------------------------------------------------------

def longest_story(form, role_key: str) -> list[tuple[str, str]]:
    """Every field the last page of the story form can post for this role, each at its longest: all options
    of every multiple choice ticked (as many as it allows), the text at its maximum in characters that encode longest."""
    from vertelpunt.collect.steps import build_steps
    from vertelpunt.stories.services import MAX_STORY_LENGTH, MAX_TITLE_LENGTH, questions_for

    steps = build_steps(form, role_key)
    role = form.role(role_key)
    widest = "é€"  # two and three bytes in UTF-8: six and nine characters once form-encoded
    text = ("Wij wachtten lang op hulp. " + widest * 4000)[:MAX_STORY_LENGTH]
    fields = [("csrf_token", "t" * 91), ("submission", f"longest-{role_key}"), ("step", str(len(steps) - 1)), ("nav", "submit"),
              ("website", ""), ("prompt", role.prompts[-1].key), ("title", widest * (MAX_TITLE_LENGTH // 2)),
              ("text", text)]
    for question in questions_for(form, role_key):
        name = f"q_{question.key}"
        if question.type == "slider":
            fields += [(name, "100"), (f"{name}__state", "answer")]
        elif question.type == "multi_choice":
            ticked = question.options[:question.max_choices or len(question.options)]
            fields += [(name, option.key) for option in ticked]
        elif question.type == "single_choice":
            fields.append((name, question.options[-1].key))
        elif question.type == "triad":
            fields += [(f"{name}__a", "33.33"), (f"{name}__b", "33.33"), (f"{name}__c", "33.34")]
        elif question.type == "place":
            fields.append((name, "enschede"))
        else:
            fields.append((name, widest * 100))
    return fields


@pytest.fixture
def national_project(session, regions):
    from vertelpunt.forms.services import import_definition, read_form_file
    from vertelpunt.projects.services import create_project

    definition = read_form_file(NATIONAL_FORM)
    import_definition(session, definition)
    session.commit()
    project = create_project(session, "landelijk", "Landelijk", definition["key"], ("twente",))
    session.commit()
    return project


def test_the_longest_legitimate_story_of_the_national_form_passes_well_under_the_caps(
        app, client, session, national_project, no_csrf):
    from urllib.parse import urlencode

    from vertelpunt.forms.snapshot import form_spec
    from vertelpunt.models import Story

    form = form_spec(national_project.form)
    for role in form.roles:
        fields = longest_story(form, role.key)
        body = urlencode(fields).encode()
        # "Well above": five times the fields and twice the bytes of the longest real story.
        assert len(fields) * 5 <= app.config["MAX_FORM_PARTS"], (role.key, len(fields))
        assert len(body) * 2 <= app.config["MAX_FORM_MEMORY_SIZE"], (role.key, len(body))
        before = session.scalar(select(func.count()).select_from(Story))
        response = chunked_post(client, f"/v/landelijk/vertel/{role.key}", body)
        assert response.status_code == 303, (role.key, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))[:3000])
        session.expire_all()
        assert session.scalar(select(func.count()).select_from(Story)) == before + 1


# --- guessing join codes ------------------------------------------------------------------------------------

@pytest.fixture
def open_session(session, project, regions):
    from vertelpunt.models import Region, SensemakingSession, SessionTable

    twente = session.scalar(select(Region).where(Region.key == "twente"))
    item = SensemakingSession(project_id=project.id, region_id=twente.id, name="Sessie", place="Hengelo",
                              join_code="MTX234", created_by="f@example.org", status="open",
                              held_on=date(2026, 4, 2))
    session.add(item)
    session.flush()
    session.add(SessionTable(session_id=item.id, name="Tafel 1", position=0))
    session.commit()
    return item


def test_guessing_join_codes_is_limited_per_client_with_a_dutch_429(app, client, open_session):
    app.config["RATE_LIMIT_JOIN"] = (5, 600)
    for number in range(5):
        assert client.get(f"/s/FOUT{number:02d}").status_code == 404
    response = client.get("/s/FOUT99")
    assert response.status_code == 429
    refused(response, "te vaak een code geprobeerd")
    # Over the limit, even the right code says nothing, so guessing can go no further.
    assert client.get("/s/MTX234").status_code == 429
    assert client.get("/s/?code=MTX234").status_code == 429
    # Another client (address) is not affected.
    other = app.test_client()
    assert other.get("/s/MTX234", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200


def test_wrong_codes_through_the_code_form_count_towards_the_join_limit(app, client, open_session):
    app.config["RATE_LIMIT_JOIN"] = (3, 600)
    for number in range(3):
        assert client.get(f"/s/?code=FOUT{number:02d}").status_code == 400
    response = client.get("/s/?code=FOUT77")
    assert response.status_code == 429
    refused(response, "te vaak een code geprobeerd")


def test_right_codes_do_not_count_and_a_joined_participant_keeps_its_table(app, client, open_session, no_csrf):
    app.config["RATE_LIMIT_JOIN"] = (2, 600)
    for _ in range(5):
        assert client.get("/s/MTX234").status_code == 200
    response = client.post("/s/MTX234", data={"name": "Sam"})
    assert response.status_code == 302
    table_url = response.headers["Location"]
    for number in range(3):
        client.get(f"/s/FOUT{number:02d}")
    assert client.get("/s/FOUT99").status_code == 429
    assert client.get(table_url).status_code == 200  # the room's shared address may be limited; Sam is in


def test_the_join_limit_is_a_named_setting():
    from vertelpunt.config import Defaults
    from vertelpunt.limits.registry import SETTINGS

    assert SETTINGS["join"] == "RATE_LIMIT_JOIN"
    assert Defaults.RATE_LIMIT_JOIN == (30, 600)


# --- junk in every field of the story POST ------------------------------------------------------------------

COMMON_JUNK = ("zzz", "' OR 1=1 --", "\u202e", "x" * 300)
#: field -> junk values that no page of the form ever posts (a token is any 1-64 letters, digits, - or _).
JUNK = {
    "prompt": COMMON_JUNK,
    "step": ("zzz", "-1", "\u0663", "99999999999999999999", "4", "1.5"),
    "nav": ("zzz", "step-", "step-x", "step-\u0663", "step-99999999999999999999", "' OR 1=1 --"),
    "submission": ("' OR 1=1 --", "\u202e", "x" * 300, "a b", "ü"),
    "q_outcome": ("zzz", "nan", "1e999", "-1", "101"),
    "q_outcome__state": COMMON_JUNK + ("1",),
    "q_help_type": COMMON_JUNK,
    "q_mattered__a": ("zzz", "nan", "-5", "1e999"),
    "q_place": COMMON_JUNK,
}
YOUTH_JUNK = {"prompt": COMMON_JUNK, "q_age": COMMON_JUNK}
DUTCH = re.compile(r"Kies|Vul|getal|kennen we niet|Controleer|moet|alleen|gemeente|lijst|Begin opnieuw|schuifje")


def post_junk(client, session, role: str, junk: dict) -> list:
    before = snapshot(session)
    problems = []
    for name, values in junk.items():
        for value in values:
            data = {**GOOD_STORY, "submission": f"junk-{role}-{len(problems)}-{abs(hash((name, value)))}", name: value}
            if role == "youth":
                data["q_age"] = data.get("q_age", "a16_17") if name == "q_age" else "a16_17"
            response = client.post(f"/v/proef/vertel/{role}", data=data)
            body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
            if response.status_code != 400 or not DUTCH.search(body):
                problems.append((name, value[:20], response.status_code))
            if snapshot(session) != before:
                problems.append((name, value[:20], "stored"))
                before = snapshot(session)
    return problems


def test_junk_in_any_field_of_the_story_post_is_a_dutch_400_and_stores_nothing(client, session, project, no_csrf):
    assert post_junk(client, session, "parent", JUNK) == []


def test_junk_prompt_and_choice_of_a_youth_story_is_a_dutch_400_and_stores_nothing(client, session, project,
                                                                                   no_csrf):
    assert post_junk(client, session, "youth", YOUTH_JUNK) == []


def test_the_good_story_control_for_every_role_is_stored(client, session, project, no_csrf):
    for role, extra in (("parent", {}), ("youth", {"q_age": "a16_17", "prompt": "moment"}),
                        ("professional", {"prompt": "moment"})):
        response = client.post(f"/v/proef/vertel/{role}", data={**GOOD_STORY, **extra, "submission": f"ok-{role}"})
        assert response.status_code == 303, (role, response.status_code)


def test_prompt_zzz_on_a_role_with_one_prompt_is_a_dutch_400(client, session, project, no_csrf):
    before = snapshot(session)
    response = client.post("/v/proef/vertel/youth", data={**GOOD_STORY, "prompt": "zzz"})
    refused(response, "Kies over welk moment")
    assert response.status_code == 400
    assert snapshot(session) == before


def test_a_story_posted_to_a_role_that_does_not_exist_is_a_dutch_400(client, session, project, no_csrf):
    before = snapshot(session)
    for role in ("zzz", "' OR 1=1 --", "x" * 300):
        response = client.post(f"/v/proef/vertel/{role}", data=GOOD_STORY)
        assert response.status_code == 400, (role, response.status_code)
        refused(response, "Deze rol kennen we niet")
    assert snapshot(session) == before
