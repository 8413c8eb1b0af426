"""Retention: delete stories older than a period, and forget deleted stories everywhere they were cited.

Stories are deleted with their answers and their links to cards, themes, tables and proposals by the
database's ON DELETE CASCADE. Stored pattern runs keep story ids inside their JSON snapshot; those are
scrubbed here too, as are the card story lists and the words only deleted stories used (card keywords,
theme words: vertelpunt.cards.copies), so a withdrawn or purged story leaves no trace in any list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vertelpunt.insights import tallies
from vertelpunt.cards import copies
from vertelpunt.models import PatternRun, Story
from vertelpunt.stories.withdrawn import current_secret_key, remember_withdrawn
from vertelpunt.errors import VertelpuntError

PERIOD = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.IGNORECASE)
DAYS_PER_UNIT = {"d": 1, "w": 7, "m": 30, "y": 365}


class RetentionError(VertelpuntError):
    """A retention request that cannot be carried out; the message is Dutch."""


def parse_period(text: str) -> timedelta:
    """'730d', '104w', '24m' or '2y' -> a timedelta (a month counts 30 days, a year 365)."""
    match = PERIOD.match(text or "")
    if not match or int(match.group(1)) == 0:
        raise RetentionError(f"'{text}' is geen geldige periode. Gebruik bijvoorbeeld 730d, 104w, 24m of 2y.")
    return timedelta(days=int(match.group(1)) * DAYS_PER_UNIT[match.group(2).lower()])


@dataclass(frozen=True)
class PurgeOutcome:
    cutoff: date
    stories: int


def purge_stories(session: Session, older_than: timedelta, today: date | None = None,
                  dry_run: bool = False) -> PurgeOutcome:
    """Delete every story told in a week before ``today - older_than`` (the caller commits)."""
    cutoff = (today or date.today()) - older_than
    old = list(session.execute(select(Story.id, Story.public_id, Story.project_id, Story.text, Story.title)
                               .where(Story.week < cutoff)))
    if not dry_run and old:
        ids = [row.id for row in old]
        for start in range(0, len(ids), 500):
            session.execute(delete(Story).where(Story.id.in_(ids[start:start + 500])))
        forget_story_ids(session, {row.public_id for row in old})
        for project_id in {row.project_id for row in old}:
            mine = [row for row in old if row.project_id == project_id]
            tallies.mark_changed(session, project_id)
            copies.after_deletion(session, project_id, {row.public_id for row in mine},
                                  [part for row in mine for part in (row.text, row.title)])
        remember_withdrawn(session, current_secret_key(), [row.public_id for row in old])  # no restore revives them
    return PurgeOutcome(cutoff, len(old))


def forget_story_ids(session: Session, public_ids: set[str]) -> int:
    """Remove these public ids from the story lists of stored pattern runs; returns the runs changed."""
    if not public_ids:
        return 0
    changed = 0
    for run in session.scalars(select(PatternRun)):
        patterns = run.result.get("patterns", [])
        if not any(set(p.get("story_ids") or ()) & public_ids for p in patterns):
            continue
        cleaned = [{**p, "story_ids": [i for i in p.get("story_ids") or () if i not in public_ids]} for p in patterns]
        run.result = {**run.result, "patterns": cleaned}  # a new dict, so the JSON column is saved
        changed += 1
    return changed
