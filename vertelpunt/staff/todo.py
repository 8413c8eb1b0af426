"""What needs doing, for the staff start page: stories to review, proposals over date, sessions coming up.

Each a single COUNT in SQL with the same rules as the page it links to (the moderation queue, the proposal list
with ``overdue=1``, the session list), so the number on the start page is the length of the list behind it.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vertelpunt.models import Proposal, SensemakingSession, SessionStatus, Story, StoryStatus
from vertelpunt.proposals.queries import ProposalFilter, proposal_query


def stories_to_review(session: Session) -> int:
    """Moderation comes before publication, so moderators see every region: no region limit."""
    return session.scalar(select(func.count()).select_from(Story)
                          .where(Story.status == StoryStatus.PENDING.value)) or 0


def proposals_over_date(session: Session, region_ids: set[int] | None, today: date | None = None) -> int:
    listed = proposal_query(ProposalFilter(overdue_only=True), region_ids, today) \
        .with_only_columns(Proposal.id).order_by(None).subquery()
    return session.scalar(select(func.count()).select_from(listed)) or 0


def sessions_coming_up(session: Session, today: date | None = None) -> int:
    """Sessions from today on that are not closed yet."""
    return session.scalar(select(func.count()).select_from(SensemakingSession).where(
        SensemakingSession.held_on >= (today or date.today()),
        SensemakingSession.status != SessionStatus.CLOSED.value)) or 0
