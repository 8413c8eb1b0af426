"""Creating and listing projects."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.audit.services import record
from vertelpunt.errors import VertelpuntError
from vertelpunt.forms.services import latest_form
from vertelpunt.geo.services import find_regions
from vertelpunt.models import Project, ProjectStatus, Story, StoryStatus, User

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")


class ProjectError(VertelpuntError):
    """A project request that cannot be carried out; the message is Dutch."""


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    complete: int = 0

    @property
    def published(self) -> int:
        return self.by_status.get(StoryStatus.PUBLISHED.value, 0)

    @property
    def pending(self) -> int:
        return self.by_status.get(StoryStatus.PENDING.value, 0)


def create_project(
    session: Session,
    slug: str,
    title: str,
    form_key: str,
    region_keys: list[str] | tuple[str, ...],
    intro: str = "",
    user: User | None = None,
) -> Project:
    if not SLUG_PATTERN.match(slug):
        raise ProjectError(
            f"'{slug}' is geen geldige korte naam: gebruik 3-60 kleine letters, cijfers en '-'."
        )
    if session.scalar(select(Project).where(Project.slug == slug)) is not None:
        raise ProjectError(f"Er bestaat al een project '{slug}'.")
    form = latest_form(session, form_key)
    if form is None:
        raise ProjectError(f"Onbekende vragenset '{form_key}'. Importeer die eerst met 'vertelpunt forms import'.")
    regions, unknown = find_regions(session, region_keys)
    if unknown:
        raise ProjectError(f"Onbekende regio '{unknown[0]}'.")
    project = Project(slug=slug, title=title, intro=intro, form=form, regions=regions)
    session.add(project)
    session.flush()
    record(session, "project.create", "project", slug, user, {"form": f"{form.key} v{form.version}"})
    return project


def get_project(session: Session, slug: str) -> Project | None:
    return session.scalar(
        select(Project).where(Project.slug == slug).options(selectinload(Project.regions))
    )


def list_open_projects(session: Session) -> list[Project]:
    return list(
        session.scalars(
            select(Project).where(Project.status == ProjectStatus.OPEN.value).order_by(Project.title)
        )
    )


def project_summaries(session: Session, region_ids: set[int] | None = None) -> list[ProjectSummary]:
    """Story counts per project and status; ``region_ids`` limits counting to those regions."""
    query = select(Story.project_id, Story.status, Story.is_complete, func.count()).group_by(
        Story.project_id, Story.status, Story.is_complete
    )
    if region_ids is not None:
        query = query.where(Story.region_id.in_(region_ids or {-1}))
    counts: dict[int, dict[str, int]] = {}
    complete: dict[int, int] = {}
    for project_id, status, is_complete, count in session.execute(query):
        per_status = counts.setdefault(project_id, {})
        per_status[status] = per_status.get(status, 0) + count
        if is_complete:
            complete[project_id] = complete.get(project_id, 0) + count
    projects = session.scalars(select(Project).order_by(Project.title).options(selectinload(Project.regions)))
    return [
        ProjectSummary(
            project=project,
            total=sum(counts.get(project.id, {}).values()),
            by_status=counts.get(project.id, {}),
            complete=complete.get(project.id, 0),
        )
        for project in projects
    ]


TITLE_MAX = 200


def update_project(session: Session, project: Project, title: str, intro: str,
                   region_keys: list[str] | tuple[str, ...], user: User | None = None) -> list[str]:
    """Change a project's title, intro and regions; returns the names of the fields that changed.

    Every check runs before anything is assigned, so a refused change leaves the project as it was. A
    region stays attached to its stories whatever the project's list says: the list only decides where new
    stories may come from and which viewers see the project.
    """
    title = title.strip()
    if not title:
        raise ProjectError("Geef het project een titel.")
    if len(title) > TITLE_MAX:
        raise ProjectError(f"De titel mag hoogstens {TITLE_MAX} tekens lang zijn.")
    regions, unknown = find_regions(session, region_keys)
    if unknown:
        raise ProjectError(f"Onbekende regio '{unknown[0]}'.")
    if not regions:
        raise ProjectError("Kies minstens één regio.")
    changed = []
    if project.title != title:
        project.title, changed = title, changed + ["title"]
    if project.intro != intro:
        project.intro, changed = intro, changed + ["intro"]
    if {r.id for r in project.regions} != {r.id for r in regions}:
        project.regions, changed = regions, changed + ["regions"]
    if changed:
        record(session, "project.update", "project", project.slug, user, {"fields": changed})
    session.flush()
    return changed


def set_project_status(session: Session, project: Project, status: str, user: User | None = None) -> bool:
    """Close or reopen a project (closed: the story form says so and accepts nothing); False if unchanged."""
    if status not in {s.value for s in ProjectStatus}:
        raise ProjectError(f"Onbekende status '{status}'.")
    if project.status == status:
        return False
    project.status = status
    record(session, "project.status", "project", project.slug, user, {"status": status})
    session.flush()
    return True
