"""Saving a told story exactly once, and withdrawing it for good with the one-time code."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from typing import Callable

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from vertelpunt.insights import tallies
from vertelpunt.cards import copies
from vertelpunt.maintenance.retention import forget_story_ids
from vertelpunt.models import Answer, Project, Story
from vertelpunt.observability.metrics import story_saved
from vertelpunt.stories.answers import PlaceLookup
from vertelpunt.stories.withdrawn import current_secret_key, remember_withdrawn
from vertelpunt.stories.services import (
    PUBLIC_ID_ALPHABET, StoryInput, hash_withdrawal_code, random_code, random_public_id, story_values,
)

CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4  # 16 characters from a 30-letter alphabet: ~78 random bits
PUBLIC_ID_ATTEMPTS = 5  # a new random public id is taken with a chance of stories / 30**6 per attempt


# Statements of every public request, built once: building a statement and its cache key costs more
# than running it on SQLite.
PROJECT_BY_SLUG = select(Project).where(Project.slug == bindparam("slug")).options(joinedload(Project.form))
#: The story's INSERT, which inserts nothing (and returns no id) when its token or public id is taken.
INSERT_STORY_UNLESS_TAKEN = {
    dialect: insert_for(Story.__table__).on_conflict_do_nothing().returning(Story.__table__.c.id)
    for dialect, insert_for in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}
INSERT_ANSWERS = insert(Answer.__table__)
STORY_BY_SUBMISSION = select(Story.id).where(Story.submission_hash == bindparam("digest"))


def load_project(session: Session, slug: str) -> Project | None:
    """The project with its form row in one query; the form's questions come from the shared snapshot
    (:func:`vertelpunt.forms.snapshot.form_spec`), regions load only when a page shows them."""
    return session.scalar(PROJECT_BY_SLUG, {"slug": slug})


def new_withdrawal_code() -> str:
    code = random_code(PUBLIC_ID_ALPHABET, CODE_GROUPS * CODE_GROUP_LENGTH)
    return "-".join(code[i:i + CODE_GROUP_LENGTH] for i in range(0, len(code), CODE_GROUP_LENGTH))


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


def hash_submission_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "ignore")).hexdigest()


@dataclass(frozen=True)
class Submission:
    story_id: int | None
    public_id: str | None
    withdrawal_code: str | None
    already_saved: bool


def submit_story(session: Session, project: Project, data: StoryInput, token: str,
                 places: PlaceLookup | None = None,
                 before_commit: Callable[[Session, str], None] | None = None) -> Submission:
    """Save the story, unless this form (token) was already saved: then nothing happens.

    The unique submission hash makes a double click or a refresh after POST harmless even when two
    requests race: the second insert fails on the constraint and is reported as already saved. The
    random public id is unique by constraint too, so neither is looked up before the insert (that would
    cost two queries on every story for something that almost never happens): when the insert fails
    and the token is not saved, the public id was taken, and we try again with a new one.

    The rows are written with two plain INSERT statements (the story, then all its answers at once)
    rather than through the ORM's unit of work: the values are the same as :func:`create_story` would
    store, and the write (which holds SQLite's single write lock) takes a fraction of the time.

    ``before_commit(session, withdrawal_code)`` writes the caller's own rows in the same transaction (the
    route holds the code for the thank-you page there), so they exist exactly when the story does. The
    request commits them with the story when it ends (``db.end_request_transaction``).

    The story is inserted with ``ON CONFLICT DO NOTHING``, so a taken token or public id inserts nothing
    instead of failing: the transaction stays usable, and nothing written before in it is lost, without a
    rollback or a SAVEPOINT (PostgreSQL refuses every statement after a failed one; pysqlite's implicit
    transactions make the release of a first savepoint a commit; and both would add statements to every
    story). When every public id drawn was taken, :class:`~sqlalchemy.exc.IntegrityError` is raised.
    """
    token_hash = hash_submission_token(token)
    code = new_withdrawal_code()
    for attempt in range(1, PUBLIC_ID_ATTEMPTS + 1):
        values = story_values(session, project, replace(data, public_id=data.public_id or random_public_id()),
                              withdrawal_code=code, places=places, public_id_unchecked=data.public_id is None)
        statement = INSERT_STORY_UNLESS_TAKEN[session.get_bind().dialect.name]
        story_id = session.scalar(statement, {**values.story, "submission_hash": token_hash})
        if story_id is None:
            if session.scalar(STORY_BY_SUBMISSION, {"digest": token_hash}) is not None:
                return Submission(None, None, None, already_saved=True)
            if data.public_id is not None or attempt == PUBLIC_ID_ATTEMPTS:
                raise IntegrityError(str(statement), None, ValueError(f"public id {values.story['public_id']} "
                                                                      "is taken"))
            continue
        if values.answers:
            session.execute(INSERT_ANSWERS, [{**row, "story_id": story_id} for row in values.answers])
        if before_commit is not None:
            before_commit(session, code)
        story_saved()
        return Submission(story_id, values.story["public_id"], code, already_saved=False)
    raise AssertionError("unreachable")


def withdraw_story(session: Session, project: Project, code: str) -> bool:
    """Delete the story that this code belongs to, with its answers and its links to cards, themes, tables
    and proposals (by cascade), remove its id from stored pattern runs, and put it on the list of withdrawn
    stories that a restore from an older backup skips."""
    digest = hash_withdrawal_code(code)
    found = session.execute(
        select(Story.id, Story.public_id, Story.text, Story.title, Story.status, Story.is_complete)
        .where(Story.project_id == project.id, Story.withdrawal_hash == digest)
    ).first()
    if found is None:
        return False
    tallies.move(session, found.id, tallies.counted_as(found), None)  # the dashboard's counts follow
    session.execute(delete(Story).where(Story.id == found.id))
    forget_story_ids(session, {found.public_id})
    copies.after_deletion(session, project.id, {found.public_id}, [found.text, found.title])
    remember_withdrawn(session, current_secret_key(), [found.public_id])
    session.flush()
    return True
