"""Put the demo project with its synthetic stories into the database.

The stories come from the pure generator in :mod:`vertelpunt.demo.generator`; this module only stores
them, through the same service the public form uses, so demo data obeys every rule real data does.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.accounts.services import create_user
from vertelpunt.forms.services import DEFAULT_FORM_PATH, import_definition, read_form_file
from vertelpunt.geo.services import read_regions, sync_regions
from vertelpunt.models import Channel, Project, StoryStatus, User
from vertelpunt.projects.services import ProjectError, create_project
from vertelpunt.stories.services import StoryInput, create_story

DEMO_SLUG = "demo"
DEMO_TITLE = "Vertelpunt jeugdhulp (demo)"
DEMO_REGIONS = ("groningen", "twente", "rijk-van-nijmegen", "midden-holland")
DEMO_INTRO = (
    "Dit is een demonstratie met verzonnen verhalen. Zo zie je hoe Vertelpunt werkt: "
    "van een gedeelde ervaring tot een verbetering."
)
PENDING_SHARE = 0.03  # a few stories wait in the moderation queue, as in real life


@dataclass(frozen=True)
class DemoOutcome:
    project: Project
    stories: int
    admin_email: str | None
    admin_password: str | None


def seed_demo(session: Session, seed: int = 7, n: int = 960, create_admin: bool = True) -> DemoOutcome:
    """Create the demo project and its stories; the caller commits. Refuses if it already exists."""
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
    for index, record in enumerate(records):
        status = StoryStatus.PENDING if index % pending_every == pending_every - 1 else StoryStatus.PUBLISHED
        create_story(session, project, StoryInput(
            role=record["role"], text=record["text"], answers=record["answers"],
            prompt_key=record.get("prompt_key"), title=record.get("title"), week=record["week"],
            channel=record.get("channel", Channel.ONLINE.value), language=record.get("language", "nl"),
            region_key=record.get("region"), status=status.value,
        ))
        if index % 200 == 199:
            session.flush()
    email = password = None
    if create_admin and session.scalar(select(User.id).limit(1)) is None:
        email, password = "beheer@demo.vertelpunt.invalid", secrets.token_urlsafe(12)
        create_user(session, email, password, "admin", name="Demobeheerder")
    session.flush()
    return DemoOutcome(project, len(records), email, password)
