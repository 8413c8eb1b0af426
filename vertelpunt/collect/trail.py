"""What became of one story, for the teller who holds its code ("Wat is er met mijn verhaal gebeurd?").

A teller has no account; the code from the thank-you page is the only key, so the page shows only what that
code opens: the story's state, and the public traces it left (published cards that use it, sessions where it
lay on a table, the proposals that came from those). The state says nothing about moderation beyond "not used":
why a story was hidden, marked as a duplicate or as spam stays with the moderators. The result is a plain
dataclass of strings, so a template cannot reach a model object and show more than this.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vertelpunt.models import (
    CardStatus, CardStory, ObservationCard, Project, Proposal, SensemakingSession, SessionStatus, SessionTable, Story,
    StoryStatus, TableStory,
)
from vertelpunt.models.proposals import proposal_cards, proposal_stories
from vertelpunt.proposals.status import STATUS_LABELS
from vertelpunt.stories.services import hash_withdrawal_code

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")

#: What a teller reads about the state of the story; every state a moderator can set that is not
#: "published" reads the same.
STATES = {
    StoryStatus.PENDING.value: ("wacht", "Je verhaal wacht nog op een controle. Daarna kunnen anderen ervan leren."),
    StoryStatus.PUBLISHED.value: ("gebruikt", ("Je verhaal is gecontroleerd en wordt gebruikt om de jeugdhulp "
                                               "te verbeteren.")),
}
NOT_USED = ("niet-gebruikt", "Je verhaal wordt niet gebruikt. Je kunt het hieronder verwijderen als je wilt.")


@dataclass(frozen=True)
class SessionTrace:
    name: str
    month: str  # "november 2026": no exact date, so the page does not pin a teller to a day


@dataclass(frozen=True)
class ProposalTrace:
    title: str
    status_label: str


@dataclass(frozen=True)
class StoryTrail:
    state: str  # "wacht", "gebruikt" or "niet-gebruikt"
    state_text: str
    cards: tuple[str, ...]
    sessions: tuple[SessionTrace, ...]
    proposals: tuple[ProposalTrace, ...]


def find_trail(session: Session, project: Project, code: str) -> StoryTrail | None:
    """The trail of the project's story with this withdrawal code, or None when no story has it.

    Parameters
    ----------
    session : Session
    project : Project
    code : str
        As the teller typed it (the hash ignores case, spaces and dashes the way withdrawal does).

    Returns
    -------
    StoryTrail or None
    """
    story = session.scalar(select(Story).where(Story.project_id == project.id,
                                               Story.withdrawal_hash == hash_withdrawal_code(code)))
    if story is None:
        return None
    state, state_text = STATES.get(story.status, NOT_USED)
    if story.status != StoryStatus.PUBLISHED.value:
        # an unpublished story is on no card or table that anyone sees; what it once fed is not shown either
        return StoryTrail(state, state_text, (), (), ())
    cards = session.scalars(
        select(ObservationCard).join(CardStory, CardStory.card_id == ObservationCard.id)
        .where(CardStory.story_id == story.id, ObservationCard.project_id == project.id,
               ObservationCard.status == CardStatus.PUBLISHED.value)
        .order_by(ObservationCard.published_at, ObservationCard.id)).all()
    sessions = session.scalars(
        select(SensemakingSession).join(SessionTable, SessionTable.session_id == SensemakingSession.id)
        .join(TableStory, TableStory.table_id == SessionTable.id)
        .where(TableStory.story_id == story.id, SensemakingSession.project_id == project.id,
               SensemakingSession.status != SessionStatus.PLANNED.value)
        .order_by(SensemakingSession.held_on, SensemakingSession.id).distinct()).all()
    card_ids = [card.id for card in cards]
    session_ids = [item.id for item in sessions]
    fed = [Proposal.session_id.in_(session_ids),
           Proposal.id.in_(select(proposal_stories.c.proposal_id).where(proposal_stories.c.story_id == story.id))]
    if card_ids:
        fed.append(Proposal.id.in_(select(proposal_cards.c.proposal_id).where(proposal_cards.c.card_id.in_(card_ids))))
    proposals = session.scalars(select(Proposal).where(Proposal.project_id == project.id, or_(*fed))
                                .order_by(Proposal.id)).all()
    return StoryTrail(
        state, state_text,
        cards=tuple(card.title for card in cards),
        sessions=tuple(SessionTrace(item.name, f"{MONTHS[item.held_on.month - 1]} {item.held_on.year}")
                       for item in sessions),
        proposals=tuple(ProposalTrace(p.title, STATUS_LABELS.get(p.status, p.status)) for p in proposals),
    )


__all__ = ["ProposalTrace", "SessionTrace", "StoryTrail", "find_trail"]
