"""Finding proposals for lists, exports and reports, respecting a viewer's regions.

What "of a region" means is decided in :mod:`vertelpunt.projects.visibility`: a proposal without a region
is about the whole project and belongs to every region of it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.models import Project, Proposal, Region
from vertelpunt.projects.visibility import in_regions, in_regions_clause, of_region_clause
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
        region_id = select(Region.id).where(Region.key == filters.region).scalar_subquery()
        query = query.where(of_region_clause(Proposal, region_id))
    if filters.status:
        query = query.where(Proposal.status == filters.status)
    if filters.overdue_only:
        query = query.where(Proposal.due_on < (today or date.today()), Proposal.status.not_in(SETTLED))
    viewer_regions = in_regions_clause(Proposal, region_ids)
    if viewer_regions is not None:
        query = query.where(viewer_regions)
    return query.order_by(Proposal.due_on.is_(None), Proposal.due_on, Proposal.id)


def list_proposals(session: Session, filters: ProposalFilter, region_ids: set[int] | None = None,
                   today: date | None = None) -> list[Proposal]:
    return list(session.scalars(proposal_query(filters, region_ids, today)))


def visible(proposal: Proposal, region_ids: set[int] | None) -> bool:
    """Whether a user limited to ``region_ids`` (None: every region) may see ``proposal``."""
    return in_regions(proposal, region_ids)
