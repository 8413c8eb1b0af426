"""Planning a duidingssessie: its details, tables, and the few cards and stories each table reads.

Lesson from seed 003: seventeen cards overwhelmed the tables. More than five cards or ten stories per table
gives a warning (not a block: the facilitator decides). Only published cards and stories ever reach a table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.audit.services import record
from vertelpunt.facilitate.codes import new_join_code
from vertelpunt.models import (
    CardStatus, CardStory, ObservationCard, Project, SensemakingSession, SessionStatus, SessionTable, Story,
    StoryStatus, TableCard, TableStory, User,
)
from vertelpunt.errors import VertelpuntError

MAX_CARDS_ADVISED = 5
MAX_STORIES_ADVISED = 10
CARD_WARNING = "Meer dan 5 kaarten per tafel werkt vaak niet goed. Kies liever een paar kaarten."
STORY_WARNING = "Meer dan 10 verhalen per tafel is veel om te lezen. Kies liever een paar typerende verhalen."
STATUS_LABELS = SessionStatus.labels()


class PlanningError(VertelpuntError):
    """Bad planning input; ``errors`` maps field names to Dutch messages."""


@dataclass
class SessionInput:
    name: str = ""
    held_on: str = ""
    place: str = ""
    online: bool = False
    project_id: str = ""
    region_id: str = ""

    @classmethod
    def from_form(cls, form) -> "SessionInput":
        return cls(name=form.get("name", "").strip(), held_on=form.get("held_on", "").strip(),
                   place=form.get("place", "").strip(), online=form.get("online") == "1",
                   project_id=form.get("project_id", ""), region_id=form.get("region_id", ""))

    @classmethod
    def from_session(cls, item: SensemakingSession) -> "SessionInput":
        return cls(name=item.name, held_on=item.held_on.isoformat(), place=item.place, online=item.online,
                   project_id=str(item.project_id), region_id=str(item.region_id or ""))


def _validated(session: Session, data: SessionInput) -> tuple[Project, object, date]:
    errors: dict[str, str] = {}
    if not data.name:
        errors["name"] = "Geef de sessie een naam."
    elif len(data.name) > 200:
        errors["name"] = "De naam mag hoogstens 200 tekens zijn."
    held_on = None
    try:
        held_on = date.fromisoformat(data.held_on)
    except ValueError:
        errors["held_on"] = "Vul een datum in, bijvoorbeeld 2026-05-20."
    if not data.online and not data.place:
        errors["place"] = "Vul een plaats in, of kies 'online'."
    elif len(data.place) > 200:
        errors["place"] = "De plaats mag hoogstens 200 tekens zijn."
    project = session.get(Project, int(data.project_id)) if data.project_id.isdigit() else None
    region = None
    if project is None:
        errors["project_id"] = "Kies een project."
    elif data.region_id:
        region = next((r for r in project.regions if str(r.id) == data.region_id), None)
        if region is None:
            errors["region_id"] = "Kies een regio van dit project, of 'hele project'."
    if errors:
        raise PlanningError.per_field(errors)
    return project, region, held_on


def create_session(session: Session, data: SessionInput, user: User) -> SensemakingSession:
    project, region, held_on = _validated(session, data)
    item = SensemakingSession(
        name=data.name, held_on=held_on, place=data.place, online=data.online, project=project, region=region,
        join_code=new_join_code(session), status=SessionStatus.PLANNED.value, created_by=user.email,
    )
    session.add(item)
    session.flush()
    record(session, "session.create", "session", item.id, user, {"name": item.name})
    return item


def update_session(session: Session, item: SensemakingSession, data: SessionInput, user: User) -> None:
    project, region, held_on = _validated(session, data)
    if project.id != item.project_id and any(t.cards or t.stories for t in item.tables):
        raise PlanningError("Haal eerst de kaarten en verhalen van de tafels weg.", "project_id")
    item.name, item.held_on, item.place, item.online = data.name, held_on, data.place, data.online
    item.project, item.region = project, region
    record(session, "session.update", "session", item.id, user)


def set_status(session: Session, item: SensemakingSession, status: str, user: User) -> None:
    if status not in STATUS_LABELS:
        raise PlanningError("Onbekende status.", "status")
    item.status = status
    if status == SessionStatus.CLOSED.value:
        item.voting_open = False
        item.timer_ends_at = None
    record(session, "session.status", "session", item.id, user, {"status": status})


def sessions_list(session: Session) -> list[SensemakingSession]:
    return list(session.scalars(select(SensemakingSession).order_by(SensemakingSession.held_on.desc(),
                                                                      SensemakingSession.id.desc())))


def _table_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise PlanningError("Geef de tafel een naam.", "table_name")
    if len(name) > 120:
        raise PlanningError("De naam van de tafel mag hoogstens 120 tekens zijn.", "table_name")
    return name


def add_table(session: Session, item: SensemakingSession, name: str, perspectives: str = "") -> SessionTable:
    table = SessionTable(name=_table_name(name), perspectives=(perspectives or "").strip(),
                         position=len(item.tables))
    item.tables.append(table)
    session.flush()
    return table


def update_table(table: SessionTable, name: str, perspectives: str = "") -> None:
    table.name = _table_name(name)
    table.perspectives = (perspectives or "").strip()


def remove_table(session: Session, table: SessionTable) -> None:
    session.delete(table)
    session.flush()


def published_cards(session: Session, item: SensemakingSession) -> list[ObservationCard]:
    """Published cards of the session's project (of its region, or project-wide ones)."""
    query = select(ObservationCard).where(ObservationCard.project_id == item.project_id,
                                          ObservationCard.status == CardStatus.PUBLISHED.value)
    if item.region_id is not None:
        query = query.where((ObservationCard.region_id == item.region_id) | ObservationCard.region_id.is_(None))
    return list(session.scalars(query.order_by(ObservationCard.title, ObservationCard.id)))


def suggested_stories(session: Session, table: SessionTable) -> list[Story]:
    """The published stories linked to this table's cards: the natural typical stories to read."""
    card_ids = [link.card_id for link in table.cards]
    if not card_ids:
        return []
    query = (select(Story).join(CardStory, CardStory.story_id == Story.id)
             .where(CardStory.card_id.in_(card_ids), Story.status == StoryStatus.PUBLISHED.value)
             .order_by(CardStory.card_id, CardStory.position))
    return list(dict.fromkeys(session.scalars(query)))


def set_table_cards(session: Session, table: SessionTable, card_ids: list[int]) -> list[str]:
    """Replace the table's cards; returns warnings (Dutch). Unpublished or foreign cards are refused."""
    item = table.session
    allowed = {card.id: card for card in published_cards(session, item)}
    wanted = list(dict.fromkeys(card_ids))
    refused = [card_id for card_id in wanted if card_id not in allowed]
    if refused:
        raise PlanningError("Alleen gepubliceerde kaarten van dit project kunnen op een tafel.", "cards")
    table.cards.clear()
    session.flush()
    for position, card_id in enumerate(wanted):
        table.cards.append(TableCard(card_id=card_id, position=position))
    session.flush()
    return [CARD_WARNING] if len(wanted) > MAX_CARDS_ADVISED else []


def parse_public_ids(raw: str) -> list[str]:
    return [part.upper() for part in re.split(r"[\s,;]+", raw or "") if part]


def set_table_stories(session: Session, table: SessionTable, story_ids: list[int], public_ids: list[str] = ()) -> list[str]:
    """Replace the table's stories (by id and/or public id); returns warnings. Only published stories."""
    item = table.session
    stories: list[Story] = []
    for story_id in story_ids:
        story = session.get(Story, story_id)
        if story is None or story.project_id != item.project_id or story.status != StoryStatus.PUBLISHED.value:
            raise PlanningError("Alleen gepubliceerde verhalen van dit project kunnen op een tafel.", "stories")
        stories.append(story)
    for public_id in public_ids:
        story = session.scalar(select(Story).where(Story.public_id == public_id))
        if story is None or story.project_id != item.project_id or story.status != StoryStatus.PUBLISHED.value:
            raise PlanningError(f"Verhaal {public_id} bestaat niet of is niet gepubliceerd in dit project.", "stories")
        stories.append(story)
    unique = list(dict.fromkeys(stories))
    table.stories.clear()
    session.flush()
    for position, story in enumerate(unique):
        table.stories.append(TableStory(story_id=story.id, position=position))
    session.flush()
    return [STORY_WARNING] if len(unique) > MAX_STORIES_ADVISED else []


def table_warnings(table: SessionTable) -> list[str]:
    warnings = []
    if len(table.cards) > MAX_CARDS_ADVISED:
        warnings.append(CARD_WARNING)
    if len(table.stories) > MAX_STORIES_ADVISED:
        warnings.append(STORY_WARNING)
    return warnings


def session_cards(item: SensemakingSession) -> list[ObservationCard]:
    """Every card on any of the session's tables, once (the choices for "focus")."""
    return list(dict.fromkeys(link.card for table in item.tables for link in table.cards))
