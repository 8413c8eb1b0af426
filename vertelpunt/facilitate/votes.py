"""Dot voting: each participant has a few dots for notes or clusters of their own table.

Totals stay hidden (from participants and on the board) until the facilitator reveals them, so early
dots do not steer later ones.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vertelpunt.models import Cluster, Note, Participant, SensemakingSession, Vote
from vertelpunt.errors import VertelpuntError


class VoteError(VertelpuntError):
    """A dot that cannot be placed or removed; the message is Dutch (B1)."""


def set_voting(item: SensemakingSession, open_: bool, per_participant=None) -> None:
    if per_participant not in (None, ""):
        try:
            number = int(per_participant)
        except (TypeError, ValueError):
            raise VoteError("Vul een aantal stippen in.") from None
        if not 1 <= number <= 10:
            raise VoteError("Kies tussen 1 en 10 stippen per deelnemer.")
        item.votes_per_participant = number
    item.voting_open = open_


def reveal(item: SensemakingSession, revealed: bool = True) -> None:
    item.votes_revealed = revealed


def _target(session: Session, participant: Participant, note_id=None, cluster_id=None):
    if note_id:
        target = session.get(Note, int(note_id))
    elif cluster_id:
        target = session.get(Cluster, int(cluster_id))
    else:
        raise VoteError("Kies een briefje of cluster.")
    if target is None or target.session_id != participant.session_id or target.table_id != participant.table_id:
        raise VoteError("Je kunt alleen stemmen op briefjes en clusters van je eigen tafel.")
    return target


def votes_used(session: Session, participant: Participant) -> int:
    return session.scalar(select(func.count(Vote.id)).where(Vote.participant_id == participant.id)) or 0


def cast(session: Session, item: SensemakingSession, participant: Participant, note_id=None, cluster_id=None) -> Vote:
    if not item.voting_open:
        raise VoteError("Stemmen kan nu niet. De begeleider zet het stemmen aan.")
    target = _target(session, participant, note_id, cluster_id)
    if votes_used(session, participant) >= item.votes_per_participant:
        raise VoteError(f"Je hebt al je {item.votes_per_participant} stippen gebruikt. Haal er eerst een weg.")
    vote = Vote(session_id=item.id, participant_id=participant.id,
                note_id=target.id if isinstance(target, Note) else None,
                cluster_id=target.id if isinstance(target, Cluster) else None)
    session.add(vote)
    session.flush()
    return vote


def withdraw(session: Session, item: SensemakingSession, participant: Participant, note_id=None, cluster_id=None) -> None:
    if not item.voting_open:
        raise VoteError("Stemmen kan nu niet meer.")
    target = _target(session, participant, note_id, cluster_id)
    column = Vote.note_id if isinstance(target, Note) else Vote.cluster_id
    vote = session.scalar(select(Vote).where(Vote.participant_id == participant.id, column == target.id).limit(1))
    if vote is None:
        raise VoteError("Je had hier geen stip.")
    session.delete(vote)
    session.flush()


def own_votes(session: Session, participant: Participant) -> dict[str, dict[int, int]]:
    """The participant's own dots per note and cluster (always visible to themselves)."""
    mine: dict[str, dict[int, int]] = {"note": {}, "cluster": {}}
    for vote in session.scalars(select(Vote).where(Vote.participant_id == participant.id)):
        kind, target = ("note", vote.note_id) if vote.note_id else ("cluster", vote.cluster_id)
        mine[kind][target] = mine[kind].get(target, 0) + 1
    return mine


def totals(session: Session, item: SensemakingSession) -> dict[str, dict[int, int]] | None:
    """Totals per note and cluster, or None while the results are hidden."""
    if not item.votes_revealed:
        return None
    result: dict[str, dict[int, int]] = {"note": {}, "cluster": {}}
    for column, kind in ((Vote.note_id, "note"), (Vote.cluster_id, "cluster")):
        query = (select(column, func.count(Vote.id)).where(Vote.session_id == item.id, column.is_not(None))
                 .group_by(column))
        result[kind] = {target: count for target, count in session.execute(query)}
    return result
