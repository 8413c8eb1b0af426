"""The dashboard's per-question charts from SQL counts, without loading every story.

A chart of one question needs only that question's distribution: how many stories gave each slider value,
chose each option, or were not answered. Those are a few hundred rows of ``GROUP BY`` over the answers of the
selected stories, where loading the stories themselves (``insights.scans.answer_table``) builds one ORM
object per answer: 58,000 for 1,000 stories. The counts are turned back into a small column per question
(values repeated by their count, "not answered" as missing), and ``analysis.chartspec.question_chart`` makes
the very spec it made from the full table, with the same small-group rules.

Rows of these columns are not stories: each question's column is ordered on its own, so a table from here
serves one-question charts only, never a comparison of two questions (patterns, cards and the region
comparison still read the stories).

A triad is drawn as points, one per story, each opening its story. At 100,000 stories that is a page of
megabytes, so the points are a sample (about one answer in k, spread by a hash of the story id, at most
``TRIAD_POINTS``) while ``n`` and the mean
point are computed over every answer in SQL; the spec says ``sample`` so the page can say so.
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.data import AnswerTable
from vertelpunt.forms.services import form_definition
from vertelpunt.insights import tallies
from vertelpunt.insights.records import StoryFilter, answers_of_selection, story_query
from vertelpunt.models import Answer, Project, Story

TRIAD_POINTS = 1500


def question_tables(session: Session, project: Project, story_filter: StoryFilter, region_ids: set[int] | None,
                    questions: list) -> dict[str, AnswerTable]:
    """One small AnswerTable per question (key -> table) with that question's answers among the selected stories.

    The counts come from the running tallies (:mod:`.tallies`) when they are in step and the filter is one
    their cells express; otherwise from a ``GROUP BY`` over the selected stories' answers. Both give the same
    rows, so the charts cannot tell them apart (tests/insights/test_tallies.py)."""
    shape = AnswerTable.from_records(form_definition(project.form), [])  # labels, categories and poles
    by_type: dict[str, list[str]] = {}
    for question in questions:
        by_type.setdefault(question.type, []).append(question.key)
    ids = story_query(project, story_filter, region_ids)
    counts = tallies.tallied(session, project.id, story_filter, region_ids, [q.key for q in questions])
    selected = None  # counted live: the condition on answers that holds for the selected stories, made once
    if counts is None:
        n, selected = live_selection(session, ids)
        counts = _live_counts(session, n, selected, by_type)
    n, values, answered_multi = counts.n, counts.values, counts.answered

    tables = {}
    for question in questions:
        own = {name: column for name, column in shape.columns.items() if column.question == question.key}
        rows = values.get(question.key, [])
        if question.type == "slider":
            tables[question.key] = _table(_slider(own, question.key, rows, n), n)
        elif question.type == "single_choice":
            tables[question.key] = _table(_single(own, question.key, rows, n), n)
        elif question.type == "multi_choice":
            tables[question.key] = _table(_multi(own, question.key, rows, answered_multi.get(question.key, 0), n), n)
        elif question.type == "triad":
            tables[question.key] = _triad(session, own, question, ids,
                                           counts.triads.get(question.key, tallies.NO_TRIAD) if counts.from_tallies else None,
                                           selected)
    return tables


def live_selection(session: Session, ids) -> tuple[int, object]:
    """How many stories ``ids`` selects, and the condition on answers that holds for theirs (None: none)."""
    n = session.scalar(select(func.count()).select_from(Story).where(ids.whereclause)) or 0
    return n, (answers_of_selection(session, ids, n) if n else None)


def _live_counts(session: Session, n: int, selected, by_type: dict[str, list[str]]) -> tallies.Tallied:
    """The same counts as the tallies give, by ``GROUP BY`` over the ``n`` selected stories' answers."""
    counts = tallies.Tallied(n, from_tallies=False)
    if not n:
        return counts
    counted = by_type.get("slider", []) + by_type.get("single_choice", []) + by_type.get("multi_choice", [])
    if counted:
        rows = session.execute(
            select(Answer.question_key, Answer.number, Answer.is_na, Answer.option_key, func.count())
            .where(Answer.question_key.in_(counted), selected)
            .group_by(Answer.question_key, Answer.number, Answer.is_na, Answer.option_key))
        for key, number, is_na, option, count in rows:
            counts.values.setdefault(key, []).append((number, is_na, option, count))
    if by_type.get("multi_choice"):
        counts.answered = dict(session.execute(
            select(Answer.question_key, func.count(func.distinct(Answer.story_id)))
            .where(Answer.question_key.in_(by_type["multi_choice"]), selected)
            .group_by(Answer.question_key)).all())
    return counts


def _table(columns: dict, n: int, public_ids=None) -> AnswerTable:
    ids = np.asarray(public_ids if public_ids is not None else np.zeros(n, dtype=object), dtype=object)
    return AnswerTable(columns, ids, np.full(len(ids), np.datetime64("NaT"), dtype="datetime64[D]"))


def _slider(own: dict, key: str, rows: list[tuple], n: int) -> dict:
    numbers = [(float(number), count) for number, is_na, _, count in rows if number is not None and not is_na]
    given = np.repeat([v for v, _ in numbers], [c for _, c in numbers]) if numbers else np.empty(0)
    column = np.full(n, np.nan)
    column[:len(given)] = given
    return {key: replace(own[key], values=column)}


def _single(own: dict, key: str, rows: list[tuple], n: int) -> dict:
    column = own[key]
    index = {category: code for code, category in enumerate(column.categories)}
    codes, start = np.full(n, -1, dtype=np.int64), 0
    for _, _, option, count in rows:
        if option in index:
            codes[start:start + count] = index[option]
            start += count
    return {key: replace(column, values=codes)}


def _multi(own: dict, key: str, rows: list[tuple], answered: int, n: int) -> dict:
    """Per option a yes/no column: the first ``answered`` rows answered the question, the first of those said yes
    to this option as often as the option was chosen (the chart counts per column, never across them)."""
    chosen = {option: count for _, _, option, count in rows}
    columns = {}
    for name, column in own.items():
        option = name.split("=", 1)[-1]
        codes = np.full(n, -1, dtype=np.int64)
        codes[:answered] = column.categories.index("nee")
        codes[:min(chosen.get(option, 0), answered)] = column.categories.index("ja")
        columns[name] = replace(column, values=codes)
    return columns


def _triad(session: Session, own: dict, question, ids, whole: tuple | None, selected) -> AnswerTable:
    """A sample of the triad's points among the stories ``ids`` selects; ``whole`` (answers and mean shares)
    from the tallies, else counted here under ``selected`` (the live path's condition on answers; None: no
    story is selected).

    With the tallies (a filter of regions, roles and completeness only) the answers are joined to their
    stories under the selection's own conditions, the sampling hash tested first: at 100,000 stories that reads
    the question's covering index once (20 ms) where "story_id IN (the selection)" probed a set per answer
    (70 ms). Any other filter keeps that set: SQLite plans the join under a period filter as a scan of the
    answers per story (6 s at 10,000 stories)."""
    given = (Answer.question_key == question.key, Answer.triad_a.is_not(None),
             ids.whereclause if selected is None else selected)
    if whole is None:
        whole = tallies.NO_TRIAD if selected is None else session.execute(
            select(func.count(), func.avg(Answer.triad_a), func.avg(Answer.triad_b), func.avg(Answer.triad_c))
            .where(*given)).one()
    answered, mean_a, mean_b, mean_c = whole
    step = max(1, math.ceil((answered or 0) / TRIAD_POINTS))
    sample = select(Story.public_id, Answer.triad_a, Answer.triad_b, Answer.triad_c).join(Story, Story.id == Answer.story_id)
    points = []
    if step > 1:  # about one in ``step`` answers, spread by a hash of the story id (ids may come in patterns)
        spread = (Answer.story_id * 7919 + 13) % 1000003 % step == 0
        points = session.execute(sample.where(Answer.question_key == question.key, spread, *given[1:])
                                 .order_by(Answer.story_id).limit(TRIAD_POINTS)).all()
    if not points and answered:
        points = session.execute(sample.where(*given).order_by(Answer.story_id).limit(TRIAD_POINTS)).all()
    shares = np.array([[a, b, c] for _, a, b, c in points], dtype=float).reshape(-1, 3) * 100
    columns = {name: replace(column, values=shares[:, corner]) for corner, (name, column) in enumerate(own.items())}
    table = _table(columns, len(points), [public_id for public_id, *_ in points])
    table.meta["triad"] = {"n": int(answered or 0), "means": [mean_a, mean_b, mean_c], "sample": len(points)}
    return table
