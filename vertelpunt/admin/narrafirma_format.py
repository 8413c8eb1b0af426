"""NarraFirma's stories CSV (import) and its two files, story form and stories (export), in the browser.

The same reader and writer as ``vertelpunt stories import/export --format narrafirma``
(vertelpunt/stories/narrafirma_import.py, narrafirma_export.py), registered into the story formats so the
upload page, its preview, the import job and the export job offer it. NarraFirma's stories file does not
say which of Vertelpunt's roles told a story, so the upload page asks (``asks_role``); the export is two
files, so the export job hands them over as one ZIP.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from vertelpunt.admin.story_formats import (
    FORMATS,
    ImportChoices,
    StoryFormat,
    register_format,
)
from vertelpunt.errors import VertelpuntError
from vertelpunt.models import Project

KEY = "narrafirma"


class NotANarraFirmaProject(VertelpuntError):
    """The project's form did not come from NarraFirma, so its stories file cannot be read into it."""


def import_stories(session: Session, project: Project, text: str, choices: ImportChoices):
    from vertelpunt.stories.narrafirma_import import import_narrafirma_stories

    if not project.form.narrafirma:
        raise NotANarraFirmaProject(
            "De vragenset van dit project komt niet uit NarraFirma, dus dit bestand past er niet in. Publiceer "
            "eerst de NarraFirma-vragenset bij Vragensets (bestandssoort NarraFirma) en maak er een project mee.")
    return import_narrafirma_stories(session, project, text, role=choices.role, role_column=choices.role_column,
                                     status=choices.status)


def export_files(session: Session, project: Project, statuses: tuple[str, ...] | None) -> dict[str, str]:
    from vertelpunt.stories.narrafirma_export import export_narrafirma

    return export_narrafirma(session, project, statuses)


def register() -> None:
    if KEY not in FORMATS:
        register_format(StoryFormat(KEY, "NarraFirma",
                                    "zip", "application/zip", import_stories, export_files, asks_role=True))
