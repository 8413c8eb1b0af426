"""Which projects a user may see, and the one rule for what belongs to a region.

A card or a proposal either names a region or none. One without a region is about the whole project, so it
belongs to **every region of its project**:

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

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.models import Project, project_regions


def visible_projects(session: Session, region_ids: Collection[int] | None) -> list[Project]:
    """All projects, by title; for a viewer (``region_ids`` not None) only those covering one of their regions."""
    projects = list(session.scalars(select(Project).order_by(Project.title, Project.id)
                                    .options(selectinload(Project.regions))))
    if region_ids is None:
        return projects
    return [p for p in projects if any(region.id in region_ids for region in p.regions)]


def in_regions(item, region_ids: Collection[int] | None) -> bool:
    """Whether ``item`` (a card or proposal: ``region_id`` and ``project``) belongs to one of ``region_ids``;
    ``None`` means every region (everyone but viewers)."""
    if region_ids is None:
        return True
    if item.region_id is not None:
        return item.region_id in region_ids
    return any(region.id in region_ids for region in item.project.regions)


def in_regions_clause(model, region_ids: Collection[int] | None) -> ColumnElement[bool] | None:
    """:func:`in_regions` as SQL for ``model`` (a table with ``region_id`` and ``project_id``); None: no condition."""
    if region_ids is None:
        return None
    wanted = set(region_ids) or {-1}
    covering = select(project_regions.c.project_id).where(project_regions.c.region_id.in_(wanted))
    return or_(model.region_id.in_(wanted), model.region_id.is_(None) & model.project_id.in_(covering))


def of_region_clause(model, region_id) -> ColumnElement[bool]:
    """The items of one region (an id, or a scalar subquery giving one): its own, and the project-wide ones of
    projects that cover it."""
    covering = select(project_regions.c.project_id).where(project_regions.c.region_id == region_id)
    return or_(model.region_id == region_id, model.region_id.is_(None) & model.project_id.in_(covering))
