"""Which stories a card may show: published, complete stories of the card's project, nothing else.

The table a card is drafted from already holds only published stories; the database is asked again before
any story is linked, so a story hidden, withdrawn or awaiting moderation is never proposed or linked.
"""
from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.data import AnswerTable
from vertelpunt.models import Project, Story, StoryStatus


def published_ids(session: Session, project: Project, public_ids, complete_only: bool = True) -> set[str]:
    """The subset of ``public_ids`` that are published (and complete) stories of ``project``."""
    wanted = {str(pid) for pid in public_ids}
    if not wanted:
        return set()
    query = select(Story.public_id).where(Story.project_id == project.id, Story.status == StoryStatus.PUBLISHED.value,
                                          Story.public_id.in_(wanted))
    if complete_only:
        query = query.where(Story.is_complete.is_(True))
    return set(session.scalars(query))


def eligible_mask(session: Session, project: Project, table: AnswerTable) -> np.ndarray:
    """A boolean mask over the table's rows: the stories a card may propose."""
    allowed = published_ids(session, project, table.public_ids.tolist())
    return np.array([pid in allowed for pid in table.public_ids.tolist()], dtype=bool)


def published_story(session: Session, project: Project, public_id: str) -> Story | None:
    return session.scalar(select(Story).where(Story.project_id == project.id, Story.public_id == public_id,
                                              Story.status == StoryStatus.PUBLISHED.value))
