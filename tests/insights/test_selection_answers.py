"""``records.answers_of_selection`` selects exactly the answers of the selected stories, whichever of its two
forms it takes ("IN the selection" or "NOT IN the rest"), on the demo data: the dashboard's counts from SQL
equal the counts made in Python from every story and answer."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from vertelpunt.insights.records import StoryFilter, answers_of_selection, story_query
from vertelpunt.models import Answer, Region, Story, StoryStatus


@pytest.fixture
def demo(session):
    from vertelpunt.demo.load import seed_demo

    outcome = seed_demo(session, n=300, create_admin=False)
    session.flush()
    regionless = session.scalar(select(Story).where(Story.project_id == outcome.project.id,
                                                    Story.status == StoryStatus.PUBLISHED.value).limit(1))
    regionless.region_id = None  # a story outside every region filter, its condition NULL there
    session.flush()
    return outcome.project


def _python_counts(session, project, story_filter, region_ids=None) -> Counter:
    """(question, option, number, is_na) -> answers, from every story and answer read into Python."""
    regions = dict(session.execute(select(Region.key, Region.id)).all())
    wanted = {regions[key] for key in story_filter.regions}
    chosen = set()
    if story_filter.choice_question:
        chosen = {a.story_id for a in session.scalars(select(Answer).where(
            Answer.question_key == story_filter.choice_question, Answer.option_key.in_(story_filter.choice_options)))}
    counts = Counter()
    for story in session.scalars(select(Story)):
        selected = (story.project_id == project.id and story.status == StoryStatus.PUBLISHED.value
                    and (story.is_complete or not story_filter.complete_only)
                    and (not story_filter.roles or story.role in story_filter.roles)
                    and (not wanted or story.region_id in wanted)
                    and (region_ids is None or story.region_id in region_ids)
                    and (not story_filter.choice_question or story.id in chosen))
        if selected:
            for answer in story.answers:
                counts[(answer.question_key, answer.option_key, answer.number, answer.is_na)] += 1
    return counts


def _sql_counts(session, project, story_filter, region_ids=None, force=None) -> Counter:
    ids = story_query(project, story_filter, region_ids)
    n = session.scalar(select(func.count()).select_from(Story).where(ids.whereclause))
    condition = answers_of_selection(session, ids, n) if force is None else force(ids)
    rows = session.execute(select(Answer.question_key, Answer.option_key, Answer.number, Answer.is_na, func.count())
                           .where(condition).group_by(Answer.question_key, Answer.option_key, Answer.number,
                                                      Answer.is_na))
    return Counter({tuple(row[:4]): row[4] for row in rows})


def _filters(session, project):
    region = session.scalar(select(Region.key).join(Story, Story.region_id == Region.id)
                            .where(Story.project_id == project.id).limit(1))
    role = project.form.roles[0].key
    return [StoryFilter(), StoryFilter(complete_only=False), StoryFilter(roles=(role,)), StoryFilter(regions=(region,)),
            StoryFilter(choice_question="help_type", choice_options=("jeugdhulp",))]


def test_both_forms_count_what_python_counts(session, demo):
    for story_filter in _filters(session, demo):
        expected = _python_counts(session, demo, story_filter)
        assert expected, story_filter
        assert _sql_counts(session, demo, story_filter) == expected, story_filter
        inside = _sql_counts(session, demo, story_filter, force=lambda ids: Answer.story_id.in_(ids))
        from sqlalchemy import false, not_
        rest = _sql_counts(session, demo, story_filter, force=lambda ids: Answer.story_id.not_in(
            select(Story.id).where(not_(func.coalesce(ids.whereclause, false())))))
        assert inside == rest == expected, story_filter


def test_a_viewer_scope_with_a_story_without_region(session, demo):
    region_ids = {session.scalar(select(Story.region_id).where(Story.region_id.is_not(None)).limit(1))}
    expected = _python_counts(session, demo, StoryFilter(), region_ids)
    assert expected and _sql_counts(session, demo, StoryFilter(), region_ids) == expected


def test_the_form_follows_the_smaller_set(session, demo):
    everything = story_query(demo, StoryFilter(complete_only=False))
    n = session.scalar(select(func.count()).select_from(Story).where(everything.whereclause))
    assert "NOT IN" in str(answers_of_selection(session, everything, n))
    assert "NOT IN" not in str(answers_of_selection(session, everything, 1))
