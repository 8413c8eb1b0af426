"""Fixtures for sessions: published cards (on a stored pattern run), a planned session with a table."""
from __future__ import annotations

import pytest

from vertelpunt.models import CardStory, ObservationCard, PatternRun


@pytest.fixture
def make_card(session, project):
    run = PatternRun(project_id=project.id, created_by="analyst@example.org", form_id=project.form_id, filters={},
                     options={}, n_stories=40, n_notable=1, result={})
    session.add(run)
    session.commit()

    def factory(title="Wachten kost vertrouwen", status="published", stories=(), project_=None, **extra):
        card = ObservationCard(
            project_id=(project_ or project).id, run_id=run.id, pattern_key="heard|outcome", title=title,
            observation="Wie lang wacht, voelt zich minder gehoord.", interpretation_a="Wachten maakt moe.",
            interpretation_b="Wie gehoord wordt, wacht makkelijker.", n=40, filters={}, content={"stats": []},
            status=status, created_by="analyst@example.org", **extra,
        )
        session.add(card)
        session.flush()
        for position, story in enumerate(stories):
            session.add(CardStory(card_id=card.id, story_id=story.id, position=position, sentence=0))
        session.commit()
        return card

    return factory


@pytest.fixture
def facilitator(make_user):
    return make_user("facilitator")


@pytest.fixture
def plan(session, project, facilitator, make_card):
    """An open session with one table holding one published card."""
    from vertelpunt.facilitate import planning

    item = planning.create_session(session, planning.SessionInput(
        name="Sessie Twente", held_on="2026-05-20", place="Enschede", project_id=str(project.id)), facilitator)
    table = planning.add_table(session, item, "Tafel 1", "ouders en jongeren")
    card = make_card()
    planning.set_table_cards(session, table, [card.id])
    item.status = "open"
    session.commit()
    return item
