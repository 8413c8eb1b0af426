"""Beheer > Onderhoud (/beheer/onderhoud/): what ``vertelpunt backup``, ``restore``, ``purge`` and ``maintenance`` do,
in the browser, for admins only.

Backup, restore and purge run as jobs (vertelpunt/admin/maintenance_jobs.py): they may take minutes. Restore and
purge are shown first and confirmed by typing a word, because neither can be undone. The uploaded backup is
read whole before it is staged (vertelpunt/maintenance/inspect.py), so the preview shows what a restore would
load and a bad file is refused before anything changes. Confirming a restore logs the admin out at once: when
the job is done the accounts are those of the backup, and every login from before ends.
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask import session as cookie
from flask_login import current_user, logout_user
from sqlalchemy import func, select

from vertelpunt.accounts.access import role_required
from vertelpunt.admin import staging
from vertelpunt.admin.maintenance_jobs import BACKUP_KIND, PURGE_KIND, RESTORE_KIND, STAGED_FORMAT
from vertelpunt.audit.services import record
from vertelpunt.db import get_session
from vertelpunt.errors import VertelpuntError
from vertelpunt.jobs.services import start_job
from vertelpunt.maintenance.backup import NOT_BACKED_UP, _revision, _tables
from vertelpunt.models import AuditEvent, Job, JobState, Project, Story, UserRole

bp = Blueprint("admin_maintenance", __name__, url_prefix="/beheer/onderhoud")
RESTORE_WORD = "HERSTEL"
PURGE_WORD = "WISSEN"
RECENT_ACTIONS = ("database.backup", "database.restore", "stories.purge", "database.maintenance")
RECENT_EVENTS = 10


def _index(status: int = 200, **context):
    session = get_session()
    recent = session.scalars(select(AuditEvent).where(AuditEvent.action.in_(RECENT_ACTIONS))
                             .order_by(AuditEvent.id.desc()).limit(RECENT_EVENTS))
    context.setdefault("period", "2y")
    return render_template("admin/maintenance.html", recent=list(recent), days=current_app.config["JOB_RESULT_DAYS"],
                           max_mb=upload_limit() // (1024 * 1024), **context), status


def upload_limit() -> int:
    return int(current_app.config["MAX_BACKUP_UPLOAD_BYTES"])


@bp.get("/")
@role_required(UserRole.ADMIN)
def index():
    return _index()


@bp.post("/backup")
@role_required(UserRole.ADMIN)
def backup():
    """Start a job that writes the whole database to a file only this admin can download, and show its page."""
    session = get_session()
    job = start_job(session, current_user, BACKUP_KIND, {}, steps_total=2, step_text="in de wachtrij")
    record(session, "database.backup", "database", None, current_user, {"job": job.id, "via": "beheer"})
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


def _current_counts(session) -> dict[str, int]:
    return {table.name: session.scalar(select(func.count()).select_from(table))
            for table in _tables() if table.name not in NOT_BACKED_UP}


@bp.post("/herstellen/voorbeeld")
@role_required(UserRole.ADMIN)
def restore_upload():
    """Read the uploaded backup whole; show what a restore would load against what is there now; keep it."""
    from vertelpunt.maintenance.inspect import inspect_backup

    session = get_session()
    upload = request.files.get("file")
    data = upload.read(upload_limit() + 1) if upload else b""
    if not data:
        return _index(400, restore_error="Kies een backupbestand (.jsonl.gz) om terug te zetten.")
    if len(data) > upload_limit():
        return _index(400, restore_error=f"Dit bestand is groter dan {upload_limit() // (1024 * 1024)} MB en is "
                                         "geweigerd. Er is niets veranderd. Zet zo'n grote backup terug met "
                                         "'vertelpunt restore --replace' op de server.")
    try:
        summary = inspect_backup(data)
    except VertelpuntError as error:
        return _index(400, restore_error=error.message)
    current = _revision(session.connection())
    if summary.revision != current:
        return _index(400, restore_error=f"Deze backup hoort bij schemaversie {summary.revision}, de database staat "
                                         f"op {current}. Er is niets veranderd. Zet de backup terug met dezelfde "
                                         "versie van Vertelpunt als waarmee hij gemaakt is.")
    token = staging.stage(session, current_user, None, STAGED_FORMAT, {"rows": summary.rows}, data)
    record(session, "database.restore_preview", "database", None, current_user,
           {"rows": summary.rows, "revision": summary.revision})
    return render_template("admin/restore_preview.html", summary=summary, current=_current_counts(session),
                           revision=current, token=token, word=RESTORE_WORD, size=len(data))


@bp.post("/herstellen")
@role_required(UserRole.ADMIN)
def restore_confirm():
    """Start the restore of the staged backup (only its uploader may), then log this admin out."""
    session = get_session()
    if request.form.get("confirm", "").strip() != RESTORE_WORD:
        return _index(400, restore_error=f"Typ {RESTORE_WORD} om te bevestigen dat alles wordt vervangen. Er is "
                                         "niets veranderd; upload het bestand opnieuw.")
    try:
        staged = staging.find(session, request.form.get("token", ""), current_user, None)
    except VertelpuntError as error:
        return _index(400, restore_error=error.message)
    if staged.format != STAGED_FORMAT:
        return _index(400, restore_error=staging.GONE_MESSAGE)
    busy = session.scalar(select(func.count()).select_from(Job).where(
        Job.kind == RESTORE_KIND, Job.state.in_((JobState.QUEUED.value, JobState.RUNNING.value))))
    if busy:
        return _index(409, restore_error="Er loopt al een herstel. Wacht tot dat klaar is.")
    email = current_user.email
    job = start_job(session, current_user, RESTORE_KIND, {"staged": staged.id}, steps_total=1,
                    step_text="in de wachtrij")
    job.params = {"staged": staged.id, "job": job.id}
    session.flush()
    logout_user()
    cookie.clear()
    return render_template("admin/restore_started.html", email=email)


def _purge_counts(session, cutoff) -> list[tuple[str, int]]:
    rows = session.execute(select(Project.title, func.count(Story.id)).join(Story, Story.project_id == Project.id)
                           .where(Story.week < cutoff).group_by(Project.id, Project.title).order_by(Project.title))
    return [(title, count) for title, count in rows]


@bp.post("/opschonen/voorbeeld")
@role_required(UserRole.ADMIN)
def purge_preview():
    """The dry run: how many stories per project are older than the period. Nothing is deleted here."""
    from vertelpunt.maintenance.retention import parse_period, purge_stories

    session = get_session()
    period = request.form.get("period", "").strip()[:20]
    try:
        outcome = purge_stories(session, parse_period(period), dry_run=True)
    except VertelpuntError as error:
        return _index(400, purge_error=error.message, period=period)
    return render_template("admin/purge_preview.html", period=period, outcome=outcome, word=PURGE_WORD,
                           projects=_purge_counts(session, outcome.cutoff))


@bp.post("/opschonen")
@role_required(UserRole.ADMIN)
def purge():
    """Start the purge the admin previewed and confirmed, and show its job's page."""
    from vertelpunt.maintenance.retention import parse_period

    session = get_session()
    period = request.form.get("period", "").strip()[:20]
    try:
        parse_period(period)
    except VertelpuntError as error:
        return _index(400, purge_error=error.message, period=period)
    if request.form.get("confirm", "").strip() != PURGE_WORD:
        return _index(400, purge_error=f"Typ {PURGE_WORD} om te bevestigen dat de verhalen voorgoed worden gewist. "
                                       "Er is niets gewist.", period=period)
    job = start_job(session, current_user, PURGE_KIND, {"period": period}, steps_total=1, step_text="in de wachtrij")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


@bp.post("/nu")
@role_required(UserRole.ADMIN)
def run_now():
    """What ``vertelpunt maintenance`` does (the worker does it every ten minutes too), with its counts."""
    from vertelpunt.insights import tallies
    from vertelpunt.jobs import services

    session = get_session()
    days = current_app.config["JOB_RESULT_DAYS"]
    failed = services.fail_abandoned(session)
    purged = services.purge_old_jobs(session, days)
    stale = staging.delete_stale(session)
    recounted = len(tallies.refresh_stale(session))
    record(session, "database.maintenance", "database", None, current_user,
           {"old_jobs": purged, "abandoned": failed, "stale_uploads": stale, "recounted": recounted})
    flash(f"Onderhoud gedaan. Taken: {purged} ouder dan {days} dagen verwijderd, {failed} afgebroken taken als "
          f"mislukt gemarkeerd. Uploads: {stale} niet bevestigde bestanden (ouder dan een uur) verwijderd. "
          f"Tellingen voor het dashboard: {recounted} project(en) opnieuw geteld.", "info")
    return redirect(url_for("admin_maintenance.index"), code=303)
