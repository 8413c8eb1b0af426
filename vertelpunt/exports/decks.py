"""Which deck a request asks for, and whether this user may have it: one rule for the page that starts a
deck, the job that builds it and the download of its file (``vertelpunt.jobs.kinds``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.accounts.access import may_read_card, visible_region_ids
from vertelpunt.exports.cards import ExportError, cards_for_region, cards_for_session, deck_title
from vertelpunt.models import ObservationCard, Project, Region, SensemakingSession

FORMATS = ("pdf", "zip")


class DeckRefused(Exception):
    """The deck does not exist (404) or is not this user's to read (403)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class DeckRequest:
    project: Project
    cards: list[ObservationCard]
    title: str
    name: str  # the file name without its extension
    fmt: str
    scope: dict  # region or session, for the audit trail

    @property
    def params(self) -> dict:
        """What a job needs to find the same deck again (plain strings, as in the URL)."""
        params = {"project": self.project.slug, "format": self.fmt}
        if "session" in self.scope:
            params["sessie"] = str(self.scope["session"])
        elif self.scope.get("region"):
            params["region"] = self.scope["region"]
        return params

    @property
    def story_ids(self) -> list[str]:
        """The stories (public ids) whose text the deck may quote."""
        return sorted({link.story.public_id for card in self.cards for link in card.stories})


def resolve_deck(session: Session, user, params: Mapping[str, str]) -> DeckRequest:
    """A deck for a region of a project (``region``, or none: the whole project) or for a session (``sessie``),
    holding the published cards ``user`` may read; :class:`DeckRefused` otherwise."""
    fmt = params.get("format", "pdf")
    project = session.scalar(select(Project).where(Project.slug == params.get("project", "")))
    if project is None or fmt not in FORMATS:
        raise DeckRefused(404)
    region_ids = visible_region_ids(user)
    session_id = params.get("sessie", "")
    if session_id:
        meeting = session.get(SensemakingSession, int(session_id)) if session_id.isdigit() else None
        if meeting is None or meeting.project_id != project.id:
            raise DeckRefused(404)
        if region_ids is not None and meeting.region_id not in region_ids:
            raise DeckRefused(403)
        cards = cards_for_session(meeting)
        title, name, scope = f"Observatiekaarten voor {meeting.name}", f"kaarten-sessie-{meeting.id}", {"session": meeting.id}
    else:
        region_key = params.get("region") or None
        region = session.scalar(select(Region).where(Region.key == region_key)) if region_key else None
        if region_ids is not None and (region is None or region.id not in region_ids):
            raise DeckRefused(403)  # viewers only download decks of their own regions
        try:
            cards = cards_for_region(session, project, region_key)
        except ExportError:
            raise DeckRefused(404) from None
        title, name = deck_title(project, region), f"kaarten-{project.slug}{'-' + region_key if region_key else ''}"
        scope = {"region": region_key}
    cards = [card for card in cards if may_read_card(user, card)]
    if not cards:
        raise DeckRefused(404)
    return DeckRequest(project, cards, title, name, fmt, scope)
