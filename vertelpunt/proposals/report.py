"""The data behind the session report and the regional progress report (rendered as HTML and PDF)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.models import (
    Cluster, ConditionKind, Note, NoteKind, Proposal, ProposalEvent, ProposalUpdate, Region, SensemakingSession, SessionTable, Vote,
)
from vertelpunt.projects.visibility import in_regions_clause, of_region_clause
from vertelpunt.proposals.status import STATUS_LABELS, is_overdue

KIND_LABELS = NoteKind.labels()


@dataclass
class TableReport:
    table: SessionTable
    card_titles: list[str]
    story_ids: list[str]
    notes_by_kind: dict[str, list[Note]]


@dataclass
class ClusterReport:
    cluster: Cluster
    notes: list[Note]
    votes: int | None  # None while the votes are not revealed


@dataclass
class SessionReport:
    session: SensemakingSession
    tables: list[TableReport]
    clusters: list[ClusterReport]
    proposals: list[Proposal]
    note_votes: dict[int, int] = field(default_factory=dict)
    kind_labels: dict[str, str] = field(default_factory=lambda: dict(KIND_LABELS))
    status_labels: dict[str, str] = field(default_factory=lambda: dict(STATUS_LABELS))

    @property
    def card_count(self) -> int:
        return len({title for table in self.tables for title in table.card_titles})


def _vote_counts(session: Session, session_id: int, column) -> dict[int, int]:
    rows = session.execute(
        select(column, func.count()).where(Vote.session_id == session_id, column.is_not(None)).group_by(column)
    )
    return {key: count for key, count in rows}


def session_report(session: Session, sess: SensemakingSession) -> SessionReport:
    notes = session.scalars(select(Note).where(Note.session_id == sess.id, Note.hidden_at.is_(None))
                            .order_by(Note.id)).all()
    tables = []
    for table in sess.tables:
        by_kind: dict[str, list[Note]] = {kind: [] for kind in KIND_LABELS}
        for note in notes:
            if note.table_id == table.id:
                by_kind.setdefault(note.kind, []).append(note)
        tables.append(TableReport(
            table=table, card_titles=[link.card.title for link in table.cards],
            story_ids=[link.story.public_id for link in table.stories],
            notes_by_kind={kind: items for kind, items in by_kind.items() if items},
        ))
    revealed = bool(sess.votes_revealed)
    note_votes = _vote_counts(session, sess.id, Vote.note_id) if revealed else {}
    cluster_votes = _vote_counts(session, sess.id, Vote.cluster_id) if revealed else {}
    clusters = [
        ClusterReport(
            cluster=cluster, notes=[n for n in cluster.notes if n.hidden_at is None],
            # A cluster's score: dots on the cluster plus dots on its notes.
            votes=(cluster_votes.get(cluster.id, 0) + sum(note_votes.get(n.id, 0) for n in cluster.notes)) if revealed else None,
        )
        for cluster in session.scalars(
            select(Cluster).where(Cluster.session_id == sess.id).order_by(Cluster.position, Cluster.id)
        )
    ]
    proposals = session.scalars(
        select(Proposal).where(Proposal.session_id == sess.id).order_by(Proposal.id)
    ).all()
    return SessionReport(session=sess, tables=tables, clusters=clusters, proposals=list(proposals), note_votes=note_votes)


@dataclass
class StatusChange:
    """A proposal that moved from one status to another on a day of the report's period."""

    proposal: Proposal
    on: date
    old: str
    new: str
    reason: str


@dataclass
class ProgressReport:
    region: Region | None
    start: date
    end: date
    proposals: list[Proposal]
    status_counts: list[tuple[str, int]]
    updates: list[tuple[Proposal, ProposalUpdate]]
    overdue: list[Proposal]
    status_changes: list[StatusChange] = field(default_factory=list)
    new_proposals: list[tuple[Proposal, date]] = field(default_factory=list)
    status_labels: dict[str, str] = field(default_factory=lambda: dict(STATUS_LABELS))
    planned: list[Proposal] = field(default_factory=list)  # with tasks or preconditions (proposals/plans.py)
    condition_labels: dict[str, str] = field(default_factory=lambda: ConditionKind.labels())
    today: date = field(default_factory=date.today)


def _dutch_day(moment: datetime) -> date:
    """The day in the Netherlands of a stored moment (stored in UTC; SQLite hands it back without a zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    except ZoneInfoNotFoundError:  # a system without a time-zone database: UTC is at most two hours off
        return moment.date()


def progress_report(session: Session, region: Region | None, start: date, end: date,
                    region_ids: set[int] | None = None, today: date | None = None) -> ProgressReport:
    """Proposals of a region (its own and the project-wide ones; all regions when None), with the updates
    written between start and end."""
    query = select(Proposal).options(selectinload(Proposal.updates), selectinload(Proposal.project),
                                     selectinload(Proposal.events))
    if region is not None:
        query = query.where(of_region_clause(Proposal, region.id))
    viewer_regions = in_regions_clause(Proposal, region_ids)
    if viewer_regions is not None:
        query = query.where(viewer_regions)
    proposals = list(session.scalars(query.order_by(Proposal.id)))
    counts = Counter(p.status for p in proposals)
    updates = sorted(
        ((p, u) for p in proposals for u in p.updates if start <= u.on <= end),
        key=lambda pair: (pair[1].on, pair[1].id),
    )
    dated = ((p, event, _dutch_day(event.at)) for p in proposals for event in p.events)
    in_period = sorted((row for row in dated if start <= row[2] <= end), key=lambda row: (row[2], row[1].id))
    return ProgressReport(
        region=region, start=start, end=end, proposals=proposals,
        status_counts=[(status, counts.get(status, 0)) for status in STATUS_LABELS],
        updates=updates, overdue=[p for p in proposals if is_overdue(p, today)],
        status_changes=[_status_change(p, event, day) for p, event, day in in_period if event.action == "status"],
        new_proposals=[(p, day) for p, event, day in in_period if event.action == "created"],
        planned=[p for p in proposals if p.tasks or p.conditions], today=today or date.today(),
    )


def _status_change(proposal: Proposal, event: ProposalEvent, day: date) -> StatusChange:
    detail = event.detail or {}
    old, new = detail.get("from"), detail.get("to")
    return StatusChange(proposal, day, STATUS_LABELS.get(old, old or ""), STATUS_LABELS.get(new, new or ""),
                        detail.get("reason") or "")
