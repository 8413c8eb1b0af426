"""Recording staff actions in the audit trail, in the same transaction as the action they describe."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vertelpunt.models import AuditEvent, User


def record(
    session: Session,
    action: str,
    target_type: str,
    target_id: object | None = None,
    user: User | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session; it is committed together with the action it describes."""
    event = AuditEvent(
        user_id=user.id if user is not None and user.id is not None else None,
        actor=user.email if user is not None else "cli",
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        detail=detail,
    )
    session.add(event)
    return event
