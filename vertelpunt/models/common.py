"""Small helpers the model modules share: the time of a staff action, and "one of these values" checks."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Now, in UTC: for staff actions only (tellers' stories keep just their week)."""
    return datetime.now(timezone.utc)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CheckConstraint that keeps ``column`` to a known set of values."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"
