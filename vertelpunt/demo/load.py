"""Put the demo project with its synthetic stories into the database.

The stories come from the pure generator in :mod:`vertelpunt.demo.generator`; this module only stores
them, through the same service the public form uses, so demo data obeys every rule real data does.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from vertelpunt.insights import tallies
from vertelpunt.accounts.services import create_user
from vertelpunt.forms.services import DEFAULT_FORM_PATH, import_definition, read_form_file
from vertelpunt.geo.services import read_regions, sync_regions
from vertelpunt.models import Answer, Channel, Project, Story, StoryStatus, User
from vertelpunt.projects.services import ProjectError, create_project
from vertelpunt.stories.services import (
    StoryInput, StoryValues, load_place_lookup, random_public_id, story_values,
)

DEMO_SLUG = "demo"
DEMO_TITLE = "Vertelpunt jeugdhulp (demo)"
DEMO_REGIONS = ("groningen", "twente", "rijk-van-nijmegen", "midden-holland")
DEMO_INTRO = (
    "Dit is een demonstratie met verzonnen verhalen. Zo zie je hoe Vertelpunt werkt: "
    "van een gedeelde ervaring tot een verbetering."
)
PENDING_SHARE = 0.03  # a few stories wait in the moderation queue, as in real life
BATCH = 1000  # stories per INSERT: 100,000 demo stories (benchmarks/bench_pages.py) load in minutes, not an hour


@dataclass(frozen=True)
class DemoOutcome:
    project: Project
    stories: int
    admin_email: str | None
    admin_password: str | None


def seed_demo(session: Session, seed: int = 7, n: int = 960, create_admin: bool = True) -> DemoOutcome:
    """Create the demo project and its stories; the caller commits. Refuses if it already exists.

    Every story is checked and worked out by the same ``story_values`` the public form uses, then written in
    batches of plain INSERTs (stories with RETURNING, then their answers) rather than as ORM objects one by one.
    Public ids are drawn at random against the set of ids already taken (read once), instead of one SELECT
    per story."""
    from vertelpunt.demo.generator import generate_stories

    if session.scalar(select(Project).where(Project.slug == DEMO_SLUG)) is not None:
        raise ProjectError(f"Het demoproject '{DEMO_SLUG}' bestaat al.")
    regions = read_regions()
    sync_regions(session, regions)
    definition = read_form_file(DEFAULT_FORM_PATH)
    import_definition(session, definition)
    project = create_project(session, DEMO_SLUG, DEMO_TITLE, definition["key"], DEMO_REGIONS, intro=DEMO_INTRO)
    demo_regions = [r for r in regions if r["key"] in DEMO_REGIONS]
    records = generate_stories(definition, demo_regions, n=n, seed=seed)
    pending_every = max(int(1 / PENDING_SHARE), 1)
    places = load_place_lookup(session, project)
    taken = set(session.scalars(select(Story.public_id)))
    batch: list[StoryValues] = []
    for index, record in enumerate(records):
        status = StoryStatus.PENDING if index % pending_every == pending_every - 1 else StoryStatus.PUBLISHED
        batch.append(story_values(session, project, StoryInput(
            role=record["role"], text=record["text"], answers=record["answers"],
            prompt_key=record.get("prompt_key"), title=record.get("title"), week=record["week"],
            channel=record.get("channel", Channel.ONLINE.value), language=record.get("language", "nl"),
            region_key=record.get("region"), status=status.value, public_id=_fresh_id(taken),
        ), places=places, public_id_unchecked=True))
        if len(batch) == BATCH:
            _insert(session, batch)
            batch = []
    _insert(session, batch)
    tallies.mark_changed(session, project.id)  # stories inserted in bulk: counted once, at the commit
    email = password = None
    if create_admin and session.scalar(select(User.id).limit(1)) is None:
        email, password = "beheer@demo.vertelpunt.invalid", secrets.token_urlsafe(12)
        create_user(session, email, password, "admin", name="Demobeheerder")
    session.flush()
    return DemoOutcome(project, len(records), email, password)


def seed_demo_cycle(session: Session, outcome: DemoOutcome):
    """The rest of the cycle on the new demo project (:mod:`vertelpunt.demo.cycle`), done as its administrator:
    the one just made, or else the oldest active admin. None when there is no admin to do it as."""
    from vertelpunt.demo.cycle import seed_cycle  # the scan and card drafting load the analysis stack

    query = select(User).where(User.role == "admin", User.active.is_(True)).order_by(User.id).limit(1)
    if outcome.admin_email:
        query = select(User).where(User.email == outcome.admin_email)
    actor = session.scalar(query)
    return seed_cycle(session, outcome.project, actor) if actor is not None else None


def _insert(session: Session, batch: list[StoryValues]) -> None:
    if not batch:
        return
    ids = session.scalars(insert(Story).returning(Story.id, sort_by_parameter_order=True),
                          [values.story for values in batch]).all()
    answers = [{**answer, "story_id": story_id} for story_id, values in zip(ids, batch) for answer in values.answers]
    if answers:
        session.execute(insert(Answer), answers)


def _fresh_id(taken: set[str]) -> str:
    while (candidate := random_public_id()) in taken:
        pass
    taken.add(candidate)
    return candidate
