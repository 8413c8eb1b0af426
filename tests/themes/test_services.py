"""Themes: three planted vocabularies come back as three topics, members are stored, the filter works."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from vertelpunt.insights.records import StoryFilter, story_records
from vertelpunt.themes.services import ThemeError, run_themes, theme_filter, typical_stories
from tests.themes.conftest import VOCABULARIES
from vertelpunt.models import AuditEvent, ThemeMember

def test_planted_themes_are_found_and_stored(planted, project, session, make_user):
    user = make_user("analyst")
    run = run_themes(session, project, StoryFilter(), 3, user)
    session.commit()
    assert run.n_stories == 42 and len(run.topics) == 3
    members = session.scalars(select(ThemeMember).where(ThemeMember.run_id == run.id)).all()
    assert len(members) == 42
    by_story = {m.story_id: m.topic for m in members}
    for theme, stories in planted.items():
        topics = {by_story[s.id] for s in stories}
        assert len(topics) == 1, (theme, topics)  # each planted group lands in exactly one topic
        topic = run.topics[topics.pop()]
        assert topic["size"] == 14
        assert all(any(w.startswith(v[:4]) for v in VOCABULARIES[theme]) for w in topic["words"][:3])
        assert len(topic["typical"]) == 3 and set(topic["typical"]) <= {s.public_id for s in stories}
    assert len({m.topic for m in members}) == 3
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == str(run.id))) == "themes.run"


def test_theme_filter_restricts_records(planted, project, session):
    run = run_themes(session, project, StoryFilter(), 3, None)
    session.commit()
    school_topic = session.scalar(select(ThemeMember.topic).where(ThemeMember.story_id == planted["school"][0].id))
    records = story_records(session, project, theme_filter(run, school_topic))
    assert sorted(r["public_id"] for r in records) == sorted(s.public_id for s in planted["school"])
    with pytest.raises(ThemeError):
        theme_filter(run, 7)


def test_hidden_typical_story_drops_out(planted, project, session):
    run = run_themes(session, project, StoryFilter(), 3, None)
    session.commit()
    first = run.topics[0]["typical"][0]
    story = next(s for group in planted.values() for s in group if s.public_id == first)
    story.status = "hidden"
    session.commit()
    shown = typical_stories(session, run)
    assert first not in shown and len(shown) == 8


def test_bad_requests_are_dutch(planted, project, session):
    with pytest.raises(ThemeError, match="tussen 2 en 12"):
        run_themes(session, project, StoryFilter(), 13, None)
    with pytest.raises(ThemeError, match="Te weinig"):
        run_themes(session, project, StoryFilter(roles=("youth",)), 3, None)
