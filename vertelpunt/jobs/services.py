"""The rules of jobs: starting one, what state a person sees, and when a result must go.

Services flush, never commit: the request that starts a job commits once, and the job is handed to the
queue only after that commit (``after_commit``), so a worker never looks for a row that is not there yet and
a rolled-back request never leaves a queued id behind. Only ``vertelpunt.jobs.runner`` commits job rows.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, event, or_, select, update
from sqlalchemy.orm import Session

from vertelpunt.models import Job, JobResult, JobState
from vertelpunt.models.common import utcnow

PENDING_KEY = "vertelpunt.jobs.pending"
RECENT_JOBS = 20
ABANDONED_MESSAGE = ("Deze taak is afgebroken: de verwerking stopte voordat hij klaar was. "
                     "Start de taak opnieuw.")
FAILED_MESSAGE = "Deze taak is mislukt. Probeer het opnieuw; lukt het dan nog niet, meld het bij de beheerder."
REMOVED_MESSAGE = ("Het bestand is verwijderd, omdat een verhaal of briefje dat erin stond is ingetrokken, "
                   "verborgen of aangepast. Start de taak opnieuw voor een nieuwe versie.")


def coarse_now() -> datetime:
    """Now to the minute: when staff started something is enough to find it back, not more."""
    return utcnow().replace(second=0, microsecond=0)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every moment stored here is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def start_job(session: Session, user, kind: str, params: dict, *, project_id: int | None = None,
              steps_total: int = 1, step_text: str = "") -> Job:
    """A queued job, flushed; it goes to the queue when the session commits."""
    job = Job(kind=kind, user_id=user.id, project_id=project_id, params=params, created_at=coarse_now(),
              state=JobState.QUEUED.value, steps_done=0, steps_total=max(1, steps_total), step_text=step_text,
              attempts=0)
    session.add(job)
    session.flush()
    _enqueue_after_commit(session, job.id)
    return job


def _enqueue_after_commit(session: Session, job_id: int) -> None:
    pending = session.info.setdefault(PENDING_KEY, [])
    pending.append(job_id)
    if not event.contains(session, "after_commit", _send_pending):
        event.listen(session, "after_commit", _send_pending)
        event.listen(session, "after_soft_rollback", _drop_pending)


def _send_pending(session: Session) -> None:
    from vertelpunt.jobs.queue import enqueue

    ids, session.info[PENDING_KEY] = session.info.get(PENDING_KEY, []), []
    for job_id in ids:
        enqueue(current_app._get_current_object(), job_id)


def _drop_pending(session: Session, _previous_transaction) -> None:
    if not session.in_transaction():
        session.info[PENDING_KEY] = []


def shown_state(job: Job, now: datetime | None = None) -> JobState:
    """The state a person sees: a running job whose worker stopped renewing its lease has failed, even before
    a worker writes so (the clean-up does, at the next start of a worker or every few minutes)."""
    state = JobState(job.state)
    if state is JobState.RUNNING and lease_expired(job, now):
        return JobState.FAILED
    return state


def shown_message(job: Job, now: datetime | None = None) -> str | None:
    if job.state == JobState.RUNNING.value and lease_expired(job, now):
        return ABANDONED_MESSAGE
    return job.message


def lease_expired(job: Job, now: datetime | None = None) -> bool:
    lease = as_utc(job.lease_until)
    return lease is not None and lease < (now or utcnow())


def has_file(job: Job) -> bool:
    return job.state == JobState.DONE.value and job.result_size is not None


def recent_jobs(session: Session, user_id: int, limit: int = RECENT_JOBS) -> list[Job]:
    return list(session.scalars(select(Job).where(Job.user_id == user_id)
                                .order_by(Job.id.desc()).limit(limit)))


def fail_abandoned(session: Session, now: datetime | None = None) -> int:
    """Mark running jobs whose lease ran out as failed (their worker was killed or lost); flushed."""
    now = now or utcnow()
    result = session.execute(update(Job).where(Job.state == JobState.RUNNING.value, Job.lease_until < now)
                             .values(state=JobState.FAILED.value, message=ABANDONED_MESSAGE, finished_at=coarse_now())
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


def purge_old_jobs(session: Session, days: int, now: datetime | None = None) -> int:
    """Delete jobs (and their files) that finished, or were started, more than ``days`` days ago; flushed."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    old = select(Job.id).where(or_(Job.finished_at < cutoff, Job.created_at < cutoff))
    ids = list(session.scalars(old))
    if ids:
        session.execute(delete(JobResult).where(JobResult.job_id.in_(ids)))
        session.execute(delete(Job).where(Job.id.in_(ids)).execution_options(synchronize_session=False))
    return len(ids)


def forget_session_reports(session: Session, session_id: int) -> int:
    """Delete the files of the reports of this sense-making session (a note was taken down); flushed."""
    jobs = session.scalars(select(Job).where(Job.kind == "session_report", Job.result_size.is_not(None)))
    removed = 0
    for job in jobs:
        if str(job.params.get("session_id")) == str(session_id):
            _remove_file(session, job)
            removed += 1
    session.flush()
    return removed


def _remove_file(session: Session, job: Job) -> None:
    session.execute(delete(JobResult).where(JobResult.job_id == job.id))
    job.result_name = job.result_type = job.result_size = None
    job.message = REMOVED_MESSAGE


def forget_results_about(session: Session, project_id: int, story_ids: set[str] | None = None) -> int:
    """Delete the files of this project's jobs that hold (or may hold) text of these stories (public ids); flushed.

    Called by withdrawal, redaction, hiding and the retention purge: a deck or report made before holds the
    old text. A job whose ``story_ids`` is None may quote any story of its project, so it goes on any change
    there; a job of no project with ``story_ids`` None (a backup of the whole database) goes on any change at all.
    """
    jobs = session.scalars(select(Job).where(or_(Job.project_id == project_id, Job.project_id.is_(None)),
                                             Job.result_size.is_not(None)))
    removed = 0
    for job in jobs:
        if story_ids is None or job.story_ids is None or set(job.story_ids) & set(story_ids):
            _remove_file(session, job)
            removed += 1
    session.flush()
    return removed
