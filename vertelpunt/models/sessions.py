"""Duidingssessies: a facilitated session with tables, the cards and stories each table reads, participants,
their notes (post-its), clusters of notes and dot votes.

Participants have no account: they join with the session's code and a display name; their browser keeps a
random token whose hash identifies them here. Nothing about their device or network is stored, and notes
carry no timestamp (their order is their id).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import LabelledEnum, one_of, utcnow
from vertelpunt.models.cards import ObservationCard
from vertelpunt.models.geo import Region
from vertelpunt.models.projects import Project
from vertelpunt.models.stories import Story




class SessionStatus(LabelledEnum):
    PLANNED = "planned", "gepland"
    OPEN = "open", "open"
    CLOSED = "closed", "gesloten"


class NoteKind(LabelledEnum):
    SURPRISE = "verbazing", "Verbazing"
    WORRY = "zorg", "Zorg"
    OPPORTUNITY = "kans", "Kans"
    IDEA = "idee", "Idee"  # "We zouden eigenlijk ... moeten doen, zodat ..."


SESSION_STATUS_VALUES = SessionStatus.values()
NOTE_KIND_VALUES = NoteKind.values()


class SensemakingSession(Base):
    __tablename__ = "sensemaking_sessions"
    __table_args__ = (CheckConstraint(one_of("status", SESSION_STATUS_VALUES), name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=SessionStatus.PLANNED.value)
    focus_card_id: Mapped[int | None] = mapped_column(ForeignKey("observation_cards.id", ondelete="SET NULL"))
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    voting_open: Mapped[bool] = mapped_column(Boolean, default=False)
    votes_revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    votes_per_participant: Mapped[int] = mapped_column(Integer, default=3)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)  # staff action

    project: Mapped[Project] = relationship()
    region: Mapped[Region | None] = relationship()
    focus_card: Mapped[ObservationCard | None] = relationship()
    tables: Mapped[list[SessionTable]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True, order_by="SessionTable.position"
    )


class SessionTable(Base):
    __tablename__ = "session_tables"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sensemaking_sessions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    perspectives: Mapped[str] = mapped_column(Text, default="")  # the intended mix: ouders, jongeren, ...
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[SensemakingSession] = relationship(back_populates="tables")
    cards: Mapped[list[TableCard]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="TableCard.position"
    )
    stories: Mapped[list[TableStory]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="TableStory.position"
    )


class TableCard(Base):
    __tablename__ = "table_cards"
    __table_args__ = (UniqueConstraint("table_id", "card_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("session_tables.id", ondelete="CASCADE"), index=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("observation_cards.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    card: Mapped[ObservationCard] = relationship()


class TableStory(Base):
    __tablename__ = "table_stories"
    __table_args__ = (UniqueConstraint("table_id", "story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("session_tables.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    story: Mapped[Story] = relationship()


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sensemaking_sessions.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int | None] = mapped_column(ForeignKey("session_tables.id", ondelete="SET NULL"), index=True)
    display_name: Mapped[str] = mapped_column(String(60))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)

    session: Mapped[SensemakingSession] = relationship()
    table: Mapped[SessionTable | None] = relationship()


class Cluster(Base):
    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sensemaking_sessions.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int | None] = mapped_column(ForeignKey("session_tables.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    notes: Mapped[list[Note]] = relationship(back_populates="cluster", order_by="Note.id")


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (CheckConstraint(one_of("kind", NOTE_KIND_VALUES), name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sensemaking_sessions.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("session_tables.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(60), default="")  # display name, or the facilitator
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)  # for an idea: what we should do
    goal: Mapped[str | None] = mapped_column(Text)  # for an idea: "zodat ..."
    card_id: Mapped[int | None] = mapped_column(ForeignKey("observation_cards.id", ondelete="SET NULL"))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"), index=True)
    pii_kinds: Mapped[list[str] | None] = mapped_column(JSON)  # likely personal data, flagged on the board
    # Taken down by the facilitator: the text is wiped and the note shows nowhere (the reason is in the audit log).
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    table: Mapped[SessionTable] = relationship()
    participant: Mapped[Participant | None] = relationship()
    cluster: Mapped[Cluster | None] = relationship(back_populates="notes")
    card: Mapped[ObservationCard | None] = relationship()


class Vote(Base):
    """One dot of a participant's dot-voting, on a note or on a cluster."""

    __tablename__ = "votes"
    __table_args__ = (
        CheckConstraint("(note_id IS NULL) <> (cluster_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sensemaking_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
