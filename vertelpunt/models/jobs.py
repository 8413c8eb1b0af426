"""Long work that runs in the background (a deck PDF, a report): who asked, how far it is, what came out.

A job row is written by the request that starts it and then only by the worker that runs it
(``vertelpunt.jobs.runner``). Its result, a file, lives in ``job_results`` so that listing jobs never loads
the bytes. Both are short-lived: results go after ``JOB_RESULT_DAYS`` and as soon as a withdrawal or a
redaction changes what they contain (``vertelpunt.jobs.services``).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import LabelledEnum, one_of


class JobState(LabelledEnum):
    QUEUED = "wachtrij", "In de wachtrij"
    RUNNING = "bezig", "Bezig"
    DONE = "klaar", "Klaar"
    FAILED = "mislukt", "Mislukt"


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(one_of("state", JobState.values()), name="known_state"),
        CheckConstraint("steps_done >= 0 AND steps_done <= steps_total", name="steps_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # What the result is about, so a withdrawal or redaction in the project finds the results to delete.
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    params: Mapped[dict] = mapped_column(JSON)  # what to make, as the starting page read it from the URL
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # to the minute: staff work, coarse
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(12), default=JobState.QUEUED.value)
    steps_done: Mapped[int] = mapped_column(Integer, default=0)
    steps_total: Mapped[int] = mapped_column(Integer, default=1)
    step_text: Mapped[str] = mapped_column(String(200), default="")
    message: Mapped[str | None] = mapped_column(String(500))  # Dutch, for the person; details are in the log
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The worker renews this while it works; a "bezig" job whose lease ran out lost its worker.
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Public ids of the stories whose text the result holds (None: any story of the project may be in it).
    story_ids: Mapped[list | None] = mapped_column(JSON)
    result_name: Mapped[str | None] = mapped_column(String(200))  # the file's download name
    result_type: Mapped[str | None] = mapped_column(String(100))  # its media type
    result_size: Mapped[int | None] = mapped_column(Integer)
    result_url: Mapped[str | None] = mapped_column(String(300))  # a page instead of a file (a pattern run)

    result: Mapped["JobResult | None"] = relationship(back_populates="job", cascade="all, delete-orphan",
                                                      passive_deletes=True, uselist=False, lazy="select")


class JobResult(Base):
    """The bytes of a job's file, one row per job, deleted with it."""

    __tablename__ = "job_results"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)

    job: Mapped[Job] = relationship(back_populates="result")
