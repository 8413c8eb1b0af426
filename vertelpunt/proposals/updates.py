"""Progress updates: "Wat is hiermee gebeurd?", dated by day."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from vertelpunt.models import Proposal, ProposalUpdate, User
from vertelpunt.proposals.history import log
from vertelpunt.errors import VertelpuntError

MIN_TEXT, MAX_TEXT = 5, 2000


class UpdateError(VertelpuntError):
    """An update that cannot be saved; ``field`` says which input it is about."""


def add_update(session: Session, proposal: Proposal, text: str, on: str | date | None, user: User | None,
               today: date | None = None) -> ProposalUpdate:
    today = today or date.today()
    text = (text or "").strip()
    if isinstance(on, date):
        day = on
    elif not on:
        day = today
    else:
        try:
            day = date.fromisoformat(on.strip())
        except ValueError:
            raise UpdateError("Vul een datum in, bijvoorbeeld 2026-12-31.", "on") from None
    if day > today:
        raise UpdateError("Een update gaat over wat er al gebeurd is: kies vandaag of eerder.", "on")
    if len(text) < MIN_TEXT:
        raise UpdateError(f"Schrijf op wat er is gebeurd (minstens {MIN_TEXT} tekens).", "text")
    if len(text) > MAX_TEXT:
        raise UpdateError(f"Dit is te lang (hoogstens {MAX_TEXT} tekens).", "text")
    update = ProposalUpdate(on=day, text=text, author=user.email if user is not None else "cli")
    proposal.updates.append(update)
    log(session, proposal, user, "update", {"on": day.isoformat(), "text": text})
    return update


def latest_update(proposal: Proposal) -> ProposalUpdate | None:
    """The newest update (the relationship is ordered newest first)."""
    return proposal.updates[0] if proposal.updates else None
