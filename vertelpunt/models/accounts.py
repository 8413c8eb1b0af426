"""Staff accounts. Tellers never have an account."""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Integer, String, Table, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.db import Base
from vertelpunt.models.geo import Region


class UserRole(str, enum.Enum):
    ADMIN = "admin"
    ANALYST = "analyst"
    MODERATOR = "moderator"
    FACILITATOR = "facilitator"
    VIEWER = "viewer"  # regional policy staff, limited to their regions


USER_ROLE_VALUES = tuple(role.value for role in UserRole)
#: The Dutch word staff see for each account role (account pages, overview, audit log).
USER_ROLE_LABELS = {"admin": "beheerder", "analyst": "analist", "moderator": "moderator",
                    "facilitator": "begeleider", "viewer": "kijker (alleen eigen regio's)"}

user_regions = Table(
    "user_regions",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN (" + ", ".join(repr(value) for value in USER_ROLE_VALUES) + ")", name="known_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_on: Mapped[date] = mapped_column(Date, default=date.today)
    # Raised at every logout: a session cookie carries the version it was issued with, so a copy of the
    # cookie made before the logout no longer opens anything (signed cookies cannot be revoked otherwise).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # Failed logins of this account from anywhere, counted in the database so that the count holds across
    # worker processes, machines and restarts (vertelpunt/accounts/throttle.py); staff data, not tellers'.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    failed_logins_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    regions: Mapped[list[Region]] = relationship(secondary=user_regions, order_by=Region.name)

    @property
    def is_active(self) -> bool:  # flask-login
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == UserRole.ADMIN.value

    def has_role(self, *roles: str) -> bool:
        return self.role == UserRole.ADMIN.value or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
