"""Oversized, malformed and wrongly typed input on every form, URL and import: a clear Dutch message, a 4xx
(never a server error) and nothing stored, checked by comparing every row of every table before and after."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tests.security.probe_world import join_as_participant, login_admin, world  # noqa: F401 (fixtures)
from tests.security.test_csrf import snapshot

STORY = "We wachtten maanden op hulp voor onze zoon. Toen het begon, luisterde de hulpverlener echt naar ons."


def refused(response, *messages: str) -> str:
    body = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, (response.status_code, body[:300])
    for message in messages:
        assert message in body, (message, re.sub(r"\s+", " ", body)[:2000])
    return body


# --- the public story form ---------------------------------------------------------------------------------

GOOD_STORY = {"prompt": "moment", "text": STORY, "title": "Titel", "q_outcome": "70", "q_outcome__state": "answer",
              "q_heard": "60", "q_heard__state": "answer", "q_help_type": "jeugdhulp", "q_mattered__a": "50",
              "q_mattered__b": "25", "q_mattered__c": "25", "q_place": "enschede", "q_felt": "Goed",
              "submission": "probe-token-1", "step": "3", "nav": "submit"}

STORY_CASES = [
    ({"q_outcome": "abc"}, "Dit moet een getal zijn"),
    ({"q_outcome": "150"}, "0 tot en met 100"),
    ({"q_outcome": "-1"}, "0 tot en met 100"),
    ({"q_outcome": "nan"}, "Dit moet een getal zijn"),
    ({"q_outcome": "inf"}, "Dit moet een getal zijn"),
    ({"q_outcome": "1e999"}, "Dit moet een getal zijn"),
    ({"q_mattered__a": "50", "q_mattered__b": "10", "q_mattered__c": "10"}, "samen 100"),
    ({"q_mattered__a": "nan", "q_mattered__b": "50", "q_mattered__c": "50"}, "getal"),
    ({"q_mattered__a": "inf", "q_mattered__b": "0", "q_mattered__c": "0"}, "tussen 0 en 100"),
    ({"q_mattered__a": "veel"}, "getal"),
    ({"q_help_type": "zorgboerderij"}, "alleen antwoorden"),
    ({"q_place": "amsterdam"}, "gemeente uit de lijst"),
    ({"q_heard__state": "nvt"}, "geen n.v.t."),
    ({"prompt": "bestaat-niet"}, "Kies over welk moment"),
    ({"text": "x" * 10_001}, "te lang"),
    ({"title": "t" * 201}, "titel is te lang"),
    ({"q_felt": "x" * 201}, "hoogstens 200"),
    ({"text": "   "}, "Schrijf je ervaring op"),
]


@pytest.mark.parametrize(("change", "message"), STORY_CASES, ids=[str(i) for i in range(len(STORY_CASES))])
def test_story_form_refuses_bad_values_and_stores_nothing(client, session, project, no_csrf, change, message):
    before = snapshot(session)
    response = client.post("/v/proef/vertel/parent", data={**GOOD_STORY, **change})
    body = refused(response)
    shown = " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', body, re.S))
    assert message in shown, shown
    assert snapshot(session) == before


def test_story_form_control_the_good_story_is_stored(client, session, project, no_csrf):
    before = snapshot(session)
    assert client.post("/v/proef/vertel/parent", data=GOOD_STORY).status_code == 303
    assert len(snapshot(session)["stories"]) == len(before["stories"]) + 1


def test_story_form_of_more_than_two_megabytes_gets_the_dutch_413_page(client, session, project):
    page = client.get("/v/proef/vertel/parent").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    before = snapshot(session)
    response = client.post("/v/proef/vertel/parent", data={**GOOD_STORY, "csrf_token": token,
                                                            "text": "woord " * 400_000})
    assert response.status_code == 413
    refused(response, "Te veel tekst of een te groot bestand", "Maak je invoer korter")
    assert snapshot(session) == before


def test_strange_navigation_and_steps_do_not_crash(client, session, project, no_csrf):
    before = snapshot(session)
    for extra in ({"step": "abc"}, {"step": "-1"}, {"step": "99999999999999999999"}, {"nav": "step-abc"},
                  {"nav": "step-99999999999999999999"}, {"nav": "\u0663"}, {"step": "\u0663"}):
        response = client.post("/v/proef/vertel/parent", data={**GOOD_STORY, "text": "", **extra})
        assert response.status_code in (200, 400), (extra, response.status_code)
    assert snapshot(session) == before


def test_tampered_form_fields_are_a_dutch_400_not_a_guess_or_a_500(client, session, project, no_csrf):
    """Fixed: prompt=zzz on a role with one prompt was a server error, an unknown slider state was silently
    "no answer", and a junk step or button value was read as page 0 or "next"."""
    before = snapshot(session)
    cases = (("youth", {"prompt": "zzz", "q_age": "a16_17"}, "Kies over welk moment"),
             ("parent", {"q_outcome__state": "zzz"}, "Dit schuifje kreeg een waarde die we niet kennen"),
             ("parent", {"step": "zzz"}, "niet goed verstuurd"), ("parent", {"nav": "vooruit"}, "niet goed verstuurd"),
             ("parent", {"submission": "' OR 1=1 --"}, "niet goed verstuurd"),
             ("bestaat-niet", {}, "Deze rol kennen we niet"))
    for role, change, message in cases:
        response = client.post(f"/v/proef/vertel/{role}", data={**GOOD_STORY, **change})
        assert response.status_code == 400, (role, change, response.status_code)
        refused(response, message)
    assert snapshot(session) == before


def test_withdrawal_code_of_any_size_or_shape(client, session, world, no_csrf):
    before = snapshot(session)
    for code in ("x" * 10_000, "' OR 1=1 --", "\u0000" * 3, ""):
        response = client.post("/v/proef/intrekken", data={"code": code})
        refused(response)
    assert snapshot(session) == before


# --- ids in URLs -------------------------------------------------------------------------------------------

def test_ids_that_are_not_numbers_or_far_too_big_are_not_found(client, session, world):
    login_admin(client, world)
    join_as_participant(client, world)
    before = snapshot(session)
    s, t = world.sess.id, world.table.id
    huge = "99999999999999999999"
    big = "3000000000"  # beyond a 32-bit integer column
    urls = []
    for bad in ("abc", "-1", "1.5", huge, big, "0x10", "%EF%BC%91"):
        urls += [f"/beheer/voorstellen/{bad}", f"/beheer/sessies/{bad}", f"/beheer/sessies/{s}/tafels/{bad}",
                 f"/beheer/kaarten/{bad}", f"/beheer/kaarten/{bad}/kaart.pdf", f"/beheer/patronen/{bad}",
                 f"/beheer/themas/{bad}", f"/v/proef/opvolging/{bad}", f"/s/{world.sess.join_code}/tafel/{bad}",
                 f"/beheer/sessies/{bad}/verslag.html", f"/beheer/voorstellen/nieuw?cluster={bad}",
                 f"/beheer/voorstellen/nieuw?note={bad}", f"/beheer/kaarten/deck?project=proef&sessie={bad}",
                 f"/beheer/sessies/{s}/bord.json?na={bad}",
                 f"/s/{world.sess.join_code}/tafel/{t}/notities.json?na={bad}",
                 f"/beheer/sessies/{s}/qr.svg?tafel={bad}", f"/beheer/patronen/{world.card.run_id}?pagina={bad}",
                 f"/beheer/audit/?pagina={bad}", f"/beheer/analyse/verhalen?project=proef&page={bad}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
    after = snapshot(session)
    # A full-width digit is a digit to Python: "１" opens card 1 or session 1, and a download is audited.
    assert {name: rows for name, rows in after.items() if name != "audit_events"} == \
        {name: rows for name, rows in before.items() if name != "audit_events"}
    new_events = [row for row in after["audit_events"] if row not in before["audit_events"]]
    assert all(row[4].strip("'") in ("deck.export", "card.export") for row in new_events)


def test_a_number_the_database_cannot_hold_is_a_dutch_400_not_a_500(client, session, world):
    """Fixed: ids beyond the database's integers were a server error (SQLite OverflowError, PostgreSQL
    'integer out of range'). In a path they are now 'not found', in a query a Dutch 400."""
    login_admin(client, world)
    assert client.get("/beheer/voorstellen/99999999999999999999").status_code == 404
    assert client.get("/beheer/voorstellen/2147483648").status_code == 404
    response = client.get("/beheer/voorstellen/nieuw?cluster=99999999999999999999")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        refused(response, "te groot")


# --- staff forms -------------------------------------------------------------------------------------------

HUGE = "99999999999999999999"
LONG = "x" * 10_000


def staff_cases(w) -> list[tuple[str, dict, str]]:
    s, t, c, p = w.sess.id, w.table.id, w.cluster.id, w.proposal.id
    session_form = {"name": "Sessie", "held_on": "2030-01-01", "place": "Hengelo", "project_id": "1"}
    proposal_form = {"title": "Titel", "seen": "Gezien", "solution": "Oplossing", "owner_name": "Petra",
                     "owner_organisation": "Gemeente", "due_on": "2030-01-01", "region": "twente"}
    return [
        ("/beheer/sessies/nieuw", {**session_form, "held_on": "31-02-2026"}, "Vul een datum in"),
        ("/beheer/sessies/nieuw", {**session_form, "held_on": "2026-02-31"}, "Vul een datum in"),
        ("/beheer/sessies/nieuw", {**session_form, "name": LONG}, "hoogstens 200 tekens"),
        ("/beheer/sessies/nieuw", {**session_form, "project_id": "abc"}, "Kies een project"),
        ("/beheer/sessies/nieuw", {**session_form, "project_id": HUGE}, "te groot"),  # a select, never typed
        ("/beheer/sessies/nieuw", {**session_form, "region_id": HUGE}, "Kies een regio"),
        (f"/beheer/sessies/{s}/bewerken", {**session_form, "held_on": "gisteren"}, "Vul een datum in"),
        (f"/beheer/sessies/{s}/status", {"status": "weg"}, "Er ging iets mis met je verzoek"),  # a button value
        (f"/beheer/sessies/{s}/tafels", {"table_name": LONG}, "hoogstens 120 tekens"),
        (f"/beheer/sessies/{s}/tafels/{t}", {"action": "rename", "table_name": ""}, "Geef de tafel een naam"),
        (f"/beheer/sessies/{s}/tafels/{t}", {"action": "stories", "public_ids": "' OR 1=1 --, " + "X" * 500},
         "bestaat niet"),
        (f"/beheer/sessies/{s}/clusters", {"table_id": str(t), "name": LONG}, "hoogstens 200 tekens"),
        (f"/beheer/sessies/{s}/clusters/{c}/naam", {"name": "  "}, "Geef het cluster een naam"),
        (f"/beheer/sessies/{s}/timer", {"minutes": "abc"}, "Vul een aantal minuten in"),
        (f"/beheer/sessies/{s}/timer", {"minutes": "-5"}, "Kies tussen 1 en 180 minuten"),
        (f"/beheer/sessies/{s}/timer", {"minutes": HUGE}, "Kies tussen 1 en 180 minuten"),
        (f"/beheer/sessies/{s}/timer", {"minutes": "nan"}, "minuten"),
        (f"/beheer/sessies/{s}/stemmen", {"action": "open", "per_participant": "abc"}, "Vul een aantal stippen in"),
        (f"/beheer/sessies/{s}/stemmen", {"action": "open", "per_participant": HUGE}, "Kies tussen 1 en 10"),
        (f"/beheer/sessies/{s}/focus", {"card_id": HUGE}, "Kies een kaart"),
        (f"/beheer/sessies/{s}/notities/{w.note_id}/cluster", {"cluster_id": HUGE}, "te groot"),
        (f"/beheer/voorstellen/nieuw?cluster={c}", {**proposal_form, "due_on": "gisteren"}, "Vul een datum in"),
        (f"/beheer/voorstellen/nieuw?cluster={c}", {**proposal_form, "due_on": "2001-01-01"}, "in het verleden"),
        (f"/beheer/voorstellen/nieuw?cluster={c}", {**proposal_form, "title": LONG}, "hoogstens 200 tekens"),
        (f"/beheer/voorstellen/nieuw?cluster={c}", {**proposal_form, "owner_email": "geen-adres"}, "geen geldig"),
        (f"/beheer/voorstellen/nieuw?cluster={c}", {**proposal_form, "region": "atlantis"}, "regio"),
        (f"/beheer/voorstellen/{p}/bewerken", {**proposal_form, "due_on": "31-02-2026"}, "Vul een datum in"),
        (f"/beheer/voorstellen/{p}/status", {"status": "bestaat-niet"}, "Kies een bestaande status"),
        (f"/beheer/voorstellen/{p}/status", {"status": "rejected", "reason": LONG}, "te lang"),
        (f"/beheer/voorstellen/{p}/update", {"on": "gisteren", "text": "Er is iets gebeurd."}, "Vul een datum in"),
        (f"/beheer/voorstellen/{p}/update", {"on": "2026-01-01", "text": LONG}, "te lang"),
        (f"/beheer/moderatie/{w.story.public_id}/status", {"status": "weg"}, "Onbekende status"),
        (f"/beheer/moderatie/{w.story.public_id}/status", {"status": "hidden", "reason": LONG}, "te lang"),
        (f"/beheer/moderatie/{w.story.public_id}/redigeren", {"text": LONG * 2, "title": "t"}, "te lang"),
        (f"/beheer/moderatie/{w.story.public_id}/redigeren", {"text": "  ", "title": "t"}, "niet leeg"),
        (f"/beheer/kaarten/{w.card.id}/bewerken", {"title": "t" * 500, "observation": "o", "interpretation_a": "a",
                                                  "interpretation_b": "b", "action": "save"}, "te lang"),
        (f"/beheer/patronen/{w.card.run_id}/oordeel", {"pattern": "heard|outcome", "verdict": "geweldig"}, ""),
        (f"/beheer/patronen/{w.card.run_id}/kaart", {"pattern": "' OR 1=1 --"}, ""),
        ("/beheer/patronen/scan", {"project": "proef", "from": "31-02-2026"}, "datum"),
        ("/beheer/themas/", {"project": "proef", "n_topics": "abc"}, "Vul een aantal thema"),
        ("/beheer/themas/", {"project": "proef", "n_topics": HUGE}, "thema"),
        ("/beheer/themas/", {"project": "proef", "n_topics": "3"}, "Te weinig gepubliceerde verhalen"),
    ]


def test_staff_forms_refuse_bad_input_in_dutch_and_store_nothing(client, session, world, no_csrf):
    from sqlalchemy import select

    from vertelpunt.models import Note

    world.note_id = session.scalar(select(Note.id).where(Note.session_id == world.sess.id))
    world.card.status = "concept"  # a concept card can be edited
    session.commit()
    login_admin(client, world)
    cases = staff_cases(world)
    before = snapshot(session)
    problems = []
    for url, data, message in cases:
        response = client.post(url, data=data, follow_redirects=True)
        body = response.get_data(as_text=True)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
        if response.status_code >= 500 or (response.status_code == 200 and "flash" not in body) \
                or message not in text:
            problems.append((url, message, response.status_code, text[200:900],
                             re.findall(r'class="(?:error|flash[^"]*)"[^>]*>(.*?)</', body, re.S)[:3]))
        after = snapshot(session)
        if after != before:
            changed = [name for name in after if after[name] != before[name]]
            problems.append((url, "changed", changed))
            before = after
    assert problems == [], "\n".join(map(str, problems))


# --- participants and login --------------------------------------------------------------------------------

def test_participant_forms_refuse_bad_input_in_dutch(app, client, session, world, no_csrf):
    code, t = world.sess.join_code, world.table.id
    before = snapshot(session)
    refused(client.post(f"/s/{code}", data={"name": "n" * 10_000, "table_id": str(t)}), "Je naam is te lang")
    refused(client.post(f"/s/{code}", data={"name": "   ", "table_id": str(t)}), "Vul een naam in")
    refused(client.get("/s/?code=" + "A" * 10_000), "Deze code kennen we niet")
    join_as_participant(client, world)
    notes_url = f"/s/{code}/tafel/{t}/notities"
    refused(client.post(notes_url, data={"kind": "zorg", "text": "n" * 600}), "Je tekst is te lang")
    refused(client.post(notes_url, data={"kind": "idee", "text": "Doen", "goal": "g" * 600}), "Je tekst is te lang")
    refused(client.post(notes_url, data={"kind": "idee", "text": "Doen", "goal": ""}), "Vul in wat het oplevert")
    refused(client.post(notes_url, data={"kind": "roddel", "text": "Hallo"}), "Kies wat voor briefje")
    for bad in ("abc", HUGE, "-1"):
        response = client.post(notes_url, data={"kind": "zorg", "text": "", "card_id": bad})
        refused(response, "Schrijf iets op je briefje")
        response = client.post(f"/s/{code}/stem", data={"note_id": bad})
        assert response.status_code in (400, 404) or (response.status_code == 302), (bad, response.status_code)
        assert response.status_code != 500
    assert snapshot(session) == before


def test_login_with_absurd_input_is_a_dutch_refusal(client, session, world, no_csrf):
    before = snapshot(session)
    cases = ((("a" * 10_000 + "@example.org", "x"), "Dit e-mailadres is te lang"),
             (("admin@example.org", "p" * 100_000), "Dit wachtwoord is te lang"),  # was an English message
             (("' OR 1=1 --", "' OR 1=1 --"), "klopt niet"), (("", ""), "Vul je e-mailadres in"))
    for (email, password), message in cases:
        response = client.post("/beheer/inloggen", data={"email": email, "password": password})
        body = refused(response)
        assert message in " ".join(re.findall(r'class="error"[^>]*>(.*?)</', body, re.S)), message
    assert client.get("/beheer/").status_code in (302, 401, 403)
    assert snapshot(session) == before


# --- imports through the command line ----------------------------------------------------------------------

@pytest.fixture
def cli_run(app, database_url, tmp_path, monkeypatch):
    from vertelpunt.cli import cli

    monkeypatch.setenv("VERTELPUNT_DATABASE_URL", database_url)
    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("VERTELPUNT_SECRET_KEY", "cli-test-secret")

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=True)

    return invoke


def _bad_files(tmp_path):
    header = "role,text,outcome\n"
    files = {
        "latin1.csv": (header + "parent,Het was een zware tijd voor ons gezin en één keer ging het mis,50\n")
        .encode("latin-1"),
        "garbage.csv": bytes(range(256)) * 40,
        "wide.csv": (",".join(f"kolom{i}" for i in range(100_000)) + "\n" + "parent," * 5 + "\n").encode(),
        "wide-known.csv": ("role,text," + ",".join(f"outcome{i}" for i in range(100_000)) + "\n").encode(),
        "nul.csv": (header + "parent,Een verhaal met \x00 erin van genoeg woorden lang,50\n").encode(),
        "types.csv": (header + "parent,Een verhaal met genoeg woorden om te tellen,veel\n").encode(),
        "empty.csv": b"",
        "only-bom.csv": "\ufeff".encode("utf-8"),
        "garbage.json": bytes(range(256)) * 40,
        "latin1.json": '[{"role": "parent", "text": "één keer"}]'.encode("latin-1"),
        "types.json": b'{"stories": "geen lijst"}',
        "types2.json": b'[{"role": 5, "text": ["lijst"], "answers": "geen"}]',
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "huge-number.json": b'[{"role": "parent", "text": "Een verhaal met genoeg woorden", "outcome": 1e999}]',
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_story_imports_refuse_bad_files_in_dutch_and_store_nothing(cli_run, session, project, tmp_path):
    before = snapshot(session)
    problems = []
    for path in _bad_files(tmp_path):
        result = cli_run("stories", "import", "--project", "proef", str(path))
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        if result.exit_code == 0 or crashed or "Traceback" in result.output or not result.output.strip():
            problems.append((path.name, result.exit_code, repr(result.exception), result.output[-300:]))
        elif not re.search(r"\b(geen|niet|kolom|rij|bestand|verwacht|onbekend|ontbreekt|moet)\b", result.output,
                           re.IGNORECASE):
            problems.append((path.name, "no Dutch message", result.output[-300:]))
        if snapshot(session) != before:
            problems.append((path.name, "stored something"))
            before = snapshot(session)
    assert problems == [], "\n".join(map(str, problems))


def test_form_import_refuses_bad_files_in_dutch(cli_run, session, tmp_path):
    before = snapshot(session)
    for name, data in (("garbage.yaml", bytes(range(256)) * 40), ("latin1.yaml", "key: één\n".encode("latin-1")),
                       ("deep.yaml", b"[" * 50_000), ("bomb.yaml", b"a: &a [x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\n"
                                                                  b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b]\n")):
        path = tmp_path / name
        path.write_bytes(data)
        result = cli_run("forms", "import", str(path))
        assert result.exit_code != 0, name
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, repr(result.exception))
        assert result.output.strip(), name
    assert snapshot(session) == before


# --- generated input for the story form --------------------------------------------------------------------

def _story_field_values():
    from hypothesis import strategies as st

    numberish = st.one_of(st.text(max_size=12), st.sampled_from(["50", "0", "100", "100.0", "1e2", "-0", "nan", "inf",
                                                                  "1e999", "50,5", " 7 ", "\u0663\u0660", "0x10"]))
    return st.fixed_dictionaries({}, optional={
        "prompt": st.sampled_from(["moment", "start", "", "x", "\u202e"]),
        "text": st.one_of(st.just(STORY), st.text(max_size=60)),
        "title": st.text(max_size=40),
        "q_outcome": numberish, "q_outcome__state": st.sampled_from(["answer", "nvt", "", "x"]),
        "q_heard": numberish, "q_heard__state": st.sampled_from(["answer", "nvt", ""]),
        "q_help_type": st.sampled_from(["jeugdhulp", "ots", "jeugd_ggz", "", "zorgboerderij", "' OR 1=1 --"]),
        "q_mattered__a": numberish, "q_mattered__b": numberish, "q_mattered__c": numberish,
        "q_place": st.sampled_from(["enschede", "wijchen", "", "amsterdam", "groningen-stad"]),
        "q_felt": st.text(max_size=30),
        "q_age": st.sampled_from(["a16_17", "x"]),
        "step": st.sampled_from(["0", "1", "2", "3", "9", "-1", "x", ""]),
        "nav": st.sampled_from(["next", "back", "submit", "step-0", "step-2", "x"]),
    })


def test_story_form_on_generated_input_answers_or_refuses_and_never_half_saves(client, session, project, no_csrf):
    from hypothesis import HealthCheck, given, settings
    from sqlalchemy import func, select

    from vertelpunt.models import Answer, Story

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(fields=_story_field_values())
    def probe(fields):
        session.expire_all()
        stories = session.scalar(select(func.count()).select_from(Story))
        answers = session.scalar(select(func.count()).select_from(Answer))
        fields = {name: value for name, value in fields.items() if "\x00" not in value}
        response = client.post("/v/proef/vertel/parent", data={**fields, "submission": f"t{stories}-{len(fields)}"})
        assert response.status_code in (200, 303, 400), response.status_code
        session.expire_all()
        if response.status_code != 303:
            assert session.scalar(select(func.count()).select_from(Story)) == stories
            assert session.scalar(select(func.count()).select_from(Answer)) == answers
        if response.status_code == 400:
            assert '<p class="error"' in response.get_data(as_text=True)

    probe()


def test_every_post_route_answers_an_oversized_body_with_the_dutch_413_page(app, client, session, world):
    from tests.security.test_csrf import build_url, post_rules, url_values

    login_admin(client, world)
    join_as_participant(client, world)
    values = url_values(session, world)
    before = snapshot(session)
    for rule in post_rules(app):
        url = build_url(app, rule, values)
        response = client.post(url, data={"text": "x" * (2 * 1024 * 1024 + 10), "name": "n"})
        assert response.status_code == 413, (rule.endpoint, response.status_code)
        refused(response, "Te veel tekst of een te groot bestand")
    assert snapshot(session) == before
