"""The administration's job kinds: the export of a project's stories, and the confirmed import of a staged file.

Registered at app start (vertelpunt/admin/__init__.py) rather than listed in vertelpunt/jobs/kinds.py, so the
administration area owns its kinds. Only admins may read them, as only admins may start them.

The export's audit event is written by the page that starts it (the export's session is rolled back by the
job wrapper, as it only reads). The import writes (``writes=True``): its stories, the deletion of the staged
upload and its audit event are committed together by the wrapper, or, when anything fails, all rolled back,
so a failed import leaves no story behind and the staged file is still there to try again within the hour.
"""
from __future__ import annotations

import io
import zipfile

from sqlalchemy.orm import Session

from vertelpunt.errors import VertelpuntError
from vertelpunt.jobs.kinds import (
    KINDS,
    JobKind,
    JobRefused,
    Outcome,
    Progress,
    page_path,
)

KIND = "stories_export"
IMPORT_KIND = "stories_import"
#: The job's message column holds 500 characters; a long list of bad rows is cut and points to the preview.
MESSAGE_ROOM = 480


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
    files = story_format.exporter(session, project, None)
    progress(1, 2, "bestand opslaan")
    if len(files) == 1:
        [(name, text)] = files.items()
        return Outcome(data=text.encode("utf-8"), name=name, media_type=story_format.media_type)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, text in files.items():
            bundle.writestr(name, text.encode("utf-8"))
    return Outcome(data=out.getvalue(), name=f"verhalen-{project.slug}-{story_format.key}.zip",
                   media_type="application/zip")


def run_import(session: Session, user, params: dict, progress: Progress) -> Outcome:
    """Import the staged file the admin confirmed, with the settings of its preview."""
    from vertelpunt.admin import staging, stories

    project = _project(session, params)
    if project is None:
        raise JobRefused("Dit project bestaat niet meer; er is niets ingelezen.")
    progress(0, 2, "bestand lezen")
    # No progress after this point: the work's session writes from here on (and on SQLite holds the write
    # lock until the wrapper commits it), and a progress write would wait for it.
    try:
        staged = staging.take(session, int(params.get("staged", 0)), user, project)
    except staging.StagedUploadError as error:
        raise JobRefused(f"Er is niets ingelezen. {error.message}") from None
    choices = stories.settings_choices(staged.settings)
    try:
        stories.confirm_import(session, project, staged.format, stories.decode(staged.data), choices, user)
    except VertelpuntError as error:  # the importers' messages say that nothing was stored
        raise JobRefused(_shortened(error.message)) from None
    session.flush()
    # The project's stories with the status they were given: the moderation queue, or the published ones.
    return Outcome(url=page_path("moderate.queue", status=choices.status, project=project.slug), story_ids=[])


def _shortened(text: str) -> str:
    if len(text) <= MESSAGE_ROOM:
        return text
    return text[:MESSAGE_ROOM - 60].rsplit("\n", 1)[0] + "\n  ... (meer in het voorbeeld: upload het bestand opnieuw)"


def may_read_export(session: Session, user, params: dict) -> bool:
    return bool(user.is_admin) and _project(session, params) is not None


def register() -> None:
    KINDS.setdefault(KIND, JobKind(KIND, "Export van verhalen", run_export, may_read_export))
    KINDS.setdefault(IMPORT_KIND, JobKind(IMPORT_KIND, "Import van verhalen", run_import, may_read_export,
                                          writes=True))
