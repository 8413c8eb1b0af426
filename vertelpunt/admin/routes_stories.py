"""A project's stories in the browser: upload an import (preview first, then confirm) and export them as a job.

The format is a choice from vertelpunt/admin/story_formats.py, so a new format shows up here by registering.
The previewed file waits in the database (vertelpunt/admin/staging.py), so the confirmation may reach any
app server; confirming starts the import job and shows its progress page.
"""
from __future__ import annotations

from flask import (
    Blueprint,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from vertelpunt.accounts.access import role_required
from vertelpunt.admin import staging, stories
from vertelpunt.admin.jobs import IMPORT_KIND, KIND
from vertelpunt.admin.story_formats import FORMATS, exportable, importable
from vertelpunt.audit.services import record
from vertelpunt.db import get_session, or_404
from vertelpunt.errors import VertelpuntError
from vertelpunt.jobs.services import start_job
from vertelpunt.models import UserRole
from vertelpunt.projects.services import get_project

bp = Blueprint("admin_stories", __name__, url_prefix="/beheer/projecten/<slug>/verhalen")
STATUS_LABELS = {"pending": "te beoordelen (naar moderatie)", "published": "meteen gepubliceerd"}
FIELDS = ("format", "status", "role_source", "role", "role_column")


def _values() -> dict:
    """Everything typed on the upload page, to show it again on an error."""
    return {name: request.form.get(name, "")[:200] for name in FIELDS}


def _page(project, status: int = 200, error: str | None = None, values: dict | None = None):
    values = values or {"format": "csv", "status": "pending", "role_source": "role", "role": "", "role_column": ""}
    return render_template("admin/stories.html", project=project, error=error, values=values,
                           importable=importable(), exportable=exportable(), statuses=STATUS_LABELS,
                           roles=[(r.key, r.label) for r in project.form.roles]), status


@bp.get("/")
@role_required(UserRole.ADMIN)
def index(slug: str):
    return _page(or_404(get_project(get_session(), slug)))


@bp.post("/voorbeeld")
@role_required(UserRole.ADMIN)
def upload(slug: str):
    """Try the import in a savepoint that is rolled back; show what it would add; keep the file for confirming."""
    session = get_session()
    project = or_404(get_project(session, slug))
    values = _values()
    upload_file = request.files.get("file")
    data = upload_file.read(stories.MAX_IMPORT_BYTES + 1) if upload_file else b""
    try:
        choices = stories.import_choices(project, values["format"], values)
        preview = stories.preview_import(session, project, values["format"], stories.decode(data), choices)
    except VertelpuntError as error:
        return _page(project, 400, error.message, values)
    token = staging.stage(session, current_user, project, values["format"], stories.choices_settings(choices), data)
    return render_template("admin/stories_preview.html", project=project, preview=preview, token=token,
                           choices=choices, format=FORMATS[values["format"]], statuses=STATUS_LABELS,
                           roles={r.key: r.label for r in project.form.roles})


@bp.post("/inlezen")
@role_required(UserRole.ADMIN)
def confirm(slug: str):
    """Start the import of the staged file as a job (only its uploader may), and go to its progress page."""
    session = get_session()
    project = or_404(get_project(session, slug))
    try:
        staged = staging.find(session, request.form.get("token", ""), current_user, project)
    except VertelpuntError as error:
        return _page(project, 400, error.message)
    job = start_job(session, current_user, IMPORT_KIND, {"project": project.slug, "staged": staged.id},
                    project_id=project.id, steps_total=2, step_text="in de wachtrij")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


@bp.post("/export")
@role_required(UserRole.ADMIN)
def export(slug: str):
    """Start a job that writes every story of the project to a file, and go to its progress page."""
    session = get_session()
    project = or_404(get_project(session, slug))
    fmt = request.form.get("format", "")
    if fmt not in {f.key for f in exportable()}:
        return _page(project, 400, "Kies een bestandsvorm voor de export.")
    params = {"project": project.slug, "format": fmt}
    job = start_job(session, current_user, KIND, params, project_id=project.id, steps_total=2,
                    step_text="in de wachtrij")
    record(session, "stories.export", "project", project.slug, current_user, {"format": fmt, "job": job.id})
    return redirect(url_for("jobs.show", job_id=job.id), code=303)
