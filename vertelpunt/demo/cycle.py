"""The rest of the StoryCycle on top of the demo's stories: a scan, cards, a session and proposals.

A new user who starts the demo should see every step with content: the patterns page has a stored scan, the
card list has published observation cards (each with two opposite interpretations), the sessions page has a
closed duidingssessie with two tables, notes of every kind, clusters and dot votes, and the proposals page (and
the public follow-up page) has proposals in different states. Everything is made through the same services
the staff pages use, so the demo obeys the rules real work does (a card needs both interpretations before it
is published, a rejection needs a reason, an update cannot lie in the future).

Dates are fixed, like the stories' weeks (they end on 2026-10-26): the session was held on 2026-11-05 and the
proposals were made the next day. What is "over datum" is worked out against the real today, so one proposal
is over its date from 2026-12-01 on. The same seed gives the same cycle: the cards follow the scan of the
seed's stories, and nothing else is random.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from vertelpunt.cards.drafting import create_card
from vertelpunt.cards.errors import CardError
from vertelpunt.cards.runs import find_pattern, start_scan
from vertelpunt.cards.services import publish, update_card
from vertelpunt.demo.cycle_texts import (
    CARD_TEXTS,
    NOTES,
    PROPOSALS,
    REGION_CARD,
    SESSION,
)
from vertelpunt.facilitate import board, planning, votes
from vertelpunt.facilitate.notes import add_note
from vertelpunt.facilitate.participants import join
from vertelpunt.insights.records import StoryFilter
from vertelpunt.models import (
    ObservationCard,
    PatternRun,
    Project,
    Proposal,
    SensemakingSession,
    SessionStatus,
    User,
)
from vertelpunt.proposals.services import (
    ProposalInput,
    create_proposal,
    provenance_from_cluster,
)
from vertelpunt.proposals import plans
from vertelpunt.proposals.measures import MeasureInput, save_measure
from vertelpunt.proposals.status import change_status
from vertelpunt.proposals.updates import add_update

SCAN_SPLITS = 5  # confirmation in five split halves: enough for the demo's planted relations, and quick
PROPOSALS_MADE_ON = date(2026, 11, 6)


@dataclass(frozen=True)
class CycleOutcome:
    runs: list[PatternRun]
    cards: list[ObservationCard]
    session: SensemakingSession
    proposals: list[Proposal]


def seed_cycle(session: Session, project: Project, user: User) -> CycleOutcome:
    """Scan the demo's stories, publish cards, hold a session and make proposals (the caller commits).

    Parameters
    ----------
    session : Session
    project : Project
        The demo project, with its stories stored.
    user : User
        Who does it all (the demo's administrator): the audit log and the cards name this account.

    Returns
    -------
    CycleOutcome
    """
    national = start_scan(session, project, StoryFilter(), user, splits=SCAN_SPLITS)
    cards = [_card(session, national, key, texts, user) for key, texts in CARD_TEXTS.items()
             if _has(national, key)]
    twente = start_scan(session, project, StoryFilter(regions=(REGION_CARD["region"],)), user, splits=SCAN_SPLITS)
    if _has(twente, REGION_CARD["key"]):
        cards.append(_card(session, twente, REGION_CARD["key"], REGION_CARD, user))
    item = _session(session, project, cards, user)
    proposals = _proposals(session, item, user)
    return CycleOutcome([national, twente], cards, item, proposals)


def _has(run: PatternRun, key: str) -> bool:
    """Whether the scan found the planted pattern (it does for the demo's seeds; a seed that misses one simply
    has one card fewer)."""
    try:
        find_pattern(run, key)
    except CardError:
        return False
    return True


def _card(session: Session, run: PatternRun, key: str, texts: dict, user: User) -> ObservationCard:
    card = create_card(session, run, key, user)
    update_card(session, card, user, texts["title"], card.observation or texts["title"],
                texts["interpretation_a"], texts["interpretation_b"])
    return publish(session, card, user)


def _session(session: Session, project: Project, cards: list[ObservationCard], user: User) -> SensemakingSession:
    """A closed session with two tables: cards and their stories on each, notes of every kind, clusters, votes."""
    twente = next(r for r in project.regions if r.key == SESSION["region"])
    item = planning.create_session(session, planning.SessionInput(
        name=SESSION["name"], held_on=SESSION["held_on"], place=SESSION["place"], project_id=str(project.id),
        region_id=str(twente.id)), user)
    planning.set_status(session, item, SessionStatus.OPEN.value, user)
    halves = (cards[: (len(cards) + 1) // 2], cards[(len(cards) + 1) // 2:])
    for spec, table_cards in zip(SESSION["tables"], halves):
        table = planning.add_table(session, item, spec["name"], spec["perspectives"])
        planning.set_table_cards(session, table, [card.id for card in table_cards])
        stories = planning.suggested_stories(session, table)[:4]
        planning.set_table_stories(session, table, [story.id for story in stories])
    session.flush()
    votes.set_voting(item, True, per_participant=3)
    for table, spec in zip(item.tables, SESSION["tables"]):
        people = {name: join(session, item, name, table.id)[0] for name in spec["people"]}
        clusters = {name: board.create_cluster(session, item, table, name) for name in spec["clusters"]}
        for note in NOTES[spec["name"]]:
            author = people[note["by"]]
            card_id = table.cards[note["card"]].card_id if "card" in note and note["card"] < len(table.cards) else None
            made = add_note(session, item, table, note["kind"], note["text"], goal=note.get("goal", ""),
                            participant=author, card_id=card_id)
            if note.get("cluster"):
                board.move_note(session, item, made, clusters[note["cluster"]].id)
        for voter, cluster_name in spec["votes"]:
            votes.cast(session, item, people[voter], cluster_id=clusters[cluster_name].id)
    votes.reveal(item)
    planning.set_status(session, item, SessionStatus.CLOSED.value, user)
    session.flush()
    return item


def _proposals(session: Session, item: SensemakingSession, user: User) -> list[Proposal]:
    """One proposal per cluster, then each taken along its own road (realised, over date, rejected, ...)."""
    clusters = {cluster.name: cluster for table in item.tables for cluster in board.clusters_of(session, item).get(table.id, [])}
    made = []
    for spec in PROPOSALS:
        provenance = provenance_from_cluster(session, clusters[spec["cluster"]].id)
        proposal = create_proposal(session, provenance, ProposalInput(
            title=spec["title"], seen=provenance.prefill().seen, solution=spec["solution"],
            owner_name=spec["owner"], owner_organisation=spec["organisation"], owner_name_public=True,
            due_on=spec["due_on"], region=spec.get("region", "")), user, today=PROPOSALS_MADE_ON)
        for step in spec["road"]:
            if step[0] == "status":
                change_status(session, proposal, step[1], user, reason=step[2] if len(step) > 2 else "")
            else:
                add_update(session, proposal, step[2], date.fromisoformat(step[1]), user, today=date.fromisoformat(step[1]))
        if spec.get("plan"):
            _plan(session, proposal, spec["plan"], user)
        if spec.get("measure"):
            plan = spec["measure"]
            save_measure(session, proposal, MeasureInput(plan["questions"], plan["starts_on"], plan["regions"]), user)
        made.append(proposal)
    session.flush()
    return made


def _plan(session: Session, proposal: Proposal, spec: dict, user: User) -> None:
    """Tasks (one done), preconditions (one met) and a rhythm of updates, agreed on the day of the proposals."""
    for title, owner, due_on, done_on in spec["tasks"]:
        task = plans.add_task(session, proposal, plans.TaskInput(title, owner, "", due_on), user, today=PROPOSALS_MADE_ON)
        if done_on:
            plans.finish_task(session, proposal, task, True, user, today=date.fromisoformat(done_on))
    for kind, text, met in spec["conditions"]:
        condition = plans.add_condition(session, proposal, kind, text, user, today=PROPOSALS_MADE_ON)
        if met:
            plans.set_condition_met(session, proposal, condition, True, user)
    plans.set_rhythm(session, proposal, str(spec["every_weeks"]), False, user, today=PROPOSALS_MADE_ON)


__all__ = ["CycleOutcome", "seed_cycle"]
