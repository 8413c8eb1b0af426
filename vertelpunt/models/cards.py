"""Observation cards (observatiekaarten) and the analyst's verdicts on patterns.

A card always remembers the PatternRun it came from and the pattern in it (``pattern_key`` is
``"<column a>|<column b>"``), so anyone can check what it rests on. The drafted numbers (statistics table,
chart data, keywords) live in ``content`` as a snapshot: a card does not change when new stories arrive. No
story words are copied into it: quotes are references (``CardStory.sentence``), see vertelpunt/cards/quotes.py.
Story links are rows, not ids in JSON, so withdrawing a story removes it from every card (ON DELETE
CASCADE).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import LabelledEnum, one_of, utcnow
from vertelpunt.models.geo import Region
from vertelpunt.models.insights import PatternRun
from vertelpunt.models.projects import Project
from vertelpunt.models.stories import Story



class CardStatus(LabelledEnum):
    CONCEPT = "concept", "Concept"
    PUBLISHED = "published", "Gepubliceerd"


class Verdict(LabelledEnum):
    NOTABLE = "opvallend", "Opvallend"
    MAYBE = "misschien", "Misschien"
    NO = "nee", "Nee"
    EXPECTED = "verwacht", "Verwacht"  # a relation that speaks for itself: carried to later scans of the project


CARD_STATUS_VALUES = CardStatus.values()
VERDICT_VALUES = Verdict.values()



class PatternMark(Base):
    """An analyst's verdict on one pattern of a stored run: opvallend, misschien, nee or verwacht."""

    __tablename__ = "pattern_marks"
    __table_args__ = (
        UniqueConstraint("run_id", "pattern_key"),
        CheckConstraint(one_of("verdict", VERDICT_VALUES), name="known_verdict"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("pattern_runs.id", ondelete="CASCADE"), index=True)
    pattern_key: Mapped[str] = mapped_column(String(250))
    verdict: Mapped[str] = mapped_column(String(20))
    marked_by: Mapped[str] = mapped_column(String(254))

    run: Mapped[PatternRun] = relationship()


class ObservationCard(Base):
    __tablename__ = "observation_cards"
    __table_args__ = (CheckConstraint(one_of("status", CARD_STATUS_VALUES), name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("pattern_runs.id"), index=True)
    pattern_key: Mapped[str] = mapped_column(String(250))
    # The region the card is for (deck per region); None = the whole project.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    observation: Mapped[str] = mapped_column(Text, default="")
    interpretation_a: Mapped[str] = mapped_column(Text, default="")
    interpretation_b: Mapped[str] = mapped_column(Text, default="")
    n: Mapped[int] = mapped_column(Integer)
    filters: Mapped[dict] = mapped_column(JSON)
    content: Mapped[dict] = mapped_column(JSON)  # drafted snapshot: questions, stats table, chart, keywords
    status: Mapped[str] = mapped_column(String(20), default=CardStatus.CONCEPT.value)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)  # staff action
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    project: Mapped[Project] = relationship()
    run: Mapped[PatternRun] = relationship()
    region: Mapped[Region | None] = relationship()
    stories: Mapped[list[CardStory]] = relationship(
        back_populates="card", cascade="all, delete-orphan", passive_deletes=True, order_by="CardStory.position"
    )

    @property
    def is_published(self) -> bool:
        return self.status == CardStatus.PUBLISHED.value


class CardStory(Base):
    """A typical story on a card, with the sentence quoted from it.

    The quote is a reference (``sentence``: which sentence of the story text), not a copy: the words are read
    from the stored story each time, so a redaction or hiding reaches every card at once.
    """

    __tablename__ = "card_stories"
    __table_args__ = (UniqueConstraint("card_id", "story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("observation_cards.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    sentence: Mapped[int | None] = mapped_column(Integer)  # index into analysis.text.sentences(story.text)

    card: Mapped[ObservationCard] = relationship(back_populates="stories")
    story: Mapped[Story] = relationship()

    @property
    def quote(self) -> str | None:
        """The quoted sentence as the story reads now (None when the story is not published)."""
        from vertelpunt.cards.quotes import quote_of

        return quote_of(self)
