"""The scan page's charts, drawn when the scan is made and stored with the run (``PatternRunCharts``).

Drawing a scan's patterns needs the whole AnswerTable of the scan's stories: 45 s at 100,000 stories, too
long for a page. The scan has that table loaded anyway, so it draws the charts of its notable patterns (the
only ones the scan page draws) right away, twice: with small groups hidden and without (admins), and stores
them in the database with the run. The page then reads a few kB of JSON.

Charts show today's stories, not the scan's: a story hidden or withdrawn since the scan must drop out of its
charts. So the stored charts carry a fingerprint of the stories the run's filters select (their count, sum,
a second hashed sum and the largest id with its public id: SQLite may give a deleted last id to the next
story, never its random public id), read with two small queries per page view. A story published, hidden,
withdrawn or redacted into (in)completeness changes it; the page then shows no charts and a job draws them
again (vertelpunt/cards/chart_cache.py). A changed small-group threshold does the same.
"""
from __future__ import annotations

import json

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.chartspec import pattern_chart
from analysis.data import AnswerTable
from vertelpunt.insights.family import pattern_key
from vertelpunt.insights.records import StoryFilter, story_query
from vertelpunt.insights.scans import stored_result
from vertelpunt.models import PatternRun, PatternRunCharts, Story
from vertelpunt.small_groups import threshold

HIDDEN, SHOWN = "hidden", "shown"  # small groups hidden (everyone but admins) / shown (admins)


def fingerprint(session: Session, run: PatternRun) -> list:
    """Which stories the run's filters select today, as a short list (two index-only queries)."""
    return selected_stamp(session, run.project, run.filters)


def selected_stamp(session: Session, project, filters: dict | None) -> list:
    """The stories part of :func:`fingerprint`, for filters as a run stores them."""
    ids = story_query(project, StoryFilter.from_dict({k: v for k, v in (filters or {}).items() if k != "compare"}))
    count, total, hashed, largest = session.execute(
        select(func.count(), func.coalesce(func.sum(Story.id), 0),
               func.coalesce(func.sum((Story.id * 7919) % 1000003), 0), func.coalesce(func.max(Story.id), 0))
        .where(ids.whereclause)).one()
    last = session.scalar(select(Story.public_id).where(Story.id == largest)) if largest else ""
    return [int(count), int(total), int(hashed), int(largest), last or ""]


def _plain(value):
    """numpy numbers and arrays as JSON values (a spec goes into a JSON column)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON: {type(value).__name__}")


def draw_specs(table: AnswerTable, run: PatternRun, min_group: int) -> dict:
    """``{HIDDEN: {key: spec}, SHOWN: {key: spec}}`` for every notable pattern of ``run`` drawable from ``table``."""
    specs: dict = {HIDDEN: {}, SHOWN: {}}
    for pattern in stored_result(run).patterns:
        if not pattern.notable or pattern.a not in table.columns or pattern.b not in table.columns:
            continue
        key = pattern_key(pattern)
        for rule, suppress in ((HIDDEN, True), (SHOWN, False)):
            spec = pattern_chart(table, pattern, min_group=min_group, suppress_small=suppress)
            specs[rule][key] = json.loads(json.dumps(spec, default=_plain)) if spec else None
    return specs


def store_charts(session: Session, run: PatternRun, table: AnswerTable, stamp: list) -> PatternRunCharts:
    """Draw and store (flush) the run's charts from ``table``. ``stamp`` is :func:`fingerprint` read *before*
    the table was loaded: a story published in between then makes the stamp old, and the next view draws
    again, where a stamp read after could describe a story the table does not hold."""
    min_group = threshold()
    specs = draw_specs(table, run, min_group)
    stored = session.get(PatternRunCharts, run.id)
    if stored is None:
        stored = PatternRunCharts(run_id=run.id, stamp=stamp, min_group=min_group, specs=specs)
        session.add(stored)
    else:
        stored.stamp, stored.min_group, stored.specs = stamp, min_group, specs
    session.flush()
    return stored


def current_charts(session: Session, run: PatternRun) -> PatternRunCharts | None:
    """The stored charts when they still show today's stories with today's threshold, else None."""
    stored = session.get(PatternRunCharts, run.id)
    if stored is None or stored.min_group != threshold():
        return None
    return stored if list(stored.stamp) == fingerprint(session, run) else None
