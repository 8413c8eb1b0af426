"""Observation cards as files: a standalone HTML page, a tagged A4 PDF, and decks (one PDF, or a ZIP).

Exports are read outside the app (from disk, printed, mailed), so the HTML is self-contained: inline CSS,
the chart as inline SVG, no links to other files or sites. The same HTML goes through WeasyPrint for the
PDF (PDF/UA-1: tagged, with title and language), so the page, the print and the PDF never disagree.
Only published stories appear on an exported card: a story hidden after it was linked drops out here,
at export time. Decks only hold published cards; a concept card exported on its own is marked CONCEPT.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.cards.figures import shown_content
from vertelpunt.exports.charts import chart_svg
from vertelpunt.models import CardStatus, ObservationCard, Project, Region, StoryStatus
from vertelpunt.projects.visibility import of_region_clause
from vertelpunt.errors import VertelpuntError

# The same words as the card page's footer (templates/cards/_card_body.html), for covers and index pages.
DISCLAIMER = ("De weergegeven data is gedeeld door mensen die willen bijdragen aan verbetering van de jeugdhulp. "
              "De data is niet representatief; daarvoor is de informatie niet verzameld.")


class ExportError(VertelpuntError):
    """An export that cannot be made; the message is Dutch."""


@dataclass(frozen=True)
class ExportStory:
    public_id: str
    title: str | None
    quote: str


def exported_stories(card: ObservationCard) -> list[ExportStory]:
    """The card's typical stories that are published *now* (hidden or withdrawn stories drop out)."""
    return [ExportStory(link.story.public_id, link.story.title, (link.quote or link.story.text[:280]).strip())
            for link in card.stories if link.story.status == StoryStatus.PUBLISHED.value]


def _card_context(card: ObservationCard) -> dict:
    content = shown_content(card)
    return {"card": card, "content": content, "chart": chart_svg(content),
            "stories": exported_stories(card), "disclaimer": DISCLAIMER,
            "scope": card.region.name if card.region is not None else "Alle regio's van het project"}


def card_html(card: ObservationCard, analysts: bool = False) -> str:
    """One card as a standalone HTML page (lang="nl", inline CSS and SVG, no external references).

    With ``analysts`` the card keeps its numbers section (test, q, effect and interval), as on the card page
    for analysts; everyone else, and every deck, gets how strong and how certain in words only.
    """
    return render_template("exports/card.html", **_card_context(card), today=date.today(), analysts=analysts)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def card_pdf(card: ObservationCard, analysts: bool = False) -> bytes:
    """One card as a tagged A4 PDF (PDF/UA-1) with the chart drawn as vectors (``analysts``: see card_html)."""
    return _pdf(card_html(card, analysts))


def deck_html(cards: list[ObservationCard], title: str) -> str:
    """A deck as one HTML document: a cover with the list of cards, then one card per page."""
    return render_template("exports/deck.html", title=title, today=date.today(), disclaimer=DISCLAIMER,
                           cards=[_card_context(card) for card in cards])


def deck_pdf(cards: list[ObservationCard], title: str) -> bytes:
    return _pdf(deck_html(cards, title))


def card_filename(card: ObservationCard, extension: str) -> str:
    return f"kaart-{card.id}.{extension}"


def deck_zip(cards: list[ObservationCard], title: str) -> bytes:
    """deck.pdf, per card kaart-<id>.pdf and kaart-<id>.html, and an index.html that links them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("deck.pdf", deck_pdf(cards, title))
        for card in cards:
            archive.writestr(card_filename(card, "pdf"), card_pdf(card))
            archive.writestr(card_filename(card, "html"), card_html(card))
        archive.writestr("index.html", render_template("exports/index.html", title=title, cards=cards,
                                                       today=date.today(), disclaimer=DISCLAIMER))
    return buffer.getvalue()


def cards_for_region(session: Session, project: Project, region_key: str | None,
                     published_only: bool = True) -> list[ObservationCard]:
    """The cards of a project for one region (its own and the project-wide ones; ``None``: every card of the
    project), oldest first."""
    query = select(ObservationCard).where(ObservationCard.project_id == project.id)
    if region_key is not None:
        region = session.scalar(select(Region).where(Region.key == region_key))
        if region is None or region not in project.regions:
            raise ExportError(f"Het project '{project.slug}' heeft geen regio '{region_key}'.")
        query = query.where(of_region_clause(ObservationCard, region.id))
    if published_only:
        query = query.where(ObservationCard.status == CardStatus.PUBLISHED.value)
    return list(session.scalars(query.order_by(ObservationCard.published_at, ObservationCard.id)))


def cards_for_session(sensemaking_session) -> list[ObservationCard]:
    """The published cards a sense-making session uses (its focus card, then the cards on its tables)."""
    cards: list[ObservationCard] = []
    candidates = [sensemaking_session.focus_card] + [link.card for table in sensemaking_session.tables
                                                     for link in table.cards]
    for card in candidates:
        if card is not None and card.is_published and card not in cards:
            cards.append(card)
    return cards


def deck_title(project: Project, region: Region | None) -> str:
    return f"Observatiekaarten {project.title}" + (f" – {region.name}" if region is not None else "")
