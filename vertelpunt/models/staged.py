"""An uploaded story file waiting between its preview and its confirmation (/beheer/projecten/<slug>/verhalen).

Kept in the database, not in a folder of one server: with two app servers behind nginx the confirmation may
land on the other one. The page carries only a random token; the row keeps its hash, so a database dump
does not hand out confirmable tokens. Only the admin who uploaded may confirm it, and rows older than an
hour are deleted by the periodic clean-up (vertelpunt/admin/staging.py).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.db import Base


class StagedUpload(Base):
    __tablename__ = "staged_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token, hex
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # None for a backup waiting to be restored (Beheer > Onderhoud), which belongs to no project.
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(40))
    # What the preview was made with (status, and for NarraFirma where the role comes from), so the
    # confirmed import is the previewed one whatever the confirmation form says.
    settings: Mapped[dict] = mapped_column(JSON)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)  # to the minute
