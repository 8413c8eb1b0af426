"""Download observation cards and decks (PDF, HTML, ZIP) under /beheer/kaarten.

Whoever may read a card on its page may download it (accounts.access.may_read_card): analysts every card (a
concept card is marked CONCEPT), facilitators and viewers published cards, viewers only for their regions.
Decks hold published cards only. Every download is in the audit trail.
"""
from __future__ import annotations

import io

from flask import Blueprint, abort, request, send_file
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.accounts.access import may_edit_cards, may_read_card, role_required, visible_region_ids
from vertelpunt.audit.services import record
from vertelpunt.db import get_or_404, get_session
from vertelpunt.exports.cards import (ExportError, card_filename, card_html, card_pdf, cards_for_region, cards_for_session,
                                      deck_pdf, deck_title, deck_zip)
from vertelpunt.models import ObservationCard, Project, Region, SensemakingSession, UserRole

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


@bp.get("/deck")
@role_required(*EXPORT_ROLES)
def deck():
    """A deck for a region of a project (``region``, or none: the whole project) or for a session (``sessie``)."""
    session = get_session()
    fmt = request.args.get("format", "pdf")
    project = session.scalar(select(Project).where(Project.slug == request.args.get("project", "")))
    if project is None or fmt not in ("pdf", "zip"):
        abort(404)
    region_ids = visible_region_ids(current_user)
    session_id = request.args.get("sessie", "")
    if session_id:
        meeting = session.get(SensemakingSession, int(session_id)) if session_id.isdigit() else None
        if meeting is None or meeting.project_id != project.id:
            abort(404)
        if region_ids is not None and meeting.region_id not in region_ids:
            abort(403)
        cards = cards_for_session(meeting)
        title, name, scope = f"Observatiekaarten voor {meeting.name}", f"kaarten-sessie-{meeting.id}", {"session": meeting.id}
    else:
        region_key = request.args.get("region") or None
        region = session.scalar(select(Region).where(Region.key == region_key)) if region_key else None
        if region_ids is not None and (region is None or region.id not in region_ids):
            abort(403)  # viewers only download decks of their own regions
        try:
            cards = cards_for_region(session, project, region_key)
        except ExportError:
            abort(404)
        title, name = deck_title(project, region), f"kaarten-{project.slug}{'-' + region_key if region_key else ''}"
        scope = {"region": region_key}
    cards = [card for card in cards if may_read_card(current_user, card)]
    if not cards:
        abort(404)
    data = deck_pdf(cards, title) if fmt == "pdf" else deck_zip(cards, title)
    _audit("deck.export", "project", project.slug, {"format": fmt, **scope, "cards": [card.id for card in cards]})
    return _download(data, fmt, f"{name}.{fmt}")


def _audit(action: str, target_type: str, target_id, detail: dict) -> None:
    record(get_session(), action, target_type, target_id, user=current_user, detail=detail)
