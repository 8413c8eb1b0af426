"""The typical stories on a card: swap one for the next proposal, remove one, add one by its id.

Every story that lands on a card is checked against the database first: only published, complete stories
of the card's own project (never hidden, withdrawn or awaiting moderation).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from analysis.disclosure import DEFAULT_THRESHOLD
from analysis.text import sentences, tokens
from vertelpunt.audit.services import record
from vertelpunt.cards.drafting import link_stories, sync_content
from vertelpunt.cards.eligible import eligible_mask, published_story
from vertelpunt.cards.errors import CardError
from vertelpunt.cards.quotes import sentence_index
from vertelpunt.cards.runs import find_pattern, run_table
from vertelpunt.models import CardStory, ObservationCard, User

MAX_STORIES = 6


def _renumber(card: ObservationCard) -> None:
    for position, link in enumerate(card.stories):
        link.position = position


def _editable(card: ObservationCard) -> None:
    if card.is_published:
        raise CardError("Deze kaart is gepubliceerd. Zet haar eerst terug naar concept.")


def _link(card: ObservationCard, public_id: str) -> CardStory:
    link = next((item for item in card.stories if item.story.public_id == public_id), None)
    if link is None:
        raise CardError(f"Verhaal {public_id} staat niet op deze kaart.")
    return link


def swap_story(session: Session, card: ObservationCard, public_id: str, user: User, *, min_group: int = DEFAULT_THRESHOLD) -> CardStory:
    """Replace one story by the best next proposal that is not on the card yet."""
    from analysis.cards import propose_stories  # imported when used, like draft_card

    _editable(card)
    old = _link(card, public_id)
    run = card.run
    pattern = find_pattern(run, card.pattern_key)
    table = run_table(session, run)
    current = {link.story.public_id for link in card.stories}
    proposals = propose_stories(table, pattern, count=5, eligible=eligible_mask(session, card.project, table),
                                exclude_ids=tuple(sorted(current)), min_group=min_group)
    position = old.position
    for proposal in proposals:
        if proposal.get("public_id") in current:
            continue
        story = published_story(session, card.project, str(proposal.get("public_id")))
        if story is None or not story.is_complete:
            continue
        card.stories.remove(old)
        session.flush()
        new = CardStory(story=story, position=position, sentence=sentence_index(story.text, proposal.get("quote")))
        card.stories.insert(position, new)
        _renumber(card)
        sync_content(card)
        session.flush()
        record(session, "card.story.swap", "observation_card", card.id, user, {"out": public_id, "in": story.public_id})
        return new
    raise CardError("Er is geen ander passend verhaal om dit verhaal mee te vervangen.")


def remove_story(session: Session, card: ObservationCard, public_id: str, user: User) -> None:
    _editable(card)
    card.stories.remove(_link(card, public_id))
    _renumber(card)
    sync_content(card)
    session.flush()
    record(session, "card.story.remove", "observation_card", card.id, user, {"story": public_id})


def quote_for(text: str, keywords: list[str], length: tuple[int, int] = (40, 220)) -> str | None:
    """The sentence of ``text`` that carries the most of the card's distinctive words."""
    stems = {stem for word in keywords for stem in tokens(word)}
    options = [s for s in sentences(text or "") if length[0] <= len(s) <= length[1]]
    if not options:
        return None
    return max(options, key=lambda s: (len(stems & set(tokens(s))), -len(s)))


def add_story(session: Session, card: ObservationCard, public_id: str, user: User) -> CardStory:
    """Add a story by its public id: a published, complete story of the card's project, not on it yet."""
    _editable(card)
    public_id = (public_id or "").strip().upper()
    if not public_id:
        raise CardError("Vul het id van een verhaal in.", "add_story")
    if any(link.story.public_id == public_id for link in card.stories):
        message = f"Verhaal {public_id} staat al op deze kaart."
        raise CardError(message, "add_story")
    if len(card.stories) >= MAX_STORIES:
        message = f"Een kaart heeft hoogstens {MAX_STORIES} verhalen. Verwijder er eerst een."
        raise CardError(message, "add_story")
    story = published_story(session, card.project, public_id)
    if story is None or not story.is_complete:
        message = f"Verhaal {public_id} is geen gepubliceerd, compleet verhaal van dit project."
        raise CardError(message, "add_story")
    keywords = list((card.content or {}).get("keywords") or [])
    linked = link_stories(session, card, [{"public_id": story.public_id, "quote": quote_for(story.text, keywords)}],
                          start=len(card.stories))
    _renumber(card)
    sync_content(card)
    session.flush()
    record(session, "card.story.add", "observation_card", card.id, user, {"story": story.public_id})
    return linked[0]
