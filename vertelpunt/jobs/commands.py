"""`vertelpunt worker`: run the job queue's workers (huey's consumer) inside the app."""
from __future__ import annotations

import os
import threading

import click
from flask import current_app

from vertelpunt.cli_helpers import without_password
from vertelpunt.warm_up import JOB_MODULES, warm_up

#: How long an idle SQLite worker waits at most before it looks at the queue again (huey backs off up to
#: this). Redis workers block on the queue and wake at once.
MAX_POLL_SECONDS = 0.25
#: Jobs give way to pages: the worker runs at a lower CPU priority than the web server (Unix "nice").
NICENESS = 10
PARENT_CHECK_SECONDS = 2


@click.command()
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16),
              help="Aantal taken dat tegelijk loopt (threads in dit proces).")
@click.option("--parent", type=int, hidden=True,
              help="Stop als dit proces stopt (zo start 'vertelpunt serve' zijn eigen werker).")
def worker(workers: int, parent: int | None) -> None:
    """Voer taken op de achtergrond uit (kaartensets, verslagen) tot je stopt (Ctrl+C of SIGTERM)."""
    from vertelpunt.jobs.queue import is_embedded, queue, queue_url
    from vertelpunt.jobs.runner import clean_up

    app = current_app._get_current_object()
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    warm_up(JOB_MODULES)  # before the first job, whose progress page would otherwise wait for WeasyPrint
    jobs = queue(app)
    clean_up()  # jobs whose worker died before this one started are marked failed now, not at the next round
    consumer = jobs.huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                         initial_delay=0.05, backoff=1.5,
                                         max_delay=MAX_POLL_SECONDS if is_embedded(app) else 5.0,
                                         check_worker_health=True)
    if parent:
        _stop_with(parent, consumer)
    where = "SQLite-wachtrij" if is_embedded(app) else without_password(queue_url(app))
    click.echo(f"Vertelpunt-werker draait ({workers} tegelijk, {where}; stoppen: Ctrl+C)", err=True)
    consumer.run()


def _stop_with(parent: int, consumer) -> None:
    """End this worker when the server that started it is gone (even after a SIGKILL of the server)."""

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(PARENT_CHECK_SECONDS)
        consumer.stop(graceful=False)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
