"""Sums of the published stories' numeric answers per region, week and chart bin, kept with the answer tallies.

A proposal's re-measurement (vertelpunt/proposals/measures.py) compares a slider before and after a date,
in the plan's regions and in the rest: count, sum and sum of squares per side and per bin of 20 points. Counted
from the answers that is a join of every answer to the question with its story, about half a second per
question at 100,000 stories, on a page anyone may open. ``week_sums`` keeps those sums per (project,
question, region, week, bin): a few thousand rows per question however many stories, read in milliseconds.

The rows are written where the answer tallies are (:mod:`vertelpunt.insights.tallies`: :func:`move_story`
inside ``move``, :func:`counted_rows` inside ``recount``) and are valid exactly when the tallies' stamp is: the
answers, week and region of a story never change after it is told, only whether it is published. So a reader
asks :func:`vertelpunt.insights.tallies.current_stamp` first and counts live otherwise.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from vertelpunt.db import dialect_insert
from vertelpunt.models import Answer, Story, StoryStatus, WeekSum
from vertelpunt.models.tallies import NO_REGION

#: Equal bins over 0..100 of the before/after chart (analysis.remeasure.CHART_BINS, checked in the tests).
CHART_BINS = 5
BIN_WIDTH = 100 / CHART_BINS


def chart_bin(number):
    """The chart bin (0..CHART_BINS-1) of an answer, as an SQL expression that is the same on SQLite and
    PostgreSQL (a cast to integer truncates on one and rounds on the other)."""
    return case(*[(number < BIN_WIDTH * (i + 1), i) for i in range(CHART_BINS - 1)], else_=CHART_BINS - 1)


def bin_of(number: float) -> int:
    """:func:`chart_bin` in Python, for one answer."""
    return next((i for i in range(CHART_BINS - 1) if number < BIN_WIDTH * (i + 1)), CHART_BINS - 1)


def _numeric(*where):
    return (Answer.number.is_not(None), Answer.is_na.is_(False), Answer.triad_a.is_(None), *where)


def move_story(session: Session, project_id: int, story_id: int, sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) one story's numeric answers: an upsert of SQL increments, as the
    answer tallies' ``move`` does, so two moderators at once both count."""
    found = session.execute(
        select(Answer.question_key, Story.region_id, Story.week, Answer.number)
        .join(Story, Story.id == Answer.story_id).where(*_numeric(Answer.story_id == story_id))).all()
    if not found:
        return
    rows = [{"project_id": project_id, "question_key": key, "region_id": region_id or NO_REGION, "week": week,
             "bin": bin_of(float(number)), "count": sign, "total": sign * float(number),
             "squares": sign * float(number) ** 2} for key, region_id, week, number in found]
    table = WeekSum.__table__
    statement = dialect_insert(session, table)
    session.execute(statement.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key.columns],
        set_={name: table.c[name] + statement.excluded[name] for name in ("count", "total", "squares")}), rows)


def counted_rows(session: Session, project_id: int) -> list[dict]:
    """Every week-sum row of the project, counted from its published stories' answers (GROUP BY)."""
    region = func.coalesce(Story.region_id, NO_REGION)
    grouped = (Answer.question_key, region, Story.week, chart_bin(Answer.number))
    found = session.execute(
        select(*grouped, func.count(), func.sum(Answer.number), func.sum(Answer.number * Answer.number))
        .join(Story, Story.id == Answer.story_id)
        .where(*_numeric(Story.project_id == project_id, Story.status == StoryStatus.PUBLISHED.value))
        .group_by(*grouped))
    return [{"project_id": project_id, "question_key": key, "region_id": region_id, "week": week, "bin": int(index),
             "count": int(n), "total": float(total), "squares": float(squares)}
            for key, region_id, week, index, n, total, squares in found]


def period_sums(session: Session, project_id: int, key: str, starts_week: date,
                region_ids: list[int] | None) -> list[tuple]:
    """(inside the regions, after the start, bin, count, sum, sum of squares) rows of one question, summed from
    the kept rows; the same rows as the live count in measures.py (tests/proposals/test_week_sums.py).
    With ``region_ids`` None every story is "inside"; otherwise a story without a region is left out."""
    after = case((WeekSum.week >= starts_week, 1), else_=0)
    inside = case((WeekSum.region_id.in_(region_ids), 1), else_=0) if region_ids is not None else 1
    where = [WeekSum.project_id == project_id, WeekSum.question_key == key]
    if region_ids is not None:
        where.append(WeekSum.region_id != NO_REGION)
    grouped = (inside, after, WeekSum.bin) if region_ids is not None else (after, WeekSum.bin)
    rows = session.execute(select(*grouped, func.sum(WeekSum.count), func.sum(WeekSum.total),
                                  func.sum(WeekSum.squares)).where(*where).group_by(*grouped)).all()
    rows = rows if region_ids is not None else [(1, *row) for row in rows]
    return [row for row in rows if int(row[3] or 0) > 0]
