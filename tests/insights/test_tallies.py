"""The dashboard's running tallies (vertelpunt/insights/tallies.py) count exactly what a GROUP BY over the published
stories' answers counts, stay so through every writer that changes which stories count, and are not read when
they are out of step."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import event, select, update
from werkzeug.datastructures import MultiDict

from tests.insights.test_aggregates import _comparable, varied  # noqa: F401 (a fixture)
from vertelpunt.insights import aggregates, tallies
from vertelpunt.insights.dashboard import chart_questions, question_charts
from vertelpunt.insights.filters import parse_filters
from vertelpunt.insights.records import story_query
from vertelpunt.models import AnswerTally, Story, TallyStamp, WeekSum

FILTERS = [{}, {"role": "parent"}, {"region": "twente"}, {"complete": "all"}, {"role": "youth", "region": "twente"}]


def _selection(session, user, **args):
    return parse_filters(session, MultiDict(list(args.items())), user)


def _live(session, selection):
    questions = chart_questions(selection.project)
    by_type: dict[str, list[str]] = {}
    for question in questions:
        by_type.setdefault(question.type, []).append(question.key)
    ids = story_query(selection.project, selection.story_filter, selection.region_id_set)
    return aggregates._live_counts(session, *aggregates.live_selection(session, ids), by_type), questions


def _as_counts(counts, questions):
    keys = {q.key for q in questions if q.type != "triad"}
    values = {key: Counter({row[:3]: row[3] for row in rows}) for key, rows in counts.values.items() if key in keys}
    multi = {q.key for q in questions if q.type == "multi_choice"}
    return counts.n, values, {key: n for key, n in counts.answered.items() if key in multi}


def _tally_rows(session, project_id):
    """The project's kept rows, answer tallies and week sums (written in the same places), rows of zero left out."""
    answers = sorted((row.region_id, row.role, row.is_complete, row.question_key, row.value, row.count,
                      None if row.sum_a is None else round(row.sum_a, 9))
                     for row in session.scalars(select(AnswerTally).where(AnswerTally.project_id == project_id))
                     if row.count)
    weeks = sorted((row.question_key, row.region_id, row.week, row.bin, row.count, round(row.total, 9),
                    round(row.squares, 9))
                   for row in session.scalars(select(WeekSum).where(WeekSum.project_id == project_id)) if row.count)
    return answers, weeks


def _recounted(session, project_id):
    """The rows a fresh count gives, without keeping it."""
    nested = session.begin_nested()
    tallies.recount(session, project_id)
    rows = _tally_rows(session, project_id)
    nested.rollback()
    return rows


@pytest.mark.parametrize("filters", FILTERS)
def test_tallies_give_the_counts_of_a_group_by_over_the_answers(session, project, varied, make_user, filters):
    selection = _selection(session, make_user("analyst"), project=project.slug, **filters)
    assert tallies.is_current(session, project.id)  # the stories' commit counted them
    live, questions = _live(session, selection)
    counted = tallies.tallied(session, project.id, selection.story_filter, selection.region_id_set,
                              [q.key for q in questions])
    assert counted is not None and counted.n > 0
    assert _as_counts(counted, questions) == _as_counts(live, questions)


def test_a_viewer_s_regions_are_counted_from_the_cells_of_those_regions(session, project, varied, make_user):
    viewer = make_user("viewer", region_keys=("twente",))
    selection = _selection(session, viewer, project=project.slug)
    live, questions = _live(session, selection)
    counted = tallies.tallied(session, project.id, selection.story_filter, selection.region_id_set,
                              [q.key for q in questions])
    assert _as_counts(counted, questions) == _as_counts(live, questions)
    everyone = _selection(session, make_user("analyst"), project=project.slug)
    assert 0 < counted.n < _live(session, everyone)[0].n


def test_a_triad_s_answers_and_mean_come_from_the_tallies(session, project, varied, make_user):
    selection = _selection(session, make_user("admin"), project=project.slug)
    counted = tallies.tallied(session, project.id, selection.story_filter, None, ["mattered"])
    answered, *means = counted.triads["mattered"]
    rows = session.execute(select(aggregates.Answer.triad_a, aggregates.Answer.triad_b, aggregates.Answer.triad_c)
                           .join(Story).where(aggregates.Answer.question_key == "mattered",
                                              Story.status == "published", Story.is_complete.is_(True))).all()
    assert answered == len(rows) > 5
    assert means == pytest.approx([sum(r[i] for r in rows) / len(rows) for i in range(3)], abs=1e-12)


@pytest.mark.parametrize("filters", [{}, {"role": "parent"}, {"complete": "all"}])
def test_charts_from_tallies_equal_charts_counted_live(session, project, varied, make_user, filters):
    selection = _selection(session, make_user("analyst"), project=project.slug, **filters)
    from_tallies = [_comparable(c) for c in question_charts(session, selection, min_group=5, suppress=True)]
    session.execute(update(TallyStamp).values(stories=TallyStamp.stories + 1))  # out of step: counted live
    session.info.pop(tallies.CHECKED, None)
    assert not tallies.is_current(session, project.id)
    live = [_comparable(c) for c in question_charts(session, selection, min_group=5, suppress=True)]
    assert from_tallies == live


def test_a_filter_the_cells_cannot_express_is_counted_live(session, project, varied, make_user):
    selection = _selection(session, make_user("analyst"), project=project.slug, **{"from": "2026-03-01"})
    assert tallies.tallied(session, project.id, selection.story_filter, None, ["outcome"]) is None


def test_moderation_keeps_the_tallies_in_step(session, project, varied, make_user):
    from vertelpunt.moderate.services import set_status

    moderator = make_user("moderator")
    pending = session.scalar(select(Story).where(Story.status == "pending"))
    published = session.scalar(select(Story).where(Story.status == "published").order_by(Story.id.desc()))
    set_status(session, pending, "published", moderator)
    set_status(session, published, "hidden", moderator, reason="Herkenbaar.")
    session.commit()
    assert tallies.is_current(session, project.id)
    assert _tally_rows(session, project.id) == _recounted(session, project.id)
    set_status(session, published, "published", moderator)  # and back
    session.commit()
    assert tallies.is_current(session, project.id)
    assert _tally_rows(session, project.id) == _recounted(session, project.id)


def test_a_redaction_that_changes_completeness_moves_the_story_between_cells(session, project, make_story, make_user):
    from vertelpunt.moderate.services import redact

    long_text = "Mijn zoon kreeg eindelijk hulp die bij hem paste na lang wachten op een plek bij de jeugdzorg."
    story = make_story(project, text=long_text)
    assert story.is_complete
    redact(session, story, make_user("moderator"), "Kort.", "")
    session.commit()
    assert not story.is_complete
    assert tallies.is_current(session, project.id)
    assert _tally_rows(session, project.id) == _recounted(session, project.id)
    assert {row[2] for row in _tally_rows(session, project.id)[0]} == {False}


def test_a_withdrawn_story_leaves_the_tallies(session, project, make_story):
    from vertelpunt.collect.services import withdraw_story

    from vertelpunt.stories.services import StoryInput, create_story

    make_story(project)
    story = create_story(session, project, StoryInput(
        role="youth", text="Niemand vroeg wat ik zelf wilde, ik moest gewoon meedoen met wat zij bedachten.",
        answers={"outcome": 12.0, "place": "enschede"}, week=date(2026, 3, 11), status="published"),
        "code-om-in-te-trekken")
    session.commit()
    assert withdraw_story(session, project, "code-om-in-te-trekken")
    session.commit()
    assert session.get(Story, story.id) is None
    assert tallies.is_current(session, project.id)
    assert _tally_rows(session, project.id) == _recounted(session, project.id)
    assert not any(row[1] == "youth" for row in _tally_rows(session, project.id)[0])


def test_the_purge_recounts_at_its_commit(session, project, make_story):
    from datetime import timedelta

    from vertelpunt.maintenance.retention import purge_stories

    make_story(project, week=date(2020, 1, 6))
    make_story(project, week=date(2026, 3, 9), role="youth")
    purge_stories(session, timedelta(days=730), today=date(2026, 6, 1))
    session.commit()
    assert tallies.is_current(session, project.id)
    assert tallies.fingerprint(session, project.id)[0] == 1


def test_a_writer_that_skips_the_tallies_makes_the_dashboard_count_live_until_a_refresh(session, project, varied,
                                                                                        make_user):
    selection = _selection(session, make_user("analyst"), project=project.slug)
    before = tallies.tallied(session, project.id, selection.story_filter, None, ["outcome"]).n
    hidden = session.scalar(select(Story.id).where(Story.status == "published", Story.is_complete.is_(True)).limit(1))
    session.execute(update(Story).where(Story.id == hidden).values(status="hidden"))  # no move()
    session.commit()
    assert not tallies.is_current(session, project.id)
    assert tallies.tallied(session, project.id, selection.story_filter, None, ["outcome"]) is None
    assert _live(session, selection)[0].n == before - 1
    assert tallies.refresh_stale(session) == [project.id]
    session.commit()
    assert tallies.tallied(session, project.id, selection.story_filter, None, ["outcome"]).n == before - 1
    assert tallies.refresh_stale(session) == []


def test_a_recount_during_which_stories_change_leaves_no_stamp(session, project, varied, monkeypatch):
    calls = []
    real = tallies.fingerprint

    def changing(session_, project_id):
        calls.append(project_id)
        found = real(session_, project_id)
        return found if len(calls) == 1 else (found[0] + 1, *found[1:])

    monkeypatch.setattr(tallies, "fingerprint", changing)
    assert tallies.recount(session, project.id) is False
    monkeypatch.undo()
    assert session.get(TallyStamp, project.id) is None
    assert not tallies.is_current(session, project.id)


def test_the_dashboard_reads_no_answers_when_the_tallies_are_in_step(app, session, project, varied, make_user, login,
                                                                     client):
    """The point of the tallies: at any size the dashboard's charts cost no pass over the answers (a triad's
    sample of points aside)."""
    from vertelpunt.db import database

    login(make_user("analyst"))
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()))

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = client.get(f"/beheer/analyse/?project={project.slug}")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert response.status_code == 200
    over_answers = [s for s in statements if "FROM answers" in s and "GROUP BY" in s]
    assert over_answers == []
    assert any("FROM answer_tallies" in s for s in statements)


def test_a_story_that_takes_a_deleted_story_s_id_is_seen(session, project, varied):
    """SQLite gives a deleted largest id to the next story: same ids, same count, another story."""
    from sqlalchemy import delete, insert

    last = session.scalar(select(Story).where(Story.status == "published").order_by(Story.id.desc()).limit(1))
    values = {column.name: getattr(last, column.key) for column in Story.__table__.columns}
    session.execute(delete(Story).where(Story.id == last.id))
    session.execute(insert(Story).values({**values, "public_id": "nieuw123456", "submission_hash": None}))
    session.commit()
    assert not tallies.is_current(session, project.id)


def test_the_dashboard_draws_its_charts_again_only_when_the_stories_change(app, session, project, varied,
                                                                          make_user, login, client):
    from vertelpunt.db import database
    from vertelpunt.moderate.services import set_status

    login(make_user("analyst"))
    url = f"/beheer/analyse/?project={project.slug}"
    assert client.get(url).status_code == 200
    statements = []
    engine = database(app).engine
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        client.get(url)
        kept = [s for s in statements if "answer_tallies" in s]
        pending = session.scalar(select(Story).where(Story.status == "pending"))
        set_status(session, pending, "published", make_user("moderator", email="m@example.org"))
        session.commit()
        statements.clear()
        client.get(url)
        drawn = [s for s in statements if "answer_tallies" in s]
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(drawn) == len(kept) + 1  # the charts' sum over the tallies; the kinds of help are summed each view


def _answer_reads(client, engine, url):
    statements = []
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    # the kinds of help (dashboard_counts) are counted per view; the charts are what is kept
    return [s for s in statements if "FROM answers" in s and not s.rstrip().endswith("GROUP BY answers.option_key")]


def test_a_period_counted_live_is_drawn_again_only_when_the_stories_change(app, session, project, varied, make_user,
                                                                          login, client):
    from vertelpunt.db import database
    from vertelpunt.moderate.services import set_status

    login(make_user("analyst"))
    url = f"/beheer/analyse/?project={project.slug}&from=2026-03-01"
    engine = database(app).engine
    assert _answer_reads(client, engine, url)  # counted live: the tallies have no weeks
    assert not _answer_reads(client, engine, url)  # the same stories: the charts of the first view
    pending = session.scalar(select(Story).where(Story.status == "pending"))
    set_status(session, pending, "published", make_user("moderator", email="m@example.org"))
    session.commit()
    assert _answer_reads(client, engine, url)  # one more story: counted again


def test_a_theme_filter_is_always_counted_again(session, project, varied, make_user):
    from dataclasses import replace

    from vertelpunt.insights.dashboard import _memo_key

    selection = _selection(session, make_user("analyst"), project=project.slug)
    assert _memo_key(session, selection, 5, True) is not None
    themed = replace(selection, story_filter=replace(selection.story_filter, theme_run=1, themes=(2,)))
    assert _memo_key(session, themed, 5, True) is None
