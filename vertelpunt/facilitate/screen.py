"""What the projector shows during a session (the presenter view): the focus card, the timer, the newest notes
per table and, once the facilitator reveals it, the vote result.

Built from the same board state as the facilitator's page, as plain values, so the screen can be rendered in
large type without the admin menu or any control, and re-fetched every few seconds.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vertelpunt.facilitate import board, votes
from vertelpunt.facilitate.notes import KIND_LABELS, note_text
from vertelpunt.models import SensemakingSession

NOTES_PER_TABLE = 6  # what a room can read from the back; the board has the rest
TOP_VOTES = 5


@dataclass(frozen=True)
class ScreenNote:
    kind: str
    kind_label: str
    text: str


@dataclass(frozen=True)
class ScreenTable:
    name: str
    notes: tuple[ScreenNote, ...]  # newest first
    more: int  # notes not shown


@dataclass(frozen=True)
class VoteLine:
    label: str  # a cluster's name, or a loose note's text
    table: str
    dots: int


@dataclass(frozen=True)
class Screen:
    state: dict
    tables: tuple[ScreenTable, ...]
    votes: tuple[VoteLine, ...] | None  # None while the result is hidden


def screen_of(session: Session, item: SensemakingSession) -> Screen:
    """The presenter view's content for ``item`` now."""
    visible = board.session_notes(session, item)
    tables = []
    for table in item.tables:
        mine = [note for note in visible if note.table_id == table.id]
        newest = list(reversed(mine))[:NOTES_PER_TABLE]
        tables.append(ScreenTable(table.name, tuple(ScreenNote(n.kind, KIND_LABELS.get(n.kind, n.kind), note_text(n))
                                                    for n in newest), len(mine) - len(newest)))
    return Screen(board.live_state(item), tuple(tables), _vote_lines(session, item, visible))


def _vote_lines(session: Session, item: SensemakingSession, visible) -> tuple[VoteLine, ...] | None:
    totals = votes.totals(session, item)
    if totals is None:
        return None
    names = {table.id: table.name for table in item.tables}
    lines = [VoteLine(cluster.name, names.get(cluster.table_id, ""), totals["cluster"].get(cluster.id, 0))
             for clusters in board.clusters_of(session, item).values() for cluster in clusters]
    lines += [VoteLine(note_text(note), names.get(note.table_id, ""), totals["note"][note.id])
              for note in visible if totals["note"].get(note.id)]
    ranked = sorted((line for line in lines if line.dots), key=lambda line: -line.dots)
    return tuple(ranked[:TOP_VOTES])


__all__ = ["Screen", "screen_of"]
