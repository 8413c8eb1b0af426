"""Which projects a user may see, and the one rule for what belongs to a region.

An item (a card or a proposal) belongs to its own region; one without a region belongs to the region of
the sense-making session it came from (a proposal written at a Twente session shows that session's notes,
cards and stories, so it stays with Twente); one with neither is about the whole project and belongs to
**every region of its project**:

- a viewer (``region_ids``, from :func:`vertelpunt.accounts.access.visible_region_ids`) sees an item of one
  of their regions, and a project-wide item of a project that covers one of their regions;
- a region's list or deck holds the region's own items and the project-wide ones of that project, so a
  region without cards of its own still has a deck when its project has project-wide cards.

Card lists, card pages, decks, proposal lists, proposal pages and the progress report all ask this module,
in Python (:func:`in_regions`) or in SQL (:func:`in_regions_clause`, :func:`of_region_clause`), so the rule
cannot differ between a list and the page it links to.
"""
from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.models import Project, SensemakingSession, project_regions


def visible_projects(session: Session, region_ids: Collection[int] | None) -> list[Project]:
    """All projects, by title; for a viewer (``region_ids`` not None) only those covering one of their regions."""
    projects = list(session.scalars(select(Project).order_by(Project.title, Project.id)
                                    .options(selectinload(Project.regions))))
    if region_ids is None:
        return projects
    return [p for p in projects if any(region.id in region_ids for region in p.regions)]


def region_of(item) -> int | None:
    """The region id ``item`` belongs to: its own, else its session's; None when it is about the whole project."""
    if item.region_id is not None:
        return item.region_id
    session = getattr(item, "session", None)
    return session.region_id if session is not None else None


def in_regions(item, region_ids: Collection[int] | None) -> bool:
    """Whether ``item`` (a card or proposal: ``region_id``, ``project`` and perhaps ``session``) belongs to one of
    ``region_ids``; ``None`` means every region (everyone but viewers)."""
    if region_ids is None:
        return True
    region_id = region_of(item)
    if region_id is not None:
        return region_id in region_ids
    return any(region.id in region_ids for region in item.project.regions)


def _region_column(model):
    """:func:`region_of` as SQL."""
    if not hasattr(model, "session_id"):
        return model.region_id
    session_region = (select(SensemakingSession.region_id).where(SensemakingSession.id == model.session_id)
                      .correlate(model).scalar_subquery())
    return func.coalesce(model.region_id, session_region)


def in_regions_clause(model, region_ids: Collection[int] | None) -> ColumnElement[bool] | None:
    """:func:`in_regions` as SQL for ``model`` (a table with ``region_id`` and ``project_id``); None: no condition."""
    if region_ids is None:
        return None
    wanted = set(region_ids) or {-1}
    region = _region_column(model)
    covering = select(project_regions.c.project_id).where(project_regions.c.region_id.in_(wanted))
    return or_(region.in_(wanted), region.is_(None) & model.project_id.in_(covering))


def of_region_clause(model, region_id) -> ColumnElement[bool]:
    """The items of one region (an id, or a scalar subquery giving one): its own, and the project-wide ones of
    projects that cover it."""
    region = _region_column(model)
    covering = select(project_regions.c.project_id).where(project_regions.c.region_id == region_id)
    return or_(region == region_id, region.is_(None) & model.project_id.in_(covering))
