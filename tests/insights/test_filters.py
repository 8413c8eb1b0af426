"""The shared filter parser: defaults, checked values, Dutch errors, viewer scope."""
from __future__ import annotations

from datetime import date

from werkzeug.datastructures import MultiDict

from vertelpunt.insights.filters import choices, parse_filters
from vertelpunt.insights.records import StoryFilter, story_records


def test_defaults_pick_the_first_visible_project_by_title(session, make_project, make_user):
    make_project(slug="zuid", title="Zuid")
    make_project(slug="alpha", title="Alpha")
    selection = parse_filters(session, MultiDict(), make_user("analyst"))
    assert selection.project.slug == "alpha"
    assert selection.story_filter == StoryFilter()
    assert selection.errors == {}
    assert selection.region_ids is None
    assert selection.to_query() == {"project": "alpha"}


def test_all_arguments_are_read_and_round_trip(session, project, make_user):
    args = MultiDict([("project", "proef"), ("region", "twente"), ("role", "parent"), ("role", "youth"),
                      ("help_type", "jeugd_ggz"), ("from", "2026-03-04"), ("to", "2026-06-30"), ("complete", "all")])
    selection = parse_filters(session, args, make_user("analyst"))
    f = selection.story_filter
    assert selection.errors == {}
    assert f.regions == ("twente",) and f.roles == ("parent", "youth")
    assert f.choice_question == "help_type" and f.choice_options == ("jeugd_ggz",)
    assert f.week_from == date(2026, 3, 2)  # the Monday of that week: stories keep only the week
    assert f.week_to == date(2026, 6, 30)
    assert f.complete_only is False
    again = parse_filters(session, MultiDict([(k, v) for k, vs in selection.to_query().items()
                                              for v in (vs if isinstance(vs, list) else [vs])]), make_user("analyst", email="b@example.org"))
    assert again.story_filter == f and again.to_query() == selection.to_query()


def test_bad_values_are_reported_and_dropped_not_widened(session, project, make_user):
    args = MultiDict([("project", "bestaat-niet"), ("region", "twente"), ("region", "atlantis"), ("role", "alien"),
                      ("help_type", "magie"), ("from", "gisteren"), ("complete", "soms")])
    selection = parse_filters(session, args, make_user("analyst"))
    assert set(selection.errors) == {"project", "region", "role", "help_type", "from", "complete"}
    assert "atlantis" in selection.errors["region"]
    assert selection.project.slug == "proef"
    f = selection.story_filter
    assert f.regions == ("twente",)  # the good value stays
    assert f.roles == () and f.choice_options == () and f.week_from is None


def test_from_after_to_is_an_error(session, project, make_user):
    selection = parse_filters(session, MultiDict({"from": "2026-05-01", "to": "2026-04-01"}), make_user("analyst"))
    assert "voor de begindatum" in selection.errors["to"]
    assert selection.story_filter.week_from is None and selection.story_filter.week_to is None


def test_viewer_gets_only_their_regions_and_an_error_outside(session, project, make_user, make_story):
    viewer = make_user("viewer", region_keys=("twente",))
    selection = parse_filters(session, MultiDict({"region": "rijk-van-nijmegen"}), viewer)
    assert "geen toegang" in selection.errors["region"]
    assert selection.story_filter.regions == ()
    twente_id = next(r.id for r in project.regions if r.key == "twente")
    assert selection.region_ids == frozenset({twente_id})
    offered = choices(session, selection)
    assert [key for key, _ in offered.regions] == ["twente"]
    make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": "enschede"})
    make_story(project, answers={"outcome": 50.0, "heard": 50.0, "place": "nijmegen"})
    records = story_records(session, selection.project, selection.story_filter, selection.region_id_set)
    assert [r["region"] for r in records] == ["twente"]


def test_viewer_does_not_see_projects_outside_their_regions(session, make_project, make_user):
    make_project(slug="oost", title="Oost", region_keys=("twente",))
    make_project(slug="noord", title="Noord", region_keys=("groningen",))
    viewer = make_user("viewer", region_keys=("twente",))
    selection = parse_filters(session, MultiDict({"project": "noord"}), viewer)
    assert "project" in selection.errors and selection.project.slug == "oost"
    assert choices(session, selection).projects == [("oost", "Oost")]


def test_choices_list_roles_help_types_and_period(session, project, make_user, make_story):
    make_story(project, week=date(2026, 2, 2))
    make_story(project, week=date(2026, 5, 4))
    make_story(project, week=date(2027, 1, 4), status="pending")
    selection = parse_filters(session, MultiDict(), make_user("analyst"))
    offered = choices(session, selection)
    assert [k for k, _ in offered.roles] == ["youth", "parent", "professional"]
    assert [k for k, _ in offered.help_types] == ["jeugdhulp", "jeugd_ggz", "ots"]
    assert [k for k, _ in offered.regions] == ["rijk-van-nijmegen", "twente"]
    assert (offered.first_week, offered.last_week) == (date(2026, 2, 2), date(2026, 5, 4))


def test_theme_of_another_project_is_refused(session, make_project, make_user):
    from vertelpunt.models import ThemeRun

    make_project()
    other = make_project(slug="ander", title="Ander")
    run = ThemeRun(project=other, created_by="a@example.org", filters={}, n_stories=10, n_topics=2,
                   topics=[{"index": 0, "label": "wachten"}, {"index": 1, "label": "school"}])
    session.add(run)
    session.commit()
    user = make_user("analyst")
    wrong = parse_filters(session, MultiDict([("project", "proef"), ("theme_run", str(run.id)), ("theme", "0")]), user)
    assert "theme" in wrong.errors and wrong.story_filter.theme_run is None
    right = parse_filters(session, MultiDict([("project", "ander"), ("theme_run", str(run.id)), ("theme", "1")]), user)
    assert right.errors == {} and right.story_filter.themes == (1,)
    assert right.to_query()["theme"] == ["1"]


def test_filter_form_macro_renders_labelled_fields_and_errors(app, session, project, make_user):
    from flask import render_template_string

    user = make_user("analyst")
    selection = parse_filters(session, MultiDict([("region", "twente"), ("role", "alien"), ("from", "x")]), user)
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "insights/_filters.html" import filter_form %}{{ filter_form(selection, choices, "/uit") }}',
            selection=selection, choices=choices(session, selection))
    assert 'method="get" action="/uit"' in html
    assert 'name="region" value="twente" checked' in html
    assert 'name="region" value="rijk-van-nijmegen">' in html
    assert "Onbekende rol: alien" in html and "geen datum" in html
    assert 'id="filter-from-error"' in html and 'aria-describedby="filter-from-error"' in html
    assert "Toepassen" in html and "Wis filters" in html
    assert 'for="filter-project"' in html and 'style="' not in html
