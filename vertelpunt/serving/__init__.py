"""Serve the app with waitress: in this process, or in several forked worker processes.

One waitress process runs Python code on one core at a time, which on the 2-core reference machine left
story submissions at 115-200 per second, with a p99 far above 200 ms at 200 per second on PostgreSQL.
Two workers reached the target with room to spare (docs/benchmarks.md). Workers need three things to
behave as one server:

- one listening socket, bound here before the fork, so a port that is taken fails once, in Dutch;
- rate limits in shared memory (:mod:`vertelpunt.limits.shared`), or each worker would allow a client
  the full limit again (five password guesses per worker instead of five in all);
- no database connection crosses the fork: the pool is emptied first and every worker opens its own.

Per-process caches (the form snapshots) need nothing: they hold immutable form versions only.
Without ``os.fork`` (Windows) or with ``workers=1`` the app is served in this process, as before.
"""
from __future__ import annotations

import os
import socket
from typing import Callable

from flask import Flask

from vertelpunt.serving.supervisor import Supervisor, WorkersFailed

__all__ = ["WorkersFailed", "bind", "default_workers", "serve"]
DEFAULT_THREADS = 8
BACKLOG = 1024


def default_workers() -> int:
    """One worker per core, at most four (each holds a database pool and a copy of the app)."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def bind(host: str, port: int) -> socket.socket:
    """The listening socket every worker accepts on; OSError when the address is taken or not ours."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(BACKLOG)
        listener.setblocking(False)
    except OSError:
        listener.close()
        raise
    return listener


def serve(app: Flask, listener: socket.socket, threads: int = DEFAULT_THREADS, workers: int = 1,
          log: Callable[[str], None] = print) -> None:
    """Serve until stopped; with ``workers`` > 1 under a :class:`~vertelpunt.serving.supervisor.Supervisor`."""
    from waitress import serve as waitress_serve

    def run() -> None:
        waitress_serve(app, sockets=[listener], threads=threads, ident="Vertelpunt", _quiet=True)

    if workers <= 1 or not hasattr(os, "fork"):
        run()
        return

    from vertelpunt.db import database
    from vertelpunt.limits.registry import share_limiters

    shared = share_limiters(app)
    database(app).engine.dispose()
    try:
        Supervisor(workers, run, log=log).run()
    finally:
        for limiter in shared:
            limiter.close()
