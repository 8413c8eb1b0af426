"""The job wrapper: the one place where a job's rows are committed (through :func:`_end`).

A worker (``vertelpunt worker``, or the immediate queue in unit tests) calls :func:`run_job` with a job id.
It claims the job (wachtrij -> bezig), runs its kind with a session of its own for the work, writes
progress as it goes and the result (or a Dutch message) at the end. Job rows are changed through a
second session (``control``), committed after each step, so the progress page sees "kaart 7 van 17"
while the work's own reads go on in one transaction. A thread renews the job's lease while it runs: if
the worker is killed, the lease runs out, pages show the job as failed, and the next clean-up writes so.
"""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

from flask import current_app, g
from sqlalchemy import select, update

from vertelpunt.insights import tallies
from vertelpunt.db import database
from vertelpunt.jobs import services
from vertelpunt.errors import USER_ERRORS
from vertelpunt.jobs.kinds import kind_of
from vertelpunt.models import Job, JobResult, JobState, User
from vertelpunt.models.common import utcnow

log = logging.getLogger("vertelpunt.jobs")


def _end(session, keep: bool = True) -> None:
    """Commit (or roll back) a job's session: the one place outside a request or a command where a transaction
    ends (tests/test_transactions.py holds the code to that)."""
    if keep:
        session.commit()
    else:
        session.rollback()


def run_job(job_id: int) -> None:
    """Run one queued job to its end (klaar or mislukt). A job that is not queued (run already, or gone) is
    left alone, so a task delivered twice does the work once."""
    app = current_app._get_current_object()
    factory = database(app).session_factory
    lease = timedelta(seconds=app.config["JOB_LEASE_SECONDS"])
    control, work = factory(), factory()
    lock = threading.Lock()  # the heartbeat thread and the work share the control session
    stop = threading.Event()
    try:
        job = control.get(Job, job_id)
        if job is None or job.state != JobState.QUEUED.value:
            return
        job.state, job.attempts, job.lease_until = JobState.RUNNING.value, job.attempts + 1, utcnow() + lease
        _end(control)

        def progress(done: int, total: int, text: str) -> None:
            with lock:
                job.steps_total = max(1, total)
                job.steps_done = max(0, min(done, job.steps_total))
                job.step_text = text[:200]
                job.lease_until = utcnow() + lease
                _end(control)

        def heartbeat() -> None:
            while not stop.wait(lease.total_seconds() / 3):
                with lock:
                    control.execute(update(Job).where(Job.id == job_id, Job.state == JobState.RUNNING.value)
                                    .values(lease_until=utcnow() + lease))
                    _end(control)

        beat = threading.Thread(target=heartbeat, name=f"job-{job_id}-lease", daemon=True)
        beat.start()
        kind = kind_of(job.kind)
        user = work.get(User, job.user_id)
        with app.app_context():  # a context of its own, whose session is the work's
            g.db_session = work
            try:
                outcome = kind.run(work, user, dict(job.params), progress)
            finally:
                g.pop("db_session", None)  # the context's teardown would close it; this function ends it
        if kind.writes:
            _end(work)  # a pattern run: stored before the job says it is done, so its link works at once
        else:
            _end(work, keep=False)  # the work only reads; anything it wrote is not the job's to keep
        stop.set()
        beat.join()
        if control.scalar(select(Job.id).where(Job.id == job_id)) is None:
            # A restore that replaced the database took this job's row (and its starter's login) with it:
            # there is nobody left to report to; the restore wrote its own audit event.
            log.info("job %s: its row is gone (the database was replaced)", job_id)
            return
        job.state, job.steps_done, job.finished_at = JobState.DONE.value, job.steps_total, services.coarse_now()
        job.lease_until = None
        job.step_text = "klaar"
        job.story_ids = outcome.story_ids
        job.result_url = outcome.url
        if outcome.data is not None:
            job.result_name, job.result_type, job.result_size = outcome.name, outcome.media_type, len(outcome.data)
            control.add(JobResult(job_id=job.id, data=outcome.data))
        _end(control)
    except Exception as error:  # noqa: BLE001 - whatever went wrong, the job must not stay "bezig"
        stop.set()
        # The work's writes go first: all of a failed job's work is undone (an import half done leaves no
        # story), and on SQLite its write lock is released before the failure is written through ``control``.
        _end(work, keep=False)
        _end(control, keep=False)
        # A user error (Dutch, for the person) is the job's message; anything else is a bug: logged, and the
        # page says only that it failed.
        message = error.message if isinstance(error, USER_ERRORS) else services.FAILED_MESSAGE
        if not isinstance(error, USER_ERRORS):
            log.exception("job %s failed", job_id)
        with lock:
            control.execute(update(Job).where(Job.id == job_id).values(
                state=JobState.FAILED.value, message=message[:500], lease_until=None,
                finished_at=services.coarse_now()))
            _end(control)
    finally:
        stop.set()
        work.close()
        control.close()


def clean_up() -> None:
    """The periodic task (and a worker's first act): old jobs and files go, abandoned jobs are marked failed, and
    story uploads that waited more than an hour for their confirmation are deleted."""
    app = current_app._get_current_object()
    from vertelpunt.admin.staging import delete_stale

    with database(app).session_factory() as session:
        failed = services.fail_abandoned(session)
        purged = services.purge_old_jobs(session, app.config["JOB_RESULT_DAYS"])
        stale = delete_stale(session)
        _end(session)
        recounted = tallies.refresh_stale(session)  # a writer that did not keep them in step
        _end(session)
    if failed or purged or stale or recounted:
        log.info("job clean-up: %s abandoned marked failed, %s old jobs deleted, %s stale uploads deleted, "
                 "answer tallies of %s project(s) recounted", failed, purged, stale, len(recounted))


def send_daily_reminders() -> None:
    """The worker's daily task: the plans' e-mail reminders (vertelpunt/proposals/reminders.py), when a mail
    server is set; without one there is nothing to do (``vertelpunt reminders`` says what is missing)."""
    from datetime import date

    from vertelpunt.proposals.reminders import send_reminders

    app = current_app._get_current_object()
    if not app.config.get("SMTP_HOST"):
        return
    with database(app).session_factory() as session:
        sent = send_reminders(session, app.config, date.today())
        _end(session)  # what went out is remembered even when the server failed half-way
    if sent.error:
        log.warning("daily reminders: %s sent before the mail server failed", len(sent.reminders))
