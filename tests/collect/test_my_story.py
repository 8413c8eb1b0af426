"""/v/<slug>/mijn-verhaal: a teller's code shows the story's state and what it fed, and nothing else."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from vertelpunt.models import (
    CardStory, ObservationCard, PatternRun, Proposal, SensemakingSession, SessionTable, Story, TableStory,
)
from vertelpunt.stories.services import hash_withdrawal_code

CODE = "7K2M-9QX4-T8HW-P3ND"
OTHER_CODE = "AAAA-BBBB-CCCC-DDDD"


def _token(client) -> str:
    page = client.get("/v/proef/mijn-verhaal").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _look_up(client, code):
    return client.post("/v/proef/mijn-verhaal", data={"csrf_token": _token(client), "code": code})


@pytest.fixture
def world(session, project, make_story):
    """The teller's story on a published card, on a table of a closed session, with a proposal from it; a
    second story with a card, session and proposal of its own that the teller must not see."""
    mine = make_story(project, commit=False)
    other = make_story(project, commit=False, text="Een ander verhaal over de wachtlijst en de school van mijn dochter.")
    mine.withdrawal_hash, other.withdrawal_hash = hash_withdrawal_code(CODE), hash_withdrawal_code(OTHER_CODE)
    run = PatternRun(project_id=project.id, created_by="analyst@example.org", form_id=project.form_id, filters={},
                     options={}, n_stories=40, n_notable=1, result={})
    session.add(run)
    session.flush()

    def card(title, story, status="published"):
        made = ObservationCard(project_id=project.id, run_id=run.id, pattern_key="a|b", title=title,
                               observation="Wat we zagen.", n=40, filters={}, content={}, status=status,
                               created_by="analyst@example.org")
        session.add(made)
        session.flush()
        session.add(CardStory(card_id=made.id, story_id=story.id, position=0, sentence=0))
        return made

    def meeting(name, held_on, story, status="closed"):
        item = SensemakingSession(project_id=project.id, name=name, held_on=held_on, place="Enschede",
                                  join_code=f"CODE{held_on:%y%m}", created_by="facilitator@example.org", status=status)
        session.add(item)
        session.flush()
        table = SessionTable(session_id=item.id, name="Tafel 1", position=0)
        session.add(table)
        session.flush()
        session.add(TableStory(table_id=table.id, story_id=story.id, position=0))
        return item

    card("Wachten kost vertrouwen", mine)
    card("Nog een concept", mine, status="concept")
    card("Andermans kaart", other)
    held = meeting("Sessie november", date(2026, 11, 5), mine)
    meeting("Sessie volgend jaar", date(2027, 2, 1), mine, status="planned")
    elsewhere = meeting("Andere sessie", date(2026, 10, 1), other)
    session.add_all([
        Proposal(project_id=project.id, session_id=held.id, title="Bericht over de wachttijd", seen="", solution="",
                 owner_name="Teamleider", owner_organisation="Gemeente", status="in_progress", created_by="f@example.org"),
        Proposal(project_id=project.id, session_id=elsewhere.id, title="Iets anders", seen="", solution="",
                 owner_name="Teamleider", owner_organisation="Gemeente", status="proposed", created_by="f@example.org"),
    ])
    session.commit()
    return mine


def test_a_published_story_shows_its_cards_sessions_and_proposals(client, world):
    response = _look_up(client, CODE.lower())
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "wordt gebruikt" in page
    assert "Wachten kost vertrouwen" in page and "Sessie november (november 2026)" in page
    assert "Bericht over de wachttijd" in page and "in uitvoering" in page
    for hidden in ("Nog een concept", "Sessie volgend jaar", "Andermans kaart", "Andere sessie", "Iets anders",
                   world.text, world.public_id):
        assert hidden not in page
    assert response.headers["Cache-Control"] == "no-store"
    assert CODE not in response.request.url  # the code travels in the body, not the address


@pytest.mark.parametrize(("status", "wording"), [("pending", "wacht nog op een controle"), ("hidden", "niet gebruikt"),
                                                 ("spam", "niet gebruikt"), ("duplicate", "niet gebruikt")])
def test_an_unpublished_story_says_only_whether_it_is_used(client, session, world, status, wording):
    world.status = status
    session.commit()
    page = _look_up(client, CODE).get_data(as_text=True)
    assert wording in page and "Verwijder mijn verhaal" in page
    for moderation in ("Verborgen", "Spam", "Dubbel", "Wachten kost vertrouwen", "Sessie november"):
        assert moderation not in page


def test_wrong_or_empty_codes_get_a_clear_message(client, world):
    wrong = _look_up(client, OTHER_CODE.replace("A", "Z"))
    assert wrong.status_code == 400 and "geen verhaal met deze code" in wrong.get_data(as_text=True)
    empty = _look_up(client, "")
    assert empty.status_code == 400 and "Vul de code in" in empty.get_data(as_text=True)
    long = _look_up(client, "X" * 41)
    assert long.status_code == 400 and "te lang" in long.get_data(as_text=True)


def test_guessing_codes_is_limited_like_withdrawal(app, client, world):
    app.config["RATE_LIMIT_WITHDRAW"] = (3, 3600)
    for _ in range(3):
        assert _look_up(client, OTHER_CODE.replace("A", "Q")).status_code == 400
    assert _look_up(client, CODE).status_code == 429
    # the two pages share the limit: withdrawing is refused too
    assert client.post("/v/proef/intrekken", data={"csrf_token": _token(client), "code": CODE}).status_code == 429


def test_the_withdraw_button_removes_the_story(client, session, world):
    page = _look_up(client, CODE).get_data(as_text=True)
    form = re.search(r'<form method="post" action="(/v/proef/intrekken)".*?</form>', page, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))
    assert fields["code"] == CODE
    done = client.post(form.group(1), data=fields)
    assert done.status_code == 200 and "zijn verwijderd" in done.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Story).where(Story.id == world.id)) == 0
    assert _look_up(client, CODE).status_code == 400


def test_thanks_landing_and_follow_up_pages_link_to_it(client, project):
    for path in ("/v/proef/", "/v/proef/bedankt", "/v/proef/opvolging/"):
        assert 'href="/v/proef/mijn-verhaal"' in client.get(path).get_data(as_text=True), path
