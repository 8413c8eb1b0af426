"""The maintenance page's job kinds: a backup of the whole database, its restore, and the retention purge.

Registered at app start (vertelpunt/admin/blueprints.py), like the story import and export. Only admins may
read them, and only the admin who started one sees it (the job pages' rule).

- ``backup`` writes the same file as ``vertelpunt backup`` into the job's stored result. The job has no
  project and may hold any story (``story_ids`` None), so its file is deleted when any story is withdrawn,
  redacted, hidden or purged (``vertelpunt.jobs.services.forget_results_about``), and after JOB_RESULT_DAYS.
- ``restore`` replaces the database with a staged upload's backup (vertelpunt/admin/staging.py, checked by
  vertelpunt/maintenance/inspect.py). It runs in the restore's own transaction: every row or none. In that same
  transaction it writes its audit event into the restored database and ends every login (the accounts are
  now the backup's), so the job's own row, the staged file and the starter's session go with the old data.
- ``purge`` deletes the stories older than the period the admin previewed, with its audit event, in the
  work's session (``writes=True``): all of it is committed by the wrapper, or nothing.
"""
from __future__ import annotations

import os
import tempfile
from datetime import date

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from vertelpunt.jobs.kinds import KINDS, JobKind, JobRefused, Outcome, Progress, page_path

BACKUP_KIND = "backup"
RESTORE_KIND = "restore"
PURGE_KIND = "purge"
BACKUP_MEDIA_TYPE = "application/gzip"
STAGED_FORMAT = "backup"


def _temporary_path() -> str:
    descriptor, path = tempfile.mkstemp(prefix="vertelpunt-backup-", suffix=".jsonl.gz")
    os.close(descriptor)
    return path


def run_backup(session: Session, user, params: dict, progress: Progress) -> Outcome:
    """The file of ``vertelpunt backup``, kept as the job's result (a temporary file only while it is written)."""
    from vertelpunt.maintenance.backup import write_backup

    progress(0, 2, "alle tabellen lezen")
    path = _temporary_path()
    try:
        write_backup(session.get_bind(), path)
        with open(path, "rb") as handle:
            data = handle.read()
    finally:
        os.unlink(path)
    progress(1, 2, "bestand opslaan")
    return Outcome(data=data, name=f"vertelpunt-backup-{date.today():%Y-%m-%d}.jsonl.gz",
                   media_type=BACKUP_MEDIA_TYPE, story_ids=None)


def run_restore(session: Session, user, params: dict, progress: Progress) -> Outcome:
    """Replace the database with the staged backup. Nothing is written through ``session``: on SQLite its write
    would hold the lock the restore's own transaction needs."""
    from flask import current_app

    from vertelpunt.admin import staging
    from vertelpunt.maintenance.backup import restore_backup

    progress(0, 1, "backup terugzetten")  # the last progress write: the restore holds the write lock from here
    try:
        row = staging.find_by_id(session, int(params.get("staged", 0)), user, None)
    except staging.StagedUploadError as error:
        raise JobRefused(f"Er is niets teruggezet. {error.message}") from None
    if row.format != STAGED_FORMAT:
        raise JobRefused("Er is niets teruggezet: dit is geen geüploade backup.")
    path = _temporary_path()
    try:
        with open(path, "wb") as handle:
            handle.write(row.data)
        restore_backup(session.get_bind(), path, replace=True, secret_key=current_app.config["SECRET_KEY"],
                       finish=_after_restore(user.email, params.get("job")))
    finally:
        os.unlink(path)
    return Outcome(story_ids=[])  # not reached by anyone: the job's row is gone with the replaced database


def _after_restore(email: str, job_id):
    """What the restore writes into the restored database before it commits: its audit event, and a new
    session version for every account, so no login from before the restore (the admin's included) goes on."""

    def finish(connection, restored) -> None:
        from vertelpunt.models import AuditEvent, User

        users = User.__table__
        connection.execute(update(users).values(session_version=users.c.session_version + 1))
        connection.execute(insert(AuditEvent.__table__).values(
            user_id=None, actor=email, action="database.restore", target_type="database", target_id=None,
            detail={"rows": sum(restored.counts.values()), "skipped_withdrawn": restored.skipped_stories,
                    "via": "beheer", "job": job_id}))

    return finish


def run_purge(session: Session, user, params: dict, progress: Progress) -> Outcome:
    from vertelpunt.audit.services import record
    from vertelpunt.maintenance.retention import RetentionError, parse_period, purge_stories

    period = str(params.get("period", ""))
    try:
        older_than = parse_period(period)
    except RetentionError as error:
        raise JobRefused(error.message) from None
    progress(0, 1, "oude verhalen wissen")  # the last progress write: the work holds the write lock from here
    outcome = purge_stories(session, older_than)
    record(session, "stories.purge", "database", None, user,
           {"older_than": period, "cutoff": outcome.cutoff.isoformat(), "count": outcome.stories, "via": "beheer"})
    session.flush()
    return Outcome(url=page_path("admin_maintenance.index"), story_ids=[])


def may_read(session: Session, user, params: dict) -> bool:
    return bool(user.is_admin)


def register() -> None:
    KINDS.setdefault(BACKUP_KIND, JobKind(BACKUP_KIND, "Back-up van de database", run_backup, may_read))
    KINDS.setdefault(RESTORE_KIND, JobKind(RESTORE_KIND, "Back-up terugzetten", run_restore, may_read))
    KINDS.setdefault(PURGE_KIND, JobKind(PURGE_KIND, "Oude verhalen wissen", run_purge, may_read, writes=True))
