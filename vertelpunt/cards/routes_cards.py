"""Observation card pages: the list, the card as it prints, and the editor (analysts and admins only)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import CARD_READER_ROLES, may_edit_cards, may_read_card, role_required, visible_region_ids
from vertelpunt.cards import services
from vertelpunt.cards.errors import CardError
from vertelpunt.cards.figures import figure, shown_content
from vertelpunt.db import discard_request_changes, get_or_404, get_session
from vertelpunt.projects.visibility import visible_projects
from vertelpunt.models import ObservationCard, UserRole
from vertelpunt.small_groups import threshold
from vertelpunt.web_errors import back_with_error

bp = Blueprint("cards", __name__, url_prefix="/beheer/kaarten")
FIELDS = ("title", "observation", "interpretation_a", "interpretation_b")


def _card_or_404(card_id: int) -> ObservationCard:
    card = get_or_404(ObservationCard, card_id)
    if not may_read_card(current_user, card):
        abort(403)
    return card


def _editable_card(card_id: int) -> ObservationCard:
    card = _card_or_404(card_id)
    if not may_edit_cards(current_user):
        abort(403)
    return card


@bp.get("/")
@role_required(*CARD_READER_ROLES)
def index():
    session = get_session()
    args = {key: request.args.get(key) or None for key in ("project", "region", "status")}
    cards = services.readable_cards(session, current_user, **args)
    projects = visible_projects(session, visible_region_ids(current_user))
    regions = sorted({region for project in projects for region in project.regions}, key=lambda r: r.name)
    allowed = visible_region_ids(current_user)
    regions = [r for r in regions if allowed is None or r.id in allowed]
    return render_template("cards/index.html", cards=cards, projects=projects, regions=regions, chosen=args,
                           status_labels=services.STATUS_LABELS, may_edit=may_edit_cards(current_user))


@bp.get("/<int:card_id>")
@role_required(*CARD_READER_ROLES)
def show(card_id: int):
    card = _card_or_404(card_id)
    content = shown_content(card)
    return render_template("cards/card.html", card=card, content=content, chart=figure(f"kaart-{card.id}", content.get("chart")),
                           status_labels=services.STATUS_LABELS, disclaimer=services.DISCLAIMER,
                           may_edit=may_edit_cards(current_user))


def _editor(card: ObservationCard, values: dict | None = None, errors: dict | None = None, status: int = 200):
    values = values or {field: getattr(card, field) for field in FIELDS}
    return render_template("cards/edit.html", card=card, values=values, errors=errors or {},
                           links=services.visible_links(card), status_labels=services.STATUS_LABELS,
                           hints=(card.content or {}).get("hints") or ["", ""]), status


@bp.get("/<int:card_id>/bewerken")
@role_required(UserRole.ANALYST)
def edit(card_id: int):
    return _editor(_editable_card(card_id))


@bp.post("/<int:card_id>/bewerken")
@role_required(UserRole.ANALYST)
def save(card_id: int):
    """One form, several buttons: save, publish, swap/remove a story, add one. The typed text is saved
    first (all or nothing), so a story action never loses what the analyst wrote."""
    session = get_session()
    card = _editable_card(card_id)
    values = {field: request.form.get(field, "") for field in FIELDS}
    values["add_story"] = request.form.get("add_story", "")
    action = request.form.get("action", "save")
    min_group = threshold()
    try:
        services.update_card(session, card, current_user, *(values[field] for field in FIELDS))
        kind, _, public_id = action.partition(":")
        if values["add_story"].strip() or kind == "add":
            services.add_story(session, card, values["add_story"], current_user)
            values["add_story"] = ""
        if kind == "swap":
            services.swap_story(session, card, public_id, current_user, min_group=min_group)
        elif kind == "remove":
            services.remove_story(session, card, public_id, current_user)
        elif kind == "publish":
            services.publish(session, card, current_user)
    except CardError as error:
        discard_request_changes()  # all or nothing: the editor shows the stored card with what was typed
        card = services.get_card(session, card_id)
        return _editor(card, values, error.errors or {"form": error.message}, 400)
    if card.is_published:
        flash("De kaart is gepubliceerd.", "info")
        return redirect(url_for("cards.show", card_id=card.id))
    flash({"swap": "Het verhaal is vervangen.", "remove": "Het verhaal is van de kaart gehaald.",
           "add": "Het verhaal staat op de kaart."}.get(action.partition(":")[0], "De kaart is opgeslagen."), "info")
    return redirect(url_for("cards.edit", card_id=card.id) + ("#verhalen" if ":" in action or action == "add" else ""))


@bp.post("/<int:card_id>/concept")
@role_required(UserRole.ANALYST)
def unpublish(card_id: int):
    session = get_session()
    card = _editable_card(card_id)
    try:
        services.unpublish(session, card, current_user)
    except CardError as error:
        return back_with_error(error, url_for("cards.show", card_id=card.id))
    flash("De kaart is weer een concept en kan worden bewerkt.", "info")
    return redirect(url_for("cards.edit", card_id=card.id))
