"""Importing and exporting a project's stories from the browser: the preview, the staged file, the export job.

An import is tried first inside a savepoint that is rolled back (the same importer as ``vertelpunt stories
import``, so the same all-or-nothing checks): the preview shows how many stories the file holds and the
first few, and nothing is kept. The uploaded file waits in the instance folder under an unguessable name
until it is confirmed or a day has passed; confirming imports it for real in the request's transaction.
Exports of a whole project can be large, so they run as a job (``stories_export``) with progress and a
stored result on /beheer/taken.
"""
from __future__ import annotations

import io
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vertelpunt.admin.story_formats import FORMATS
from vertelpunt.audit.services import record
from vertelpunt.db import trial_run
from vertelpunt.errors import VertelpuntError
from vertelpunt.models import Project, Story

MAX_IMPORT_BYTES = 2 * 1024 * 1024 - 64 * 1024  # under MAX_CONTENT_LENGTH with room for the other fields
STAGE_DIR = "admin-uploads"
STAGE_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PREVIEW_ROWS = 5


class StoryUploadError(VertelpuntError):
    """An upload that cannot be read or imported; the Dutch message is shown above the upload form."""


@dataclass(frozen=True)
class ImportPreview:
    count: int
    renumbered: int
    first: list[dict]  # plain values: the savepoint's rows vanish on rollback


def decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise StoryUploadError(f"Het bestand is te groot: hoogstens {MAX_IMPORT_BYTES // 1024} kB per keer. "
                               "Splits het, of gebruik 'vertelpunt stories import'.")
    if not data.strip():
        raise StoryUploadError("Het bestand is leeg.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoryUploadError("Het bestand is geen UTF-8-tekst.") from None


def _run_import(session: Session, project: Project, fmt: str, text: str, status: str):
    story_format = FORMATS.get(fmt)
    if story_format is None or story_format.importer is None:
        raise StoryUploadError("Kies een bestandsvorm uit de lijst.")
    if status not in ("pending", "published"):
        raise StoryUploadError("Kies een status voor de ingelezen verhalen.")
    return story_format.importer(session, project, io.StringIO(text, newline=""), status)


def preview_import(session: Session, project: Project, fmt: str, text: str, status: str) -> ImportPreview:
    """What importing would add, found by importing inside a savepoint that is then rolled back."""
    with trial_run(session):
        last_id = session.scalar(select(func.max(Story.id))) or 0
        report = _run_import(session, project, fmt, text, status)
        session.flush()
        added = session.scalars(select(Story).where(Story.id > last_id, Story.project_id == project.id)
                                .order_by(Story.id).limit(PREVIEW_ROWS))
        first = [{"title": s.title, "text": s.text[:200], "role": s.role, "role_label": s.role_label, "status": s.status}
                 for s in added]
        return ImportPreview(count=report.imported, renumbered=report.renumbered, first=first)


def confirm_import(session: Session, project: Project, fmt: str, text: str, status: str, user) -> object:
    report = _run_import(session, project, fmt, text, status)
    record(session, "stories.import", "project", project.slug, user,
           {"count": report.imported, "status": status, "format": fmt, "via": "browser"})
    return report


def stage(instance_path: str, fmt: str, data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; the token names it and is all the page carries."""
    folder = Path(instance_path) / STAGE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    _clean(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.{fmt}").write_bytes(data)
    return token


def unstage(instance_path: str, token: str, fmt: str, remove: bool = False) -> bytes:
    if not TOKEN.match(token or "") or fmt not in FORMATS:
        raise StoryUploadError("Dit voorbeeld is niet meer geldig. Upload het bestand opnieuw.")
    path = Path(instance_path) / STAGE_DIR / f"{token}.{fmt}"
    if not path.is_file() or time.time() - path.stat().st_mtime > STAGE_SECONDS:
        raise StoryUploadError("Dit voorbeeld is niet meer geldig. Upload het bestand opnieuw.")
    data = path.read_bytes()
    if remove:
        path.unlink(missing_ok=True)
    return data


def _clean(folder: Path) -> None:
    for old in folder.iterdir():
        if time.time() - old.stat().st_mtime > STAGE_SECONDS:
            old.unlink(missing_ok=True)
