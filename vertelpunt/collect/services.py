"""Saving a told story exactly once, and withdrawing it for good with the one-time code."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from vertelpunt.maintenance.retention import forget_story_ids
from vertelpunt.models import Project, Region, Story
from vertelpunt.stories.services import PUBLIC_ID_ALPHABET, StoryInput, create_story, hash_withdrawal_code

CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4  # 16 characters from a 30-letter alphabet: ~78 random bits


def load_project(session: Session, slug: str, with_places: bool = False) -> Project | None:
    """The project with its form row in one query; with its regions and municipalities (two more) when
    the page checks a place answer. The form's questions come from :func:`vertelpunt.forms.snapshot.form_spec`."""
    options = [joinedload(Project.form)]
    if with_places:
        options.append(selectinload(Project.regions).selectinload(Region.municipalities))
    return session.scalar(select(Project).where(Project.slug == slug).options(*options))


def new_withdrawal_code() -> str:
    groups = ("".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


def hash_submission_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "ignore")).hexdigest()


@dataclass(frozen=True)
class Submission:
    story: Story | None
    withdrawal_code: str | None
    already_saved: bool


def submit_story(session: Session, project: Project, data: StoryInput, token: str) -> Submission:
    """Save the story and commit, unless this form (token) was already saved: then nothing happens.

    The unique submission hash makes a double click or a refresh after POST harmless even when two
    requests race: the second insert fails on the constraint and is reported as already saved.
    """
    token_hash = hash_submission_token(token)
    if session.scalar(select(Story.id).where(Story.submission_hash == token_hash)) is not None:
        return Submission(None, None, already_saved=True)
    code = new_withdrawal_code()
    story = create_story(session, project, data, withdrawal_code=code)
    story.submission_hash = token_hash
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        if session.scalar(select(Story.id).where(Story.submission_hash == token_hash)) is not None:
            return Submission(None, None, already_saved=True)
        raise
    return Submission(story, code, already_saved=False)


def withdraw_story(session: Session, project: Project, code: str) -> bool:
    """Delete the story that this code belongs to, with its answers and its links to cards, themes, tables
    and proposals (by cascade), and remove its id from stored pattern runs; commits."""
    digest = hash_withdrawal_code(code)
    found = session.execute(
        select(Story.id, Story.public_id).where(Story.project_id == project.id, Story.withdrawal_hash == digest)
    ).first()
    if found is None:
        return False
    session.execute(delete(Story).where(Story.id == found.id))
    forget_story_ids(session, {found.public_id})
    session.commit()
    return True
