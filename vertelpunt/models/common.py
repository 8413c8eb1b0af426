"""Small helpers the model modules share: the time of a staff action, "one of these values" checks, and
enums that carry their Dutch label."""
from __future__ import annotations

import enum
from datetime import datetime, timezone


class LabelledEnum(str, enum.Enum):
    """A stored value with the Dutch word staff see for it (``PENDING = "pending", "Te beoordelen"``).

    The label lives beside the value so that pages, exports, reports and commands all read the same word
    from one place, and a new member cannot be added without one.
    """

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """Every stored value, in the order of the members (for CHECK constraints and click choices)."""
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Stored value -> Dutch label, in the order of the members."""
        return {member.value: member.label for member in cls}


def utcnow() -> datetime:
    """Now, in UTC: for staff actions only (tellers' stories keep just their week)."""
    return datetime.now(timezone.utc)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CheckConstraint that keeps ``column`` to a known set of values."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"
