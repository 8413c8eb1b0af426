"""Drafting a card from a pattern of a stored run: numbers, chart, observation and typical stories.

The draft (analysis.cards.draft_card) is stored as the card's ``content`` snapshot, so a card does not
change when new stories arrive; the run it came from stays linked for anyone who wants to check it.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.disclosure import DEFAULT_THRESHOLD
from analysis.errors import AnalysisError
from vertelpunt.audit.services import record
from vertelpunt.cards.eligible import eligible_mask, published_story
from vertelpunt.cards.errors import CardError
from vertelpunt.cards.quotes import sentence_index
from vertelpunt.cards.runs import describe_filters, find_pattern, run_table
from vertelpunt.models import CardStory, ObservationCard, PatternRun, Region, StoryStatus, User

TITLE_MAX = 200


def _single_region(session: Session, filters: dict) -> Region | None:
    regions = (filters or {}).get("regions") or []
    if len(regions) != 1:
        return None
    return session.scalar(select(Region).where(Region.key == regions[0]))


def _title(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1].rstrip() + "…"


def visible_links(card: ObservationCard) -> list[CardStory]:
    """The card's story links whose story is (still) published; only these are ever shown."""
    return [link for link in card.stories if link.story is not None and link.story.status == StoryStatus.PUBLISHED.value]


def sync_content(card: ObservationCard) -> None:
    """Keep ``content["stories"]`` equal to the published linked stories, in order: ids only, never words.

    The draft's proposals carry quote texts; those must not stay in the snapshot (they would outlive a
    redaction), so the list is rewritten to public ids and sentence positions.
    """
    stories = [{"public_id": link.story.public_id, "sentence": link.sentence} for link in visible_links(card)]
    card.content = {**(card.content or {}), "stories": stories}


def link_stories(session: Session, card: ObservationCard, proposals: list[dict], start: int = 0) -> list[CardStory]:
    """Link proposed stories to the card, each only if it is a published story of the card's project."""
    linked = []
    present = {link.story.public_id for link in card.stories}
    for proposal in proposals:
        public_id = str(proposal.get("public_id") or "")
        if not public_id or public_id in present:
            continue
        story = published_story(session, card.project, public_id)
        if story is None or not story.is_complete:
            continue
        link = CardStory(story=story, position=start + len(linked),
                         sentence=sentence_index(story.text, proposal.get("quote")))
        card.stories.append(link)
        linked.append(link)
        present.add(public_id)
    return linked


def create_card(session: Session, run: PatternRun, key: str, user: User, *, min_group: int = DEFAULT_THRESHOLD) -> ObservationCard:
    """A concept card for one pattern of ``run``, drafted automatically (the caller commits)."""
    from analysis.cards import draft_card  # imported when used: the app starts without the text stack loaded

    pattern = find_pattern(run, key)
    table = run_table(session, run)
    if pattern.a not in table.columns or pattern.b not in table.columns:
        raise CardError("De vragen van dit patroon staan niet meer in de verhalen van dit project.")
    try:
        draft = draft_card(table, pattern, count=3, min_group=min_group, suppress_small=True,
                           eligible=eligible_mask(session, run.project, table))
    except AnalysisError as error:
        raise CardError(f"De kaart kon niet worden opgesteld: {error.message}") from None
    content = {**draft.to_content(), "filters_text": describe_filters(session, run.project, run.filters)}
    region = _single_region(session, run.filters)
    card = ObservationCard(
        project=run.project, run=run, pattern_key=key, region=region, title=_title(draft.title),
        observation=draft.observation or "", interpretation_a="", interpretation_b="",
        n=int(content.get("n") or pattern.n), filters=dict(run.filters or {}), content=content,
        created_by=user.email,
    )
    session.add(card)
    link_stories(session, card, content.get("stories") or [])
    sync_content(card)
    session.flush()
    record(session, "card.create", "observation_card", card.id, user,
           {"run": run.id, "pattern": key, "stories": [link.story.public_id for link in card.stories]})
    return card
