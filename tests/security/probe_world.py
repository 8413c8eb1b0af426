"""A small world with a hostile string in every field a person can type, for the security probes.

Imported explicitly by the probe tests (``from tests.security.probe_world import ...``), not from a
conftest, so the fixtures stay out of the way of the other tests in this folder. Everything a visitor,
participant or staff member can type ends up here: story title and text, a free-text answer, session,
table and cluster names, a participant's name, notes and an idea's goal, a card, and every text field of
a proposal with a progress update. The proposal goes through the real service (with its validation);
the rest is stored as the forms would store it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from vertelpunt.cards.chart_cache import redraw
from vertelpunt.db import Base
from vertelpunt.models import (
    Cluster, ObservationCard, PatternRun, Region, SensemakingSession, SessionTable, Story, TableCard, TableStory,
)

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
    "{{7*7}}",
)
#: Marks of markup that would run if a payload reached a page unescaped.
LIVE_MARKUP = ("<script>alert(1)", "<img src=x onerror", "<svg onload", "</textarea><svg",
               'href="javascript:', "href='javascript:", 'src="javascript:', 'action="javascript:')
#: Cells a spreadsheet would run as a formula.
FORMULAS = ("=HYPERLINK(\"http://x.example\";\"klik\")", "+31 6 1234", "-2+3 kosten", "@SUM(A1:A2)")


@dataclass
class World:
    payload: str
    story: Story
    card: ObservationCard
    sess: SensemakingSession
    table: SessionTable
    cluster: Cluster
    proposal: object
    participant_token: str
    admin: object
    facilitator: object


def table_counts(session) -> dict[str, int]:
    """Rows per table: the probes compare this before and after to prove nothing was stored."""
    session.expire_all()
    counts = {}
    for table in Base.metadata.sorted_tables:
        counts[table.name] = session.scalar(select(func.count()).select_from(table))
    return counts


def _empty_scan() -> dict:
    from analysis.patterns import ScanOptions, ScanResult

    return ScanResult(ScanOptions(), 40, 0, ()).to_dict()


def build_world(session, project, make_story, make_user, payload: str, formula: str | None = None) -> World:
    from vertelpunt.facilitate import notes, participants
    from vertelpunt.proposals.services import ProposalInput, create_proposal, provenance_from_cluster
    from vertelpunt.proposals.updates import add_update

    admin = make_user("admin")
    facilitator = make_user("facilitator")
    twente = session.scalar(select(Region).where(Region.key == "twente"))
    story = make_story(project, title=payload, text=f"Begin van het verhaal {payload} en {formula or 'niets'} einde.",
                       answers={"outcome": 70.0, "heard": 65.0, "help_type": ["jeugdhulp"], "place": "enschede",
                                "felt": payload})
    pending = make_story(project, title=f"Wacht {payload}", text=f"Nog niet gemodereerd {payload}.", status="pending")
    run = PatternRun(project_id=project.id, created_by="analyst@example.org", form_id=project.form_id, filters={},
                     options={}, n_stories=40, n_notable=0, result=_empty_scan())
    session.add(run)
    session.flush()
    redraw(session, run)  # a scan stores its charts with the run (insights/scans.py): a view then writes nothing
    card = ObservationCard(project_id=project.id, run_id=run.id, pattern_key="heard|outcome", title=f"Kaart {payload}",
                           observation=f"Gezien: {payload}", interpretation_a=payload, interpretation_b=payload,
                           n=40, filters={}, content={"stats": []}, status="published",
                           created_by="analyst@example.org")
    session.add(card)
    sess = SensemakingSession(project_id=project.id, region_id=twente.id, name=f"Sessie {payload}",
                              held_on=date(2026, 4, 2), place=payload, join_code="XSS234",
                              created_by="facilitator@example.org", status="open", votes_revealed=True)
    session.add(sess)
    session.flush()
    table = SessionTable(session_id=sess.id, name=f"Tafel {payload}"[:120], perspectives=payload, position=0)
    session.add(table)
    session.flush()
    session.add_all([TableCard(table_id=table.id, card_id=card.id, position=0),
                     TableStory(table_id=table.id, story_id=story.id, position=0)])
    cluster = Cluster(session_id=sess.id, table_id=table.id, name=f"Cluster {payload}", position=0)
    session.add(cluster)
    session.flush()
    session.refresh(sess)
    participant, token = participants.join(session, sess, f"Naam {payload}"[:40], table.id)
    note = notes.add_note(session, sess, table, "verbazing", f"Briefje {payload}", participant=participant,
                          card_id=card.id)
    idea = notes.add_note(session, sess, table, "idee", f"Idee {payload}", goal=f"Doel {payload}",
                          participant=participant)
    note.cluster_id = cluster.id
    idea.cluster_id = cluster.id
    session.flush()
    data = ProposalInput(title=f"Voorstel {payload}", seen=formula or f"Gezien {payload}",
                         solution=f"Oplossing {payload}", owner_name=(formula or f"Eigenaar {payload}")[:120],
                         owner_organisation=f"Organisatie {payload}", owner_email="eigenaar@example.org",
                         owner_name_public=True, deputy_name=f"Vervanger {payload}"[:120],
                         deputy_organisation=f"Org {payload}", due_on="2030-06-30", region="twente")
    proposal = create_proposal(session, provenance_from_cluster(session, cluster.id), data, facilitator)
    add_update(session, proposal, formula or f"Update {payload}", date.today(), facilitator)
    session.commit()
    assert pending.status == "pending"
    return World(payload=payload, story=story, card=card, sess=sess, table=table, cluster=cluster,
                 proposal=proposal, participant_token=token, admin=admin, facilitator=facilitator)


@pytest.fixture(params=PAYLOADS, ids=["script", "img", "javascript-url", "textarea", "template"])
def xss_world(request, session, project, make_story, make_user):
    return build_world(session, project, make_story, make_user, request.param)


@pytest.fixture
def world(session, project, make_story, make_user):
    return build_world(session, project, make_story, make_user, PAYLOADS[0])


def join_as_participant(client, world: World) -> None:
    """Put the participant's token in the client's cookie, as joining does."""
    with client.session_transaction() as cookie:
        cookie["vp_deelname"] = {world.sess.join_code: world.participant_token}


def login_admin(client, world: World) -> None:
    was = client.application.config.get("WTF_CSRF_ENABLED", True)
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        from tests.conftest import STRONG_PASSWORD

        response = client.post("/beheer/inloggen", data={"email": world.admin.email, "password": STRONG_PASSWORD})
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = was
    assert response.status_code == 302
