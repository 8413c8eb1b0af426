"""Themes in story texts: run topic finding on a filtered set of published stories and store the result.

A ThemeRun keeps the topics (top words, size, typical stories by public id) and one ThemeMember row per
story that belongs to a topic, so "only the jeugd-ggz stories" or "only theme 3" can be scanned and
shown on the dashboard later through ``StoryFilter(theme_run=..., themes=...)``. Members are rows, not
ids in JSON, so a withdrawn story leaves every theme.
"""
from __future__ import annotations

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.errors import AnalysisError
from analysis.themes import find_themes
from vertelpunt.audit.services import record
from vertelpunt.insights.records import StoryFilter, story_query
from vertelpunt.models import Project, Story, StoryStatus, ThemeMember, ThemeRun, User
from vertelpunt.errors import VertelpuntError

MIN_TOPICS, MAX_TOPICS = 2, 12
MIN_STORIES = 20


class ThemeError(VertelpuntError):
    """A theme run that cannot be made; the message is Dutch."""


def _word(item) -> str:
    return str(getattr(item, "word", item))


def _weight(weights: np.ndarray, row: int, topic: int) -> float:
    weights = np.asarray(weights)
    value = weights[row, topic] if weights.ndim == 2 else weights[row]
    return float(value) if np.isfinite(value) else 0.0


def check_enough(n_stories: int, n_topics: int) -> None:
    """Refuse a run that cannot be made, in Dutch: a number of topics out of range, or too few stories for it."""
    if not MIN_TOPICS <= n_topics <= MAX_TOPICS:
        raise ThemeError(f"Kies tussen {MIN_TOPICS} en {MAX_TOPICS} thema's.")
    needed = max(MIN_STORIES, 5 * n_topics)
    if n_stories < needed:
        raise ThemeError(f"Te weinig gepubliceerde verhalen met tekst ({n_stories}); voor {n_topics} thema's "
                         f"zijn er minstens {needed} nodig. Kies minder thema's of een ruimere selectie.")


def count_stories(session: Session, project: Project, story_filter: StoryFilter,
                  region_ids: set[int] | None = None) -> int:
    """How many stories a run with this filter would read, counted in SQL: the form checks it before a job starts."""
    ids = story_query(project, story_filter, region_ids).subquery()
    return session.scalar(select(func.count()).select_from(ids)) or 0


def _texts(session: Session, project: Project, story_filter: StoryFilter, region_ids: set[int] | None) -> list:
    ids = story_query(project, story_filter, region_ids).subquery()
    return session.execute(select(Story.id, Story.public_id, Story.text)
                           .where(Story.id.in_(select(ids.c.id))).order_by(Story.id)).all()


def run_themes(session: Session, project: Project, story_filter: StoryFilter, n_topics: int, user: User | None,
               region_ids: set[int] | None = None) -> ThemeRun:
    """Find ``n_topics`` themes in the filtered published stories; adds the run (the caller commits)."""
    stories = _texts(session, project, story_filter, region_ids)
    check_enough(len(stories), n_topics)
    texts = [text or "" for _, _, text in stories]
    try:
        result = find_themes(texts, n_topics, seed=0)
    except AnalysisError as error:
        raise ThemeError(f"Geen thema's gevonden: {error.message}. Kies minder thema's of een ruimere selectie.") from None
    topics = [{"index": int(topic.index), "label": str(topic.label), "words": [_word(w) for w in topic.words],
               "size": int(topic.size), "typical": [stories[int(i)][1] for i in topic.typical]}
              for topic in result.topics]
    run = ThemeRun(project=project, created_by=user.email if user is not None else "cli",
                   filters=story_filter.to_dict(), n_stories=len(stories), n_topics=n_topics, topics=topics)
    session.add(run)
    session.flush()
    assignment = np.asarray(result.assignment)
    for row, topic in enumerate(assignment):
        if int(topic) >= 0:
            session.add(ThemeMember(run_id=run.id, story_id=stories[row][0], topic=int(topic),
                                    weight=_weight(result.weights, row, int(topic))))
    record(session, "themes.run", "theme_run", run.id, user=user,
           detail={"project": project.slug, "n_topics": n_topics, "n_stories": len(stories)})
    session.flush()
    return run


def theme_runs(session: Session, project: Project | None = None) -> list[ThemeRun]:
    query = select(ThemeRun).order_by(ThemeRun.created_at.desc(), ThemeRun.id.desc())
    if project is not None:
        query = query.where(ThemeRun.project_id == project.id)
    return list(session.scalars(query))


def typical_stories(session: Session, run: ThemeRun) -> dict[str, Story]:
    """The typical stories of a run by public id, only those still published (hidden ones drop out)."""
    wanted = {public_id for topic in run.topics for public_id in topic.get("typical", [])}
    if not wanted:
        return {}
    found = session.scalars(select(Story).where(Story.public_id.in_(wanted), Story.status == StoryStatus.PUBLISHED.value))
    return {story.public_id: story for story in found}


def theme_filter(run: ThemeRun, topic: int) -> StoryFilter:
    """The run's own filter narrowed to one of its topics (for scans and the dashboard)."""
    if topic not in {int(t.get("index", i)) for i, t in enumerate(run.topics)}:
        raise ThemeError(f"Thema {topic} hoort niet bij deze thema-indeling.")
    base = StoryFilter.from_dict(run.filters or {})
    return StoryFilter(**{**base.__dict__, "theme_run": run.id, "themes": (topic,)})
