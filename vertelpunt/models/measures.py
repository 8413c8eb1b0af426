"""What a proposal means to change, so the stories told after it can show whether it did (re-measurement).

One plan per proposal: the questions (each with the direction that counts as better), the regions the change
applies to (none: the proposal's own region, or the whole project when it has none) and the date from which
it applies. The stories themselves are the measurement; nothing else is stored.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.common import utcnow
from vertelpunt.models.proposals import Proposal


class ProposalMeasure(Base):
    __tablename__ = "proposal_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)  # stories from the week of this day on count as "after"
    region_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions: Mapped[list[dict]] = mapped_column(JSON)  # [{"key": "clarity", "direction": "higher"}, ...]
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    proposal: Mapped[Proposal] = relationship(
        backref=backref("measure", uselist=False, cascade="all, delete-orphan", passive_deletes=True))
