"""Verbetervoorstellen: what a session proposes, who owns it, and what has happened with it since.

A proposal keeps its provenance (session, table, cluster, notes, cards, stories) so the public follow-up
page can show which observation cards it came from. Every change is kept in ``proposal_events``; progress
updates ("Wat is hiermee gebeurd?") are dated by day only.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import LabelledEnum, one_of, utcnow
from vertelpunt.models.cards import ObservationCard
from vertelpunt.models.geo import Region
from vertelpunt.models.projects import Project
from vertelpunt.models.sessions import Cluster, Note, SensemakingSession, SessionTable
from vertelpunt.models.stories import Story



class ProposalStatus(LabelledEnum):
    PROPOSED = "proposed", "Voorgesteld"
    CHOSEN = "chosen", "Gekozen"
    IN_PROGRESS = "in_progress", "In uitvoering"
    REALISED = "realised", "Gerealiseerd"
    REJECTED = "rejected", "Afgewezen"  # a reason is required
    PARKED = "parked", "Geparkeerd"


PROPOSAL_STATUS_VALUES = ProposalStatus.values()

proposal_notes = Table(
    "proposal_notes", Base.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("note_id", ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True),
)
proposal_cards = Table(
    "proposal_cards", Base.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("card_id", ForeignKey("observation_cards.id", ondelete="CASCADE"), primary_key=True),
)
proposal_stories = Table(
    "proposal_stories", Base.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
)


class Proposal(Base):
    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(one_of("status", PROPOSAL_STATUS_VALUES), name="known_status"),
        CheckConstraint("status <> 'rejected' OR status_reason IS NOT NULL", name="rejected_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sensemaking_sessions.id", ondelete="SET NULL"), index=True)
    table_id: Mapped[int | None] = mapped_column(ForeignKey("session_tables.id", ondelete="SET NULL"))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    seen: Mapped[str] = mapped_column(Text)  # "In de ervaringen zien we dat ..."
    solution: Mapped[str] = mapped_column(Text)  # "Als oplossing zien we ..."
    owner_name: Mapped[str] = mapped_column(String(120))
    owner_organisation: Mapped[str] = mapped_column(String(200))
    owner_email: Mapped[str | None] = mapped_column(String(254))
    owner_name_public: Mapped[bool] = mapped_column(Boolean, default=False)  # the owner agreed to be named
    deputy_name: Mapped[str | None] = mapped_column(String(120))
    deputy_organisation: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.PROPOSED.value)
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)  # staff action
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    project: Mapped[Project] = relationship()
    region: Mapped[Region | None] = relationship()
    session: Mapped[SensemakingSession | None] = relationship()
    table: Mapped[SessionTable | None] = relationship()
    cluster: Mapped[Cluster | None] = relationship()
    notes: Mapped[list[Note]] = relationship(secondary=proposal_notes, order_by=Note.id)
    cards: Mapped[list[ObservationCard]] = relationship(secondary=proposal_cards, order_by=ObservationCard.id)
    stories: Mapped[list[Story]] = relationship(secondary=proposal_stories, order_by=Story.id)
    updates: Mapped[list[ProposalUpdate]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(ProposalUpdate.on.desc(), ProposalUpdate.id.desc())",
    )
    events: Mapped[list[ProposalEvent]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ProposalEvent.id"
    )


class ProposalUpdate(Base):
    """A dated progress update: "Wat is hiermee gebeurd?"."""

    __tablename__ = "proposal_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(254))

    proposal: Mapped[Proposal] = relationship(back_populates="updates")


class ProposalEvent(Base):
    """One change to a proposal (field, old value, new value), for its history."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)  # staff action
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))  # created, changed, status, update
    detail: Mapped[dict] = mapped_column(JSON)
