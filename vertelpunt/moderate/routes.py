"""Moderation queue and actions for analysts and moderators."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import role_required
from vertelpunt.db import get_session, or_404
from vertelpunt.moderate import services
from vertelpunt.moderate.pii import find_pii, highlight_spans
from vertelpunt.models import StoryStatus, UserRole

bp = Blueprint("moderate", __name__, url_prefix="/beheer/moderatie")
MODERATOR_ROLES = (UserRole.ANALYST, UserRole.MODERATOR)


@bp.get("/")
@role_required(*MODERATOR_ROLES)
def queue():
    status = request.args.get("status", StoryStatus.PENDING.value)
    if status not in services.STATUS_LABELS:
        status = StoryStatus.PENDING.value
    project = request.args.get("project") or None
    session = get_session()
    return render_template(
        "moderate/queue.html", stories=services.queue(session, status, project), status=status,
        counts=services.counts_by_status(session, project), labels=services.STATUS_LABELS, project=project,
    )


def _story_or_404(public_id: str):
    story = or_404(services.find_story(get_session(), public_id))
    return story


@bp.get("/<public_id>")
@role_required(*MODERATOR_ROLES)
def detail(public_id: str):
    story = _story_or_404(public_id)
    return render_template(
        "moderate/detail.html", story=story, labels=services.STATUS_LABELS,
        text_spans=highlight_spans(story.text, find_pii(story.text)),
        answers=services.answer_lines(story), error=None,
    )


@bp.post("/<public_id>/status")
@role_required(*MODERATOR_ROLES)
def change_status(public_id: str):
    story = _story_or_404(public_id)
    status = request.form.get("status", "")
    try:
        services.set_status(get_session(), story, status, current_user, request.form.get("reason", ""))
    except services.ModerationError as error:
        return _detail_with_error(story, error.message)
    flash(f"Verhaal {story.public_id}: {services.STATUS_LABELS[status].lower()}.", "info")
    return redirect(url_for("moderate.queue", status=StoryStatus.PENDING.value))


@bp.post("/<public_id>/redigeren")
@role_required(*MODERATOR_ROLES)
def redact(public_id: str):
    story = _story_or_404(public_id)
    try:
        services.redact(get_session(), story, current_user, request.form.get("text", ""), request.form.get("title", ""))
    except services.ModerationError as error:
        return _detail_with_error(story, error.message)
    flash("De tekst is aangepast. De oorspronkelijke tekst is niet bewaard.", "info")
    return redirect(url_for("moderate.detail", public_id=story.public_id))


def _detail_with_error(story, message: str):
    return render_template(
        "moderate/detail.html", story=story, labels=services.STATUS_LABELS,
        text_spans=highlight_spans(story.text, find_pii(story.text)),
        answers=services.answer_lines(story), error=message,
    ), 400
