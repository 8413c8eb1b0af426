"""Every place outside the ``stories`` table where a story's words could live, kept in step with the story.

Quotes are references (see vertelpunt/cards/quotes.py), so there are no quote copies to fix. What is left
are derived words and lists that analysis stored on purpose:

* ``observation_cards.content["keywords"]``: distinctive words of the card's group;
* ``theme_runs.topics[*].words`` and ``label``: the words of each theme;
* ``observation_cards.content["stories"]``: the linked stories (ids and sentence positions only);
* ``card_stories.sentence``: which sentence is quoted, which a redaction can move;
* the files that jobs made (decks, reports: ``job_results``), which hold story text as it was: they are
  deleted (``vertelpunt.jobs.services.forget_results_about``), and the job's page asks to start it again.

A word is taken out of the keywords and theme words once no published story of the project still uses
it, so a name that a moderator redacts (or a story that is hidden or withdrawn) leaves those lists,
while common words that other stories share stay. Pattern runs keep statistics and story ids only
(ids of deleted stories are removed by vertelpunt.maintenance.retention.forget_story_ids).
The moderation and withdrawal services call these functions; nothing else writes story words.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.text import tokens
from vertelpunt.cards.quotes import closest_sentence
from vertelpunt.jobs.services import forget_results_about
from vertelpunt.models import CardStory, ObservationCard, Story, StoryStatus, ThemeRun


def _stems(*texts: str | None) -> set[str]:
    return {stem for text in texts for stem in tokens(text or "")}


def vanished_stems(session: Session, project_id: int, *old_texts: str | None) -> set[str]:
    """The stems of ``old_texts`` that no published story (text or title) of the project uses any more."""
    candidates = _stems(*old_texts)
    if not candidates:
        return set()
    rows = session.execute(select(Story.text, Story.title).where(
        Story.project_id == project_id, Story.status == StoryStatus.PUBLISHED.value))
    for story_text, title in rows:
        candidates -= _stems(story_text, title)
        if not candidates:
            break
    return candidates


def _keep(word: str, gone: set[str]) -> bool:
    return not (set(tokens(str(word))) & gone)


def scrub_words(session: Session, project_id: int, gone: set[str]) -> int:
    """Take words with a vanished stem out of card keywords and theme words; returns the rows changed."""
    if not gone:
        return 0
    changed = 0
    for card in session.scalars(select(ObservationCard).where(ObservationCard.project_id == project_id)):
        keywords = list((card.content or {}).get("keywords") or [])
        kept = [word for word in keywords if _keep(word, gone)]
        if kept != keywords:
            card.content = {**card.content, "keywords": kept}  # a new dict, so the JSON column is saved
            changed += 1
    for run in session.scalars(select(ThemeRun).where(ThemeRun.project_id == project_id)):
        topics, dirty = [], False
        for topic in run.topics or []:
            words = list(topic.get("words") or [])
            kept = [word for word in words if _keep(word, gone)]
            label_parts = [part for part in str(topic.get("label") or "").split(", ") if part]
            if kept != words or not all(_keep(part, gone) for part in label_parts):
                topic = {**topic, "words": kept, "label": ", ".join(kept[:3])}
                dirty = True
            topics.append(topic)
        if dirty:
            run.topics = topics
            changed += 1
    return changed


def _sync(card: ObservationCard) -> None:
    from vertelpunt.cards.drafting import sync_content  # imported when used: drafting loads the scan stack

    sync_content(card)


def _cards_of(session: Session, story: Story) -> list[ObservationCard]:
    return list(session.scalars(select(ObservationCard).join(CardStory).where(CardStory.story_id == story.id)))


def after_redaction(session: Session, story: Story, old_text: str, old_title: str | None) -> None:
    """The story's text was replaced: follow the quoted sentences and drop words that are gone."""
    for link in session.scalars(select(CardStory).where(CardStory.story_id == story.id)):
        link.sentence = closest_sentence(old_text, link.sentence, story.text)
    session.flush()
    for card in _cards_of(session, story):
        _sync(card)
    scrub_words(session, story.project_id, vanished_stems(session, story.project_id, old_text, old_title))
    forget_results_about(session, story.project_id, {story.public_id})


def after_status_change(session: Session, story: Story) -> None:
    """The story was hidden (or published again): card story lists follow, a hidden story's words leave."""
    session.flush()
    for card in _cards_of(session, story):
        _sync(card)
    if story.status != StoryStatus.PUBLISHED.value:
        scrub_words(session, story.project_id, vanished_stems(session, story.project_id, story.text, story.title))
        forget_results_about(session, story.project_id, {story.public_id})


def after_deletion(session: Session, project_id: int, public_ids: set[str], texts: list[str | None]) -> None:
    """Stories were deleted (withdrawn or purged): drop their ids from card lists and their words."""
    if public_ids:
        for card in session.scalars(select(ObservationCard).where(ObservationCard.project_id == project_id)):
            listed = list((card.content or {}).get("stories") or [])
            kept = [item for item in listed if str(item.get("public_id")) not in public_ids]
            if kept != listed:
                card.content = {**card.content, "stories": kept}
    scrub_words(session, project_id, vanished_stems(session, project_id, *texts))
    forget_results_about(session, project_id, set(public_ids))
