"""A withdrawal code waiting, for a few minutes, to be shown once on the thank-you page.

The story POST answers with a redirect to /bedankt (so a refresh never sends the story again), and the
code must get from one request to the next without travelling in the session cookie, which is signed but
readable by anyone who holds it. The cookie carries only a random ticket; this row holds the code sealed
with a key derived from that ticket, found by a hash of the ticket. So neither the cookie alone nor the
database alone shows the code, the row is deleted the moment the page shows it (or when it expires),
and it has no link to the story it belongs to.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.db import Base


class ThanksTicket(Base):
    __tablename__ = "thanks_tickets"

    ticket_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), nullable=False)
    sealed_code: Mapped[bytes] = mapped_column(LargeBinary(64), nullable=False)
    verteltafel: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
