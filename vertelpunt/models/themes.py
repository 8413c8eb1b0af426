"""Theme runs: topics found in story texts, and which stories belong to each.

Members are rows, not ids in JSON, so a withdrawn story leaves every theme (ON DELETE CASCADE).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import utcnow
from vertelpunt.models.projects import Project


class ThemeRun(Base):
    """Topics found in story texts (NMF over TF-IDF), stored so a thematic subset can be scanned again."""

    __tablename__ = "theme_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)  # staff action
    filters: Mapped[dict] = mapped_column(JSON)
    n_stories: Mapped[int] = mapped_column(Integer)
    n_topics: Mapped[int] = mapped_column(Integer)
    topics: Mapped[list] = mapped_column(JSON)  # [{index, label, words, typical: [public ids], size}]

    project: Mapped[Project] = relationship()


class ThemeMember(Base):
    """Which stories belong to a theme of a run (rows, so a withdrawn story leaves every theme)."""

    __tablename__ = "theme_members"
    __table_args__ = (UniqueConstraint("run_id", "story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_runs.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    topic: Mapped[int] = mapped_column(Integer)
    weight: Mapped[float] = mapped_column(Float, default=0.0)
