"""Download observation cards and decks (PDF, HTML, ZIP) under /beheer/kaarten.

Analysts may export every card (a concept card is marked CONCEPT); facilitators and viewers only
published cards, viewers only cards of their own regions. Every download is in the audit trail.
"""
from __future__ import annotations

import io

from flask import Blueprint, abort, request, send_file
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.accounts.access import role_required, visible_region_ids
from vertelpunt.audit import record
from vertelpunt.db import get_session
from vertelpunt.exports.cards import (ExportError, card_filename, card_html, card_pdf, cards_for_region, deck_pdf,
                                      deck_title, deck_zip)
from vertelpunt.models import ObservationCard, Project, Region

bp = Blueprint("card_exports", __name__, url_prefix="/beheer/kaarten")
EXPORT_ROLES = ("analyst", "facilitator", "viewer")
MIMETYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", "zip": "application/zip"}


@bp.app_template_filter("export_number")
def export_number(value, digits: int = 1) -> str:
    """A number the Dutch way (decimal comma); empty values as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}".replace(".", ",")


@bp.app_template_filter("export_p")
def export_p(value, name: str = "p") -> str:
    """A p- or q-value as "p = 0,004" or "p < 0,001"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 0.001:
        return f"{name} < 0,001"
    return f"{name} = {export_number(value, 3)}"


def _may_see(card: ObservationCard) -> bool:
    if not card.is_published and not current_user.has_role("analyst"):
        return False
    region_ids = visible_region_ids(current_user)
    return region_ids is None or (card.region_id is not None and card.region_id in region_ids)


def _download(data: bytes, kind: str, name: str):
    response = send_file(io.BytesIO(data), mimetype=MIMETYPES[kind], as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


def _card(card_id: int) -> ObservationCard:
    card = get_session().get(ObservationCard, card_id)
    if card is None or not _may_see(card):
        abort(404)
    return card


@bp.get("/<int:card_id>/kaart.pdf")
@role_required(*EXPORT_ROLES)
def card_as_pdf(card_id: int):
    card = _card(card_id)
    data = card_pdf(card)
    _audit("card.export", "card", card.id, {"format": "pdf"})
    return _download(data, "pdf", card_filename(card, "pdf"))


@bp.get("/<int:card_id>/kaart.html")
@role_required(*EXPORT_ROLES)
def card_as_html(card_id: int):
    card = _card(card_id)
    data = card_html(card).encode("utf-8")
    _audit("card.export", "card", card.id, {"format": "html"})
    return _download(data, "html", card_filename(card, "html"))


@bp.get("/deck")
@role_required(*EXPORT_ROLES)
def deck():
    session = get_session()
    fmt = request.args.get("format", "pdf")
    project = session.scalar(select(Project).where(Project.slug == request.args.get("project", "")))
    if project is None or fmt not in ("pdf", "zip"):
        abort(404)
    region_key = request.args.get("region") or None
    region_ids = visible_region_ids(current_user)
    region = session.scalar(select(Region).where(Region.key == region_key)) if region_key else None
    if region_ids is not None and (region is None or region.id not in region_ids):
        abort(403)  # viewers only download decks of their own regions
    try:
        cards = cards_for_region(session, project, region_key)
    except ExportError:
        abort(404)
    if not cards:
        abort(404)
    title = deck_title(project, region)
    data = deck_pdf(cards, title) if fmt == "pdf" else deck_zip(cards, title)
    _audit("deck.export", "project", project.slug,
           {"format": fmt, "region": region_key, "cards": [card.id for card in cards]})
    name = f"kaarten-{project.slug}{'-' + region_key if region_key else ''}.{fmt}"
    return _download(data, fmt, name)


def _audit(action: str, target_type: str, target_id, detail: dict) -> None:
    session = get_session()
    record(session, action, target_type, target_id, user=current_user, detail=detail)
    session.commit()
