"""From proposal to plan (the fourth step of the StoryCycle): tasks with their own owner and due date,
preconditions that are met or not, and a rhythm for progress updates with e-mail reminders.

Reminders go only to owners who agreed to them (``ProposalPlan.reminders_agreed``); each reminder that was sent
is kept (``PlanReminder``) so a daily run sends every one once, not every day.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import LabelledEnum, one_of
from vertelpunt.models.proposals import Proposal


class ConditionKind(LabelledEnum):
    BUDGET = "budget", "Budget"
    CAPACITY = "capacity", "Mensen en tijd"
    DECISION = "decision", "Een besluit"
    OTHER = "other", "Anders"


class ProposalPlan(Base):
    __tablename__ = "proposal_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    update_every_weeks: Mapped[int | None] = mapped_column(Integer)  # None: no rhythm agreed
    reminders_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_on: Mapped[date] = mapped_column(Date)  # the day the plan was made: the rhythm counts from here

    proposal: Mapped[Proposal] = relationship(
        backref=backref("plan", uselist=False, cascade="all, delete-orphan", passive_deletes=True))


class ProposalTask(Base):
    __tablename__ = "proposal_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_name: Mapped[str] = mapped_column(String(120))
    owner_email: Mapped[str | None] = mapped_column(String(254))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    proposal: Mapped[Proposal] = relationship(
        backref=backref("tasks", cascade="all, delete-orphan", passive_deletes=True,
                        order_by="(ProposalTask.due_on, ProposalTask.id)"))


class ProposalCondition(Base):
    __tablename__ = "proposal_conditions"
    __table_args__ = (CheckConstraint(one_of("kind", ConditionKind.values()), name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))
    met: Mapped[bool] = mapped_column(Boolean, default=False)

    proposal: Mapped[Proposal] = relationship(
        backref=backref("conditions", cascade="all, delete-orphan", passive_deletes=True,
                        order_by="ProposalCondition.id"))


class PlanReminder(Base):
    """One reminder that was sent: what about (``subject`` "update" or "task:<id>"), for which due date, and
    whether it said "binnenkort" or "te laat". The same three are never sent twice."""

    __tablename__ = "plan_reminders"
    __table_args__ = (UniqueConstraint("proposal_id", "subject", "due_on", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(10))  # "due" or "overdue"
    sent_on: Mapped[date] = mapped_column(Date)
