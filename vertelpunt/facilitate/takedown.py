"""Taking a note down: the facilitator hides a note that holds a name or a hurtful line.

Hiding is final and thorough, because the point is that the words are gone: the note's text is wiped
from the database (so it does not linger in backups either), its dots are removed, it leaves its cluster
and every proposal's provenance, and where a proposal's title or texts still hold the note's words (they
were prefilled from it), those words are replaced by a marker, in the proposal's history too. The reason
goes into the audit log, never the text itself.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vertelpunt.audit.services import record
from vertelpunt.facilitate.note_text import render_note
from vertelpunt.models import AuditEvent, Note, Proposal, ProposalEvent, SensemakingSession, User, Vote
from vertelpunt.models.proposals import proposal_notes
from vertelpunt.errors import VertelpuntError

MAX_REASON = 300
MARKER = "[briefje weggehaald]"
MIN_COPY = 4  # shorter words are too common to replace safely


class TakedownError(VertelpuntError):
    """A note that cannot be hidden, or no reason; the message is Dutch."""


def _copies(note: Note) -> list[str]:
    """The forms in which the note's words may have been copied into a proposal, longest first."""
    forms = {render_note(note.kind, note.text, note.goal), (note.text or "").strip(), (note.goal or "").strip()}
    forms |= {" ".join(form.split()) for form in forms}
    return sorted((form for form in forms if len(form) >= MIN_COPY), key=len, reverse=True)


def _scrub(value: Any, copies: list[str]) -> Any:
    """``value`` (text or JSON) with every copy of the note's words replaced by :data:`MARKER`."""
    if isinstance(value, str):
        for copy in copies:
            value = re.sub(r"(?<!\w)" + re.escape(copy) + r"(?!\w)", MARKER, value)
        return value
    if isinstance(value, list):
        return [_scrub(item, copies) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, copies) for key, item in value.items()}
    return value


def _title_copies(copies: list[str]) -> list[str]:
    """A prefilled title is the note's words cut at 200 characters with "…"."""
    from vertelpunt.proposals.services import LIMITS, _shorten

    return [_shorten(copy, LIMITS["title"]) for copy in copies]


def _scrub_proposals(session: Session, item: SensemakingSession, note: Note, user: User | None) -> list[int]:
    """Replace the note's words in the session's proposals and their history; returns the changed ids."""
    copies = _copies(note)
    changed = []
    for proposal in session.scalars(select(Proposal).where(Proposal.session_id == item.id)):
        fields = []
        for name in ("title", "seen", "solution"):
            old = getattr(proposal, name) or ""
            new = _scrub(old, _title_copies(copies) + copies if name == "title" else copies)
            if new != old:
                setattr(proposal, name, new)
                fields.append(name)
        for event in proposal.events:
            event.detail = _scrub(event.detail, copies + _title_copies(copies))
        if fields:
            changed.append(proposal.id)
            proposal.events.append(ProposalEvent(actor=user.email if user else "cli", action="note_hidden",
                                                 detail={"note": note.id, "fields": fields}))
        # The audit trail of each proposal ("proposal.created" holds the prefilled title) is scrubbed too.
        for event in session.scalars(select(AuditEvent).where(AuditEvent.target_type == "proposal",
                                                              AuditEvent.target_id == str(proposal.id))):
            event.detail = _scrub(event.detail, copies + _title_copies(copies))
    return changed


def hide_note(session: Session, item: SensemakingSession, note: Note, reason: str, user: User | None) -> None:
    """Take the note down everywhere, with the facilitator's reason in the audit log."""
    if note.session_id != item.id:
        raise TakedownError("Dit briefje hoort niet bij deze sessie.")
    if note.hidden_at is not None:
        raise TakedownError("Dit briefje is al verborgen.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise TakedownError("Schrijf kort op waarom je het briefje verbergt, bijvoorbeeld: er staat een naam in.")
    if len(reason) > MAX_REASON:
        raise TakedownError(f"De reden mag hoogstens {MAX_REASON} tekens zijn.")
    proposals = _scrub_proposals(session, item, note, user)
    session.execute(delete(Vote).where(Vote.note_id == note.id))
    session.execute(proposal_notes.delete().where(proposal_notes.c.note_id == note.id))
    note.text, note.goal, note.pii_kinds, note.cluster_id = "", None, None, None
    note.hidden_at = datetime.now(timezone.utc)
    session.flush()
    record(session, "note.hide", "note", note.id, user,
           {"session_id": item.id, "table_id": note.table_id, "reason": reason, "proposals_changed": proposals})


def hidden_count(session: Session, item: SensemakingSession) -> int:
    return len(session.scalars(select(Note.id).where(Note.session_id == item.id, Note.hidden_at.is_not(None))).all())
