"""A small sense-making session: two tables with cards and stories, notes, one cluster."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from vertelpunt.models import (
    Cluster, Note, ObservationCard, PatternRun, Region, SensemakingSession, SessionTable, Story, TableCard,
    TableStory, Vote, Participant,
)


@dataclass
class Board:
    sess: SensemakingSession
    table: SessionTable
    other_table: SessionTable
    card: ObservationCard
    other_card: ObservationCard
    note_card: ObservationCard
    concept_card: ObservationCard
    stories: list[Story]
    notes: list[Note]
    idea: Note
    cluster: Cluster
    region: Region


def _card(session, project, run, title, status="published", observation="Wat we zagen."):
    card = ObservationCard(project_id=project.id, run_id=run.id, pattern_key="a|b", title=title, observation=observation,
                           n=40, filters={}, content={}, status=status, created_by="analyst@example.org")
    session.add(card)
    return card


@pytest.fixture
def board(session, project, make_story):
    twente = session.scalar(select(Region).where(Region.key == "twente"))
    run = PatternRun(project_id=project.id, created_by="analyst@example.org", form_id=project.form_id, filters={},
                     options={}, n_stories=40, n_notable=1, result={})
    session.add(run)
    session.flush()
    card = _card(session, project, run, "Ouders wachten lang op hulp")
    other_card = _card(session, project, run, "Jongeren voelen zich gehoord")
    note_card = _card(session, project, run, "Wisselende hulpverleners")
    concept_card = _card(session, project, run, "Concept: nog niet af", status="concept")
    stories = [make_story(project, commit=False) for _ in range(3)]
    sess = SensemakingSession(project_id=project.id, region_id=twente.id, name="Duiding Twente", held_on=date(2026, 4, 2),
                              place="Enschede", join_code="ABC123", created_by="facilitator@example.org",
                              votes_revealed=True)
    session.add(sess)
    session.flush()
    table = SessionTable(session_id=sess.id, name="Tafel 1", perspectives="ouders, jongeren", position=0)
    other = SessionTable(session_id=sess.id, name="Tafel 2", position=1)
    session.add_all([table, other])
    session.flush()
    session.add_all([TableCard(table_id=table.id, card_id=card.id, position=0),
                     TableCard(table_id=table.id, card_id=concept_card.id, position=1),
                     TableCard(table_id=other.id, card_id=other_card.id, position=0),
                     TableStory(table_id=table.id, story_id=stories[0].id, position=0),
                     TableStory(table_id=table.id, story_id=stories[1].id, position=1),
                     TableStory(table_id=other.id, story_id=stories[2].id, position=0)])
    cluster = Cluster(session_id=sess.id, table_id=table.id, name="Wachten zonder nieuws", position=0)
    session.add(cluster)
    session.flush()
    notes = [
        Note(session_id=sess.id, table_id=table.id, author_name="Sanne", kind="verbazing",
             text="Niemand vertelt ouders hoe lang het wachten duurt", cluster_id=cluster.id),
        Note(session_id=sess.id, table_id=table.id, author_name="Bram", kind="zorg",
             text="Kinderen raken in de wachttijd verder achter", cluster_id=cluster.id, card_id=note_card.id),
    ]
    idea = Note(session_id=sess.id, table_id=other.id, author_name="Ayla", kind="idee",
                text="Elke maand een bericht over de wachttijd sturen", goal="ouders weten waar ze staan")
    session.add_all(notes + [idea])
    session.flush()
    participant = Participant(session_id=sess.id, table_id=table.id, display_name="Sanne", token_hash="x" * 64)
    session.add(participant)
    session.flush()
    session.add_all([Vote(session_id=sess.id, participant_id=participant.id, cluster_id=cluster.id),
                     Vote(session_id=sess.id, participant_id=participant.id, note_id=notes[0].id)])
    session.commit()
    return Board(sess=sess, table=table, other_table=other, card=card, other_card=other_card, note_card=note_card,
                 concept_card=concept_card, stories=stories, notes=notes, idea=idea, cluster=cluster, region=twente)


def owner_input(**overrides):
    from vertelpunt.proposals.services import ProposalInput

    values = dict(title="Wachttijd laten zien", seen="Ouders horen niets tijdens het wachten.",
                  solution="Elke maand een bericht met de wachttijd.", owner_name="Petra de Vries",
                  owner_organisation="Gemeente Enschede", owner_email="petra@enschede.example",
                  owner_name_public=False, due_on="2030-06-30", region="twente")
    values.update(overrides)
    return ProposalInput(**values)


@pytest.fixture
def make_proposal(session, board):
    from vertelpunt.proposals.services import create_proposal, provenance_from_cluster

    def factory(user=None, **overrides):
        proposal = create_proposal(session, provenance_from_cluster(session, board.cluster.id), owner_input(**overrides), user)
        session.commit()
        return proposal

    return factory


@pytest.fixture
def staff(app, login, make_user):
    """Log in a user of a role, then switch CSRF off for the test's own POSTs (the login helper restores it)."""

    def do(role, **kwargs):
        user = make_user(role, **kwargs)
        login(user)
        app.config["WTF_CSRF_ENABLED"] = False
        return user

    yield do
    app.config["WTF_CSRF_ENABLED"] = True
