"""A redaction (or hiding) reaches every place a story's words can be shown or stored.

The probe: a published story with a name and a phone number was put on an observation card, on a session
table and in a proposal's provenance; the moderator redacted it, and the name and number still showed on the
card page, in kaart.html and on the anonymous participant page, because the card kept its own copy of the
quote. Here the story also gives words to the card's keywords and to a stored theme run (as drafting and
topic finding can), and then every page and export that shows story text is read after the redaction, and
every table that ever held a copy is queried.
"""
from __future__ import annotations

import gzip
import io
import json
import subprocess
import zipfile
from datetime import date

import pytest
from sqlalchemy import select, text

from tests.jobs.helpers import download_export

from vertelpunt.models import ObservationCard, PatternRun, SensemakingSession, SessionTable, TableCard, TableStory

NAME, PHONE = "Jantje Pietersen", "0687654321"
SECRETS = (NAME, "Jantje", "Pietersen", "pietersen", "jantje", PHONE)
ORIGINAL = (f"Ik ben {NAME} en ik woon al twee jaar in een leefgroep. Niemand belde ons terug over de wachtlijst "
            f"en dat duurde maanden. Bel me gerust op {PHONE} als je iets wilt weten over de leefgroep.")
REDACTED = ("Ik ben [naam] en ik woon al twee jaar in een leefgroep. Niemand belde ons terug over de wachtlijst "
            "en dat duurde maanden. Bel me gerust op [telefoon] als je iets wilt weten over de leefgroep.")
# A redaction that also changes where sentences start: "[naam]" does not start a new sentence.
MERGING = f"Wachten duurde lang. {NAME} belde elke week. Niemand nam op en niemand belde terug naar mij."
MERGED = "Wachten duurde lang. [naam] belde elke week. Niemand nam op en niemand belde terug naar mij."


def _empty_scan() -> dict:
    from analysis.patterns import ScanOptions, ScanResult

    return ScanResult(ScanOptions(), 40, 0, ()).to_dict()


@pytest.fixture
def redaction_world(app, session, project, make_story, make_user):
    """A story on a card (through the real linking service), a table, a proposal and a theme run."""
    from vertelpunt.cards.drafting import link_stories, sync_content
    from vertelpunt.facilitate import participants
    from vertelpunt.models import Cluster, ThemeMember, ThemeRun
    from vertelpunt.proposals.services import ProposalInput, create_proposal, provenance_from_cluster
    from vertelpunt.stories.services import StoryInput

    staff = {role: make_user(role) for role in ("admin", "moderator", "facilitator", "analyst")}
    story = make_story(project, title=f"Verhaal van {NAME}", text=ORIGINAL)
    others = [make_story(project, text=f"Het wachten op hulp duurde lang en niemand belde terug, verhaal {i}.")
              for i in range(3)]
    run = PatternRun(project_id=project.id, created_by="analyst@example.org", form_id=project.form_id, filters={},
                     options={}, n_stories=40, n_notable=0, result=_empty_scan())
    session.add(run)
    session.flush()
    card = ObservationCard(project_id=project.id, run_id=run.id, pattern_key="heard|outcome",
                           title="Wachten kost vertrouwen", observation="Wie lang wacht, voelt zich minder gehoord.",
                           n=40, filters={}, status="published", created_by="analyst@example.org",
                           content={"stats": [], "keywords": ["wachtlijst", "pietersen", "leefgroep"],
                                    "stories": [{"public_id": story.public_id, "quote": ORIGINAL.split(". ")[0] + "."}]})
    session.add(card)
    session.flush()
    link_stories(session, card, [{"public_id": story.public_id, "quote": ORIGINAL.split(". ")[0] + "."},
                                 {"public_id": others[0].public_id, "quote": others[0].text}])
    sync_content(card)
    sess = SensemakingSession(project_id=project.id, name="Duiding Twente", held_on=date(2026, 4, 2),
                              place="Enschede", join_code="RED234", status="open", created_by="facilitator@example.org")
    session.add(sess)
    session.flush()
    table = SessionTable(session_id=sess.id, name="Tafel 1", perspectives="ouders", position=0)
    session.add(table)
    session.flush()
    session.add_all([TableCard(table_id=table.id, card_id=card.id, position=0),
                     TableStory(table_id=table.id, story_id=story.id, position=0)])
    cluster = Cluster(session_id=sess.id, table_id=table.id, name="Wachten zonder nieuws", position=0)
    session.add(cluster)
    session.flush()
    session.refresh(sess)
    _, token = participants.join(session, sess, "Deelnemer", table.id)
    provenance = provenance_from_cluster(session, cluster.id)
    provenance.stories = [story]
    provenance.cards = [card]
    proposal = create_proposal(session, provenance, ProposalInput(
        title="Wachttijd laten zien", seen="Ouders horen niets.", solution="Elke maand een bericht.",
        owner_name="Petra de Vries", owner_organisation="Gemeente Enschede", owner_email="petra@example.org",
        due_on="2030-06-30"), staff["facilitator"])
    theme = ThemeRun(project_id=project.id, created_by="analyst@example.org", filters={}, n_stories=4, n_topics=1,
                     topics=[{"index": 0, "label": "leefgroep, pietersen", "words": ["leefgroep", "pietersen", "wachtlijst"],
                              "typical": [story.public_id], "size": 4}])
    session.add(theme)
    session.flush()
    session.add_all([ThemeMember(run_id=theme.id, story_id=s.id, topic=0, weight=1.0) for s in [story, *others]])
    session.commit()
    assert StoryInput  # the story went through the real create_story (make_story)
    return {"story": story, "card": card, "session": sess, "table": table, "proposal": proposal, "theme": theme,
            "token": token, "staff": staff, "project": project}


def _log_out(client):
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        client.post("/beheer/uitloggen")
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True


def _as(client, login, user):
    _log_out(client)
    login(user)


def _redact_through_route(client, login, world, new_text: str, new_title: str = "Verhaal") -> None:
    _as(client, login, world["staff"]["moderator"])
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        response = client.post(f"/beheer/moderatie/{world['story'].public_id}/redigeren",
                               data={"text": new_text, "title": new_title})
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    assert response.status_code == 302, response.get_data(as_text=True)


def _hide_through_route(client, login, world) -> None:
    _as(client, login, world["staff"]["moderator"])
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        response = client.post(f"/beheer/moderatie/{world['story'].public_id}/status",
                               data={"status": "hidden", "reason": "Herkenbaar"})
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    assert response.status_code == 302, response.get_data(as_text=True)


def _backup_through_route(client, login, world) -> int:
    """An admin's backup from Beheer > Onderhoud (a job file with every story, the redacted one included)."""
    _as(client, login, world["staff"]["admin"])
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        response = client.post("/beheer/onderhoud/backup")
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    assert response.status_code == 303, response.get_data(as_text=True)
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert NAME in gzip.decompress(client.get(f"/beheer/taken/{job_id}/bestand").data).decode("utf-8")
    return job_id


def _job_files(session) -> dict[str, str]:
    """The text of every stored job file (a backup unpacked), for the leak check."""
    from vertelpunt.models import JobResult

    texts = {}
    for result in session.scalars(select(JobResult)):
        data = result.data
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[f"job file {result.job_id}"] = data.decode("utf-8", "replace")
    return texts


def _pdf_text(data: bytes) -> str:
    found = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True)
    if found.returncode == 0:
        return found.stdout.decode("utf-8", "replace")
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = []
        for name in archive.namelist():
            content = archive.read(name)
            parts.append(_pdf_text(content) if name.endswith(".pdf") else content.decode("utf-8", "replace"))
        return "\n".join(parts)


def _read(client, url: str) -> str:
    response = download_export(client, url)
    assert response.status_code == 200, (url, response.status_code)
    if response.mimetype == "application/pdf":
        return _pdf_text(response.data)
    if response.mimetype == "application/zip":
        return _zip_text(response.data)
    return response.get_data(as_text=True)


def _every_page(client, login, world) -> dict[str, str]:
    """Every page and export that shows story text, read by the staff member (or participant) who reads it."""
    card, sess, table, proposal = world["card"], world["session"], world["table"], world["proposal"]
    slug, theme = world["project"].slug, world["theme"]
    pages = {}
    _as(client, login, world["staff"]["admin"])
    for url in (f"/beheer/kaarten/{card.id}", f"/beheer/kaarten/{card.id}/kaart.html",
                f"/beheer/kaarten/{card.id}/kaart.pdf", f"/beheer/kaarten/deck?project={slug}&format=pdf",
                f"/beheer/kaarten/deck?project={slug}&format=zip",
                f"/beheer/kaarten/deck?project={slug}&sessie={sess.id}&format=pdf",
                f"/beheer/sessies/{sess.id}", f"/beheer/sessies/{sess.id}/tafels/{table.id}",
                f"/beheer/sessies/{sess.id}/bord", f"/beheer/sessies/{sess.id}/bord.json",
                f"/beheer/sessies/{sess.id}/verslag.html", f"/beheer/sessies/{sess.id}/verslag.pdf",
                f"/beheer/voorstellen/{proposal.id}", "/beheer/voorstellen/export.csv",
                f"/beheer/themas/{theme.id}", f"/beheer/analyse/verhalen?project={slug}", f"/beheer/analyse/?project={slug}"):
        pages[url] = _read(client, url)
    _log_out(client)
    with client.session_transaction() as cookie:
        cookie["vp_deelname"] = {sess.join_code: world["token"]}
    pages["participant table"] = _read(client, f"/s/{sess.join_code}/tafel/{table.id}")
    with client.session_transaction() as cookie:
        cookie.pop("vp_deelname", None)
    pages["public follow-up"] = _read(client, f"/v/{slug}/opvolging/{proposal.id}")
    return pages


def _story_exports(session, project) -> dict[str, str]:
    from vertelpunt.stories.csv_io import export_csv
    from vertelpunt.stories.json_io import export_json

    out_csv, out_json = io.StringIO(), io.StringIO()
    export_csv(session, project, out_csv)
    export_json(session, project, out_json)
    return {"stories csv": out_csv.getvalue(), "stories json": out_json.getvalue()}


def _database_copies(session) -> dict[str, str]:
    """Every column outside ``stories`` that held (or could hold) words of a story."""
    session.expire_all()
    queries = {
        "card_stories": "SELECT * FROM card_stories",
        "observation_cards": "SELECT title, observation, interpretation_a, interpretation_b, content FROM observation_cards",
        "pattern_runs": "SELECT result FROM pattern_runs",
        "theme_runs": "SELECT topics FROM theme_runs",
        "proposals": "SELECT title, seen, solution FROM proposals",
        "proposal_events": "SELECT detail FROM proposal_events",
        "audit_events": "SELECT detail FROM audit_events",
    }
    return {name: json.dumps([list(map(str, row)) for row in session.execute(text(query))])
            for name, query in queries.items()}


def _leaks(found: dict[str, str]) -> list[tuple[str, str]]:
    return [(where, secret) for where, body in found.items() for secret in SECRETS if secret in body]


def test_redacting_a_story_on_a_card_table_and_proposal_leaves_no_name_or_number_anywhere(
        client, login, session, redaction_world):
    world = redaction_world
    before = _every_page(client, login, world)
    assert NAME in before[f"/beheer/kaarten/{world['card'].id}"]  # the probe's starting point: the quote shows
    backup_job = _backup_through_route(client, login, world)

    _redact_through_route(client, login, world, REDACTED)

    session.expire_all()
    assert _job_files(session).get(f"job file {backup_job}") is None  # the backup went with the old text
    after = _every_page(client, login, world)
    after.update(_story_exports(session, world["project"]))
    after.update(_database_copies(session))
    after.update(_job_files(session))
    assert ", ".join(sorted({where for where, _ in _leaks(after)})) == ""
    assert "[naam]" in after[f"/beheer/kaarten/{world['card'].id}"]  # the quote is there, redacted
    assert "[naam]" in after["participant table"]
    assert "[naam]" in after[f"/beheer/kaarten/{world['card'].id}/kaart.html"]


def test_a_redaction_that_moves_sentence_boundaries_still_quotes_the_redacted_sentence(
        client, login, session, redaction_world):
    from vertelpunt.cards.quotes import quote_of

    world = redaction_world
    _as(client, login, world["staff"]["moderator"])
    _redact_through_route(client, login, world, MERGING)
    link = next(item for item in world["card"].stories if item.story_id == world["story"].id)
    session.expire_all()
    link.sentence = 1  # the quote is the sentence with the name
    session.commit()
    assert NAME in quote_of(link)

    _redact_through_route(client, login, world, MERGED)

    session.expire_all()
    link = session.get(type(link), link.id)
    assert "[naam] belde elke week" in quote_of(link)
    assert _leaks(_database_copies(session)) == []


def test_hiding_a_story_removes_its_quotes_from_pages_and_database_copies(client, login, session, redaction_world):
    world = redaction_world
    _hide_through_route(client, login, world)

    pages = _every_page(client, login, world)
    copies = _database_copies(session)
    assert _leaks(pages) == []
    for table in ("card_stories", "observation_cards"):
        assert "leefgroep." not in copies[table] and "Ik ben" not in copies[table], table
    content = session.scalar(select(ObservationCard.content).where(ObservationCard.id == world["card"].id))
    assert world["story"].public_id not in json.dumps(content.get("stories") or [])
