"""Chart descriptions: exact counts, small groups hidden (and kept for admins), strict JSON."""
import json

import numpy as np
import pytest

from analysis import chartspec
from analysis.describe import shape
from tests.analysis_lib.helpers import planted_table


def strict(spec):
    return json.loads(json.dumps(spec, allow_nan=False))


def test_slider_histogram_counts_every_value_once():
    values = np.array([0, 5, 10, 15, 55, 99, 100, np.nan])
    spec = chartspec.slider_histogram(values, title="Gehoord", left="niet", right="wel", suppress_small=False)
    assert spec["kind"] == "histogram" and spec["edges"] == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    group = spec["groups"][0]
    assert group["key"] == "all" and group["n"] == 7 and not group["suppressed"]
    assert group["counts"] == [2, 2, 0, 0, 0, 1, 0, 0, 0, 2]
    assert group["shape"]["median"] == shape(values).median
    assert (spec["left"], spec["right"]) == ("niet", "wel")
    strict(spec)
    hidden = chartspec.slider_histogram(values, title="Gehoord")["groups"][0]  # non-admins: no bin of 0-4
    assert hidden["n"] == 7 and hidden["counts"] == [None] * 10 and set(hidden["bins_hidden"]) == {"small"}


def test_grouped_histogram_hides_small_groups_unless_admin():
    values = np.array([10.0] * 8 + [90.0] * 3 + [30.0] * 6 + [50.0] * 2)
    codes = np.array([0] * 8 + [1] * 3 + [2] * 6 + [-1] * 2)
    labels = (("a", "b", "c", "d"), ("A", "B", "C", "D"))
    spec = chartspec.grouped_histogram(values, codes, *labels, title="t", x_label="x")
    assert [g["key"] for g in spec["groups"]] == ["a", "b", "c", "d"]  # empty d stays, hidden like b
    a, b, c, d = spec["groups"]
    assert a["n"] == 8 and a["counts"][1] == 8 and a["counts"].count(None) == 9 and a["hidden"] is None
    assert b == {"key": "b", "label": "B", "n": None, "counts": None, "suppressed": True, "hidden": "small",
                 "shape": None, "bins_hidden": None}
    assert d["hidden"] == "small"
    # two hidden groups (3 and 0): 17 - 8 - 6 = 3 is all a reader learns, not which holds it
    assert c["n"] == 6 and not c["suppressed"]
    shown = chartspec.grouped_histogram(values, codes, *labels, title="t", x_label="x", suppress_small=False)
    assert [g["n"] for g in shown["groups"]] == [8, 3, 6] and not any(g["suppressed"] for g in shown["groups"])
    assert shown["groups"][1]["counts"][9] == 3
    strict(spec), strict(shown)


def test_choice_bars_and_suppression():
    codes = np.array([0] * 7 + [1] * 2 + [3] * 9 + [-1] * 4)
    spec = chartspec.choice_bars(codes, ("x", "y", "z", "w"), ("X", "Y", "Z", "W"), title="Keuze")
    assert spec["total"] == 18
    assert spec["bars"] == [{"key": "x", "label": "X", "n": 7, "suppressed": False, "hidden": None},
                            {"key": "y", "label": "Y", "n": None, "suppressed": True, "hidden": "small"},
                            {"key": "z", "label": "Z", "n": None, "suppressed": True, "hidden": "small"},  # a real 0
                            {"key": "w", "label": "W", "n": 9, "suppressed": False, "hidden": None}]
    admin = chartspec.choice_bars(codes, ("x", "y", "z", "w"), ("X", "Y", "Z", "W"), title="Keuze",
                                  suppress_small=False)
    assert [bar["n"] for bar in admin["bars"]] == [7, 2, 0, 9]
    strict(spec)


def test_two_small_bars_need_no_complement():
    codes = np.array([0] * 7 + [1] * 2 + [2] * 3)
    spec = chartspec.choice_bars(codes, ("x", "y", "z"), ("X", "Y", "Z"), title="Keuze")
    assert [bar["n"] for bar in spec["bars"]] == [7, None, None]  # 12 - 7 = 5 tells only that y + z = 5
    assert [bar["hidden"] for bar in spec["bars"]] == [None, "small", "small"]


def test_stacked_bars_shares_per_group():
    a = np.array([0] * 10 + [1] * 12 + [2] * 2)
    b = np.array([0] * 8 + [1] * 2 + [0] * 6 + [1] * 6 + [0, 1])
    spec = chartspec.stacked_bars(a, ("p", "q", "r"), ("P", "Q", "R"), b, ("ja", "nee"), ("Ja", "Nee"),
                                  title="t", x_label="Rol", legend_label="Antwoord")
    assert [g["n"] for g in spec["groups"]] == [None, 12, None]
    assert [g["hidden"] for g in spec["groups"]] == ["complement", None, "small"]
    ja, nee = spec["series"]
    assert ja["counts"] == [None, 6, None] and ja["shares"] == [None, 0.5, None]
    assert nee["counts"] == [None, 6, None] and nee["shares"] == [None, 0.5, None]
    admin = chartspec.stacked_bars(a, ("p", "q", "r"), ("P", "Q", "R"), b, ("ja", "nee"), ("Ja", "Nee"),
                                   title="t", x_label="Rol", legend_label="Antwoord", suppress_small=False)
    assert admin["series"][0]["counts"] == [8, 6, 1] and [g["n"] for g in admin["groups"]] == [10, 12, 2]
    strict(spec)


def test_stacked_bars_hide_small_segments_within_a_shown_group():
    a = np.array([0] * 6 + [1] * 12 + [2] * 10)
    b = np.array([0] * 5 + [1] + [0] * 6 + [1] * 6 + [0] * 5 + [1] * 5)  # P: 5 ja, 1 nee; Q: 6/6; R: 5/5
    c = np.array([0] * 5 + [1] + [0] * 6 + [1] * 6 + [0] * 10)  # as b, but R: 10 ja and a real 0 nee
    spec = chartspec.stacked_bars(a, ("p", "q", "r"), ("P", "Q", "R"), b, ("ja", "nee"), ("Ja", "Nee"),
                                  title="t", x_label="Rol", legend_label="Antwoord")
    ja, nee = spec["series"]
    assert [g["n"] for g in spec["groups"]] == [6, 12, 10]  # the groups themselves are large enough
    assert nee["counts"] == [None, 6, 5] and nee["shares"][0] is None and nee["hidden"][0] == "small"
    assert ja["counts"] == [None, 6, 5] and ja["hidden"][0] == "complement"  # 6 - 5 would give the 1 back
    zero = chartspec.stacked_bars(a, ("p", "q", "r"), ("P", "Q", "R"), c, ("ja", "nee"), ("Ja", "Nee"),
                                  title="t", x_label="Rol", legend_label="Antwoord")
    assert [s["hidden"][2] for s in zero["series"]] == ["complement", "small"]  # a real 0 looks like the 1 in P
    assert [s["counts"][2] for s in zero["series"]] == [None, None]
    admin = chartspec.stacked_bars(a, ("p", "q", "r"), ("P", "Q", "R"), b, ("ja", "nee"), ("Ja", "Nee"),
                                   title="t", x_label="Rol", legend_label="Antwoord", suppress_small=False)
    assert admin["series"][1]["counts"] == [1, 6, 5] and admin["series"][1]["shares"][0] == round(1 / 6, 6)
    assert admin["series"][1]["hidden"] == [None, None, None] and spec["min_group"] == admin["min_group"] == 5
    strict(spec)


def test_triad_points_skip_missing_rows():
    shares = np.array([[1, 0, 0], [0, 0.5, 0.5], [np.nan] * 3])
    spec = chartspec.triad_points(shares, ["A", "B", "C"], title="Triade")
    assert spec["n"] == 2 and spec["points"] == [[1, 0, 0], [0, 0.5, 0.5]]
    assert spec["means"] == [0.5, 0.25, 0.25] and spec["corners"] == ["A", "B", "C"]
    empty = chartspec.triad_points(np.full((2, 3), np.nan), ["A", "B", "C"], title="Leeg")
    assert empty["n"] == 0 and empty["means"] == [None, None, None]
    strict(spec), strict(empty)


def test_triad_points_name_their_stories_only_when_asked():
    shares = np.array([[1, 0, 0], [np.nan] * 3, [0, 0.5, 0.5]])
    spec = chartspec.triad_points(shares, ["A", "B", "C"], title="Triade", ids=["AAAA", "BBBB", "CCCC"])
    assert spec["ids"] == ["AAAA", "CCCC"] and len(spec["ids"]) == len(spec["points"])  # skipped row skipped
    assert "ids" not in chartspec.triad_points(shares, ["A", "B", "C"], title="Triade")  # stored specs keep none
    strict(spec)


def test_heatmap_rows_are_y_bins_and_small_cells_hidden():
    x = np.array([5.0] * 6 + [95.0] * 2 + [50.0] * 9 + [np.nan])
    y = np.array([95.0] * 6 + [5.0] * 2 + [50.0] * 9 + [50.0])
    spec = chartspec.heatmap(x, y, title="t", x_label="x", y_label="y")
    assert spec["n"] == 17 and spec["counts"][9][0] == 6 and spec["counts"][0][9] is None
    assert spec["counts"][5][5] == 9 and spec["counts"][3][3] is None and spec["rho"] < 0  # 0 hidden like 2
    # the small cell (2) hides among the empty ones, so no other cell needs to go
    admin = chartspec.heatmap(x, y, title="t", x_label="x", y_label="y", suppress_small=False)
    assert admin["counts"][0][9] == 2 and admin["counts"][9][0] == 6
    constant = chartspec.heatmap(np.ones(5), np.arange(5.0), title="t", x_label="x", y_label="y")
    assert constant["rho"] is None
    strict(spec)


@pytest.fixture(scope="module")
def table():
    return planted_table()


def test_question_chart_for_each_question_type(table):
    slider = chartspec.question_chart(table, "heard")
    assert slider["kind"] == "histogram" and slider["groups"][0]["n"] == 200 and slider["left"] == "helemaal niet"
    bars = chartspec.question_chart(table, "moment")
    assert bars["kind"] == "bars" and [b["n"] for b in bars["bars"]] == [67, 67, 66] and bars["total"] == 200
    multi = chartspec.question_chart(table, "help_type")
    assert multi["kind"] == "bars" and multi["title"] == "Welke hulp?"
    assert [(b["key"], b["label"], b["n"]) for b in multi["bars"]] == [("wijkteam", "Wijkteam", 200), ("ggz", "Jeugd-ggz", 100)]
    triad = chartspec.question_chart(table, "mattered")
    assert triad["kind"] == "ternary" and triad["corners"] == ["De hulpverlener", "De regels", "Het gezin"]
    assert triad["n"] == 200 and abs(sum(triad["means"]) - 1) < 1e-3
    role = chartspec.question_chart(table, "role")
    assert [b["label"] for b in role["bars"]] == ["Ouder", "Jongere"]
    with pytest.raises(ValueError):
        chartspec.question_chart(table, "nope")
    for spec in (slider, bars, multi, triad, role):
        strict(spec)


def test_pattern_chart_per_kind(table):
    grouped = chartspec.pattern_chart(table, {"a": "heard", "b": "moment"})
    assert grouped["kind"] == "histogram" and [g["key"] for g in grouped["groups"]] == ["wachten", "tijdens", "einde"]
    assert sum(g["n"] for g in grouped["groups"]) == 200 and grouped["x_label"] == "Ik voelde me gehoord"
    stacked = chartspec.pattern_chart(table, {"a": "role", "b": "help_type=ggz"})
    assert stacked["kind"] == "stacked" and [s["key"] for s in stacked["series"]] == ["nee", "ja"]
    corner = chartspec.pattern_chart(table, {"a": "mattered.worker", "b": "role"})
    assert corner["kind"] == "histogram"
    heat = chartspec.pattern_chart(table, {"a": "outcome", "b": "heard"})
    assert heat["kind"] == "heatmap" and heat["n"] == 200 and heat["rho"] > 0.8
    flipped = chartspec.pattern_chart(table, {"a": "moment", "b": "heard"})
    assert flipped == grouped
    for spec in (grouped, stacked, corner, heat):
        strict(spec)
