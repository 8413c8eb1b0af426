"""Finding proposals for lists, exports and reports, respecting a viewer's regions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.models import Project, Proposal, Region
from vertelpunt.proposals.status import SETTLED


@dataclass(frozen=True)
class ProposalFilter:
    project: str = ""  # slug
    region: str = ""  # key
    status: str = ""
    overdue_only: bool = False

    @classmethod
    def from_args(cls, args) -> ProposalFilter:
        return cls(project=args.get("project", "").strip(), region=args.get("region", "").strip(),
                   status=args.get("status", "").strip(), overdue_only=args.get("overdue") in ("1", "on", "y"))


def proposal_query(filters: ProposalFilter, region_ids: set[int] | None = None, today: date | None = None):
    """``region_ids`` None = every region; a set (a viewer's regions) hides proposals outside it."""
    query = select(Proposal).options(selectinload(Proposal.updates), selectinload(Proposal.region),
                                     selectinload(Proposal.project), selectinload(Proposal.cards))
    if filters.project:
        query = query.join(Project, Project.id == Proposal.project_id).where(Project.slug == filters.project)
    if filters.region:
        query = query.join(Region, Region.id == Proposal.region_id).where(Region.key == filters.region)
    if filters.status:
        query = query.where(Proposal.status == filters.status)
    if filters.overdue_only:
        query = query.where(Proposal.due_on < (today or date.today()), Proposal.status.not_in(SETTLED))
    if region_ids is not None:
        query = query.where(Proposal.region_id.in_(region_ids or {-1}))
    return query.order_by(Proposal.due_on.is_(None), Proposal.due_on, Proposal.id)


def list_proposals(session: Session, filters: ProposalFilter, region_ids: set[int] | None = None,
                   today: date | None = None) -> list[Proposal]:
    return list(session.scalars(proposal_query(filters, region_ids, today)))


def visible(proposal: Proposal, region_ids: set[int] | None) -> bool:
    return region_ids is None or proposal.region_id in region_ids
