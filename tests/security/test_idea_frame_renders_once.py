"""Issue 13, item 3: an idea typed the way its label suggests reads the same, with its frame once, everywhere.

The label says "We zouden eigenlijk ... moeten doen" and "zodat ...". A participant who typed those words
got "We zouden eigenlijk We zouden eigenlijk ... moeten geven moeten doen, zodat zodat ..." on the board and
phones, and other broken forms in proposals and the report. We store what was typed and render the frame
with one function.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.jobs.helpers import download_export
from tests.facilitate.conftest import facilitator, make_card, plan  # noqa: F401 (fixtures)
from tests.security.test_notes_can_be_taken_down import join, make_proposal_from, post_note
from vertelpunt.facilitate.note_text import idea_text
from vertelpunt.models import Note

TYPED = "We zouden eigenlijk ouders elke maand een bericht moeten geven"
TYPED_GOAL = "zodat ouders weten waar ze staan"
EXPECTED = "We zouden eigenlijk ouders elke maand een bericht moeten geven, zodat ouders weten waar ze staan"
BROKEN = ("eigenlijk We zouden", "eigenlijk we zouden", "We zouden eigenlijk We zouden", "We zouden eigenlijk we zouden", "moeten geven moeten doen",
          "zodat zodat", "zodat Zodat")


@pytest.mark.parametrize("text, goal, expected", [
    (TYPED, TYPED_GOAL, EXPECTED),
    ("ouders elke maand een bericht geven", "ouders weten waar ze staan",
     "We zouden eigenlijk ouders elke maand een bericht geven moeten doen, zodat ouders weten waar ze staan"),
    ("we zouden eigenlijk vaker bellen moeten doen,", "Zodat, ouders rust hebben",
     "We zouden eigenlijk vaker bellen moeten doen, zodat ouders rust hebben"),
    ("We zouden jongeren moeten laten meepraten.", "  zodat  hulp beter past ",
     "We zouden jongeren moeten laten meepraten, zodat hulp beter past"),
])
def test_idea_text_adds_only_the_missing_frame_words(text, goal, expected):
    assert idea_text(text, goal) == expected


def test_an_idea_typed_with_the_frame_words_shows_the_frame_once_on_every_page(app, session, client, login,
                                                                              facilitator, plan,  # noqa: F811
                                                                              no_csrf, monkeypatch):  # noqa: F811
    phone, table_url = join(app, plan, "Sanne")
    assert post_note(phone, table_url, "idee", TYPED, TYPED_GOAL).status_code == 302
    note = session.scalar(select(Note).where(Note.kind == "idee"))
    assert (note.text, note.goal) == (TYPED, TYPED_GOAL), "what the participant typed is stored as typed"
    login(facilitator)
    app.config["WTF_CSRF_ENABLED"] = False
    new_proposal = client.get(f"/beheer/voorstellen/nieuw?note={note.id}")
    proposal = make_proposal_from(session, note, facilitator)
    captured = {}
    monkeypatch.setattr("vertelpunt.proposals.exports.html_to_pdf",
                        lambda html, base_url=None: captured.setdefault("pdf", html).encode())
    pages = {
        "participant table": phone.get(table_url).get_data(as_text=True),
        "participant notities.json": phone.get(table_url + "/notities.json").get_json()["notes"][0]["text"],
        "board": client.get(f"/beheer/sessies/{plan.id}/bord").get_data(as_text=True),
        "bord.json": client.get(f"/beheer/sessies/{plan.id}/bord.json").get_json()["notes"][0]["text"],
        "session report html": client.get(f"/beheer/sessies/{plan.id}/verslag.html").get_data(as_text=True),
        "new proposal (prefill and provenance)": new_proposal.get_data(as_text=True),
        "proposal detail": client.get(f"/beheer/voorstellen/{proposal.id}").get_data(as_text=True),
        "proposal solution": proposal.solution,
    }
    assert download_export(client, f"/beheer/sessies/{plan.id}/verslag.pdf").status_code == 200
    pages["session report pdf"] = captured["pdf"]
    for name, text in pages.items():
        assert EXPECTED in text, f"the idea does not read as typed on the {name}"
        for broken in BROKEN:
            assert broken not in text, f"{broken!r} on the {name}"
