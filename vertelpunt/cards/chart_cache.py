"""The scan page's charts, kept per process until the stories behind the scan change.

A scan page draws its strongest patterns again from today's published stories (``runs.run_table``), which
means loading every story of the scan's filters: seconds at 10,000 stories. Yet what those charts show
depends only on *which* stories the filters select: a story's answers, role, region and week never change
after it is told (moderation changes its status or text, withdrawal deletes it, and either changes the
selection). So the table and the figures are kept in memory under a fingerprint of the selected story ids
(their count, sum, a second hashed sum and the largest id; with the newest answer id and the run's own time,
against a restored database), read with two aggregate queries per page view.
A story published, hidden, withdrawn or redacted into (in)completeness changes the fingerprint, and the next
view draws from the stories again; every server process keeps its own copy and checks the same
fingerprint in the shared database, so no process can show a stale chart.

The kept table has no story texts (pattern charts never read them), and only the most recent few tables
are kept: a table of 100,000 stories is tens of MB.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vertelpunt.cards.runs import run_table
from vertelpunt.insights.records import StoryFilter, story_query
from vertelpunt.models import Answer, PatternRun, Story

TABLES_KEPT = 2
FIGURES_KEPT = 64


class _Lru:
    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def _caches() -> tuple[_Lru, _Lru]:
    """Per app (tests build many apps on one database file), made on first use."""
    found = current_app.extensions.get("vertelpunt.scan_charts")
    if found is None:
        found = current_app.extensions.setdefault("vertelpunt.scan_charts", (_Lru(TABLES_KEPT), _Lru(FIGURES_KEPT)))
    return found


def fingerprint(session: Session, run: PatternRun) -> tuple:
    """Which stories the run's filters select today, as four numbers (one aggregate query)."""
    filters = {key: value for key, value in (run.filters or {}).items() if key != "compare"}
    ids = story_query(run.project, StoryFilter.from_dict(filters))
    count, total, hashed, largest = session.execute(
        select(func.count(), func.coalesce(func.sum(Story.id), 0),
               func.coalesce(func.sum((Story.id * 7919) % 1000003), 0), func.coalesce(func.max(Story.id), 0))
        .where(Story.id.in_(ids))).one()
    newest_answer = session.scalar(select(func.max(Answer.id))) or 0  # a restored or rebuilt database
    return int(count), int(total), int(hashed), int(largest), int(newest_answer), str(run.created_at)


def cached_table(session: Session, run: PatternRun, stamp: tuple):
    """``runs.run_table(session, run)`` without story texts, from memory while ``stamp`` holds."""
    tables, _ = _caches()
    key = (run.id, stamp)
    table = tables.get(key)
    if table is None:
        table = replace(run_table(session, run), texts=())
        tables.put(key, table)
    return table


def cached_figures(session: Session, run: PatternRun, page_key: tuple, draw):
    """The figures of one view of the scan page (``page_key``: the patterns shown and the small-group rule),
    made by ``draw(table)`` on a miss. Returns ``(figures, stamp)``."""
    stamp = fingerprint(session, run)
    key = (run.id, stamp, page_key)
    _, kept = _caches()
    figures = kept.get(key)
    if figures is None:
        figures = draw(cached_table(session, run, stamp))
        kept.put(key, figures)
    return figures
