"""Issue 13, item 3: notes can be taken down.

A name or a hurtful line on a note used to stay on every table, the board, the session report and the
proposal provenance, because nobody could hide or correct a note. These tests post such a note through
the real participant form, make a cluster and a proposal from it, hide it as the facilitator and then read
every page, JSON feed and report that shows notes. They also check that participants can change or remove
only their own notes and only while the session is open, and that notes get the personal-data warning.
"""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from tests.jobs.helpers import download_export
from tests.facilitate.conftest import facilitator, make_card, plan  # noqa: F401 (fixtures)
from vertelpunt.models import AuditEvent, Cluster, Note, Proposal, Vote

HURTFUL = "Jantje Pietersen is een sukkel"
SECRET_WORD = "Pietersen"


@pytest.fixture
def staff(client, login, facilitator, no_csrf):  # noqa: F811
    login(facilitator)
    client.application.config["WTF_CSRF_ENABLED"] = False
    return client


def join(app, item, name):
    """A new phone: a participant who joins through the real form; returns the client and their table URL."""
    phone = app.test_client()
    response = phone.post(f"/s/{item.join_code}", data={"name": name})
    assert response.status_code == 302, response.get_data(as_text=True)
    return phone, response.headers["Location"].split("?")[0].split("#")[0]


def post_note(phone, table_url, kind, text, goal="", **extra):
    return phone.post(table_url + "/notities", data={"kind": kind, "text": text, "goal": goal, **extra})


def note_by_text(session, text):
    session.expire_all()
    return session.scalar(select(Note).where(Note.text == text))


def make_proposal_from(session, note, user):
    from vertelpunt.proposals.services import create_proposal, provenance_from_note

    provenance = provenance_from_note(session, note.id)
    prefill = provenance.prefill()
    data = replace(prefill, solution=prefill.solution or "Beter luisteren.", owner_name="Petra de Vries",
                   owner_organisation="Gemeente Enschede")
    proposal = create_proposal(session, provenance, data, user)
    session.commit()
    return proposal


def every_page(app, staff_client, phone, table_url, item, proposal_id, monkeypatch):
    """(name, text) of every page and feed that shows notes, read as the people who see them."""
    captured = {}

    def fake_pdf(html, base_url=None):
        captured["pdf"] = html
        return b"%PDF-fake"

    monkeypatch.setattr("vertelpunt.proposals.exports.html_to_pdf", fake_pdf)
    pages = {
        "participant table": phone.get(table_url),
        "participant notities.json": phone.get(table_url + "/notities.json?na=0"),
        "board": staff_client.get(f"/beheer/sessies/{item.id}/bord"),
        "bord.json": staff_client.get(f"/beheer/sessies/{item.id}/bord.json?na=0"),
        "session report html": staff_client.get(f"/beheer/sessies/{item.id}/verslag.html"),
        "session report pdf": download_export(staff_client, f"/beheer/sessies/{item.id}/verslag.pdf"),
        "proposal detail": staff_client.get(f"/beheer/voorstellen/{proposal_id}"),
        "proposals csv": staff_client.get("/beheer/voorstellen/export.csv"),
        "public follow-up list": app.test_client().get(f"/v/{item.project.slug}/opvolging/"),
        "public follow-up page": app.test_client().get(f"/v/{item.project.slug}/opvolging/{proposal_id}"),
    }
    texts = {}
    for name, response in pages.items():
        assert response.status_code == 200, f"{name}: {response.status_code}"
        texts[name] = response.get_data(as_text=True)
    texts["session report pdf"] = captured["pdf"]
    return texts


def test_a_hidden_note_leaves_every_table_board_report_and_proposal(app, session, staff, facilitator, plan,  # noqa: F811
                                                                  monkeypatch):
    phone, table_url = join(app, plan, "Sanne")
    assert post_note(phone, table_url, "zorg", HURTFUL, pii_ok="1").status_code == 302
    note = note_by_text(session, HURTFUL)
    cluster = Cluster(session_id=plan.id, table_id=note.table_id, name="Omgang", position=0)
    session.add(cluster)
    session.flush()
    note.cluster_id = cluster.id
    plan.voting_open = True
    session.commit()
    assert phone.post(f"/s/{plan.join_code}/stem", data={"note_id": note.id}).status_code == 302
    proposal = make_proposal_from(session, note, facilitator)
    before = every_page(app, staff, phone, table_url, plan, proposal.id, monkeypatch)
    assert all(SECRET_WORD in before[name] for name in ("participant table", "board", "bord.json",
                                                         "session report html", "proposal detail"))

    refused = staff.post(f"/beheer/sessies/{plan.id}/notities/{note.id}/verbergen", data={"reason": " "},
                         follow_redirects=True)
    assert "Schrijf kort op waarom je het briefje verbergt" in refused.get_data(as_text=True)
    assert note_by_text(session, HURTFUL) is not None

    response = staff.post(f"/beheer/sessies/{plan.id}/notities/{note.id}/verbergen",
                          data={"reason": "Er staat een naam in en het is kwetsend"})
    assert response.status_code == 302

    after = every_page(app, staff, phone, table_url, plan, proposal.id, monkeypatch)
    for name, text in after.items():
        assert SECRET_WORD not in text, f"the hidden note still shows on the {name}"
    session.expire_all()
    hidden = session.get(Note, note.id)
    assert hidden.hidden_at is not None and SECRET_WORD not in hidden.text and hidden.cluster_id is None
    assert session.scalars(select(Vote).where(Vote.note_id == note.id)).all() == []
    assert session.get(Proposal, proposal.id).notes == []
    assert all(SECRET_WORD not in str(event.detail) for event in session.get(Proposal, proposal.id).events)
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "note.hide")).all()
    assert len(events) == 1 and events[0].actor == facilitator.email and events[0].target_id == str(note.id)
    assert events[0].detail["reason"] == "Er staat een naam in en het is kwetsend"
    assert all(SECRET_WORD not in str(event.detail) for event in session.scalars(select(AuditEvent)))


def test_only_facilitators_hide_notes(app, session, client, login, make_user, plan, no_csrf):  # noqa: F811
    phone, table_url = join(app, plan, "Sanne")
    post_note(phone, table_url, "zorg", HURTFUL, pii_ok="1")
    note = note_by_text(session, HURTFUL)
    assert phone.post(f"/beheer/sessies/{plan.id}/notities/{note.id}/verbergen",
                      data={"reason": "weg"}).status_code == 302  # to the login page
    login(make_user("analyst"))
    client.application.config["WTF_CSRF_ENABLED"] = False
    assert client.post(f"/beheer/sessies/{plan.id}/notities/{note.id}/verbergen",
                       data={"reason": "weg"}).status_code == 403
    assert note_by_text(session, HURTFUL).hidden_at is None


def test_a_participant_edits_and_deletes_only_their_own_note_while_the_session_is_open(app, session, plan, no_csrf):  # noqa: F811
    sanne, sanne_url = join(app, plan, "Sanne")
    bram, bram_url = join(app, plan, "Bram")
    post_note(sanne, sanne_url, "zorg", HURTFUL, pii_ok="1")
    post_note(sanne, sanne_url, "kans", "Ouders kunnen elkaar helpen")
    note = note_by_text(session, HURTFUL)
    other = note_by_text(session, "Ouders kunnen elkaar helpen")
    edit_url, delete_url = (f"{sanne_url}/notities/{note.id}/aanpassen", f"{sanne_url}/notities/{note.id}/verwijderen")

    page = sanne.get(sanne_url).get_data(as_text=True)
    assert f"/notities/{note.id}/aanpassen" in page and f"/notities/{note.id}/verwijderen" in page
    assert f"/notities/{note.id}/aanpassen" not in bram.get(bram_url).get_data(as_text=True)

    # Someone else's note: refused, through their own table's URL and through the writer's table URL.
    for url in (f"{bram_url}/notities/{note.id}/aanpassen", edit_url):
        assert bram.post(url, data={"text": "Bram was hier"}).status_code in (302, 403)
        assert bram.get(url).status_code in (302, 403)
    for url in (f"{bram_url}/notities/{note.id}/verwijderen", delete_url):
        assert bram.post(url).status_code in (302, 403)
    assert bram.post(f"{bram_url}/notities/{note.id}/aanpassen", data={"text": "x"}).status_code == 403
    assert note_by_text(session, HURTFUL) is not None

    response = sanne.post(edit_url, data={"text": ""})
    assert response.status_code == 400 and "Schrijf iets op je briefje." in response.get_data(as_text=True)
    assert sanne.post(edit_url, data={"text": "Het contact is soms onaardig"}).status_code == 302
    assert note_by_text(session, HURTFUL) is None
    assert session.get(Note, note.id).text == "Het contact is soms onaardig"
    assert "Het contact is soms onaardig" in bram.get(bram_url + "/notities.json").get_data(as_text=True)

    assert sanne.post(f"{sanne_url}/notities/{other.id}/verwijderen").status_code == 302
    session.expire_all()
    assert session.get(Note, other.id) is None

    plan.status = "closed"
    session.commit()
    response = sanne.post(edit_url, data={"text": "Na afloop nog iets anders"})
    assert response.status_code == 400 and "Deze sessie is gesloten" in response.get_data(as_text=True)
    response = sanne.post(delete_url)
    assert response.status_code == 400 and "Deze sessie is gesloten" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Note, note.id).text == "Het contact is soms onaardig"
    assert f"/notities/{note.id}/aanpassen" not in sanne.get(sanne_url).get_data(as_text=True)


def test_a_note_with_personal_data_is_warned_before_posting_and_flagged_on_the_board(app, session, staff, plan):  # noqa: F811
    phone, table_url = join(app, plan, "Sanne")
    text = "Bel de moeder even op 06-12345678"
    response = post_note(phone, table_url, "zorg", text)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Let op: staat er iets persoonlijks in?" in page
    assert "een telefoonnummer" in page and text in page and 'name="pii_ok"' in page
    assert note_by_text(session, text) is None, "the note was posted before the participant saw the warning"

    assert post_note(phone, table_url, "zorg", text, pii_ok="1").status_code == 302
    note = note_by_text(session, text)
    assert note.pii_kinds == ["phone"]
    board = staff.get(f"/beheer/sessies/{plan.id}/bord").get_data(as_text=True)
    assert "Let op: dit briefje lijkt <span data-field=\"pii-kinds\">een telefoonnummer</span> te bevatten." in board
    feed = staff.get(f"/beheer/sessies/{plan.id}/bord.json").get_json()
    assert [n["pii"] for n in feed["notes"] if n["id"] == note.id] == ["een telefoonnummer"]

    edit_url = f"{table_url}/notities/{note.id}/aanpassen"
    response = phone.post(edit_url, data={"text": "Mail haar op moeder@example.org"})
    assert response.status_code == 200 and "een e-mailadres" in response.get_data(as_text=True)
    assert session.get(Note, note.id).text == text
    assert phone.post(edit_url, data={"text": "Bel de moeder even"}).status_code == 302
    session.expire_all()
    assert session.get(Note, note.id).pii_kinds is None
