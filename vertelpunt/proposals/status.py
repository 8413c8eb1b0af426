"""Status rules of a proposal.

voorgesteld → gekozen → in uitvoering → gerealiseerd, with afgewezen (reason required) and geparkeerd as
side roads. A rejected proposal can be reopened (back to voorgesteld); a parked one picks up where it fits.
Gerealiseerd can be reopened to "in uitvoering" only: in practice a realised change sometimes turns out not
to work, and pretending otherwise on the public page would be worse than admitting it.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from vertelpunt.models import Proposal, ProposalStatus, User
from vertelpunt.proposals.history import log
from vertelpunt.errors import VertelpuntError

P = ProposalStatus
STATUS_LABELS = ProposalStatus.labels()
TRANSITIONS: dict[str, tuple[str, ...]] = {
    P.PROPOSED.value: (P.CHOSEN.value, P.REJECTED.value, P.PARKED.value),
    P.CHOSEN.value: (P.IN_PROGRESS.value, P.REJECTED.value, P.PARKED.value),
    P.IN_PROGRESS.value: (P.REALISED.value, P.PARKED.value, P.REJECTED.value),
    P.PARKED.value: (P.PROPOSED.value, P.CHOSEN.value, P.IN_PROGRESS.value),
    P.REJECTED.value: (P.PROPOSED.value,),
    P.REALISED.value: (P.IN_PROGRESS.value,),
}
# Statuses in which a due date no longer matters.
SETTLED = (P.REALISED.value, P.REJECTED.value, P.PARKED.value)
MAX_REASON = 2000


class StatusError(VertelpuntError):
    """A status change that is not allowed; the message is Dutch."""


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_overdue(proposal: Proposal, today: date | None = None) -> bool:
    """Over datum: the due date has passed and the proposal is still open."""
    today = today or date.today()
    return proposal.due_on is not None and proposal.due_on < today and proposal.status not in SETTLED


def change_status(session: Session, proposal: Proposal, new_status: str, user: User | None, reason: str = "") -> None:
    """Move the proposal to ``new_status`` if the rules allow it; rejection needs a reason."""
    reason = (reason or "").strip()
    if new_status not in STATUS_LABELS:
        raise StatusError("Kies een bestaande status.")
    if new_status == proposal.status:
        raise StatusError(f"Het voorstel heeft de status “{STATUS_LABELS[new_status].lower()}” al.")
    if new_status not in allowed_next(proposal.status):
        raise StatusError(
            f"Van “{STATUS_LABELS[proposal.status].lower()}” naar “{STATUS_LABELS[new_status].lower()}” kan niet."
        )
    if new_status == P.REJECTED.value and not reason:
        raise StatusError("Schrijf op waarom het voorstel is afgewezen.")
    if len(reason) > MAX_REASON:
        raise StatusError(f"De reden is te lang (hoogstens {MAX_REASON} tekens).")
    old = proposal.status
    proposal.status = new_status
    # A reason belongs to a rejection or parking; other statuses drop an old reason.
    proposal.status_reason = reason or None if new_status in (P.REJECTED.value, P.PARKED.value) else None
    detail = {"from": old, "to": new_status}
    if reason:
        detail["reason"] = reason
    log(session, proposal, user, "status", detail)
