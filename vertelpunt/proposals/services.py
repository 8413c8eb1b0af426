"""Creating and editing proposals, and where they come from (provenance).

A proposal made from a cluster or a note keeps the session, the table, the notes, the cards the table read
(plus the cards the notes were about) and the table's stories, so the public page can later show which
observation cards led to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.models import (
    Cluster, Note, NoteKind, ObservationCard, Project, Proposal, Region, SensemakingSession, SessionTable, Story, User,
)
from vertelpunt.facilitate.notes import note_text
from vertelpunt.proposals.history import log, plain
from vertelpunt.errors import VertelpuntError

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMITS = {"title": 200, "seen": 5000, "solution": 5000, "owner_name": 120, "owner_organisation": 200,
          "owner_email": 254, "deputy_name": 120, "deputy_organisation": 200}
EDITABLE = ("title", "seen", "solution", "owner_name", "owner_organisation", "owner_email", "owner_name_public",
            "deputy_name", "deputy_organisation", "due_on", "region_id")


class ProposalError(VertelpuntError):
    """Input that cannot be saved; ``errors`` maps field names to Dutch messages."""


@dataclass
class ProposalInput:
    """What a staff member typed, as text (kept as typed so a form can be shown again)."""

    title: str = ""
    seen: str = ""
    solution: str = ""
    owner_name: str = ""
    owner_organisation: str = ""
    owner_email: str = ""
    owner_name_public: bool = False
    deputy_name: str = ""
    deputy_organisation: str = ""
    due_on: str = ""
    region: str = ""  # region key, "" = the whole project

    @classmethod
    def from_form(cls, form) -> ProposalInput:
        values = {f.name: (form.get(f.name) or "").strip() for f in fields(cls) if f.name != "owner_name_public"}
        return cls(owner_name_public=form.get("owner_name_public") in ("1", "on", "y"), **values)

    @classmethod
    def from_proposal(cls, proposal: Proposal) -> ProposalInput:
        return cls(
            title=proposal.title, seen=proposal.seen, solution=proposal.solution, owner_name=proposal.owner_name,
            owner_organisation=proposal.owner_organisation, owner_email=proposal.owner_email or "",
            owner_name_public=proposal.owner_name_public, deputy_name=proposal.deputy_name or "",
            deputy_organisation=proposal.deputy_organisation or "",
            due_on=proposal.due_on.isoformat() if proposal.due_on else "",
            region=proposal.region.key if proposal.region else "",
        )


@dataclass
class Provenance:
    """Where a proposal comes from; empty for a proposal made without a session."""

    project: Project
    session: SensemakingSession | None = None
    table: SessionTable | None = None
    cluster: Cluster | None = None
    notes: list[Note] = field(default_factory=list)
    cards: list[ObservationCard] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)

    @property
    def region(self) -> Region | None:
        return self.session.region if self.session else None

    def prefill(self) -> ProposalInput:
        """Title from the cluster name or the note; the notes' texts as a start for the two texts."""
        ideas = [n for n in self.notes if n.kind == NoteKind.IDEA.value]
        others = [n for n in self.notes if n.kind != NoteKind.IDEA.value] or self.notes
        # A title is short: the note's own words as typed, without the idea's "zodat" part.
        title = self.cluster.name if self.cluster else (self.notes[0].text if self.notes else "")
        seen = "\n".join(f"- {note_text(n)}" for n in others)
        solution = "\n".join(f"- {note_text(n)}" for n in ideas)
        return ProposalInput(
            title=_shorten(title, LIMITS["title"]), seen=seen, solution=solution,
            region=self.region.key if self.region else "",
        )


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _tables_content(tables: list[SessionTable]) -> tuple[list[ObservationCard], list[Story]]:
    cards: dict[int, ObservationCard] = {}
    stories: dict[int, Story] = {}
    for table in tables:
        for link in table.cards:
            cards.setdefault(link.card.id, link.card)
        for link in table.stories:
            stories.setdefault(link.story.id, link.story)
    return list(cards.values()), list(stories.values())


def _from_notes(session: Session, sess: SensemakingSession, notes: list[Note], cluster: Cluster | None,
                table: SessionTable | None) -> Provenance:
    tables = [table] if table else list({n.table.id: n.table for n in notes}.values())
    cards, stories = _tables_content(tables)
    known = {card.id for card in cards}
    for note in notes:
        if note.card is not None and note.card.id not in known:
            cards.append(note.card)
            known.add(note.card.id)
    single_table = table or (tables[0] if len(tables) == 1 else None)
    return Provenance(project=sess.project, session=sess, table=single_table, cluster=cluster, notes=list(notes),
                      cards=cards, stories=stories)


def provenance_from_cluster(session: Session, cluster_id: int) -> Provenance | None:
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        return None
    sess = session.get(SensemakingSession, cluster.session_id)
    table = session.get(SessionTable, cluster.table_id) if cluster.table_id else None
    return _from_notes(session, sess, [n for n in cluster.notes if n.hidden_at is None], cluster, table)


def provenance_from_note(session: Session, note_id: int) -> Provenance | None:
    note = session.get(Note, note_id)
    if note is None or note.hidden_at is not None:
        return None
    sess = session.get(SensemakingSession, note.session_id)
    return _from_notes(session, sess, [note], None, note.table)


def _region(session: Session, project: Project, key: str, errors: dict[str, str]) -> Region | None:
    if not key:
        return None
    region = session.scalar(select(Region).where(Region.key == key))
    if region is None or (project.regions and region not in project.regions):
        errors["region"] = "Kies een regio van dit project."
        return None
    return region


def validate(session: Session, project: Project, data: ProposalInput, *, creating: bool,
             today: date | None = None) -> dict:
    """Check the input; return clean values for the model or raise ProposalError with Dutch messages."""
    errors: dict[str, str] = {}
    required = {"title": "Vul een titel in.", "seen": "Schrijf op wat jullie in de ervaringen zien.",
                "solution": "Schrijf op welke oplossing jullie zien.", "owner_name": "Vul de naam van de eigenaar in.",
                "owner_organisation": "Vul de organisatie van de eigenaar in."}
    for name, message in required.items():
        if not getattr(data, name).strip():
            errors[name] = message
    for name, limit in LIMITS.items():
        if name not in errors and len(getattr(data, name)) > limit:
            errors[name] = f"Dit is te lang (hoogstens {limit} tekens)."
    if data.owner_email and "owner_email" not in errors and not EMAIL_PATTERN.match(data.owner_email):
        errors["owner_email"] = "Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@organisatie.nl."
    if bool(data.deputy_name) != bool(data.deputy_organisation) and "deputy_name" not in errors:
        errors["deputy_name"] = "Vul voor een plaatsvervanger zowel de naam als de organisatie in (of allebei niet)."
    due_on = None
    if data.due_on:
        try:
            due_on = date.fromisoformat(data.due_on)
        except ValueError:
            errors["due_on"] = "Vul een datum in, bijvoorbeeld 2026-12-31."
        else:
            if creating and due_on < (today or date.today()):
                errors["due_on"] = "Deze datum ligt in het verleden. Kies vandaag of later."
    region = _region(session, project, data.region, errors)
    if errors:
        raise ProposalError.per_field(errors)
    return {
        "title": data.title.strip(), "seen": data.seen.strip(), "solution": data.solution.strip(),
        "owner_name": data.owner_name.strip(), "owner_organisation": data.owner_organisation.strip(),
        "owner_email": data.owner_email.strip() or None, "owner_name_public": bool(data.owner_name_public),
        "deputy_name": data.deputy_name.strip() or None, "deputy_organisation": data.deputy_organisation.strip() or None,
        "due_on": due_on, "region_id": region.id if region else None,
    }


def create_proposal(session: Session, provenance: Provenance, data: ProposalInput, user: User | None,
                    today: date | None = None) -> Proposal:
    values = validate(session, provenance.project, data, creating=True, today=today)
    proposal = Proposal(
        project_id=provenance.project.id, session_id=provenance.session.id if provenance.session else None,
        table_id=provenance.table.id if provenance.table else None,
        cluster_id=provenance.cluster.id if provenance.cluster else None,
        created_by=user.email if user is not None else "cli", **values,
    )
    proposal.notes = list(provenance.notes)
    proposal.cards = list(provenance.cards)
    proposal.stories = list(provenance.stories)
    session.add(proposal)
    session.flush()
    log(session, proposal, user, "created", {
        "title": proposal.title, "session_id": proposal.session_id, "table_id": proposal.table_id,
        "cluster_id": proposal.cluster_id, "notes": [n.id for n in proposal.notes],
        "cards": [c.id for c in proposal.cards], "stories": [s.id for s in proposal.stories],
    })
    return proposal


def edit_proposal(session: Session, proposal: Proposal, data: ProposalInput, user: User | None) -> dict:
    """Save field edits; every changed field goes into the history as old → new. Returns the changes."""
    values = validate(session, proposal.project, data, creating=False)
    changes = {}
    for name in EDITABLE:
        old, new = getattr(proposal, name), values[name]
        if old != new:
            changes[name] = [plain(old), plain(new)]
            setattr(proposal, name, new)
    if "region_id" in changes:
        # Set the relationship too: the loaded one would otherwise still point at the old region.
        proposal.region = session.get(Region, values["region_id"]) if values["region_id"] else None
        changes["region_id"] = [_region_name(session, value) for value in changes["region_id"]]
    if changes:
        log(session, proposal, user, "changed", {"changes": changes})
    return changes


def _region_name(session: Session, region_id: int | None) -> str | None:
    region = session.get(Region, region_id) if region_id else None
    return region.name if region else None
