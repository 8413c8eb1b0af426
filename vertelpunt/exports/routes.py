"""Download observation cards and decks (PDF, HTML, ZIP) under /beheer/kaarten.

Whoever may read a card on its page may download it (accounts.access.may_read_card): analysts every card (a
concept card is marked CONCEPT), facilitators and viewers published cards, viewers only for their regions.
Decks hold published cards only and are made by a job (``vertelpunt.jobs``): the deck's page says what it
will hold, its button starts the job and leads to the job's progress page. Every download, and every deck
started, is in the audit trail.
"""
from __future__ import annotations

import io

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from vertelpunt.accounts.access import may_edit_cards, may_read_card, role_required
from vertelpunt.audit.services import record
from vertelpunt.db import get_or_404, get_session
from vertelpunt.exports.cards import card_filename, card_html, card_pdf
from vertelpunt.exports.decks import DeckRefused, DeckRequest, resolve_deck
from vertelpunt.jobs.services import start_job
from vertelpunt.models import ObservationCard, UserRole

bp = Blueprint("card_exports", __name__, url_prefix="/beheer/kaarten")
EXPORT_ROLES = (UserRole.ANALYST, UserRole.FACILITATOR, UserRole.VIEWER)
MIMETYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", "zip": "application/zip"}


def _download(data: bytes, kind: str, name: str):
    response = send_file(io.BytesIO(data), mimetype=MIMETYPES[kind], as_attachment=True, download_name=name)
    return response


def _card(card_id: int) -> ObservationCard:
    card = get_or_404(ObservationCard, card_id)
    if not may_read_card(current_user, card):  # the same rule as the card page
        abort(403)
    return card


@bp.get("/<int:card_id>/kaart.pdf")
@role_required(*EXPORT_ROLES)
def card_as_pdf(card_id: int):
    card = _card(card_id)
    data = card_pdf(card, analysts=may_edit_cards(current_user))
    _audit("card.export", "card", card.id, {"format": "pdf"})
    return _download(data, "pdf", card_filename(card, "pdf"))


@bp.get("/<int:card_id>/kaart.html")
@role_required(*EXPORT_ROLES)
def card_as_html(card_id: int):
    card = _card(card_id)
    data = card_html(card, analysts=may_edit_cards(current_user)).encode("utf-8")
    _audit("card.export", "card", card.id, {"format": "html"})
    return _download(data, "html", card_filename(card, "html"))


def _deck_or_abort() -> DeckRequest:
    try:
        return resolve_deck(get_session(), current_user, request.args)
    except DeckRefused as refused:
        abort(refused.status)


@bp.get("/deck")
@role_required(*EXPORT_ROLES)
def deck():
    """What a deck will hold, with a button that starts making it (a deck of many cards takes a while)."""
    deck_request = _deck_or_abort()
    return render_template("exports/deck_start.html", deck=deck_request, args=request.args)


@bp.post("/deck")
@role_required(*EXPORT_ROLES)
def start_deck():
    """Start a job that makes the deck, and go to its progress page."""
    deck_request = _deck_or_abort()
    session = get_session()
    job = start_job(session, current_user, "deck", deck_request.params, project_id=deck_request.project.id,
                    steps_total=len(deck_request.cards) + 1, step_text="in de wachtrij")
    record(session, "deck.export", "project", deck_request.project.slug, user=current_user,
           detail={"format": deck_request.fmt, **deck_request.scope, "cards": [card.id for card in deck_request.cards],
                   "job": job.id})
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


def _audit(action: str, target_type: str, target_id, detail: dict) -> None:
    record(get_session(), action, target_type, target_id, user=current_user, detail=detail)
