"""Load the heavy libraries that pages use, in the background, once a server worker has started.

``create_app`` loads none of scipy, scikit-learn or plotly (tests/test_startup.py), so a server answers
within a second of starting. The cost then moved to the first page that needs one: a re-measured proposal's
first view imported scipy.stats inside its request (1.5 s of 1.5 s on this machine, docs/benchmarks.md).
So each server worker imports them in a daemon thread right after it starts (gunicorn's ``post_fork``, and
before waitress serves). A request that arrives while the thread still imports waits on Python's import lock
for what is left of that import, never longer than it would have taken alone. The job worker imports
WeasyPrint the same way before it takes its first job (``JOB_MODULES``, vertelpunt/jobs/commands.py), so the
first deck's progress page does not wait a second for it.
"""
from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

#: What pages import when they first need it: statistics on the re-measurement, chart shapes and pairwise
#: tests (scipy.stats), figure validation (plotly). PDFs (weasyprint) are downloads and made by jobs.
PAGE_MODULES = ("scipy.stats", "scipy.special", "analysis.remeasure", "analysis.pairwise", "plotly.graph_objects")
#: What jobs import first: the PDFs of decks and reports.
JOB_MODULES = ("weasyprint",)
THREAD_NAME = "vertelpunt-warm-up"


def warm_up(modules: tuple[str, ...] = PAGE_MODULES) -> list[str]:
    """Import ``modules``; the names that failed (logged, never raised: a page imports it again and says why)."""
    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as error:  # noqa: BLE001 (a missing library, or WeasyPrint without Pango, must not stop
            # the server or the worker: the page or job that needs it says so when it runs)
            log.warning("warm-up import failed", extra={"import_name": name, "error": repr(error)})
            failed.append(name)
    return failed


def start_warm_up() -> threading.Thread:
    """Run :func:`warm_up` in a daemon thread (it never holds up a request or the server's exit)."""
    thread = threading.Thread(target=warm_up, name=THREAD_NAME, daemon=True)
    thread.start()
    return thread
