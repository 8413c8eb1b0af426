"""What the public may see of a proposal: never an e-mail address, the owner's name only with consent.

The public pages get plain dicts built here, not model objects, so a template cannot leak a field by
accident.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.models import Project, Proposal
from vertelpunt.proposals.status import STATUS_LABELS, is_overdue


@dataclass(frozen=True)
class PublicCard:
    title: str
    observation: str


@dataclass(frozen=True)
class PublicUpdate:
    on: date
    text: str


@dataclass(frozen=True)
class PublicProposal:
    id: int
    title: str
    seen: str
    solution: str
    status: str
    status_label: str
    status_reason: str | None
    owner: str  # organisation, with the name in front only when the owner agreed
    due_on: date | None
    overdue: bool
    updates: tuple[PublicUpdate, ...]
    cards: tuple[PublicCard, ...]

    @property
    def latest_update(self) -> PublicUpdate | None:
        return self.updates[0] if self.updates else None


def public_view(proposal: Proposal, today: date | None = None) -> PublicProposal:
    owner = proposal.owner_organisation
    if proposal.owner_name_public and proposal.owner_name:
        owner = f"{proposal.owner_name} ({proposal.owner_organisation})"
    return PublicProposal(
        id=proposal.id, title=proposal.title, seen=proposal.seen, solution=proposal.solution,
        status=proposal.status, status_label=STATUS_LABELS.get(proposal.status, proposal.status),
        status_reason=proposal.status_reason, owner=owner, due_on=proposal.due_on,
        overdue=is_overdue(proposal, today),
        updates=tuple(PublicUpdate(on=u.on, text=u.text) for u in proposal.updates),
        # Only published cards of this project are public.
        cards=tuple(PublicCard(title=c.title, observation=c.observation) for c in proposal.cards
                    if c.is_published and c.project_id == proposal.project_id),
    )


def _query(project: Project):
    return (
        select(Proposal).where(Proposal.project_id == project.id)
        .options(selectinload(Proposal.updates), selectinload(Proposal.cards))
    )


def public_list(session: Session, project: Project, today: date | None = None) -> list[PublicProposal]:
    """Every proposal of the project, the ones still moving first, newest first within."""
    order = {"in_progress": 0, "chosen": 1, "proposed": 2, "realised": 3, "parked": 4, "rejected": 5}
    proposals = session.scalars(_query(project).order_by(Proposal.id.desc())).all()
    return [public_view(p, today) for p in sorted(proposals, key=lambda p: order.get(p.status, 9))]


def public_one(session: Session, project: Project, proposal_id: int, today: date | None = None) -> PublicProposal | None:
    proposal = session.scalar(_query(project).where(Proposal.id == proposal_id))
    return public_view(proposal, today) if proposal is not None else None
