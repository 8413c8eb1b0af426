"""Which stories contain a searched word, from an index instead of reading every story's text.

The story list's search asks, per word, for the stories whose text or title contains it (case-insensitive,
anywhere in a word). Read from the stories themselves that costs 1.2 s at 100,000 stories. Migration 0026
indexes texts and titles by trigrams: on SQLite an FTS5 table (``story_search``) that triggers keep in step,
on PostgreSQL GIN indexes (pg_trgm) that ``ILIKE`` uses by itself. A word of one or two letters has no
trigram and is looked for in the texts, as before.

The FTS5 trigram tokenizer folds case over all of Unicode, where SQLite's ``lower()`` folds only ASCII: a
search for "école" now also finds "École". ASCII words find the same stories either way
(tests/insights/test_story_search.py).
"""
from __future__ import annotations

from sqlalchemy import func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from vertelpunt.models import Story

ESCAPE = "\\"
TRIGRAM = 3  # the shortest word the index can look up
SEARCH_TABLE = "story_search"
#: What migration 0026 makes beside the models (FTS5 and its shadow tables, PostgreSQL's trigram indexes):
#: left out when the migrated schema is compared with the models.
NOT_IN_MODELS = frozenset({SEARCH_TABLE, *(f"{SEARCH_TABLE}_{part}" for part in ("data", "idx", "docsize", "config")),
                           "ix_stories_text_trgm", "ix_stories_title_trgm"})
_INDEXED: dict[str, bool] = {}  # engine URL -> whether the SQLite database has the FTS5 table


def in_models(name, type_, parent_names) -> bool:
    """Alembic's ``include_name``: False for what the search index adds beside the models."""
    return name not in NOT_IN_MODELS


def _like(word: str) -> str:
    escaped = word.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


def _has_index(session: Session) -> bool:
    bind = session.get_bind()
    key = str(bind.url)
    if key not in _INDEXED:
        _INDEXED[key] = session.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
                                        {"name": SEARCH_TABLE}).first() is not None
    return _INDEXED[key]


def contains_word(session: Session, word: str) -> ColumnElement[bool]:
    """A condition on ``Story``: its text or title contains ``word``, anywhere, in any case."""
    if session.get_bind().dialect.name == "sqlite" and len(word) >= TRIGRAM and _has_index(session):
        phrase = '"' + word.replace('"', '""') + '"'  # one FTS5 phrase: the word as it is, quotes doubled
        found = select(literal_column("rowid")).select_from(table(SEARCH_TABLE)).where(
            literal_column(SEARCH_TABLE).op("MATCH")(phrase))
        return Story.id.in_(found)
    pattern = _like(word)
    return or_(Story.text.ilike(pattern, escape=ESCAPE), func.coalesce(Story.title, "").ilike(pattern, escape=ESCAPE))
