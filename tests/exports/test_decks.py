"""Decks (one PDF, or a ZIP), the region filter, the CLI and the download routes."""
from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from tests.exports.conftest import pdf_text
from tests.jobs.helpers import download_deck
from vertelpunt.exports.cards import ExportError, cards_for_region, deck_pdf, deck_zip
from vertelpunt.models import AuditEvent


@pytest.fixture
def three_cards(make_card):
    return (make_card(title="Kaart Twente"), make_card(title="Kaart Nijmegen", region_key="rijk-van-nijmegen"),
            make_card(title="Concept Twente", status="concept"))


def test_cards_for_region_only_published_and_filtered(three_cards, session, project):
    twente, nijmegen, concept = three_cards
    assert cards_for_region(session, project, "twente") == [twente]
    assert cards_for_region(session, project, None) == [twente, nijmegen]
    assert concept in cards_for_region(session, project, "twente", published_only=False)
    with pytest.raises(ExportError, match="geen regio 'groningen'"):
        cards_for_region(session, project, "groningen")


def test_a_region_deck_holds_the_project_wide_cards(three_cards, make_card, session, project):
    twente, nijmegen, _concept = three_cards
    whole = make_card(title="Voor het hele project", region_key=None)
    assert cards_for_region(session, project, "twente") == [twente, whole]
    assert cards_for_region(session, project, "rijk-van-nijmegen") == [nijmegen, whole]


def test_a_region_with_only_project_wide_cards_has_a_deck(make_card, make_user, login, client, session, project):
    whole = make_card(title="Voor het hele project", region_key=None)
    assert cards_for_region(session, project, "twente") == [whole]
    login(make_user("viewer", region_keys=("twente",)))
    deck = download_deck(client, "project=proef&region=twente&format=zip")
    assert deck.status_code == 200 and deck.data.startswith(b"PK")


def test_deck_pdf_has_cover_and_one_page_per_card(three_cards, session, project, tmp_path):
    cards = cards_for_region(session, project, None)
    text = pdf_text(deck_pdf(cards, "Kaarten proef"), tmp_path)
    assert "Kaarten proef" in text and "Kaart Twente" in text and "Kaart Nijmegen" in text
    assert "Concept Twente" not in text
    assert text.count("\f") >= 3  # cover + one page per card


def test_deck_zip_lists_files_and_leaves_out_hidden_stories(make_card, make_story, project, session):
    shown = make_story(project, text="Mijn begeleider luisterde echt naar mij en dat hielp ons gezin enorm.")
    hidden = make_story(project, text="Een verhaal dat later verborgen werd door de moderator van dit project.")
    first = make_card(title="Eerste", stories=[shown, hidden])
    second = make_card(title="Tweede", region_key="rijk-van-nijmegen")
    hidden.status = "hidden"
    session.commit()
    archive = zipfile.ZipFile(io.BytesIO(deck_zip([first, second], "Deck")))
    assert sorted(archive.namelist()) == sorted([
        "deck.pdf", "index.html", f"kaart-{first.id}.pdf", f"kaart-{first.id}.html",
        f"kaart-{second.id}.pdf", f"kaart-{second.id}.html"])
    assert archive.read("deck.pdf").startswith(b"%PDF")
    page = archive.read(f"kaart-{first.id}.html").decode()
    assert shown.public_id in page and hidden.public_id not in page
    assert f'href="kaart-{second.id}.pdf"' in archive.read("index.html").decode()


def test_cli_writes_cards_and_decks(three_cards, run, tmp_path):
    twente, nijmegen, concept = three_cards
    out = tmp_path / "export"
    output = run("cards", "export", "--project", "proef", "--region", "twente", "--out", str(out)).output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"kaart-{twente.id}.pdf", f"kaart-{twente.id}.html", "deck-twente.pdf", "deck-twente.zip"])
    assert "Geschreven:" in output and "1 kaart, 4 bestanden" in output
    run("cards", "export", "--project", "proef", "--format", "html", "--out", str(tmp_path / "html"))
    assert sorted(p.name for p in (tmp_path / "html").iterdir()) == sorted(
        [f"kaart-{twente.id}.html", f"kaart-{nijmegen.id}.html"])


def test_cli_bad_input_is_dutch_and_non_zero(three_cards, run, tmp_path):
    assert "Geen project 'nope'" in run("cards", "export", "--project", "nope", "--out", str(tmp_path), ok=False).output
    assert "geen regio 'mars'" in run("cards", "export", "--project", "proef", "--region", "mars",
                                      "--out", str(tmp_path), ok=False).output


def test_cli_no_published_cards(make_card, run, tmp_path):
    make_card(status="concept")
    result = run("cards", "export", "--project", "proef", "--out", str(tmp_path / "x"), ok=False)
    assert "Geen gepubliceerde observatiekaarten in 'proef'" in result.output


def test_routes_download_with_roles_and_audit(three_cards, make_user, login, client, session):
    twente, nijmegen, concept = three_cards
    login(make_user("analyst"))
    response = client.get(f"/beheer/kaarten/{concept.id}/kaart.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert f'attachment; filename=kaart-{concept.id}.pdf' in response.headers["Content-Disposition"]
    html = client.get(f"/beheer/kaarten/{twente.id}/kaart.html")
    assert html.status_code == 200 and b"<svg" in html.data
    deck = download_deck(client, "project=proef&region=twente&format=zip")
    assert deck.status_code == 200 and deck.data.startswith(b"PK")
    assert "kaarten-proef-twente.zip" in deck.headers["Content-Disposition"]
    assert client.get("/beheer/kaarten/deck?project=proef&region=groningen").status_code == 404
    actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("card.export") == 2 and actions.count("deck.export") == 1


def test_viewer_and_facilitator_see_only_published_own_region(three_cards, make_user, login, client, app):
    twente, nijmegen, concept = three_cards
    login(make_user("viewer", region_keys=("twente",)))
    assert client.get(f"/beheer/kaarten/{twente.id}/kaart.pdf").status_code == 200
    assert client.get(f"/beheer/kaarten/{nijmegen.id}/kaart.pdf").status_code == 403
    assert client.get(f"/beheer/kaarten/{concept.id}/kaart.html").status_code == 403
    assert client.get("/beheer/kaarten/deck?project=proef&region=rijk-van-nijmegen").status_code == 403
    assert client.get("/beheer/kaarten/deck?project=proef").status_code == 403
    assert download_deck(client, "project=proef&region=twente").data.startswith(b"%PDF")
    app.config["WTF_CSRF_ENABLED"] = False
    client.post("/beheer/uitloggen")
    app.config["WTF_CSRF_ENABLED"] = True
    login(make_user("facilitator"))
    assert client.get(f"/beheer/kaarten/{nijmegen.id}/kaart.pdf").status_code == 200
    assert client.get(f"/beheer/kaarten/{concept.id}/kaart.pdf").status_code == 403
    assert download_deck(client, "project=proef&format=zip").data.startswith(b"PK")


def test_moderator_may_not_export(three_cards, make_user, login, client):
    login(make_user("moderator"))
    assert client.get(f"/beheer/kaarten/{three_cards[0].id}/kaart.pdf").status_code == 403


def test_session_deck_holds_the_published_cards_of_its_tables(three_cards, make_user, login, client, session, project):
    from datetime import date

    from vertelpunt.models import SensemakingSession, SessionTable, TableCard

    twente, nijmegen, concept = three_cards
    meeting = SensemakingSession(project=project, region=twente.region, name="Duiding Twente", held_on=date(2026, 5, 1),
                                 join_code="ABCD1234", created_by="f@example.org", focus_card=nijmegen)
    table = SessionTable(session=meeting, name="Tafel 1")
    table.cards.extend([TableCard(card=concept, position=0), TableCard(card=twente, position=1)])
    session.add(meeting)
    session.commit()
    login(make_user("facilitator"))
    response = download_deck(client, f"project=proef&sessie={meeting.id}&format=zip")
    assert response.status_code == 200
    assert f"kaarten-sessie-{meeting.id}.zip" in response.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert f"kaart-{nijmegen.id}.pdf" in names and f"kaart-{twente.id}.pdf" in names
    assert f"kaart-{concept.id}.pdf" not in names
    assert client.get("/beheer/kaarten/deck?project=proef&sessie=999").status_code == 404


def test_cli_writes_the_deck_of_a_session(three_cards, run, tmp_path, session, project):
    from datetime import date

    from vertelpunt.models import AuditEvent, SensemakingSession, SessionTable, TableCard

    twente, nijmegen, concept = three_cards
    meeting = SensemakingSession(project=project, region=twente.region, name="Duiding Twente", held_on=date(2026, 5, 1),
                                 join_code="EFGH5678", created_by="f@example.org", focus_card=nijmegen)
    SessionTable(session=meeting, name="Tafel 1").cards.extend([TableCard(card=concept, position=0)])
    session.add(meeting)
    session.commit()
    out = tmp_path / "sessie"
    output = run("cards", "export", "--project", "proef", "--session", str(meeting.id), "--format", "zip",
                 "--out", str(out)).output
    assert sorted(p.name for p in out.iterdir()) == [f"deck-sessie-{meeting.id}.zip"]
    names = zipfile.ZipFile(out / f"deck-sessie-{meeting.id}.zip").namelist()
    assert f"kaart-{nijmegen.id}.pdf" in names and f"kaart-{concept.id}.pdf" not in names  # published only
    assert "1 kaart, 1 bestand" in output
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "deck.export")).all()[-1]
    assert event.detail["session"] == meeting.id
    assert "geen duidingssessie 999" in run("cards", "export", "--project", "proef", "--session", "999",
                                           "--out", str(out), ok=False).output
    assert "niet allebei" in run("cards", "export", "--project", "proef", "--session", str(meeting.id),
                                 "--region", "twente", "--out", str(out), ok=False).output


def test_export_link_partial_points_at_the_routes(three_cards, app):
    from flask import render_template_string

    twente, nijmegen, concept = three_cards
    with app.test_request_context():
        html = render_template_string(
            '{% from "cards/_export_links.html" import card_export_links, deck_export_links %}'
            "{{ card_export_links(card) }}{{ deck_export_links('proef', 'twente', 'Twente') }}", card=concept)
    assert f'href="/beheer/kaarten/{concept.id}/kaart.pdf"' in html
    assert f'href="/beheer/kaarten/{concept.id}/kaart.html"' in html
    assert "/beheer/kaarten/deck?project=proef&amp;region=twente&amp;format=zip" in html
    assert "CONCEPT" in html
