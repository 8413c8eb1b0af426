"""The history of a proposal: one ProposalEvent per change, plus an audit event for the staff trail.

Both are written in the same transaction as the change itself, so a change never exists without its
history line.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from vertelpunt.audit.services import record
from vertelpunt.models import Proposal, ProposalEvent, ProposalStatus, User

FIELD_LABELS = {
    "title": "Titel",
    "seen": "In de ervaringen zien we dat ...",
    "solution": "Als oplossing zien we ...",
    "owner_name": "Naam eigenaar",
    "owner_organisation": "Organisatie eigenaar",
    "owner_email": "E-mail eigenaar",
    "owner_name_public": "Naam eigenaar openbaar",
    "deputy_name": "Naam plaatsvervanger",
    "deputy_organisation": "Organisatie plaatsvervanger",
    "due_on": "Klaar op",
    "region_id": "Regio",
    "status": "Status",
    "status_reason": "Reden",
}
ACTION_LABELS = {"created": "Aangemaakt", "changed": "Gewijzigd", "status": "Status gewijzigd", "update": "Voortgang"}


def plain(value: Any) -> Any:
    """Values as JSON can hold them: dates as ISO text."""
    if isinstance(value, date):
        return value.isoformat()
    return value


def log(session: Session, proposal: Proposal, user: User | None, action: str, detail: dict[str, Any]) -> ProposalEvent:
    """Add a history line and the matching audit event (committed by the caller)."""
    actor = user.email if user is not None else "cli"
    event = ProposalEvent(actor=actor, action=action, detail=detail)
    proposal.events.append(event)
    record(session, f"proposal.{action}", "proposal", proposal.id, user, detail)
    return event


def describe(event: ProposalEvent) -> list[str]:
    """Readable Dutch lines for the history table."""
    detail = event.detail or {}
    if event.action == "changed":
        return [
            f"{FIELD_LABELS.get(name, name)}: {_show(old)} → {_show(new)}"
            for name, (old, new) in sorted(detail.get("changes", {}).items())
        ]
    if event.action == "status":
        labels = ProposalStatus.labels()
        line = f"{labels.get(detail.get('from'), detail.get('from'))} → {labels.get(detail.get('to'), detail.get('to'))}"
        return [line + (f" (reden: {detail['reason']})" if detail.get("reason") else "")]
    if event.action == "update":
        return [f"{detail.get('on', '')}: {detail.get('text', '')}"]
    if event.action == "created":
        return [f"Voorstel “{detail.get('title', '')}” aangemaakt"]
    return [str(detail)]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(leeg)"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    return str(value)
