"""A card's quote is a reference into its story (which sentence), never a copy of the words.

The words are drawn from the stored story text every time a quote is shown, so a moderator's redaction is
on every card page, export, deck and participant screen at once, and a story that is no longer published
quotes nothing. There is no copy that could be forgotten. Only the position is kept: when a redaction
moves sentence boundaries, ``follow_redaction`` moves the position to the sentence most like the old one.
"""
from __future__ import annotations

from analysis.text import sentences, tokens
from vertelpunt.models.stories import StoryStatus


def sentence_index(text: str | None, quote: str | None) -> int | None:
    """Which sentence of ``text`` the proposed ``quote`` is (or lies in); None when it is not found."""
    if not quote or not text:
        return None
    wanted = " ".join(quote.split())
    parts = [" ".join(part.split()) for part in sentences(text)]
    for index, part in enumerate(parts):
        if part == wanted:
            return index
    for index, part in enumerate(parts):
        if wanted in part or part in wanted:
            return index
    return None


def quote_at(text: str | None, index: int | None) -> str | None:
    """Sentence ``index`` of the story text as it is stored now."""
    if index is None or not text:
        return None
    parts = sentences(text)
    return parts[index] if 0 <= index < len(parts) else None


def quote_of(link) -> str | None:
    """The quote of a card's story link, from the current text; nothing for a story that is not published."""
    story = link.story
    if story is None or story.status != StoryStatus.PUBLISHED.value:
        return None
    return quote_at(story.text, link.sentence)


def closest_sentence(old_text: str, old_index: int | None, new_text: str) -> int | None:
    """After an edit: the sentence of ``new_text`` that shares the most words with the old quoted sentence."""
    old = quote_at(old_text, old_index)
    if old is None:
        return None
    candidates = sentences(new_text)
    if not candidates:
        return None
    if old_index < len(candidates) and len(candidates) == len(sentences(old_text)):
        return old_index  # same structure: the same position is the same sentence, redacted
    old_words = set(tokens(old))
    return max(range(len(candidates)), key=lambda i: (len(old_words & set(tokens(candidates[i]))), -abs(i - old_index)))
