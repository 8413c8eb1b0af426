"""Notes (post-its) at a table: verbazing, zorg, kans, idee.

An idea has two parts, "We zouden eigenlijk ... moeten doen" and "zodat ...", because in seed 003 loose
notes rarely became concrete proposals. Notes carry no timestamp; their id is their order.

A participant may correct or remove their own note while the session is open; before a note is posted,
likely personal data in it gets the same warning as a story (the participant may still post it, and the
board then flags it). A note the facilitator hid (see :mod:`vertelpunt.facilitate.takedown`) is left out
of every list here.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.facilitate.note_text import render_note
from vertelpunt.moderate.pii import describe_kinds, find_pii
from vertelpunt.models import Note, NoteKind, Participant, SensemakingSession, SessionStatus, SessionTable
from vertelpunt.models.proposals import proposal_notes
from vertelpunt.errors import VertelpuntError

MAX_TEXT = 500
KIND_LABELS = NoteKind.labels()
KIND_HINTS = {
    NoteKind.SURPRISE.value: "Wat verbaast je?",
    NoteKind.WORRY.value: "Waar maak je je zorgen over?",
    NoteKind.OPPORTUNITY.value: "Welke kans zie je?",
    NoteKind.IDEA.value: "We zouden eigenlijk ... moeten doen, zodat ...",
}


CLOSED_MESSAGE = "Deze sessie is gesloten. Je kunt je briefjes niet meer veranderen."


class NoteError(VertelpuntError):
    """A note that cannot be posted or changed; ``errors`` maps each field to a Dutch message (B1)."""


class NotYourNote(VertelpuntError, LookupError):
    """The note does not exist, was hidden, or belongs to someone else: the participant may not touch it."""


class PiiCheck(VertelpuntError):
    """The note seems to hold personal data and the participant has not yet said to post it anyway.

    ``kinds`` are the kinds of data found; the message (``wording``) names them for the participant."""

    kinds: list[str] = []

    @classmethod
    def found(cls, kinds: list[str]) -> PiiCheck:
        error = cls(describe_kinds(kinds))
        error.kinds = list(kinds)
        return error

    @property
    def wording(self) -> str:
        return self.message


def accepts_notes(item: SensemakingSession) -> bool:
    return item.status != SessionStatus.CLOSED.value


def pii_kinds_of(text: str, goal: str = "") -> list[str] | None:
    """Kinds of likely personal data in a note (the same finder as for stories), or None."""
    return sorted({match.kind for match in find_pii(f"{text}\n{goal}")}) or None


def _checked(kind: str, text: str, goal: str) -> tuple[str, str]:
    """Clean text and goal, or NoteError with Dutch messages per field."""
    errors: dict[str, str] = {}
    text, goal = (text or "").strip(), (goal or "").strip()
    if kind not in KIND_LABELS:
        errors["kind"] = "Kies wat voor briefje het is: verbazing, zorg, kans of idee."
    if kind == NoteKind.IDEA.value:
        if not text:
            errors["text"] = "Vul in wat we eigenlijk zouden moeten doen."
        if not goal:
            errors["goal"] = "Vul in wat het oplevert: zodat ..."
    elif not text:
        errors["text"] = "Schrijf iets op je briefje."
    for field, value in (("text", text), ("goal", goal)):
        if len(value) > MAX_TEXT and field not in errors:
            errors[field] = f"Je tekst is te lang. Gebruik hoogstens {MAX_TEXT} tekens."
    if errors:
        raise NoteError.per_field(errors)
    return text, goal


def add_note(session: Session, item: SensemakingSession, table: SessionTable, kind: str, text: str,
             goal: str = "", participant: Participant | None = None, author_name: str = "",
             card_id: int | None = None, pii_confirmed: bool = True) -> Note:
    """Add a note by a participant (who must belong to this session and table) or by the facilitator.

    With ``pii_confirmed`` False a note that seems to hold personal data is not saved: :class:`PiiCheck`
    is raised so the participant can first take it out (or post it anyway)."""
    if table.session_id != item.id:
        raise NoteError("Deze tafel hoort niet bij deze sessie.", "table")
    if participant is not None and (participant.session_id != item.id or participant.table_id != table.id):
        raise NoteError("Je kunt alleen briefjes plakken bij je eigen tafel.", "table")
    if not accepts_notes(item):
        raise NoteError("Deze sessie is gesloten. Je kunt geen briefjes meer toevoegen.", "text")
    text, goal = _checked(kind, text, goal)
    if card_id is not None and card_id not in {link.card_id for link in table.cards}:
        card_id = None
    kinds = pii_kinds_of(text, goal)
    if kinds and not pii_confirmed:
        raise PiiCheck.found(kinds)
    note = Note(session_id=item.id, table_id=table.id, participant_id=participant.id if participant else None,
                author_name=participant.display_name if participant else (author_name or "Begeleider")[:60],
                kind=kind, text=text, goal=goal if kind == NoteKind.IDEA.value else None, card_id=card_id,
                pii_kinds=kinds)
    session.add(note)
    session.flush()
    return note


def table_notes(session: Session, table: SessionTable, after_id: int = 0) -> list[Note]:
    """Notes of one table, oldest first; with ``after_id`` only the newer ones (for polling)."""
    query = (select(Note).where(Note.table_id == table.id, Note.id > after_id, Note.hidden_at.is_(None))
             .order_by(Note.id))
    return list(session.scalars(query))


def own_note(session: Session, participant: Participant, note_id: int) -> Note:
    """The participant's own, visible note with this id; anything else is :class:`NotYourNote`."""
    note = session.get(Note, note_id)
    if note is None or note.hidden_at is not None or note.participant_id is None \
            or note.participant_id != participant.id or note.session_id != participant.session_id:
        raise NotYourNote("Dit briefje kun je niet aanpassen.")
    return note


def edit_note(session: Session, item: SensemakingSession, note: Note, text: str, goal: str = "",
              pii_confirmed: bool = True) -> None:
    """Correct the text of an own note (its kind stays), while the session is open."""
    if not accepts_notes(item):
        raise NoteError(CLOSED_MESSAGE, "note")
    text, goal = _checked(note.kind, text, goal)
    kinds = pii_kinds_of(text, goal)
    if kinds and not pii_confirmed:
        raise PiiCheck.found(kinds)
    note.text, note.goal, note.pii_kinds = text, goal if note.kind == NoteKind.IDEA.value else None, kinds
    session.flush()


def delete_note(session: Session, item: SensemakingSession, note: Note) -> None:
    """Remove an own note for good, with its dots and its place in any proposal, while the session is open."""
    if not accepts_notes(item):
        raise NoteError(CLOSED_MESSAGE, "note")
    session.execute(proposal_notes.delete().where(proposal_notes.c.note_id == note.id))
    session.delete(note)
    session.flush()


def note_text(note: Note) -> str:
    """The text people read; the same function serves every page, feed, report and proposal."""
    return render_note(note.kind, note.text, note.goal)


def note_dict(note: Note) -> dict:
    return {"id": note.id, "kind": note.kind, "kind_label": KIND_LABELS.get(note.kind, note.kind),
            "text": note_text(note), "author": note.author_name, "table_id": note.table_id,
            "cluster_id": note.cluster_id, "pii": describe_kinds(note.pii_kinds or [])}
