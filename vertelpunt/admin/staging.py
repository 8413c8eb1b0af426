"""Uploaded story files between preview and confirmation, as rows of ``staged_uploads``.

Any app server can read a row (two servers behind nginx: the confirmation may land on the other one). The
page carries a random token, the row only its hash. A row is the uploading admin's: anyone else's token is
refused, as is a row older than :data:`STAGE_SECONDS`; the periodic clean-up (``vertelpunt maintenance`` and
the worker's job clean-up) deletes those. The confirmed import's job deletes its row in the same transaction
as the stories it adds, so a file is imported once, or, when the import fails, not at all and still there.
Services flush, never commit.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vertelpunt.errors import VertelpuntError
from vertelpunt.models import Project, StagedUpload
from vertelpunt.models.common import utcnow

STAGE_SECONDS = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
GONE_MESSAGE = "Dit voorbeeld is niet meer geldig (al ingelezen, of ouder dan een uur). Upload het bestand opnieuw."
NOT_YOURS_MESSAGE = ("Dit voorbeeld is van een andere beheerder: alleen wie het bestand uploadde kan het inlezen. "
                     "Upload het bestand zelf, als het ingelezen moet worden.")


@dataclass(frozen=True)
class Staged:
    format: str
    settings: dict
    data: bytes


class StagedUploadError(VertelpuntError):
    """A token that names no confirmable upload of this admin; the Dutch message says what to do."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _now_to_the_minute() -> datetime:
    return utcnow().replace(second=0, microsecond=0)


def stage(session: Session, user, project: Project | None, fmt: str, settings: dict, data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; returns the token, the one thing the page carries.

    ``project`` is None for a backup to restore (vertelpunt/admin/routes_maintenance.py)."""
    token = secrets.token_urlsafe(24)
    session.add(StagedUpload(token_hash=_hash(token), user_id=user.id, project_id=_id(project), format=fmt,
                             settings=dict(settings), data=data, created_at=_now_to_the_minute()))
    session.flush()
    return token


def _id(project: Project | None) -> int | None:
    return None if project is None else project.id


def _fresh(row: StagedUpload, now: datetime | None = None) -> bool:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=(now or utcnow()).tzinfo)
    return created >= (now or utcnow()) - timedelta(seconds=STAGE_SECONDS)


def find(session: Session, token: str, user, project: Project | None) -> StagedUpload:
    """The upload this token names, if it is this admin's, for this project, and not older than an hour."""
    if not TOKEN.match(token or ""):
        raise StagedUploadError(GONE_MESSAGE)
    row = session.scalar(select(StagedUpload).where(StagedUpload.token_hash == _hash(token)))
    if row is None or row.project_id != _id(project) or not _fresh(row):
        raise StagedUploadError(GONE_MESSAGE)
    if row.user_id != user.id:
        raise StagedUploadError(NOT_YOURS_MESSAGE)
    return row


def find_by_id(session: Session, staged_id: int, user, project: Project | None) -> StagedUpload:
    """The row a confirmed job names, checked like :func:`find`, but not deleted: a restore empties the
    table itself, in its own transaction."""
    row = session.get(StagedUpload, staged_id)
    if row is None or row.project_id != _id(project) or not _fresh(row):
        raise StagedUploadError(GONE_MESSAGE)
    if row.user_id != user.id:
        raise StagedUploadError(NOT_YOURS_MESSAGE)
    return row


def take(session: Session, staged_id: int, user, project: Project) -> Staged:
    """What a confirmed import reads; the row is deleted in the caller's transaction (kept when that rolls back).

    Deleting first takes the row's lock: a second job for the same upload (a double click) waits, then finds
    nothing to delete and is refused instead of importing the file twice."""
    row = session.get(StagedUpload, staged_id)
    if row is None or row.project_id != _id(project) or not _fresh(row):
        raise StagedUploadError(GONE_MESSAGE)
    if row.user_id != user.id:
        raise StagedUploadError(NOT_YOURS_MESSAGE)
    staged = Staged(row.format, dict(row.settings), row.data)
    deleted = session.execute(delete(StagedUpload).where(StagedUpload.id == staged_id)
                              .execution_options(synchronize_session=False)).rowcount
    if deleted != 1:
        raise StagedUploadError(GONE_MESSAGE)
    session.expunge(row)
    return staged


def delete_stale(session: Session, now: datetime | None = None) -> int:
    """Delete uploads older than an hour (never confirmed, or their import failed); flushed."""
    cutoff = (now or utcnow()) - timedelta(seconds=STAGE_SECONDS)
    result = session.execute(delete(StagedUpload).where(StagedUpload.created_at < cutoff)
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0
