"""Filters on an answer to any question (issue 18.5): the parser, the SQL against a count in Python, the pages,
scan and theme jobs that honour it, the Dutch description, and stored filters from before it."""
from __future__ import annotations

import random
import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests.themes.conftest import VOCABULARIES, planted_text
from vertelpunt.cards.runs import describe_filters
from vertelpunt.insights.answer_filters import AnswerCondition
from vertelpunt.insights.filters import choices, parse_filters
from vertelpunt.insights.records import StoryFilter, story_query
from vertelpunt.insights.scans import table_for_run
from vertelpunt.models import PatternRun, Story, ThemeRun

OUTCOMES = [0.0, 5.0, 10.0, 19.5, 20.0, 35.0, 59.9, 60.0, 60.1, 80.0, 99.0, 100.0, "nvt"]
TRIADS = [[1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.8, 0.1], None]
HELP = ["jeugdhulp", "jeugd_ggz", "ots"]
CORNERS = ["worker", "rules", "family"]


@pytest.fixture
def world(project, make_story, session):
    """90 published stories with answers drawn at random (slider edges, n.v.t., triad ties), and what each got."""
    rng = random.Random(18)
    given = {}
    for i in range(90):
        role = rng.choice(["youth", "parent", "parent"])
        answers = {"outcome": rng.choice(OUTCOMES), "heard": float(rng.randint(0, 100)),
                   "help_type": sorted(rng.sample(HELP, rng.randint(1, 2)), key=HELP.index),
                   "place": rng.choice(["enschede", "nijmegen"])}
        triad = rng.choice(TRIADS)
        if triad is not None:
            answers["mattered"] = triad
        if role == "youth" and rng.random() < 0.8:
            answers["age"] = rng.choice(["a12_15", "a16_17"])
        story = make_story(project, commit=False, role=role, answers=answers,
                           text=planted_text(rng, list(VOCABULARIES)[i % 3]))
        given[story.public_id] = answers
    make_story(project, commit=False, status="pending", answers={"outcome": 30.0, "heard": 50.0, "place": "enschede"})
    session.commit()
    return given


def _holds(answers: dict, text: str) -> bool:
    """The condition worked out in Python, apart from the SQL (the module docstring's rules)."""
    key, value = text.split(":")
    answer = answers.get(key)
    if answer is None:
        return False
    if key == "outcome":
        if value == "nvt":
            return answer == "nvt"
        low, high = (int(part) for part in value.split("-"))
        return answer != "nvt" and low <= answer and (answer <= high if high == 100 else answer < high)
    if key == "mattered":
        share = answer[CORNERS.index(value)]
        return all(share >= other for other in answer)
    return value in answer if isinstance(answer, list) else answer == value


def _selected(session, project, conditions, complete_only=False) -> set[str]:
    story_filter = StoryFilter(complete_only=complete_only, answers=tuple(AnswerCondition.from_text(c) for c in conditions))
    ids = story_query(project, story_filter)
    return set(session.scalars(select(Story.public_id).where(Story.id.in_(ids))))


@pytest.mark.parametrize("conditions", [
    ["help_type:jeugd_ggz"], ["age:a16_17"], ["outcome:20-60"], ["outcome:0-10"], ["outcome:90-100"],
    ["outcome:0-100"], ["outcome:nvt"], ["mattered:worker"], ["mattered:rules"], ["mattered:family"],
    ["help_type:jeugdhulp", "outcome:60-100"], ["mattered:worker", "mattered:rules", "help_type:ots"],
])
def test_sql_selects_exactly_the_stories_python_counts(session, project, world, conditions):
    expected = {public_id for public_id, answers in world.items() if all(_holds(answers, c) for c in conditions)}
    assert _selected(session, project, conditions) == expected
    assert 0 < len(expected) < len(world) or conditions == ["outcome:0-100"]


def test_the_parser_reads_choices_ranges_corners_and_the_slider_fields(session, project, make_user):
    args = MultiDict([("answer", "help_type:ots"), ("answer", "age:a12_15"), ("answer", "mattered:family"),
                      ("answer", "outcome:nvt"), ("answer", "help_type:ots"), ("answer", ""),
                      ("answer_slider", "heard"), ("answer_from", "20"), ("answer_to", "60")])
    selection = parse_filters(session, args, make_user("analyst"))
    assert selection.errors == {} and selection.slider_input == {}
    assert [c.text for c in selection.story_filter.answers] == [
        "help_type:ots", "age:a12_15", "mattered:family", "outcome:nvt", "heard:20-60"]
    query = selection.to_query()
    assert query["answer"] == [c.text for c in selection.story_filter.answers]
    again = parse_filters(session, MultiDict([(k, v) for k, vs in query.items()
                                              for v in (vs if isinstance(vs, list) else [vs])]), make_user("analyst", "b@x.nl"))
    assert again.story_filter == selection.story_filter and again.errors == {}
    # the form sends its range fields with their defaults; without a slider they mean nothing
    plain = parse_filters(session, MultiDict([("answer_slider", ""), ("answer_from", "0"), ("answer_to", "100")]),
                          make_user("analyst", "c@x.nl"))
    assert plain.errors == {} and plain.story_filter == StoryFilter()


@pytest.mark.parametrize("text, message", [
    ("outcome", "geen filter op een antwoord. Schrijf vraag:antwoord"),
    ("bestaat_niet:ja", "Onbekende vraag: bestaat_niet"),
    ("felt:ja", "Op de vraag 'Hoe was het om dit te delen?' kun je niet filteren"),
    ("place:enschede", "kun je niet filteren"),
    ("help_type:magie", "'magie' is geen antwoord bij de vraag 'Om welke hulp ging het?'"),
    ("mattered:geld", "'geld' is geen hoek van de driehoek bij de vraag 'Wat maakte het verschil?'"),
    ("outcome:20-65", "'20-65' is geen bereik voor 'Dit was voor het gezin ...'. Kies een bereik in tientallen"),
    ("outcome:60-20", "geen bereik"), ("outcome:0-110", "geen bereik"), ("outcome:veel", "geen bereik"),
    ("outcome:-10-20", "geen bereik"), ("heard:nvt", "geen bereik"),  # heard has no n.v.t.
])
def test_a_bad_answer_filter_is_reported_in_dutch_and_dropped(session, project, make_user, text, message):
    selection = parse_filters(session, MultiDict([("answer", text), ("answer", "help_type:ots")]), make_user("analyst"))
    assert message in selection.errors["answer"] and "genegeerd" in selection.errors["answer"]
    assert [c.text for c in selection.story_filter.answers] == ["help_type:ots"]  # the good one stays


def test_too_many_answer_filters_are_cut_with_a_message(session, project, make_user):
    args = MultiDict([("answer", f"outcome:{low}-{low + 10}") for low in range(0, 100, 10)] + [("answer", "help_type:ots")])
    selection = parse_filters(session, args, make_user("analyst"))
    assert len(selection.story_filter.answers) == 10 and "hoogstens 10 antwoorden" in selection.errors["answer"]


def test_the_form_offers_answers_and_keeps_a_bad_slider_range(app, session, project, make_user):
    from flask import render_template_string

    args = MultiDict([("answer", "mattered:worker"), ("answer_slider", "outcome"), ("answer_from", "60"),
                      ("answer_to", "20")])
    selection = parse_filters(session, args, make_user("analyst"))
    assert "geen bereik" in selection.errors["answer"]
    assert selection.slider_input == {"answer_slider": "outcome", "answer_from": "60", "answer_to": "20"}
    offered = choices(session, selection)
    assert offered.chosen_answers == [("mattered:worker", "Wat maakte het verschil?: het meeste gewicht bij De hulpverlener")]
    assert [question for question, _ in offered.answers] == ["Dit was voor het gezin ...", "Wat maakte het verschil?",
                                                             "Hoe oud ben je?"]  # help_type has its checkboxes
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "insights/_filters.html" import filter_form %}{{ filter_form(selection, choices, "/uit") }}',
            selection=selection, choices=offered)
    assert "<legend>Antwoord op een vraag</legend>" in html
    assert 'name="answer" value="mattered:worker" checked' in html
    assert '<option value="outcome:nvt">n.v.t.</option>' in html
    assert '<option value="mattered:rules">meeste gewicht bij De regels</option>' in html
    assert '<option value="outcome" selected>' in html and '<option value="60" selected>' in html
    assert '<option value="20" selected>' in html  # the "tot" list as chosen, not reset to 100
    assert 'id="filter-answer-error"' in html and 'href="#filter-answer-error"' in html
    for field in ("filter-answer", "filter-answer-slider", "filter-answer-from", "filter-answer-to"):
        assert f'for="{field}"' in html and f'id="{field}"' in html


def test_describe_filters_says_each_answer_in_dutch(session, project):
    filters = {"regions": ["twente"], "answers": ["help_type:ots", "outcome:20-60", "outcome:80-100", "outcome:nvt",
                                                  "mattered:worker", "age:a16_17"]}
    text = describe_filters(session, project, filters)
    assert text == ("gepubliceerde, complete verhalen met regio Twente; Om welke hulp ging het?: Ondertoezichtstelling; "
                    "Dit was voor het gezin ...: van 20 tot 60; Dit was voor het gezin ...: van 80 tot en met 100; "
                    "Dit was voor het gezin ...: n.v.t.; Wat maakte het verschil?: het meeste gewicht bij De hulpverlener; "
                    "Hoe oud ben je?: 16 of 17 jaar")


def test_stored_filters_round_trip_and_old_ones_still_load(session, project, world):
    story_filter = StoryFilter(regions=("twente",), answers=(AnswerCondition("outcome", "20-60"),
                                                             AnswerCondition("mattered", "worker")))
    stored = story_filter.to_dict()
    assert stored["answers"] == ["outcome:20-60", "mattered:worker"]
    assert StoryFilter.from_dict(stored) == story_filter
    old = {k: v for k, v in StoryFilter(regions=("twente",)).to_dict().items() if k != "answers"}  # before 18.5
    assert StoryFilter.from_dict(old) == StoryFilter(regions=("twente",))
    # a condition whose question left the form selects nothing, never everything
    gone = StoryFilter(complete_only=False, answers=(AnswerCondition("weg", "ja"),))
    assert session.scalars(select(Story.id).where(Story.id.in_(story_query(project, gone)))).first() is None


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _total(html: str) -> str:
    return re.search(r"Gekozen verhalen: <strong>([^<]+)</strong>", html).group(1)


def test_dashboard_and_story_list_honour_the_answer_filter(client, login, make_user, session, project, world):
    conditions = ["help_type:jeugdhulp", "outcome:60-100"]
    expected = {p for p, a in world.items() if all(_holds(a, c) for c in conditions)}
    complete = set(session.scalars(select(Story.public_id).where(Story.is_complete.is_(True))))
    login(make_user("admin"))
    query = "project=proef&" + "&".join(f"answer={c}" for c in conditions)
    page = client.get(f"/beheer/analyse/?{query}").get_data(as_text=True)
    assert _total(page) == str(len(expected & complete))
    assert 'value="outcome:60-100" checked' in page and "Dit was voor het gezin ...: van 60 tot en met 100" in page
    assert 'verhalen?project=proef&amp;answer=help_type:jeugdhulp&amp;answer=outcome:60-100"' in page  # "Lees de verhalen"
    listed = client.get(f"/beheer/analyse/verhalen?{query}&complete=all").get_data(as_text=True)
    shown = set(re.findall(r'href="/beheer/analyse/verhalen/([A-Z0-9]+)', listed))
    assert len(expected) <= 25 and shown == expected
    bad = client.get("/beheer/analyse/?project=proef&answer=outcome:25-60")
    assert bad.status_code == 400 and "geen bereik voor" in bad.get_data(as_text=True)


def test_a_small_answer_group_stays_hidden_for_non_admins(client, login, make_user, project, make_story, session):
    for i in range(12):
        make_story(project, commit=False, answers={"outcome": 90.0 if i < 3 else 30.0, "heard": 50.0,
                                                   "help_type": ["ots"], "place": "enschede"})
    session.commit()
    login(make_user("analyst"))
    page = client.get("/beheer/analyse/?project=proef&answer=outcome:90-100&complete=all").get_data(as_text=True)
    assert _total(page) == "&lt; 5"
    listed = client.get("/beheer/analyse/verhalen?project=proef&answer=outcome:90-100&complete=all")
    assert "minder dan 5 verhalen" in listed.get_data(as_text=True)
    assert "/beheer/analyse/verhalen/" not in listed.get_data(as_text=True).split("<main", 1)[1]


def test_a_scan_job_honours_the_answer_filter_and_its_page_describes_it(client, login, make_user, session, project,
                                                                         world):
    login(make_user("analyst"))
    page = client.get("/beheer/patronen/?project=proef&answer=help_type:jeugdhulp&answer_slider=heard"
                      "&answer_from=0&answer_to=70").get_data(as_text=True)
    assert 'name="answer" value="heard:0-70"' in page  # carried into the scan form
    token = _csrf(page.split("<main", 1)[1])
    started = client.post("/beheer/patronen/scan", data=MultiDict([
        ("csrf_token", token), ("project", "proef"), ("answer", "help_type:jeugdhulp"), ("answer", "heard:0-70")]))
    assert started.status_code == 303
    status = client.get(started.headers["Location"] + "/status.json").get_json()
    assert status["state"] == "klaar", status
    run = session.scalar(select(PatternRun))
    assert run.filters["answers"] == ["help_type:jeugdhulp", "heard:0-70"]
    complete = set(session.scalars(select(Story.public_id).where(Story.is_complete.is_(True))))
    expected = {p for p, a in world.items() if "jeugdhulp" in a["help_type"] and a["heard"] < 70} & complete
    assert run.n_stories == len(expected) and table_for_run(session, run).n == len(expected)
    shown = client.get(status["link"]).get_data(as_text=True)
    assert "Om welke hulp ging het?: Jeugdhulp; Ik voelde me gehoord: van 0 tot 70" in shown
    # a run stored before answer filters (no "answers" key) still loads, as every complete story
    run.filters = {k: v for k, v in run.filters.items() if k != "answers"}
    session.commit()
    assert table_for_run(session, run).n == len(complete & set(world))
    assert client.get(status["link"]).status_code == 200
    assert "zonder verdere filters" in describe_filters(session, project, run.filters)


def test_a_theme_job_honours_the_answer_filter(client, login, make_user, session, project, world):
    login(make_user("analyst"))
    token = _csrf(client.get("/beheer/themas/?project=proef").get_data(as_text=True))
    started = client.post("/beheer/themas/", data=MultiDict([
        ("csrf_token", token), ("project", "proef"), ("complete", "all"), ("answer", "mattered:worker"),
        ("n_topics", "2")]))
    assert started.status_code == 303, started.get_data(as_text=True)
    status = client.get(started.headers["Location"] + "/status.json").get_json()
    assert status["state"] == "klaar", status
    run = session.scalar(select(ThemeRun))
    assert run.filters["answers"] == ["mattered:worker"]
    assert run.n_stories == sum(_holds(a, "mattered:worker") for a in world.values())
    from vertelpunt.themes.services import theme_filter

    narrowed = theme_filter(run, 0)  # "Scan binnen dit thema" keeps the answer filter
    assert narrowed.answers == (AnswerCondition("mattered", "worker"),) and narrowed.themes == (0,)
    refused = client.post("/beheer/themas/", data=MultiDict([
        ("csrf_token", token), ("project", "proef"), ("answer", "mattered:geld"), ("n_topics", "2")]))
    assert refused.status_code == 400 and "geen hoek van de driehoek" in refused.get_data(as_text=True)


def test_a_long_bad_value_is_not_repeated_whole(session, project, make_user):
    selection = parse_filters(session, MultiDict({"answer": "outcome:" + "9" * 5000}), make_user("analyst"))
    assert "geen bereik" in selection.errors["answer"] and len(selection.errors["answer"]) < 300
