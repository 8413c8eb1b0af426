"""Published stories as analysis records, with the filters regions ask for."""
from datetime import date

import pytest

from vertelpunt.insights.records import StoryFilter, story_records


@pytest.fixture
def stories(project, make_story):
    make_story(project, role="parent", week=date(2026, 1, 5),
               answers={"outcome": 10.0, "heard": 20.0, "help_type": ["ots"], "place": "enschede"})
    make_story(project, role="youth", week=date(2026, 3, 2),
               answers={"outcome": "nvt", "heard": 80.0, "mattered": [0.2, 0.3, 0.5], "place": "nijmegen"})
    make_story(project, role="parent", week=date(2026, 3, 9), status="pending",
               answers={"outcome": 50.0, "heard": 50.0})
    make_story(project, role="professional", week=date(2026, 4, 6), text="Kort.",
               answers={"outcome": 50.0, "heard": 50.0}, region_key="twente")
    return project


def ids(records):
    return sorted((r["role"], r["week"].isoformat()) for r in records)


def test_only_published_complete_stories_by_default(session, stories):
    records = story_records(session, stories)
    assert ids(records) == [("parent", "2026-01-05"), ("youth", "2026-03-02")]
    parent = next(r for r in records if r["role"] == "parent")
    assert parent["region"] == "twente" and parent["complete"] is True
    assert parent["answers"] == {"outcome": 10.0, "heard": 20.0, "help_type": ["ots"], "place": "enschede"}
    assert len(story_records(session, stories, StoryFilter(complete_only=False))) == 3


@pytest.mark.parametrize(("filters", "expected"), [
    (StoryFilter(regions=("rijk-van-nijmegen",)), [("youth", "2026-03-02")]),
    (StoryFilter(roles=("parent",)), [("parent", "2026-01-05")]),
    (StoryFilter(choice_question="help_type", choice_options=("ots",)), [("parent", "2026-01-05")]),
    (StoryFilter(week_from=date(2026, 2, 1)), [("youth", "2026-03-02")]),
    (StoryFilter(week_to=date(2026, 2, 1)), [("parent", "2026-01-05")]),
])
def test_filters(session, stories, filters, expected):
    assert ids(story_records(session, stories, filters)) == expected


def test_region_scope_for_viewers(session, stories, regions):
    from sqlalchemy import select

    from vertelpunt.models import Region

    twente = session.scalar(select(Region.id).where(Region.key == "twente"))
    assert ids(story_records(session, stories, region_ids={twente})) == [("parent", "2026-01-05")]
    assert story_records(session, stories, region_ids=set()) == []


def test_filter_round_trips_through_json():
    original = StoryFilter(regions=("twente",), roles=("youth",), choice_question="help_type",
                           choice_options=("ots",), week_from=date(2026, 1, 5), complete_only=False)
    assert StoryFilter.from_dict(original.to_dict()) == original
