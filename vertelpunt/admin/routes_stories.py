"""A project's stories in the browser: upload an import (preview first, then confirm) and export them as a job.

The format is a choice from vertelpunt/admin/story_formats.py, so a new format shows up here by registering.
"""
from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from vertelpunt.accounts.access import role_required
from vertelpunt.admin import stories
from vertelpunt.admin.jobs import KIND
from vertelpunt.admin.story_formats import FORMATS, exportable, importable
from vertelpunt.audit.services import record
from vertelpunt.db import get_session, or_404
from vertelpunt.errors import VertelpuntError
from vertelpunt.jobs.services import start_job
from vertelpunt.models import UserRole
from vertelpunt.projects.services import get_project

bp = Blueprint("admin_stories", __name__, url_prefix="/beheer/projecten/<slug>/verhalen")
STATUS_LABELS = {"pending": "te beoordelen (naar moderatie)", "published": "meteen gepubliceerd"}


def _page(project, status: int = 200, error: str | None = None, values: dict | None = None):
    values = values or {"format": "csv", "status": "pending"}
    return render_template("admin/stories.html", project=project, error=error, values=values,
                           importable=importable(), exportable=exportable(), statuses=STATUS_LABELS), status


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
    values = {"format": request.form.get("format", ""), "status": request.form.get("status", "")}
    upload_file = request.files.get("file")
    data = upload_file.read(stories.MAX_IMPORT_BYTES + 1) if upload_file else b""
    try:
        preview = stories.preview_import(session, project, values["format"], stories.decode(data), values["status"])
    except VertelpuntError as error:
        return _page(project, 400, error.message, values)
    token = stories.stage(current_app.instance_path, values["format"], data)
    return render_template("admin/stories_preview.html", project=project, preview=preview, token=token,
                           values=values, format=FORMATS[values["format"]], statuses=STATUS_LABELS)


@bp.post("/inlezen")
@role_required(UserRole.ADMIN)
def confirm(slug: str):
    session = get_session()
    project = or_404(get_project(session, slug))
    values = {"format": request.form.get("format", ""), "status": request.form.get("status", "")}
    try:
        data = stories.unstage(current_app.instance_path, request.form.get("token", ""), values["format"])
        report = stories.confirm_import(session, project, values["format"], stories.decode(data),
                                        values["status"], current_user)
    except VertelpuntError as error:
        return _page(project, 400, error.message, values)
    stories.unstage(current_app.instance_path, request.form["token"], values["format"], remove=True)
    flash(f"{report.imported} verhalen ingelezen in '{project.title}'."
          + (" Ze staan bij 'te beoordelen' in de moderatie." if values["status"] == "pending" else ""), "info")
    return redirect(url_for("admin_stories.index", slug=slug))


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
