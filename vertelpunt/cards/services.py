"""Observation cards: edit, publish, take back to concept, and the card lists a user may read.

This module is the entry point other packages call (exports, sessions); drafting and story choice live
in :mod:`vertelpunt.cards.drafting` and :mod:`vertelpunt.cards.stories` and are re-exported here.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.accounts.access import may_edit_cards, visible_region_ids
from vertelpunt.audit.services import record
from vertelpunt.cards.drafting import create_card, visible_links
from vertelpunt.cards.errors import CardError
from vertelpunt.cards.runs import set_verdict
from vertelpunt.cards.stories import add_story, remove_story, swap_story
from vertelpunt.models import CardStatus, ObservationCard, Project, Region, User
from vertelpunt.projects.visibility import in_regions_clause, of_region_clause

__all__ = ["CardError", "create_card", "update_card", "publish", "unpublish", "swap_story", "remove_story",
           "add_story", "set_verdict", "visible_links", "readable_cards", "get_card",
           "STATUS_LABELS", "DISCLAIMER"]

STATUS_LABELS = CardStatus.labels()
DISCLAIMER = ("De weergegeven data is gedeeld door mensen die willen bijdragen aan verbetering van de jeugdhulp. "
              "De data is niet representatief; daarvoor is de informatie niet verzameld.")
LIMITS = {"title": (5, 200), "observation": (0, 4000), "interpretation_a": (0, 4000), "interpretation_b": (0, 4000)}
FIELD_NAMES = {"title": "De titel", "observation": "De observatie", "interpretation_a": "Interpretatie 1",
               "interpretation_b": "Interpretatie 2"}


def readable_cards(session: Session, user: User, *, project: str | None = None, region: str | None = None,
                   status: str | None = None) -> list[ObservationCard]:
    """The cards ``user`` may read, newest first, optionally by project slug, region key (the region's own
    cards and the project-wide ones, :mod:`vertelpunt.projects.visibility`) and status."""
    query = (select(ObservationCard).join(Project, ObservationCard.project_id == Project.id)
             .options(selectinload(ObservationCard.project), selectinload(ObservationCard.region))
             .order_by(ObservationCard.created_at.desc(), ObservationCard.id.desc()))
    if project:
        query = query.where(Project.slug == project)
    if region:
        region_id = select(Region.id).where(Region.key == region).scalar_subquery()
        query = query.where(of_region_clause(ObservationCard, region_id))
    if status in STATUS_LABELS:
        query = query.where(ObservationCard.status == status)
    if not may_edit_cards(user):
        query = query.where(ObservationCard.status == CardStatus.PUBLISHED.value)
        viewer_regions = in_regions_clause(ObservationCard, visible_region_ids(user))
        if viewer_regions is not None:
            query = query.where(viewer_regions)
    return list(session.scalars(query))


def get_card(session: Session, card_id: int) -> ObservationCard | None:
    return session.get(ObservationCard, card_id)


def _clean(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def update_card(session: Session, card: ObservationCard, user: User, title: str, observation: str,
                interpretation_a: str, interpretation_b: str) -> ObservationCard:
    """Save the analyst's text; every field is checked before anything changes."""
    if card.is_published:
        raise CardError("Deze kaart is gepubliceerd. Zet haar eerst terug naar concept.")
    values = {"title": " ".join(_clean(title).split()), "observation": _clean(observation),
              "interpretation_a": _clean(interpretation_a), "interpretation_b": _clean(interpretation_b)}
    errors = {}
    for field, (low, high) in LIMITS.items():
        length = len(values[field])
        if field == "title" and length < low:
            errors[field] = f"Geef de kaart een titel van minstens {low} tekens."
        elif length > high:
            errors[field] = f"{FIELD_NAMES[field]} is te lang: {length} tekens, hoogstens {high}."
    if errors:
        raise CardError("Controleer de velden met een melding.", errors=errors)
    changed = [field for field, value in values.items() if getattr(card, field) != value]
    for field, value in values.items():
        setattr(card, field, value)
    session.flush()
    if changed:
        record(session, "card.update", "observation_card", card.id, user, {"fields": changed})
    return card


def publish(session: Session, card: ObservationCard, user: User) -> ObservationCard:
    """Concept -> gepubliceerd, only with a title, an observation, both interpretations and a story."""
    if card.is_published:
        raise CardError("Deze kaart is al gepubliceerd.")
    errors = {}
    if len(card.title.strip()) < LIMITS["title"][0]:
        errors["title"] = "Geef de kaart een titel voordat je publiceert."
    if not card.observation.strip():
        errors["observation"] = "Schrijf de observatie voordat je publiceert."
    for field, name in (("interpretation_a", "de eerste"), ("interpretation_b", "de tweede")):
        if not getattr(card, field).strip():
            errors[field] = f"Vul {name} interpretatie in. Een kaart heeft twee tegengestelde interpretaties nodig voordat je publiceert."
    if not visible_links(card):
        errors["stories"] = "Een kaart heeft minstens één verhaal nodig voordat je publiceert."
    if errors:
        raise CardError("De kaart is nog niet klaar om te publiceren.", errors=errors)
    card.status = CardStatus.PUBLISHED.value
    card.published_at = datetime.now(timezone.utc)
    session.flush()
    record(session, "card.publish", "observation_card", card.id, user)
    return card


def unpublish(session: Session, card: ObservationCard, user: User) -> ObservationCard:
    """Gepubliceerd -> concept, so the card can be edited again."""
    if not card.is_published:
        raise CardError("Deze kaart is al een concept.")
    card.status = CardStatus.CONCEPT.value
    card.published_at = None
    session.flush()
    record(session, "card.unpublish", "observation_card", card.id, user)
    return card
