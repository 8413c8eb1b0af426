"""A realistic world for the security tests, built once per module, and one logged-in client per actor.

The world: two regions (Twente, Rijk van Nijmegen) in one project with published stories in both, a
stored pattern run, published and concept observation cards (one per region), an open sense-making session
in Twente with a table, notes, a cluster and a participant who joined through the real form, and a proposal
with an update. Every actor logs in through the real login form with a real CSRF token.

The application is built here (module scope) instead of using the function-scoped ``app`` fixture, so the
matrix does not rebuild the world for every (route, actor) pair. No app context stays pushed between
requests: each request gets its own ``g``, so flask-wtf never hands one client's CSRF token to another.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import STRONG_PASSWORD, TEST_REGIONS, FIXTURES, _empty_tables

from tests.security.matrix import ACTORS

STAFF_USERS = {  # actor -> (role, regions)
    "viewer_own": ("viewer", ("twente",)),
    "viewer_other": ("viewer", ("rijk-van-nijmegen",)),
    "moderator": ("moderator", ()),
    "facilitator": ("facilitator", ()),
    "analyst": ("analyst", ()),
    "admin": ("admin", ()),
}
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
JOIN_CODE = "MTX234"
HIGH_TEXT = ("Eindelijk voelde ik me gehoord door de hulpverlener. Ze luisterde echt naar ons gezin en nam de tijd. "
             "Samen maakten we een plan dat werkte.")
LOW_TEXT = ("We moesten maanden wachten op een plek en niemand belde terug. Het dossier ging van hand tot hand. "
            "Ik had het gevoel dat niemand luisterde.")


def csrf_from(html: str) -> str | None:
    found = CSRF_PATTERN.search(html)
    return (found.group(1) or found.group(2)) if found else None


@dataclass
class World:
    app: object
    slug: str
    join_code: str
    ids: dict = field(default_factory=dict)
    public_ids: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    def client(self, actor: str):
        return self.clients[actor]

    def csrf(self, actor: str) -> str:
        """A valid CSRF token for this actor's own cookie (read once, it stays valid for the cookie)."""
        if actor not in self.tokens:
            self.tokens[actor] = self.csrf_for(self.clients[actor])
        return self.tokens[actor]

    def log_in_again(self, actor: str) -> None:
        """A fresh logged-in client for a staff actor (after a logout, which ends all of its sessions)."""
        client = self.app.test_client()
        _login(self, client, f"{actor}@example.org")
        self.clients[actor] = client
        self.tokens.pop(actor, None)

    def csrf_for(self, client) -> str:
        """Read a CSRF token from the first page with a form that this client can open."""
        pages = ["/", "/beheer/inloggen",
                 f"/s/{self.join_code}/tafel/{self.ids['table']}", f"/v/{self.slug}/intrekken"]
        for page in pages:
            response = client.get(page)
            token = csrf_from(response.get_data(as_text=True)) if response.status_code == 200 else None
            if token:
                return token
        raise AssertionError("no page with a CSRF token for this client")

    def fresh(self, kind: str) -> int:
        """A throw-away object for routes that delete what they get (so the world stays whole)."""
        from vertelpunt.db import get_session
        from sqlalchemy import select

        from vertelpunt.models import Cluster, Note, ObservationCard, Participant, SessionTable

        with self.app.app_context():
            session = get_session()
            if kind in ("note", "own_note"):
                # "own_note" belongs to the participant who joined through the form (the matrix's participant).
                owner = session.scalar(select(Participant).where(Participant.session_id == self.ids["session"],
                                                                 Participant.display_name == "Deelnemer"))
                obj = Note(session_id=self.ids["session"], table_id=self.ids["table"], kind="zorg",
                           text="Wegwerpbriefje", author_name="Deelnemer",
                           participant_id=owner.id if kind == "own_note" and owner else None)
            elif kind == "cluster":
                obj = Cluster(session_id=self.ids["session"], table_id=self.ids["table"], name="Wegwerp", position=9)
            elif kind == "card":
                # In a project of its own, so leftovers never end up in the world's decks and lists.
                obj = ObservationCard(project_id=self.ids["project_spare"], run_id=self.ids["run"], pattern_key="a|b",
                                      title="Wegwerpkaart", observation="Wat we zagen.", n=12, filters={},
                                      content={"stats": []}, status="published", created_by="analyst@example.org",
                                      region_id=None)
            elif kind == "table":
                obj = SessionTable(session_id=self.ids["session"], name="Wegwerptafel", position=9)
            elif kind == "task":
                from datetime import date

                from vertelpunt.models import ProposalTask

                obj = ProposalTask(proposal_id=self.ids["proposal"], title="Wegwerptaak", owner_name="Petra",
                                   due_on=date(2030, 1, 1))
            elif kind == "condition":
                from vertelpunt.models import ProposalCondition

                obj = ProposalCondition(proposal_id=self.ids["proposal"], kind="budget", text="Wegwerpgeld", met=False)
            else:
                raise ValueError(kind)
            session.add(obj)
            session.commit()
            return obj.id


def _build(app) -> dict:
    """Create the world's rows; returns ids, public ids and keys (plain values, no live objects)."""
    from vertelpunt.db import get_session
    from vertelpunt.forms.services import import_definition, read_form_file
    from vertelpunt.geo.services import sync_regions
    from vertelpunt.accounts.services import create_user
    from vertelpunt.cards.runs import start_scan
    from vertelpunt.insights.records import StoryFilter
    from vertelpunt.models import (
        Cluster, Note, ObservationCard, Region, SensemakingSession, SessionTable, TableCard, TableStory,
    )
    from vertelpunt.projects.services import create_project
    from vertelpunt.proposals.services import ProposalInput, Provenance, create_proposal, provenance_from_cluster
    from vertelpunt.proposals.updates import add_update
    from vertelpunt.stories.services import StoryInput, create_story

    session = get_session()
    sync_regions(session, TEST_REGIONS)
    import_definition(session, read_form_file(FIXTURES / "mini-form.yaml"))
    session.commit()
    project = create_project(session, "proef", "Proefproject", "mini", ("twente", "rijk-van-nijmegen"))
    spare = create_project(session, "wegwerp", "Wegwerpproject", "mini", ("groningen",))
    session.commit()
    regions = {r.key: r for r in session.scalars(select(Region))}
    users = {actor: create_user(session, f"{actor}@example.org", STRONG_PASSWORD, role, keys)
             for actor, (role, keys) in STAFF_USERS.items()}
    spare_user = create_user(session, "wegwerp@example.org", STRONG_PASSWORD, "analyst", ())  # /beheer/accounts
    session.commit()

    def story(place, status="published", text="Mijn zoon kreeg eindelijk hulp die bij hem paste na lang wachten.",
              outcome=70.0, heard=65.0, role="parent"):
        return create_story(session, project, StoryInput(
            role=role, text=text, answers={"outcome": outcome, "heard": heard, "help_type": ["jeugdhulp"],
                                           "place": place},
            prompt_key="moment", week=date(2026, 3, 11), status=status))

    # A planted relation (heard rises with outcome), so the stored scan has real patterns to show.
    planted = []
    for i in range(40):
        outcome = 5 + (90 * i) / 39
        heard = min(100.0, max(0.0, outcome + ((i * 37) % 21) - 10))
        text = (HIGH_TEXT if outcome >= 50 else LOW_TEXT) + f" Verhaal nummer {i}."
        planted.append(story(("enschede", "nijmegen")[(i // 2) % 2], text=text, outcome=outcome, heard=heard,
                             role=("parent", "youth", "professional")[i % 3]))
    twente_stories = [s for s in planted if s.region_id == regions["twente"].id]
    nijmegen_stories = [s for s in planted if s.region_id != regions["twente"].id]
    pending = story("hengelo", status="pending", text="Nog niet gemodereerd verhaal over de wachtlijst.")
    session.commit()

    run = start_scan(session, project, StoryFilter(), users["analyst"], splits=5)
    session.commit()

    def card(title, status, region):
        item = ObservationCard(project_id=project.id, run_id=run.id, pattern_key="heard|outcome", title=title,
                               observation="Wie lang wacht, voelt zich minder gehoord.", n=12, filters={},
                               content={"stats": []}, status=status, created_by="analyst@example.org",
                               region_id=regions[region].id if region else None)
        session.add(item)
        return item

    card_twente = card("Wachten kost vertrouwen", "published", "twente")
    card_nijmegen = card("Gehoord worden helpt", "published", "rijk-van-nijmegen")
    card_concept = card("Concept: nog niet af", "concept", "twente")
    card_project = card("Voor het hele project", "published", None)  # no region: belongs to both
    session.flush()

    sess = SensemakingSession(project_id=project.id, region_id=regions["twente"].id, name="Duiding Twente",
                              held_on=date(2026, 4, 2), place="Enschede", join_code=JOIN_CODE, status="open",
                              created_by="facilitator@example.org")
    session.add(sess)
    session.flush()
    table = SessionTable(session_id=sess.id, name="Tafel 1", perspectives="ouders, jongeren", position=0)
    session.add(table)
    session.flush()
    session.add_all([TableCard(table_id=table.id, card_id=card_twente.id, position=0),
                     TableStory(table_id=table.id, story_id=twente_stories[0].id, position=0)])
    cluster = Cluster(session_id=sess.id, table_id=table.id, name="Wachten zonder nieuws", position=0)
    session.add(cluster)
    session.flush()
    note = Note(session_id=sess.id, table_id=table.id, author_name="Sanne", kind="zorg",
                text="Niemand vertelt ouders hoe lang het wachten duurt", cluster_id=cluster.id)
    loose_note = Note(session_id=sess.id, table_id=table.id, author_name="Bram", kind="idee",
                      text="Elke maand een bericht over de wachttijd", goal="ouders weten waar ze staan")
    session.add_all([note, loose_note])
    session.commit()

    proposal = create_proposal(session, provenance_from_cluster(session, cluster.id), ProposalInput(
        title="Wachttijd laten zien", seen="Ouders horen niets tijdens het wachten.",
        solution="Elke maand een bericht met de wachttijd.", owner_name="Petra de Vries",
        owner_organisation="Gemeente Enschede", owner_email="petra@enschede.example", owner_name_public=False,
        due_on="2030-06-30", region="twente"), users["facilitator"])
    session.flush()
    add_update(session, proposal, "Eerste bericht is verstuurd.", None, users["facilitator"])
    proposal_project = create_proposal(session, Provenance(project=project), ProposalInput(
        title="Een wachtlijst voor het hele project", seen="Elke regio houdt een eigen lijst bij.",
        solution="Een lijst die iedereen kan zien.", owner_name="Joris Bakker", owner_organisation="Jeugdregio's",
        owner_email="joris@example.org", owner_name_public=False, due_on="2030-09-30", region=""),
        users["facilitator"])
    # No region of its own, but written at the Twente session (its notes, cards and stories): it stays Twente's.
    proposal_session = create_proposal(session, provenance_from_cluster(session, cluster.id), ProposalInput(
        title="Bellen tijdens het wachten", seen="Ouders horen niets tijdens het wachten.",
        solution="Elke maand een telefoontje.", owner_name="Petra de Vries", owner_organisation="Gemeente Enschede",
        owner_email="petra@enschede.example", owner_name_public=False, due_on="2030-09-30", region=""),
        users["facilitator"])
    session.commit()

    ids = {"project": project.id, "project_spare": spare.id, "run": run.id, "card_twente": card_twente.id,
           "card_nijmegen": card_nijmegen.id,
           "card_concept": card_concept.id, "card_project": card_project.id,
           "proposal_project": proposal_project.id,
           "proposal_session": proposal_session.id, "session": sess.id, "table": table.id, "cluster": cluster.id,
           "note": note.id, "loose_note": loose_note.id, "proposal": proposal.id, "region_twente": regions["twente"].id,
           "region_nijmegen": regions["rijk-van-nijmegen"].id, "user_spare": spare_user.id}
    public_ids = {"story_twente": twente_stories[1].public_id, "story_nijmegen": nijmegen_stories[0].public_id,
                  "story_pending": pending.public_id,
                  "twente": [s.public_id for s in twente_stories], "nijmegen": [s.public_id for s in nijmegen_stories]}
    _build_theme_run(session, ids, project, twente_stories)
    ids["job"] = _build_job(session, project, users["admin"], "twente")
    # The viewer of Twente's own job, for a region that is not (or no longer) theirs: nobody may read it.
    ids["job_out_of_reach"] = _build_job(session, project, users["viewer_own"], "rijk-van-nijmegen")
    return {"ids": ids, "public_ids": public_ids, "slug": project.slug}


def _build_theme_run(session, ids, project, stories) -> None:
    """A stored theme run with one theme over the Twente stories (for the /beheer/themas pages)."""
    from vertelpunt.models import ThemeMember, ThemeRun

    run = ThemeRun(project_id=project.id, created_by="analyst@example.org", filters={}, n_stories=len(stories),
                   n_topics=1, topics=[{"index": 0, "label": "wachten", "words": ["wachten"],
                                        "typical": [s.public_id for s in stories[:2]], "size": len(stories)}])
    session.add(run)
    session.flush()
    session.add_all([ThemeMember(run_id=run.id, story_id=s.id, topic=0, weight=1.0) for s in stories])
    session.commit()
    ids["theme_run"] = run.id


def _build_job(session, project, owner, region_key: str) -> int:
    """A finished deck job with its file (for the /beheer/taken pages)."""
    from vertelpunt.jobs.services import coarse_now
    from vertelpunt.models import Job, JobResult

    job = Job(kind="deck", user_id=owner.id, project_id=project.id, created_at=coarse_now(), state="klaar",
              params={"project": project.slug, "region": region_key, "format": "pdf"}, steps_done=2, steps_total=2,
              step_text="klaar", attempts=1, finished_at=coarse_now(), story_ids=[], result_name="kaarten.pdf",
              result_type="application/pdf", result_size=8)
    session.add(job)
    session.flush()
    session.add(JobResult(job_id=job.id, data=b"%PDF-1.7"))
    session.commit()
    return job.id


def _login(world: World, client, email: str) -> None:
    page = client.get("/beheer/inloggen").get_data(as_text=True)
    response = client.post("/beheer/inloggen", data={"email": email, "password": STRONG_PASSWORD,
                                                      "csrf_token": csrf_from(page)})
    assert response.status_code == 302, response.get_data(as_text=True)


def _join(world: World, client) -> None:
    page = client.get(f"/s/{world.join_code}").get_data(as_text=True)
    response = client.post(f"/s/{world.join_code}", data={"name": "Deelnemer", "csrf_token": csrf_from(page)})
    assert response.status_code == 302 and "/tafel/" in response.headers["Location"], response.get_data(as_text=True)


def make_world(database_url, instance_path) -> World:
    from vertelpunt import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "INSTANCE_PATH": str(instance_path),
                      "SECRET_KEY": "test-secret-key-not-for-production", "JOB_QUEUE_URL": "immediate"})
    with app.app_context():
        built = _build(app)
    world = World(app=app, slug=built["slug"], join_code=JOIN_CODE, ids=built["ids"], public_ids=built["public_ids"])
    for actor in ACTORS:
        client = app.test_client()
        if actor == "participant":
            _join(world, client)
        elif actor != "anonymous":
            _login(world, client, f"{actor}@example.org")
        world.clients[actor] = client
    return world


@pytest.fixture(scope="module")
def world(database_url, tmp_path_factory):
    built = make_world(database_url, tmp_path_factory.mktemp("security-instance"))
    yield built
    _empty_tables(built.app)
