"""Backup and restore from Beheer > Onderhoud through a real ``vertelpunt worker`` process on SQLite: the restore
takes its own job row with the replaced database, and the worker ends it quietly instead of failing it."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from tests.jobs.conftest import use_queue, wait_until, worker_factory  # noqa: F401 (fixture)
from vertelpunt.db import database
from vertelpunt.models import AuditEvent, Job, JobState, Story

PAGE = "/beheer/onderhoud/"
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _fresh(app, query):
    with database(app).session_factory() as fresh:
        return fresh.scalar(query)


def test_a_backup_and_its_restore_through_a_worker_process(app, client, session, admin, project, make_story, post,
                                                           worker_factory, tmp_path):  # noqa: F811
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("the embedded SQLite queue is tested with the SQLite database")
    for n in range(3):
        make_story(project, text=f"Verhaal nummer {n} over wachten op hulp en wat dat met ons deed.")
    queue = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    use_queue(app, queue)
    worker = worker_factory(app, queue, lease_seconds=3)  # heartbeats while the restore holds the write lock
    response = post(PAGE + "backup", page=PAGE)
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    done = wait_until(lambda: _fresh(app, select(Job).where(Job.id == job_id, Job.state.in_(
        (JobState.DONE.value, JobState.FAILED.value)))), f"backup job {job_id}", worker)
    assert done.state == JobState.DONE.value, (done.message, worker.log())
    data = client.get(f"/beheer/taken/{job_id}/bestand").data
    make_story(project, text="Een verhaal van na de back-up, dat met het terugzetten weer weggaat.")
    html = post(PAGE + "herstellen/voorbeeld", {"file": (io.BytesIO(data), "b.jsonl.gz")}, page=PAGE,
                content_type="multipart/form-data").get_data(as_text=True)
    response = post(PAGE + "herstellen", {"token": TOKEN.search(html).group(1), "confirm": "HERSTEL"}, page=PAGE)
    assert response.status_code == 200
    wait_until(lambda: _fresh(app, select(AuditEvent.id).where(AuditEvent.action == "database.restore")),
               "the restore's audit event", worker)
    wait_until(lambda: "its row is gone" in worker.log(), "the worker ending the restore job quietly", worker)
    assert _fresh(app, select(func.count()).select_from(Story)) == 3
    assert _fresh(app, select(func.count()).select_from(Job)) == 0
    assert "Traceback" not in worker.log() and "failed" not in worker.log(), worker.log()
