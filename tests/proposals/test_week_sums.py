"""A re-measurement read from the kept week sums (vertelpunt/insights/week_sums.py) is the one counted from the
answers, for every start date and region choice, through moderation and withdrawal, and the page does not read
the answers when the sums are in step."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select, update

from tests.proposals.test_measures import told  # noqa: F401 (a fixture)
from vertelpunt.insights import tallies
from vertelpunt.insights.week_sums import bin_of, chart_bin, period_sums
from vertelpunt.models import Region, Story, TallyStamp
from vertelpunt.proposals import measures
from vertelpunt.proposals.measures import MeasureInput, measure_report, save_measure

STARTS = [date(2026, 1, 5), date(2026, 3, 2), date(2026, 5, 4), date(2026, 6, 1), date(2026, 9, 7)]


def _region_choices(session):
    twente = session.scalar(select(Region.id).where(Region.key == "twente"))
    nijmegen = session.scalar(select(Region.id).where(Region.key == "rijk-van-nijmegen"))
    return [None, [twente], [twente, nijmegen], []]


def _rows(rows):
    return sorted((int(a), int(b), int(c), int(n), round(float(t), 9), round(float(s), 9)) for a, b, c, n, t, s in rows)


def _check_all(session, project):
    assert tallies.current_stamp(session, project.id) is not None
    for regions in _region_choices(session):
        for start in STARTS:
            for key in ("heard", "outcome"):
                kept = _rows(period_sums(session, project.id, key, start, regions))
                live = _rows(measures._live_sums(session, _proposal_of(project), key, start, regions))
                assert kept == live, (regions, start, key)


class _proposal_of:  # what _live_sums reads of a proposal
    def __init__(self, project):
        self.project_id = project.id


@pytest.mark.parametrize("number", [-3.0, 0.0, 19.999, 20.0, 39.5, 40.0, 59.0, 60.0, 79.99, 80.0, 100.0, 140.0])
def test_the_python_bin_is_the_sql_bin(session, number):
    assert bin_of(number) == session.scalar(select(chart_bin(number)))


def test_the_kept_sums_are_the_sums_counted_from_the_answers(session, project, told):
    _check_all(session, project)


def test_moderation_and_withdrawal_keep_the_sums_in_step(session, project, told, make_user, make_story):
    from vertelpunt.collect.services import withdraw_story
    from vertelpunt.moderate.services import set_status
    from vertelpunt.stories.services import StoryInput, create_story

    moderator = make_user("moderator")
    hidden = session.scalar(select(Story).where(Story.status == "hidden"))
    set_status(session, hidden, "published", moderator)
    published = session.scalar(select(Story).where(Story.status == "published").order_by(Story.id))
    set_status(session, published, "hidden", moderator, reason="Herkenbaar.")
    session.commit()
    _check_all(session, project)
    create_story(session, project, StoryInput(
        role="parent", text="We kregen een vaste hulpverlener en die belde elke week, dat hielp ons echt.",
        answers={"outcome": 70.0, "heard": 88.0, "place": "nijmegen"}, week=date(2026, 6, 8), status="published"),
        "code-om-in-te-trekken")
    session.commit()
    _check_all(session, project)
    assert withdraw_story(session, project, "code-om-in-te-trekken")
    session.commit()
    _check_all(session, project)


def test_the_report_is_the_same_from_the_kept_sums_and_counted_live(session, project, told, make_proposal, make_user):
    proposal = make_proposal()
    save_measure(session, proposal, MeasureInput([("heard", "higher"), ("outcome", "lower")], "2026-05-06"),
                 make_user("facilitator"))
    session.commit()
    kept = measure_report(session, proposal, min_group=5, suppress=True)
    session.execute(update(TallyStamp).values(stories=TallyStamp.stories + 1))  # out of step: counted live
    session.info.pop(tallies.CHECKED, None)
    assert tallies.current_stamp(session, project.id) is None
    live = measure_report(session, proposal, min_group=5, suppress=True)
    assert [(s.region, s.rest, s.against_rest, s.conclusion, str(s.chart)) for s in kept.shifts] == \
           [(s.region, s.rest, s.against_rest, s.conclusion, str(s.chart)) for s in live.shifts]
    assert kept.shifts[0].region.n_before > 0


def test_the_page_reads_no_answers_while_the_sums_are_in_step(app, session, project, told, make_proposal, make_user,
                                                              login, client):
    from vertelpunt.db import database

    proposal = make_proposal()
    save_measure(session, proposal, MeasureInput([("heard", "higher")], "2026-05-06"), make_user("facilitator"))
    session.commit()
    login(make_user("analyst"))
    statements = []

    def seen(conn, cursor, statement, *_):
        statements.append(statement)

    event.listen(database(app).engine, "before_cursor_execute", seen)
    try:
        page = client.get(f"/beheer/voorstellen/{proposal.id}")
    finally:
        event.remove(database(app).engine, "before_cursor_execute", seen)
    assert page.status_code == 200 and "Voor " in page.get_data(as_text=True)
    assert any("week_sums" in s for s in statements)
    assert not any("FROM answers" in s and "sum(answers.number" in s.lower() for s in statements)


def test_a_week_far_from_every_story_counts_nothing_after(session, project, told):
    later = max(session.scalars(select(Story.week))) + timedelta(weeks=10)
    rows = period_sums(session, project.id, "heard", later, None)
    assert rows and all(int(after) == 0 for _, after, *_ in rows)
