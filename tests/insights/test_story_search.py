"""The story list's search reads an index (migration 0026) and finds exactly the stories whose text or title
contains each word, case-insensitively, as reading every text would; the index follows new, redacted and
deleted stories by itself."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, func, or_, select

from vertelpunt.insights.story_search import _like, contains_word
from vertelpunt.models import Story

TEXTS = [
    ("Wachten", "We moesten lang WACHTEN op een plek, en niemand belde terug."),
    (None, "Na het wachten kwam er eindelijk een gezinscoach die naar ons luisterde."),
    ("Goed geholpen", "De jeugdarts legde alles uit; 50% van de tijd was ik er zelf bij."),
    (None, "Mijn dochter_zoon wilde niet praten, maar de mentor hield vol."),
    ("Over \"regels\"", "De regels van de groep waren streng, en niemand legde ze uit."),
]
WORDS = ["wacht", "WACHTEN", "niemand", "50%", "dochter_zoon", "\"regels\"", "uit;", "gezins", "ij", "zz", "luister"]


def _reference(session, word):
    pattern = _like(word)
    return set(session.scalars(select(Story.id).where(or_(
        func.lower(Story.text).like(func.lower(pattern), escape="\\"),
        func.lower(func.coalesce(Story.title, "")).like(func.lower(pattern), escape="\\")))))


def _found(session, word):
    return set(session.scalars(select(Story.id).where(contains_word(session, word))))


@pytest.fixture
def told(session, project, make_story):
    for title, text in TEXTS:
        make_story(project, title=title, text=text, commit=False)
    session.commit()


@pytest.mark.parametrize("word", WORDS)
def test_the_index_finds_what_reading_every_text_finds(session, told, word):
    assert _found(session, word) == _reference(session, word)


def test_the_words_do_find_stories(session, told):
    assert len(_found(session, "wacht")) == 2 and len(_found(session, "niemand")) == 2
    assert _found(session, "bestaat-niet") == set()


def test_the_index_follows_redactions_and_deletions(session, told, project, make_story, make_user):
    from vertelpunt.moderate.services import redact

    story = make_story(project, text="Een nieuwe pleegmoeder nam me mee naar de dierentuin, dat was fijn.")
    assert _found(session, "pleegmoeder") == {story.id}  # told after the index was made
    redact(session, story, make_user("moderator"), "Een nieuwe verzorger nam me mee naar buiten, dat was fijn.", "")
    session.commit()
    assert _found(session, "pleegmoeder") == set() and _found(session, "verzorger") == {story.id}
    session.execute(delete(Story).where(Story.id == story.id))
    session.commit()
    assert _found(session, "verzorger") == set()


def test_the_story_list_searches_through_the_index(client, session, told, project, make_user, login):
    login(make_user("admin"))
    html = client.get("/beheer/analyse/verhalen", query_string={"project": project.slug, "q": "WACHT",
                                                                 "complete": "all"}).get_data(as_text=True)
    assert "gezinscoach" in html and "jeugdarts" not in html


def test_the_trigram_indexes_are_made_in_a_schema_off_the_extensions_search_path(database_url):
    """pg_trgm is installed once per database; a second schema (a second installation, the deploy tests)
    finds it outside its search_path and must still get its indexes, not fail on a bare operator class."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's trigram indexes")
    from sqlalchemy import text

    from vertelpunt.db import make_engine
    from vertelpunt.migrations import upgrade

    schema = "search_elsewhere"
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
        assert connection.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1
    try:
        upgrade(database_url + ("&" if "?" in database_url else "?") + f"options=-csearch_path%3D{schema}")
        with engine.connect() as connection:
            made = set(connection.scalars(text("SELECT indexname FROM pg_indexes WHERE schemaname = :schema "
                                               "AND indexname LIKE '%trgm'"), {"schema": schema}))
        assert made == {"ix_stories_text_trgm", "ix_stories_title_trgm"}
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()
