"""Jobs through a real worker process: on SQLite with the embedded queue, and on PostgreSQL with Redis."""
from __future__ import annotations

import os
import signal

import pytest

from tests.jobs.conftest import use_queue, wait_until
from tests.jobs.helpers import start_deck
from vertelpunt.db import database
from vertelpunt.jobs import services
from vertelpunt.models import Job, JobState

REDIS_QUEUE = "redis://127.0.0.1:6379/4"  # the jobs' own Redis database (see notes/helper-brief)


def job_row(app, job_id: int) -> Job:
    with database(app).session_factory() as fresh:
        return fresh.get(Job, job_id)


def finished(app, job_id: int):
    job = job_row(app, job_id)
    return job if job.state in (JobState.DONE.value, JobState.FAILED.value) else None


def run_a_deck_through(app, client, make_card, make_user, login, worker) -> Job:
    for n in range(3):
        make_card(title=f"Kaart {n}")
    login(make_user("analyst"))
    job_id = start_deck(client, "project=proef&region=twente&format=pdf")
    queued = client.get(f"/beheer/taken/{job_id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in queued  # not finished when the request returns: a worker makes it
    job = wait_until(lambda: finished(app, job_id), f"job {job_id}", worker)
    assert job.state == JobState.DONE.value, (job.message, worker.log())
    download = client.get(f"/beheer/taken/{job_id}/bestand")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    return job


def test_a_deck_through_a_worker_process_on_sqlite(app, client, make_card, make_user, login, worker_factory, tmp_path):
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("the embedded SQLite queue is tested with the SQLite database")
    queue = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    use_queue(app, queue)
    worker = worker_factory(app, queue)
    job = run_a_deck_through(app, client, make_card, make_user, login, worker)
    assert job.steps_done == job.steps_total == 4 and job.attempts == 1


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_QUEUE, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception:  # noqa: BLE001
        pytest.skip(f"no Redis at {REDIS_QUEUE}")
    client.flushdb()


def test_a_deck_through_a_worker_process_on_postgres_and_redis(app, client, make_card, make_user, login,
                                                              worker_factory):
    if not app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("set VERTELPUNT_TEST_DATABASE_URL to a PostgreSQL database to run this test")
    _redis_or_skip()
    use_queue(app, REDIS_QUEUE)
    worker = worker_factory(app, REDIS_QUEUE)
    run_a_deck_through(app, client, make_card, make_user, login, worker)


def test_a_killed_worker_leaves_its_job_failed_not_running(app, client, make_card, make_user, login, worker_factory,
                                                          tmp_path, session):
    queue = (f"sqlite:///{tmp_path / 'queue.sqlite3'}" if app.config["DATABASE_URL"].startswith("sqlite")
             else REDIS_QUEUE)
    if queue == REDIS_QUEUE:
        _redis_or_skip()
    use_queue(app, queue)
    app.config["JOB_LEASE_SECONDS"] = 2
    for n in range(17):
        make_card(title=f"Kaart {n}")
    login(make_user("analyst"))
    worker = worker_factory(app, queue, lease_seconds=2)
    for _attempt in range(5):  # on a busy machine a deck may finish between our look and the kill: then again
        job_id = start_deck(client, "project=proef&region=twente&format=zip")
        wait_until(lambda: job_row(app, job_id).state in (JobState.RUNNING.value, JobState.DONE.value),
                   "the job to start", worker)
        os.killpg(worker.process.pid, signal.SIGSTOP)  # frozen: it cannot finish while we look
        if job_row(app, job_id).state == JobState.RUNNING.value:
            break
        os.killpg(worker.process.pid, signal.SIGCONT)
    else:
        pytest.fail("every deck was done before the worker could be stopped in the middle of it")
    worker.stop(signal.SIGKILL)
    # A page read after the lease ran out says "mislukt" with a Dutch message, before anybody cleaned up.
    status = wait_until(lambda: (s := client.get(f"/beheer/taken/{job_id}/status.json").get_json())["finished"] and s,
                        "the lease to run out")
    assert status["state"] == "mislukt" and "afgebroken" in status["message"]
    assert job_row(app, job_id).state == JobState.RUNNING.value  # nothing wrote it yet
    # The next worker marks it failed when it starts.
    worker_factory(app, queue, lease_seconds=2)
    wait_until(lambda: job_row(app, job_id).state == JobState.FAILED.value, "the new worker to mark the job")
    assert services.ABANDONED_MESSAGE == job_row(app, job_id).message
    assert status["file"] is None
