"""The dashboard's charts from SQL counts (vertelpunt/insights/aggregates.py) are the charts the full answer table
gives: same bars, bins, shapes, hidden groups and totals, for analysts and admins, with and without filters."""
from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from vertelpunt.insights import aggregates
from vertelpunt.insights.dashboard import question_charts
from vertelpunt.insights.filters import parse_filters
from vertelpunt.insights.scans import answer_table
from analysis.data import NA

ROLES = ["parent", "youth", "professional"]
HELP = [["jeugdhulp"], ["jeugd_ggz"], ["ots"], ["jeugdhulp", "ots"], ["jeugd_ggz", "ots"]]
AGES = ["a12_15", "a16_17"]


@pytest.fixture
def varied(project, make_story):
    """41 published stories with every kind of answer, unanswered and n.v.t. ones, and small groups."""
    for i in range(41):
        answers = {"outcome": float((i * 37) % 101) if i % 7 else NA, "place": "enschede" if i % 3 else "nijmegen"}
        if i % 5:
            answers["heard"] = float((i * 11) % 100) + 0.5
        if i % 4:
            answers["help_type"] = HELP[i % 5]
        if i % 3 == 0:
            answers["mattered"] = [0.2, 0.3, 0.5] if i % 2 else [0.6, 0.3, 0.1]
        if i % 6 == 1:
            answers["age"] = AGES[i % 2]
        make_story(project, commit=False, role=ROLES[i % 3], answers=answers, week=date(2026, 1 + i % 9, 5),
                   text=f"Lang gewacht op hulp voor ons gezin, verhaal {i}, en toen ging het eindelijk beter.")
    make_story(project, status="pending", answers={"outcome": 3.0, "place": "enschede"})
    from vertelpunt.db import get_session

    get_session().commit()


def _selection(session, user, **args):
    return parse_filters(session, MultiDict(list(args.items())), user)


def _rounded(value):
    """Floats to 10 digits: shape statistics summed in another order differ in the last bits."""
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(item) for item in value]
    return value


def _comparable(chart):
    spec = dict(chart.spec or {})
    if spec.get("kind") == "ternary":
        pairs = sorted(zip(spec.pop("ids", []), spec.pop("points")))
        spec["points"] = [point for _, point in pairs]
        spec["means"] = [round(m, 3) for m in spec["means"]]
    return chart.key, chart.n, chart.suppressed, chart.shape, _rounded(spec)


@pytest.mark.parametrize("role,filters", [("analyst", {}), ("admin", {}), ("analyst", {"role": "parent"}),
                                          ("admin", {"region": "twente"})])
def test_charts_from_counts_equal_charts_from_the_stories(session, project, varied, make_user, role, filters):
    user = make_user(role)
    selection = _selection(session, user, project=project.slug, **filters)
    rule = {"min_group": 5, "suppress": role != "admin"}
    table = answer_table(session, selection.project, selection.story_filter, selection.region_id_set)
    expected = [_comparable(c) for c in question_charts(session, selection, table=table, **rule)]
    counted = [_comparable(c) for c in question_charts(session, selection, **rule)]
    assert counted == expected
    kinds = {c[4].get("kind") for c in counted}
    assert kinds >= ({"histogram", "bars", "ternary"} if not filters else {"histogram"})


def test_a_big_triad_is_drawn_from_a_sample_with_n_and_mean_over_all(session, project, varied, make_user, monkeypatch):
    import numpy as np

    monkeypatch.setattr(aggregates, "TRIAD_POINTS", 4)
    selection = _selection(session, make_user("admin"), project=project.slug)
    table = answer_table(session, selection.project, selection.story_filter, selection.region_id_set)
    corners = np.column_stack([table.columns[f"mattered.{c}"].values / 100 for c in ("worker", "rules", "family")])
    corners = corners[~np.isnan(corners).any(axis=1)]
    assert len(corners) > 8 and len(np.unique(corners[:, 0])) == 2  # both kinds of answer are there
    (triad,) = [c for c in question_charts(session, selection, min_group=5, suppress=False) if c.key == "mattered"]
    assert triad.n == triad.spec["n"] == len(corners)
    assert triad.spec["sample"] == len(triad.spec["points"]) <= 4 and len(triad.spec["ids"]) == len(triad.spec["points"])
    assert triad.spec["means"] == pytest.approx(corners.mean(axis=0).tolist(), abs=1e-4)  # over all, not the sample


def test_no_stories_gives_empty_charts(session, project, make_user):
    selection = _selection(session, make_user("analyst"), project=project.slug)
    charts = question_charts(session, selection)
    assert charts and all(chart.spec is None and chart.n == 0 for chart in charts)


@pytest.mark.parametrize("filters", [{}, {"role": "parent"}, {"region": "twente"}])
def test_list_labels_from_counts_equal_the_rule_on_every_story(session, project, varied, make_user, filters):
    """story_lists.shown_labels (a GROUP BY) gives each story the labels mask_rows gives it from every story."""
    from sqlalchemy import select

    from analysis.disclosure import HIDDEN, mask_rows
    from vertelpunt.insights.dashboard_counts import quarter_of
    from vertelpunt.insights.records import story_query
    from vertelpunt.insights.story_lists import shown_labels
    from vertelpunt.models import Story

    selection = _selection(session, make_user("analyst"), project=project.slug, **filters)
    query = select(Story).where(Story.id.in_(story_query(selection.project, selection.story_filter)))
    stories = session.scalars(query).all()
    rows = {s.id: {"role": s.role, "region": s.region_id, "period": quarter_of(s.week)} for s in stories}
    expected = {key: {name for name, value in values.items() if value is not HIDDEN}
                for key, values in mask_rows(rows, 5, True).items()}
    labels = shown_labels(session, [story_query(selection.project, selection.story_filter).whereclause], 5, True)
    assert {s.id: labels[(s.role, s.region_id, quarter_of(s.week))] for s in stories} == expected
    assert any(len(shown) < 3 for shown in expected.values())  # the rule does hide something here
