"""Notes (post-its) at a table: verbazing, zorg, kans, idee.

An idea has two parts, "We zouden eigenlijk ... moeten doen" and "zodat ...", because in seed 003 loose
notes rarely became concrete proposals. Notes carry no timestamp; their id is their order.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.models import Note, NoteKind, Participant, SensemakingSession, SessionStatus, SessionTable

MAX_TEXT = 500
KIND_LABELS = {
    NoteKind.SURPRISE.value: "Verbazing",
    NoteKind.WORRY.value: "Zorg",
    NoteKind.OPPORTUNITY.value: "Kans",
    NoteKind.IDEA.value: "Idee",
}
KIND_HINTS = {
    NoteKind.SURPRISE.value: "Wat verbaast je?",
    NoteKind.WORRY.value: "Waar maak je je zorgen over?",
    NoteKind.OPPORTUNITY.value: "Welke kans zie je?",
    NoteKind.IDEA.value: "We zouden eigenlijk ... moeten doen, zodat ...",
}


class NoteError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def accepts_notes(item: SensemakingSession) -> bool:
    return item.status != SessionStatus.CLOSED.value


def add_note(session: Session, item: SensemakingSession, table: SessionTable, kind: str, text: str,
             goal: str = "", participant: Participant | None = None, author_name: str = "",
             card_id: int | None = None) -> Note:
    """Add a note by a participant (who must belong to this session and table) or by the facilitator."""
    if table.session_id != item.id:
        raise NoteError({"table": "Deze tafel hoort niet bij deze sessie."})
    if participant is not None and (participant.session_id != item.id or participant.table_id != table.id):
        raise NoteError({"table": "Je kunt alleen briefjes plakken bij je eigen tafel."})
    if not accepts_notes(item):
        raise NoteError({"text": "Deze sessie is gesloten. Je kunt geen briefjes meer toevoegen."})
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
    if card_id is not None and card_id not in {link.card_id for link in table.cards}:
        card_id = None
    if errors:
        raise NoteError(errors)
    note = Note(session_id=item.id, table_id=table.id, participant_id=participant.id if participant else None,
                author_name=participant.display_name if participant else (author_name or "Begeleider")[:60],
                kind=kind, text=text, goal=goal if kind == NoteKind.IDEA.value else None, card_id=card_id)
    session.add(note)
    session.flush()
    return note


def table_notes(session: Session, table: SessionTable, after_id: int = 0) -> list[Note]:
    """Notes of one table, oldest first; with ``after_id`` only the newer ones (for polling)."""
    query = select(Note).where(Note.table_id == table.id, Note.id > after_id).order_by(Note.id)
    return list(session.scalars(query))


def note_text(note: Note) -> str:
    if note.kind == NoteKind.IDEA.value:
        return f"We zouden eigenlijk {note.text} moeten doen, zodat {note.goal}"
    return note.text


def note_dict(note: Note) -> dict:
    return {"id": note.id, "kind": note.kind, "kind_label": KIND_LABELS.get(note.kind, note.kind),
            "text": note_text(note), "author": note.author_name, "table_id": note.table_id,
            "cluster_id": note.cluster_id}
