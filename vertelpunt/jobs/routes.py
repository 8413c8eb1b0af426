"""Progress pages of jobs (/beheer/taken/<id>), their JSON for the page's script, their files, and "Mijn taken".

A job is shown to the person who started it only, and only while the rule of the page that started it
still lets them read what it holds (``JobKind.may_read``); anything else is "not found".
"""
from __future__ import annotations

import io

from flask import Blueprint, jsonify, render_template, send_file, url_for
from flask_login import current_user

from vertelpunt.accounts.access import STAFF_ROLES, role_required
from vertelpunt.db import get_session, or_404
from vertelpunt.jobs import services
from vertelpunt.jobs.kinds import kind_of
from vertelpunt.models import Job, JobState

bp = Blueprint("jobs", __name__, url_prefix="/beheer/taken")
#: Seconds between reloads of the progress page without JavaScript.
REFRESH_SECONDS = 2


def _job(job_id: int) -> Job:
    session = get_session()
    job = session.get(Job, job_id, populate_existing=True)  # a worker changes it: never a copy this session holds
    if job is None or job.user_id != current_user.id or not kind_of(job.kind).may_read(session, current_user,
                                                                                       dict(job.params)):
        job = None
    return or_404(job)


def status_of(job: Job) -> dict:
    """What the progress page shows, for its script (the page renders the same values itself)."""
    state = services.shown_state(job)
    finished = state in (JobState.DONE, JobState.FAILED)
    return {
        "state": state.value, "label": state.label, "finished": finished,
        "done": job.steps_total if state is JobState.DONE else job.steps_done, "total": job.steps_total,
        "text": job.step_text, "message": services.shown_message(job),
        "file": url_for("jobs.download", job_id=job.id) if services.has_file(job) else None,
        "file_name": job.result_name if services.has_file(job) else None,
        "link": job.result_url if state is JobState.DONE else None,
    }


@bp.get("/")
@role_required(*STAFF_ROLES)
def index():
    session = get_session()
    jobs = services.recent_jobs(session, current_user.id)
    rows = [(job, kind_of(job.kind), status_of(job)) for job in jobs
            if kind_of(job.kind).may_read(session, current_user, dict(job.params))]
    return render_template("jobs/index.html", rows=rows)


@bp.get("/<int:job_id>")
@role_required(*STAFF_ROLES)
def show(job_id: int):
    job = _job(job_id)
    status = status_of(job)
    return render_template("jobs/show.html", job=job, kind=kind_of(job.kind), status=status,
                           refresh=None if status["finished"] else REFRESH_SECONDS)


@bp.get("/<int:job_id>/status.json")
@role_required(*STAFF_ROLES)
def status(job_id: int):
    response = jsonify(status_of(_job(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:job_id>/bestand")
@role_required(*STAFF_ROLES)
def download(job_id: int):
    job = _job(job_id)
    if not services.has_file(job) or job.result is None:
        or_404(None)
    return send_file(io.BytesIO(job.result.data), mimetype=job.result_type, as_attachment=True,
                     download_name=job.result_name)
