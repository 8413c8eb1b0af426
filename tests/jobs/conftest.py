"""Fixtures for jobs: published cards to make decks of, and a real ``vertelpunt worker`` in a process of its own."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.exports.conftest import make_card  # noqa: F401 (fixture)
from vertelpunt.jobs.queue import EXTENSION_KEY

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD = 120  # seconds before a test gives up on a worker that never answers; not a speed requirement


def use_queue(app, url: str) -> None:
    """Point the test app at a real queue (the suite's default is the immediate one)."""
    app.config["JOB_QUEUE_URL"] = url
    app.extensions.pop(EXTENSION_KEY, None)


class Worker:
    """``vertelpunt worker`` started as the README says, on the test database and the given queue."""

    def __init__(self, app, queue_url: str, lease_seconds: int = 60):
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("VERTELPUNT_")}
        self.env.update({
            "VERTELPUNT_DATABASE_URL": app.config["DATABASE_URL"], "VERTELPUNT_SECRET_KEY": app.config["SECRET_KEY"],
            "VERTELPUNT_INSTANCE_PATH": app.instance_path, "VERTELPUNT_JOB_QUEUE_URL": queue_url,
            "VERTELPUNT_JOB_LEASE_SECONDS": str(lease_seconds),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        })
        self.process: subprocess.Popen | None = None
        self.log_path = Path(app.instance_path) / "worker.log"

    def start(self) -> "Worker":
        log = open(self.log_path, "ab")
        # --parent: the worker stops when this test run stops, however it stops (a run killed midway left a worker
        # that took the next run's jobs from the same Redis database)
        self.process = subprocess.Popen([sys.executable, "-c", "from vertelpunt.cli import main; main()", "worker",
                                         "--parent", str(os.getpid())],
                                        env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None


@pytest.fixture
def worker_factory():
    workers: list[Worker] = []

    def factory(app, queue_url: str, **options) -> Worker:
        worker = Worker(app, queue_url, **options).start()
        workers.append(worker)
        return worker

    yield factory
    for worker in workers:
        worker.stop()


def wait_until(condition, what: str, worker: Worker | None = None):
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker is not None and worker.process is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}:\n{worker.log()}")
        time.sleep(0.1)
    pytest.fail(f"gave up waiting for {what}" + (f":\n{worker.log()}" if worker else ""))
