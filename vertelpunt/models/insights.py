"""A pattern run: a stored snapshot of one pattern scan, so cards can cite exactly what they rest on."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import utcnow
from vertelpunt.models.projects import Project



class PatternRun(Base):
    __tablename__ = "pattern_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)  # staff action
    created_by: Mapped[str] = mapped_column(String(254))
    form_id: Mapped[int] = mapped_column(ForeignKey("story_forms.id"))
    filters: Mapped[dict] = mapped_column(JSON)
    options: Mapped[dict] = mapped_column(JSON)
    n_stories: Mapped[int] = mapped_column(Integer)
    n_notable: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict] = mapped_column(JSON)

    project: Mapped[Project] = relationship()
