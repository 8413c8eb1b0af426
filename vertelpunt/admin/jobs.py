"""The export job of a whole project's stories, registered into the job kinds from this area.

The audit event is written by the page that starts the job (the work's own session is rolled back by the
job wrapper). Registered at app start (vertelpunt/admin/__init__.py) rather than listed in vertelpunt/jobs/kinds.py, so the
administration area owns its kind. Only admins may read the file, as only admins may start it.
"""
from __future__ import annotations

import io

from sqlalchemy.orm import Session

from vertelpunt.jobs.kinds import KINDS, JobKind, JobRefused, Outcome, Progress

KIND = "stories_export"


def _project(session: Session, params: dict):
    from vertelpunt.projects.services import get_project

    return get_project(session, str(params.get("project", "")))


def run_export(session: Session, user, params: dict, progress: Progress) -> Outcome:
    from vertelpunt.admin.story_formats import FORMATS

    project = _project(session, params)
    story_format = FORMATS.get(str(params.get("format", "")))
    if project is None or story_format is None or story_format.exporter is None:
        raise JobRefused("Dit project of deze bestandsvorm bestaat niet meer.")
    progress(0, 2, "verhalen verzamelen")
    out = io.StringIO(newline="")
    story_format.exporter(session, project, out, None)
    progress(1, 2, "bestand opslaan")
    return Outcome(data=out.getvalue().encode("utf-8"), name=f"verhalen-{project.slug}.{story_format.extension}",
                   media_type=story_format.media_type)


def may_read_export(session: Session, user, params: dict) -> bool:
    return bool(user.is_admin) and _project(session, params) is not None


def register() -> None:
    KINDS.setdefault(KIND, JobKind(KIND, "Export van verhalen", run_export, may_read_export))
