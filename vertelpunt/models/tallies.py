"""Kept results about the published stories, so pages at 100,000 stories do not count millions of answers per view.

``AnswerTally`` holds, per cell (project, region, role, completeness), how many published stories gave each
answer: the rows a ``GROUP BY`` over the answers would give, already summed. ``TallyStamp`` says which set of
published stories the tallies count, as a fingerprint that the stories table gives again in one cheap query
(:mod:`vertelpunt.insights.tallies`); tallies whose stamp does not match are not read.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, Boolean, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.db import Base

NO_REGION = 0  # region_id of the kept rows of stories without a region (a primary key has no NULL)


class AnswerTally(Base):
    """One answer's count in one cell. ``question_key`` '' counts the stories themselves; ``value`` encodes the
    answer (:func:`vertelpunt.insights.tallies.answer_value`); a triad's row also sums its three shares."""

    __tablename__ = "answer_tallies"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # NO_REGION: a story without one
    role: Mapped[str] = mapped_column(String(40), primary_key=True)
    is_complete: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    question_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    sum_a: Mapped[float | None] = mapped_column(Float)
    sum_b: Mapped[float | None] = mapped_column(Float)
    sum_c: Mapped[float | None] = mapped_column(Float)


class WeekSum(Base):
    """The numeric answers of one question in one region, week and chart bin: how many, their sum and their sum of
    squares (:mod:`vertelpunt.insights.week_sums`), what a proposal's re-measurement compares before and after its
    start. Written with the answer tallies and valid under the same stamp."""

    __tablename__ = "week_sums"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    question_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # NO_REGION: a story without one
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    bin: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[float] = mapped_column(Float, default=0.0)
    squares: Mapped[float] = mapped_column(Float, default=0.0)


class TallyStamp(Base):
    """The fingerprint of the published stories a project's tallies count (see the tallies service)."""

    __tablename__ = "tally_stamps"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    stories: Mapped[int] = mapped_column(BigInteger, default=0)
    id_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    hash_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    complete_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    last_public_id: Mapped[str] = mapped_column(String(12), default="")  # of the published story with the largest id


class ListRule(Base):
    """The small-group rule of one story list (:class:`analysis.disclosure.MaskRule`), kept for the story page.

    ``key`` names the list (its filters, the viewer's regions and the threshold); ``stamp`` which stories it
    held when the rule was made (:mod:`vertelpunt.insights.list_rules`). A rule whose stamp no longer matches
    the list is never applied."""

    __tablename__ = "list_rules"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    stamp: Mapped[list] = mapped_column(JSON)
    rule: Mapped[dict] = mapped_column(JSON)
