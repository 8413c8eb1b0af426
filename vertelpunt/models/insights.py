"""A pattern run: a stored snapshot of one pattern scan, so cards can cite exactly what they rest on.

Every scan of a project is kept. Together they form one family: ``ProjectFdrState`` carries the online
false-discovery procedure (LORD++, analysis/online_fdr.py) from one scan to the next, and
``ExpectedLink`` the question pairs an analyst judged "verwacht", so later scans list them apart.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
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
    # What the project's family added to this scan (None for scans made before it existed):
    # the question pairs that were expected and why, the smallest detectable effects, and per pattern
    # key its place in the project's LORD++ stream, its level and the project-wide verdict.
    expected: Mapped[list | None] = mapped_column(JSON)
    power: Mapped[dict | None] = mapped_column(JSON)
    online: Mapped[dict | None] = mapped_column(JSON)

    project: Mapped[Project] = relationship()


class PatternRunCharts(Base):
    """The scan page's charts of one run, drawn from the stories when the run is made (or redrawn by a job
    since), with the fingerprint of the stories they were drawn from (vertelpunt/insights/scan_charts.py).

    In the database rather than in a process's memory: it survives a restart and every server reads the same.
    ``specs`` holds per notable pattern key the chart spec twice: ``hidden`` with small groups hidden (everyone
    but admins), ``shown`` without; ``min_group`` is the threshold they were drawn with.
    """

    __tablename__ = "pattern_run_charts"

    run_id: Mapped[int] = mapped_column(ForeignKey("pattern_runs.id", ondelete="CASCADE"), primary_key=True)
    stamp: Mapped[list] = mapped_column(JSON)
    min_group: Mapped[int] = mapped_column(Integer)
    specs: Mapped[dict] = mapped_column(JSON)
    drawn_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProjectFdrState(Base):
    """The LORD++ state of one project's stream of tests (analysis.online_fdr.LordState), one row per project.

    Scans of the project lock this row while they take their levels (SELECT ... FOR UPDATE on PostgreSQL;
    on SQLite the first write serialises them), so two scans at once never reuse a position.
    """

    __tablename__ = "project_fdr_states"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    alpha: Mapped[float] = mapped_column(Float)
    w0: Mapped[float] = mapped_column(Float)
    tests: Mapped[int] = mapped_column(Integer, default=0)
    rejections: Mapped[list] = mapped_column(JSON)  # 1-based positions of the discoveries, in order
    spent: Mapped[float] = mapped_column(Float, default=0.0)
    scans: Mapped[int] = mapped_column(Integer, default=0)


class ExpectedLink(Base):
    """A question pair an analyst marked "verwacht" in a scan of the project: later scans list it apart."""

    __tablename__ = "expected_links"
    __table_args__ = (UniqueConstraint("project_id", "question_a", "question_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    question_a: Mapped[str] = mapped_column(String(60))  # the pair is stored sorted
    question_b: Mapped[str] = mapped_column(String(60))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("pattern_runs.id", ondelete="SET NULL"))
    marked_by: Mapped[str] = mapped_column(String(254))
