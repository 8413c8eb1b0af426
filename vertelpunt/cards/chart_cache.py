"""The scan page's charts as the page reads them: stored with the run, or drawn again by a job.

The charts are drawn when the scan is made and stored in the database with the run
(vertelpunt/insights/scan_charts.py), so a view reads them instead of loading every story behind the scan
(45 s at 100,000 stories). When the stories behind the scan have changed since (a story published, hidden,
withdrawn or redacted) or the small-group threshold did, the stored charts are not shown: the page starts a
``scan_charts`` job that draws them again from today's stories (unless one is waiting or running for the
run) and says so. No view ever does the drawing itself, so no view takes longer than the two fingerprint
queries.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.cards.figures import figure
from vertelpunt.cards.runs import run_table
from vertelpunt.insights.scan_charts import HIDDEN, SHOWN, current_charts, fingerprint, store_charts
from vertelpunt.models import Job, JobState, PatternRun

JOB_KIND = "scan_charts"


def page_charts(session: Session, run: PatternRun, drawn: list, suppress: bool) -> dict | None:
    """Figures (pattern key -> figure) of the ``drawn`` rows from the stored charts, or None when they are stale."""
    stored = current_charts(session, run)
    if stored is None:
        return None
    specs = stored.specs.get(HIDDEN if suppress else SHOWN, {})
    return {row.key: figure(f"patroon-{row.rank}", specs[row.key]) for row in drawn if specs.get(row.key)}


def pending_redraw(session: Session, run: PatternRun) -> Job | None:
    """A ``scan_charts`` job for ``run`` that is waiting or running (a running one whose worker's lease ran out
    does not count: its worker is gone, and the next view asks again)."""
    from vertelpunt.jobs.services import lease_expired

    jobs = session.scalars(select(Job).where(Job.kind == JOB_KIND, Job.project_id == run.project_id,
                                             Job.state.in_((JobState.QUEUED.value, JobState.RUNNING.value))))
    return next((job for job in jobs if job.params.get("run_id") == run.id and not lease_expired(job)), None)


def ask_redraw(session: Session, run: PatternRun, user) -> Job:
    """The waiting or running redraw of ``run``'s charts, started now when there is none (flushed)."""
    from vertelpunt.jobs.services import start_job

    return pending_redraw(session, run) or start_job(
        session, user, JOB_KIND, {"run_id": run.id}, project_id=run.project_id, step_text="in de wachtrij")


def redraw(session: Session, run: PatternRun):
    """Draw and store ``run``'s charts from today's stories (the job's work; raises CardError)."""
    stamp = fingerprint(session, run)  # before the table: see insights.scan_charts.store_charts
    return store_charts(session, run, run_table(session, run), stamp)
