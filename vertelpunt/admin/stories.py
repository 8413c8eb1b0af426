"""Importing and exporting a project's stories from the browser: the preview, the confirmed import, the export.

An import is tried first inside a savepoint that is rolled back (the same importer as ``vertelpunt stories
import``, so the same all-or-nothing checks): the preview shows how many stories the file holds, the first
few and what the file holds that cannot be kept, and nothing is kept. The uploaded file then waits in the
database (vertelpunt/admin/staging.py) until its uploader confirms it or an hour has passed; confirming
starts a job (``stories_import``, vertelpunt/admin/jobs.py) that imports it for real with the same
settings. Exports of a whole project can be large, so they run as a job too (``stories_export``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vertelpunt.admin.story_formats import FORMATS, ImportChoices, StoryFormat
from vertelpunt.audit.services import record
from vertelpunt.db import trial_run
from vertelpunt.errors import VertelpuntError
from vertelpunt.models import Project, Story

MAX_IMPORT_BYTES = 2 * 1024 * 1024 - 64 * 1024  # under MAX_CONTENT_LENGTH with room for the other fields
PREVIEW_ROWS = 5
ROLE_SOURCES = ("role", "column")


class StoryUploadError(VertelpuntError):
    """An upload that cannot be read or imported; the Dutch message is shown above the upload form."""


@dataclass(frozen=True)
class ImportPreview:
    count: int
    renumbered: int
    first: list[dict]  # plain values: the savepoint's rows vanish on rollback
    notes: list[str]  # what the importer reports (rows skipped, columns it could not keep)


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


def story_format(fmt: str) -> StoryFormat:
    found = FORMATS.get(fmt)
    if found is None or found.importer is None:
        raise StoryUploadError("Kies een bestandsvorm uit de lijst.")
    return found


def import_choices(project: Project, fmt: str, values: dict) -> ImportChoices:
    """The page's fields as the importer's settings, or a Dutch error naming the field to fill in.

    ``values``: ``status``, and for a format that asks for the role ``role_source`` ("role": one role for the
    whole file, "column": a column of the file), ``role`` (a role key of the project's form) and
    ``role_column``."""
    found = story_format(fmt)
    status = values.get("status", "")
    if status not in ("pending", "published"):
        raise StoryUploadError("Kies een status voor de ingelezen verhalen.")
    if not found.asks_role:
        return ImportChoices(status)
    source, role, column = values.get("role_source", ""), values.get("role", ""), values.get("role_column", "")
    if source not in ROLE_SOURCES:
        raise StoryUploadError("Kies waar de rol van de vertellers staat: één rol voor het hele bestand, of een "
                               "kolom in het bestand.")
    if source == "role":
        roles = {r.key for r in project.form.roles}
        if role not in roles:
            raise StoryUploadError("Kies de rol van de vertellers uit de lijst (rollen van de vragenset van dit "
                                   f"project: {', '.join(sorted(roles))}).")
        return ImportChoices(status, role=role)
    column = column.strip()
    if not column or len(column) > 200:
        raise StoryUploadError("Geef de naam van de kolom met de rol van elk verhaal, zoals hij in de kopregel "
                               "van het bestand staat.")
    return ImportChoices(status, role_column=column)


def _run_import(session: Session, project: Project, fmt: str, text: str, choices: ImportChoices):
    return story_format(fmt).importer(session, project, text, choices)


def preview_import(session: Session, project: Project, fmt: str, text: str, choices: ImportChoices) -> ImportPreview:
    """What importing would add, found by importing inside a savepoint that is then rolled back."""
    with trial_run(session):
        last_id = session.scalar(select(func.max(Story.id))) or 0
        report = _run_import(session, project, fmt, text, choices)
        session.flush()
        added = session.scalars(select(Story).where(Story.id > last_id, Story.project_id == project.id)
                                .order_by(Story.id).limit(PREVIEW_ROWS))
        first = [{"title": s.title, "text": s.text[:200], "role": s.role, "role_label": s.role_label, "status": s.status}
                 for s in added]
        notes = list(report.lines()) if hasattr(report, "lines") else []
        return ImportPreview(count=report.imported, renumbered=report.renumbered, first=first, notes=notes)


def confirm_import(session: Session, project: Project, fmt: str, text: str, choices: ImportChoices, user) -> object:
    """Import for real (the import job's work; the job wrapper commits it, or rolls all of it back)."""
    report = _run_import(session, project, fmt, text, choices)
    record(session, "stories.import", "project", project.slug, user,
           {"count": report.imported, "status": choices.status, "format": fmt, "via": "browser"})
    return report


def choices_settings(choices: ImportChoices) -> dict:
    """The choices as the staged upload keeps them (JSON)."""
    return {k: v for k, v in asdict(choices).items() if v is not None}


def settings_choices(settings: dict) -> ImportChoices:
    return ImportChoices(str(settings.get("status", "")), role=settings.get("role"),
                         role_column=settings.get("role_column"))
