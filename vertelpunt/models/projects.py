"""A project is one Vertelpunt campaign (national, a region, a theme) with its own landing page."""
from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.forms import StoryForm
from vertelpunt.models.geo import Region


class ProjectStatus(str, enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


project_regions = Table(
    "project_regions",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=ProjectStatus.OPEN.value)
    form_id: Mapped[int] = mapped_column(ForeignKey("story_forms.id"), index=True)
    created_on: Mapped[date] = mapped_column(Date, default=date.today)
    # Who is responsible for the stories, shown on the project's privacy statement (empty: not filled in yet).
    privacy_controller: Mapped[str] = mapped_column(String(200), default="", server_default="")
    privacy_contact: Mapped[str] = mapped_column(String(300), default="", server_default="")
    privacy_dpo: Mapped[str] = mapped_column(String(300), default="", server_default="")
    privacy_retention: Mapped[str] = mapped_column(String(100), default="", server_default="")

    form: Mapped[StoryForm] = relationship()
    regions: Mapped[list[Region]] = relationship(secondary=project_regions, order_by=Region.name)

    @property
    def is_open(self) -> bool:
        return self.status == ProjectStatus.OPEN.value

    def __repr__(self) -> str:
        return f"<Project {self.slug}>"
