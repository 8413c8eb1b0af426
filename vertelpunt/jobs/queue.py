"""The job queue: huey, with its SQLite storage in the instance folder by default and Redis in production.

The queue carries only job ids; what a job is, how far it got and what it made are rows in the database
(``vertelpunt.models.jobs``), so a page reload, a restart of the web server or a lost queue never loses the
state a person sees. One huey per app (tests build many apps), made on first use: a command that never
starts a job never imports huey, and the gunicorn master never opens the queue before it forks.

``JOB_QUEUE_URL``: unset (or ``sqlite:///path``) an SQLite file, ``instance/jobs.sqlite3``; ``redis://...``
Redis; ``immediate`` runs each job at once inside the request that starts it (unit tests).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from flask import Flask, current_app

from vertelpunt.errors import VertelpuntError

EXTENSION_KEY = "vertelpunt.jobs"
QUEUE_FILE = "jobs.sqlite3"
TASK_NAME = "run_job"
IMMEDIATE = "immediate"
#: How often the worker deletes old results and marks jobs whose worker died (crontab minutes).
CLEANUP_EVERY_MINUTES = "*/10"


class QueueConfigError(VertelpuntError):
    """A JOB_QUEUE_URL that names no queue this app can use (Dutch message)."""


def queue_url(app: Flask) -> str:
    return app.config.get("JOB_QUEUE_URL") or f"sqlite:///{Path(app.instance_path) / QUEUE_FILE}"


def is_embedded(app: Flask) -> bool:
    """The default: a queue file beside the database, worked by the worker that ``vertelpunt serve`` starts."""
    return queue_url(app).startswith("sqlite")


@dataclass(frozen=True)
class JobQueue:
    huey: object  # huey.Huey
    run_job: Callable[[int], object]  # the task: calling it enqueues a job id


def queue(app: Flask | None = None) -> JobQueue:
    """This app's huey, with the job task (and the periodic clean-up) registered."""
    app = app or current_app._get_current_object()
    found = app.extensions.get(EXTENSION_KEY)
    if found is None:
        found = app.extensions[EXTENSION_KEY] = _make_queue(app)
    return found


def _make_queue(app: Flask) -> JobQueue:
    from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab

    url = queue_url(app)
    name = "vertelpunt"
    if url == IMMEDIATE:
        huey = MemoryHuey(name, immediate=True, results=False)
    elif url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        _private_file(path)
        huey = SqliteHuey(name, filename=path, results=False)
    elif url.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey(name, url=url, results=False)
    else:
        raise QueueConfigError(f"VERTELPUNT_JOB_QUEUE_URL {url!r} kennen we niet: laat hem leeg (SQLite), "
                               "of gebruik redis://host:6379/0 of 'immediate'.")

    def run_job(job_id: int) -> None:
        from vertelpunt.jobs.runner import run_job as run

        with app.app_context():
            run(job_id)

    def clean_up() -> None:
        from vertelpunt.jobs.runner import clean_up as run

        with app.app_context():
            run()

    def send_reminders() -> None:
        from vertelpunt.jobs.runner import send_daily_reminders

        with app.app_context():
            send_daily_reminders()

    task = huey.task(name=TASK_NAME)(run_job)
    huey.periodic_task(crontab(minute=CLEANUP_EVERY_MINUTES), name="clean_up_jobs")(clean_up)
    huey.periodic_task(crontab(minute="0", hour=str(app.config.get("REMINDER_HOUR", 7))),
                       name="send_reminders")(send_reminders)
    return JobQueue(huey, task)


def enqueue(app: Flask, job_id: int) -> None:
    """Hand a committed job to the workers (in immediate mode: run it now)."""
    queue(app).run_job(job_id)


def _private_file(path: str) -> None:
    """The queue file holds only job ids, but lives beside the database: readable by its owner only."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass
