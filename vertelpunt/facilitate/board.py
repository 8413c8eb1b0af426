"""The facilitator's board: clusters of notes per table, the timer and the focus card.

Clustering during the session (not afterwards) was a lesson of seed 003; a note moves into a cluster by
drag and drop or by a plain form, so the board works with a keyboard and without JavaScript.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from vertelpunt.facilitate.planning import session_cards
from vertelpunt.models import Cluster, Note, SensemakingSession, SessionTable
from vertelpunt.errors import VertelpuntError

MAX_TIMER_MINUTES = 180


class BoardError(VertelpuntError):
    """A board action that cannot be done; the message is Dutch."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _cluster_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise BoardError("Geef het cluster een naam.")
    if len(name) > 200:
        raise BoardError("De naam van een cluster mag hoogstens 200 tekens zijn.")
    return name


def _unused_name(session: Session, table_id: int | None, name: str, cluster_id: int | None = None) -> str:
    """Two clusters of one name on a table would be two places for the same thought, and a proposal made from
    one would be hard to tell from the other: names differ per table, whatever their capitals."""
    taken = session.scalars(select(Cluster.name).where(Cluster.table_id == table_id, Cluster.id != (cluster_id or 0)))
    if name.casefold() in {other.casefold() for other in taken}:
        raise BoardError(f"Er is al een cluster '{name}' aan deze tafel. Kies een andere naam of sleep de briefjes "
                         "in dat cluster.")
    return name


def create_cluster(session: Session, item: SensemakingSession, table: SessionTable, name: str) -> Cluster:
    if table.session_id != item.id:
        raise BoardError("Deze tafel hoort niet bij deze sessie.")
    name = _unused_name(session, table.id, _cluster_name(name))
    position = len(session.scalars(select(Cluster.id).where(Cluster.table_id == table.id)).all())
    cluster = Cluster(session_id=item.id, table_id=table.id, name=name, position=position)
    session.add(cluster)
    session.flush()
    return cluster


def rename_cluster(cluster: Cluster, name: str) -> None:
    cluster.name = _unused_name(object_session(cluster), cluster.table_id, _cluster_name(name), cluster.id)


def delete_cluster(session: Session, cluster: Cluster) -> None:
    """The notes stay; they are simply no longer in a cluster."""
    for note in list(cluster.notes):
        note.cluster_id = None
    session.delete(cluster)
    session.flush()


def move_note(session: Session, item: SensemakingSession, note: Note, cluster_id: int | None) -> None:
    """Put a note in a cluster of its own table, or take it out (``cluster_id`` None)."""
    if note.session_id != item.id or note.hidden_at is not None:
        raise BoardError("Dit briefje hoort niet bij deze sessie.")
    if cluster_id is None:
        note.cluster_id = None
        return
    cluster = session.get(Cluster, cluster_id)
    if cluster is None or cluster.session_id != item.id:
        raise BoardError("Dat cluster bestaat niet in deze sessie.")
    if cluster.table_id not in (None, note.table_id):
        raise BoardError("Een briefje kan alleen in een cluster van zijn eigen tafel.")
    note.cluster_id = cluster.id
    session.flush()


def clusters_of(session: Session, item: SensemakingSession) -> dict[int | None, list[Cluster]]:
    """Clusters per table id."""
    grouped: dict[int | None, list[Cluster]] = {}
    query = select(Cluster).where(Cluster.session_id == item.id).order_by(Cluster.position, Cluster.id)
    for cluster in session.scalars(query):
        grouped.setdefault(cluster.table_id, []).append(cluster)
    return grouped


def session_notes(session: Session, item: SensemakingSession, after_id: int = 0) -> list[Note]:
    """The session's notes that are not hidden, oldest first; with ``after_id`` only the newer ones."""
    query = (select(Note).where(Note.session_id == item.id, Note.id > after_id, Note.hidden_at.is_(None))
             .order_by(Note.id))
    return list(session.scalars(query))


def start_timer(item: SensemakingSession, minutes, now: datetime | None = None) -> None:
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise BoardError("Vul een aantal minuten in.") from None
    if not 1 <= minutes <= MAX_TIMER_MINUTES:
        raise BoardError(f"Kies tussen 1 en {MAX_TIMER_MINUTES} minuten.")
    item.timer_ends_at = (now or _now()) + timedelta(minutes=minutes)


def stop_timer(item: SensemakingSession) -> None:
    item.timer_ends_at = None


def remaining_seconds(item: SensemakingSession, now: datetime | None = None) -> int | None:
    """Seconds left on the timer (0 when it ran out), or None when no timer is set."""
    if item.timer_ends_at is None:
        return None
    ends = item.timer_ends_at
    if ends.tzinfo is None:  # SQLite hands back naive datetimes
        ends = ends.replace(tzinfo=timezone.utc)
    return max(0, int((ends - (now or _now())).total_seconds()))


def set_focus(item: SensemakingSession, card_id: int | None) -> None:
    """Show one of the session's cards at every table (None clears the focus)."""
    if card_id is None:
        item.focus_card = None
        return
    card = next((card for card in session_cards(item) if card.id == card_id), None)
    if card is None:
        raise BoardError("Kies een kaart die op een van de tafels ligt.")
    item.focus_card = card


def live_state(item: SensemakingSession, now: datetime | None = None) -> dict:
    """What every table shows besides its notes: focus card, timer, voting, whether notes are accepted."""
    card = item.focus_card if item.focus_card is not None and item.focus_card.is_published else None
    return {
        "status": item.status,
        "focus": {"id": card.id, "title": card.title, "observation": card.observation} if card else None,
        "timer_seconds": remaining_seconds(item, now),
        "voting_open": item.voting_open,
        "votes_revealed": item.votes_revealed,
    }
