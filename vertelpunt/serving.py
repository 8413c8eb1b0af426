"""Serve the app with gunicorn (threaded workers) on Linux and macOS, or one waitress process on Windows.

Why gunicorn: Python runs one thread at a time per process, so one process is one core; gunicorn is the
well-known way to run a Flask app in several processes, replaces a worker that dies, and stops them all
together. ``vertelpunt serve`` drives it through its application API (:func:`run_gunicorn`), so operators
get the same flags everywhere and do not need a gunicorn config file.

How many workers may serve is decided here (:func:`choose_workers`), because two things are per process:

- rate-limit counts in the in-process store (``memory://``, the default): with several workers each would
  count on its own (five password guesses per worker), so without a shared store one worker serves;
  ``VERTELPUNT_RATELIMIT_STORAGE_URI=redis://...`` lets several workers, and several machines, count as one;
- an in-memory SQLite database, which only the process that made it can see.

The app is built once in the main process (``preload_app``) and forked; database pools are emptied before
the fork and after it, so no connection is shared between processes. No access log is written (it would
hold addresses); gunicorn's own log only says what the server does, at level warning and above.
"""
from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from typing import Callable

from flask import Flask

DEFAULT_THREADS = 8
MAX_DEFAULT_WORKERS = 4
METRICS_DIRECTORY_ENV = "PROMETHEUS_MULTIPROC_DIR"


def prepare_metrics_directory() -> None:
    """Give the workers one folder for their Prometheus values, so /metrics on any worker shows the server.

    prometheus_client chooses where values live when it is first imported, which building the app does, so
    this runs before the app is built (``vertelpunt.cli.main`` for ``serve``). An operator's own
    ``PROMETHEUS_MULTIPROC_DIR`` is kept; a folder made here is emptied and removed when the server stops.
    """
    import atexit
    import shutil
    import tempfile

    if os.environ.get(METRICS_DIRECTORY_ENV) or not can_fork():
        return
    folder = tempfile.mkdtemp(prefix="vertelpunt-metrics-")
    os.environ[METRICS_DIRECTORY_ENV] = folder
    owner = os.getpid()
    atexit.register(lambda: os.getpid() == owner and shutil.rmtree(folder, ignore_errors=True))


@dataclass(frozen=True)
class WorkerChoice:
    workers: int
    reason: str | None  # Dutch, said at start when fewer workers serve than were asked for


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def default_workers() -> int:
    """One worker per core, at most four (each holds a database pool and a copy of the app)."""
    return max(1, min(MAX_DEFAULT_WORKERS, os.cpu_count() or 1))


def choose_workers(asked: int | None, shared_limits: bool, memory_database: bool) -> WorkerChoice:
    """The number of worker processes whose limits and data still hold, and why when it is fewer."""
    wanted = asked or default_workers()
    if not can_fork():
        return WorkerChoice(1, None if wanted == 1 else "Op dit systeem draait de server met 1 proces.")
    if memory_database:
        reason = "Een database in het geheugen kan niet gedeeld worden: de server draait met 1 werkproces."
        return WorkerChoice(1, reason if wanted > 1 else None)
    if not shared_limits:
        reason = ("Zonder gedeelde opslag voor de limieten draait de server met 1 werkproces (anders telt elk "
                  "proces de limieten apart). Meer processen of servers: zet VERTELPUNT_RATELIMIT_STORAGE_URI="
                  "redis://... (zie docs/deploy.md).")
        return WorkerChoice(1, reason)
    return WorkerChoice(wanted, None)


def start_embedded_worker(app: Flask):
    """``vertelpunt worker`` as a child of this server, for the embedded default (the SQLite job queue).

    A process of its own rather than a thread of a web worker: a deck keeps a core busy, and gunicorn's
    workers must stay free for pages. The child gets this server's instance folder and database, watches
    that this process lives (``--parent``), and is stopped when the server stops.
    """
    import atexit
    import subprocess

    env = dict(os.environ, VERTELPUNT_INSTANCE_PATH=app.instance_path, VERTELPUNT_DATABASE_URL=app.config["DATABASE_URL"])
    owner = os.getpid()
    command = [sys.executable, "-c", "from vertelpunt.cli import main; main()", "worker", "--parent", str(owner)]
    child = subprocess.Popen(command, env=env)

    def stop() -> None:
        if os.getpid() == owner and child.poll() is None:  # not in a forked web worker
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()

    atexit.register(stop)
    return child


def check_port(host: str, port: int) -> None:
    """OSError when the address is taken or not ours, so the CLI can say so in Dutch before gunicorn starts
    (gunicorn would retry for seconds and then exit with an English error)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def serve(app: Flask, host: str, port: int, workers: int = 1, threads: int = DEFAULT_THREADS) -> None:
    """Serve until stopped (SIGTERM or SIGINT stop every worker; a worker that dies is replaced)."""
    from vertelpunt.db import database, is_memory_database
    from vertelpunt.observability.metrics import mark_worker_dead
    from vertelpunt.warm_up import start_warm_up

    if not is_memory_database(app.config["DATABASE_URL"]):
        database(app).engine.dispose()  # no connection may cross the fork (an in-memory one must: it is the data)
    if not can_fork():
        from waitress import serve as waitress_serve

        start_warm_up()
        waitress_serve(app, host=host, port=port, threads=threads, ident="Vertelpunt", _quiet=True)
        return
    run_gunicorn(app, gunicorn_options(app, host, port, workers, threads, on_worker_exit=mark_worker_dead))


def gunicorn_options(app: Flask, host: str, port: int, workers: int, threads: int,
                     on_worker_exit: Callable[[int], None] | None = None) -> dict:
    from vertelpunt.db import database
    from vertelpunt.warm_up import start_warm_up

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def post_fork(_server, _worker):
        if workers > 1:
            database(app).engine.dispose(close=False)  # the child's pool starts empty; the parent's stay its own
        start_warm_up()  # the libraries pages need, loaded while the worker waits for its first requests

    def child_exit(_server, worker):
        if on_worker_exit is not None:
            on_worker_exit(worker.pid)

    return {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": True,
        "accesslog": None,  # never an access log: it would hold addresses and user agents
        "errorlog": "-",
        "loglevel": "warning",
        "keepalive": 5,  # longer than nginx's upstream keep-alive reuse, so it never meets a closed socket
        "timeout": 120,  # a deck PDF of many cards may take a while on a busy machine
        "graceful_timeout": 20,
        "backlog": 1024,
        "proc_name": "vertelpunt",
        "control_socket_disable": True,  # one per user by default, which two servers on one machine share
        "secure_scheme_headers": {},  # X-Forwarded-* are believed only through TRUSTED_PROXIES (ProxyFix)
        "forwarded_allow_ips": "",
        "child_exit": child_exit,
        "post_fork": post_fork,
    }


def run_gunicorn(app: Flask, options: dict) -> None:
    """gunicorn's application API around an app built beforehand (``vertelpunt serve`` made and migrated it).

    Imported here, not at the top: gunicorn does not import on Windows, where waitress serves instead.
    """
    from gunicorn.app.base import BaseApplication

    class GunicornServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    GunicornServer().run()
