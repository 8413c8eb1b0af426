"""Moderation: every story is read before it reaches analysis, dashboards or sessions.

A moderator can redact (the stored text *becomes* the redacted text: the original is not kept),
publish, hide with a reason, or mark a story as duplicate or spam. Each action is audited without
copying story text into the audit log. Redacting or hiding also updates the few places that hold words
derived from a story (vertelpunt.cards.copies); quotes on cards are references and follow by themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.insights import tallies
from vertelpunt.audit.services import record
from vertelpunt.cards import copies
from vertelpunt.forms.question_types import type_of
from vertelpunt.models import Project, Story, StoryStatus, User
from vertelpunt.stories.services import MAX_STORY_LENGTH, MAX_TITLE_LENGTH, is_complete, pii_kinds_of, story_answers
from vertelpunt.errors import VertelpuntError

STATUS_LABELS = StoryStatus.labels()
REASON_REQUIRED = {StoryStatus.HIDDEN.value}


class ModerationError(VertelpuntError):
    """A moderation request that cannot be carried out; the message is Dutch."""


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str


def queue(session: Session, status: str = StoryStatus.PENDING.value, project_slug: str | None = None, limit: int = 200):
    query = (
        select(Story).join(Project).where(Story.status == status)
        .options(selectinload(Story.project), selectinload(Story.region))
        .order_by(Story.week, Story.id).limit(limit)
    )
    if project_slug:
        query = query.where(Project.slug == project_slug)
    return list(session.scalars(query))


def counts_by_status(session: Session, project_slug: str | None = None) -> dict[str, int]:
    query = select(Story.status, func.count()).join(Project).group_by(Story.status)
    if project_slug:
        query = query.where(Project.slug == project_slug)
    counts = dict.fromkeys(STATUS_LABELS, 0)
    counts.update(dict(session.execute(query).all()))
    return counts


def find_story(session: Session, public_id: str) -> Story | None:
    return session.scalar(select(Story).where(Story.public_id == public_id).options(selectinload(Story.answers)))


def set_status(session: Session, story: Story, status: str, user: User, reason: str = "") -> None:
    """Change the moderation status; hiding needs a reason (kept for other moderators)."""
    if status not in STATUS_LABELS:
        raise ModerationError("Onbekende status.")
    reason = reason.strip()
    if status in REASON_REQUIRED and not reason:
        raise ModerationError("Geef een reden op waarom je dit verhaal verbergt.")
    if len(reason) > 1000:
        raise ModerationError("De reden is te lang: hoogstens 1000 tekens.")
    previous, counted = story.status, tallies.counted_as(story)
    story.status = status
    story.status_reason = reason or None
    tallies.move(session, story.id, counted, tallies.counted_as(story))
    copies.after_status_change(session, story)
    record(session, f"story.{status}", "story", story.public_id, user, {"from": previous})


def redact(session: Session, story: Story, user: User, text: str, title: str) -> None:
    """Replace the story text (and title) with an edited version; the original is not kept."""
    text, title = text.strip(), title.strip()
    if not text:
        raise ModerationError("De tekst mag niet leeg zijn. Verberg het verhaal als er niets overblijft.")
    if len(text) > MAX_STORY_LENGTH or len(title) > MAX_TITLE_LENGTH:
        raise ModerationError("De tekst of titel is te lang.")
    changed = text != story.text or (title or None) != story.title
    if not changed:
        return
    old_text, old_title = story.text, story.title
    story.text = text
    story.title = title or None
    copies.after_redaction(session, story, old_text, old_title)
    story.pii_kinds = pii_kinds_of(text + "\n" + title)
    counted = tallies.counted_as(story)
    story.is_complete = is_complete(story.form, story.role, text, story_answers(story))
    tallies.move(session, story.id, counted, tallies.counted_as(story))
    record(session, "story.redact", "story", story.public_id, user, {"remaining_pii": story.pii_kinds or []})


def answer_lines(story: Story) -> list[AnswerLine]:
    """The story's answers as readable lines (question text, answer label) for the moderator."""
    answers = story_answers(story)
    lines = []
    for question in story.form.questions:
        if question.key not in answers:
            continue
        shown = type_of(question).answer_label(question, answers[question.key], story)
        lines.append(AnswerLine(question.text_for(story.role), str(shown)))
    return lines
