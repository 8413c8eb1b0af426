"""Plotly figures: trace types, click-through customdata, hidden groups, strict and script-safe JSON."""
import json

import numpy as np
import pytest

from analysis import chartspec
from analysis.charts import PALETTE, to_plotly, to_plotly_json_script_safe


def strict(figure):
    return json.loads(json.dumps(figure, allow_nan=False))


def grouped(groups: int, small: int = 0, suppress: bool = True):
    sizes = [10 + g for g in range(groups)] + [2] * small
    values = np.concatenate([np.linspace(0, 100, s) for s in sizes])
    codes = np.concatenate([np.full(s, g) for g, s in enumerate(sizes)])
    keys = tuple(f"g{g}" for g in range(len(sizes)))
    return chartspec.grouped_histogram(values, codes, keys, tuple(k.upper() for k in keys), title="t",
                                       x_label="Gehoord", left="niet", right="wel", suppress_small=suppress)


def test_single_histogram_counts_with_bin_customdata():
    spec = chartspec.slider_histogram(np.array([5.0, 15, 15, 95]), title="Gehoord", left="niet", right="wel",
                                      suppress_small=False)
    figure = strict(to_plotly(spec))
    (trace,) = figure["data"]
    assert trace["type"] == "bar" and trace["y"] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert trace["customdata"][0] == ["all", 0, 10] and len(trace["customdata"]) == 10
    layout = figure["layout"]
    assert "title" not in layout and layout["font"]["family"].startswith("system-ui")
    assert layout["yaxis"]["title"]["text"] == "Aantal verhalen" and "0 = niet" in layout["xaxis"]["title"]["text"]


def test_side_by_side_groups_with_hidden_note():
    figure = strict(to_plotly(grouped(3, small=2)))  # two small groups: no complement needed
    assert [t["customdata"][3][0] for t in figure["data"]] == ["g0", "g1", "g2"]
    assert figure["layout"]["barmode"] == "group" and figure["layout"]["showlegend"]
    assert [t["marker"]["color"] for t in figure["data"]] == list(PALETTE[:3])
    assert all(share is None for share in figure["data"][0]["y"])  # every bin holds 1-2 stories: all hidden
    admin = strict(to_plotly(grouped(3, small=2, suppress=False)))
    assert abs(sum(admin["data"][0]["y"]) - 100) < 0.1  # shares within the group
    notes = [a["text"] for a in figure["layout"]["annotations"]]
    assert notes == ["G3, G4: groep &lt; 5 niet getoond; staafjes met minder dan 5 verhalen zijn leeg gelaten"]


def test_a_group_hidden_as_complement_is_named_for_what_it_is():
    figure = strict(to_plotly(grouped(3, small=1)))
    assert [t["customdata"][3][0] for t in figure["data"]] == ["g1", "g2"]  # g0 (10) hidden with g3 (2)
    notes = [a["text"] for a in figure["layout"]["annotations"]]
    assert notes == ["G3: groep &lt; 5 niet getoond; G0: ook niet getoond, anders is de kleine groep uit te rekenen; "
                     "staafjes met minder dan 5 verhalen zijn leeg gelaten"]


def test_many_groups_become_small_multiples():
    figure = strict(to_plotly(grouped(6)))
    assert [t["xaxis"] for t in figure["data"]] == ["x", "x2", "x3", "x4", "x5", "x6"]
    assert figure["layout"]["yaxis6"]["anchor"] == "x6" and figure["layout"]["height"] > 320
    assert len(figure["layout"]["annotations"]) == 7  # six titles and the note on hidden bins


def test_bars_leave_out_hidden_bars():
    spec = chartspec.choice_bars(np.array([0] * 7 + [1] * 2 + [2] * 3), ("x", "y", "z"), ("X", "Y", "Z"), title="k")
    figure = strict(to_plotly(spec))
    (trace,) = figure["data"]
    assert trace["type"] == "bar" and trace["orientation"] == "h"
    assert trace["x"] == [7] and trace["customdata"] == [["x"]]
    assert "Y, Z: groep &lt; 5" in figure["layout"]["annotations"][0]["text"]


def test_stacked_series_with_group_customdata():
    a = np.array([0] * 20 + [1] * 10 + [2] * 2 + [3] * 3)
    b = np.array([0] * 16 + [1] * 4 + [0] * 5 + [1] * 5 + [0, 1] + [0, 0, 1])
    spec = chartspec.stacked_bars(a, ("p", "q", "r", "s"), ("P", "Q", "R", "S"), b, ("ja", "nee"), ("Ja", "Nee"),
                                  title="t", x_label="Rol", legend_label="Antwoord")
    figure = strict(to_plotly(spec))
    assert figure["layout"]["barmode"] == "stack" and len(figure["data"]) == 3
    assert figure["data"][1]["y"] == [None, 50] and figure["data"][0]["customdata"] == [["p"], ["q"]]
    assert figure["data"][0]["y"] == [None, 50] and figure["data"][0]["text"] == ["verborgen", "5"]
    assert figure["data"][1]["text"] == ["< 5", "5"]  # 4 of 20 "nee" in P: hidden, and 16 "ja" with it
    assert figure["data"][2]["name"] == "Niet getoond" and figure["data"][2]["y"] == [100, None]
    assert figure["layout"]["legend"]["title"]["text"] == "Antwoord"
    note = figure["layout"]["annotations"][0]["text"]
    assert "R, S: groep &lt; 5 niet getoond" in note and "minder dan 5 verhalen zijn grijs" in note
    admin = strict(to_plotly(chartspec.stacked_bars(a, ("p", "q", "r", "s"), ("P", "Q", "R", "S"), b, ("ja", "nee"),
                                                    ("Ja", "Nee"), title="t", x_label="Rol", legend_label="Antwoord",
                                                    suppress_small=False)))
    assert len(admin["data"]) == 2 and admin["data"][1]["text"] == ["4", "5", "1", "1"]


def test_notes_name_the_threshold_the_spec_was_made_with():
    a = np.array([0] * 20 + [1] * 10 + [2] * 2)
    b = np.array([0] * 14 + [1] * 6 + [0] * 7 + [1] * 3 + [0, 1])
    spec = chartspec.stacked_bars(a, ("p", "q", "r"), ("P", "Q", "R"), b, ("ja", "nee"), ("Ja", "Nee"),
                                  title="t", x_label="Rol", legend_label="Antwoord", min_group=7)
    assert spec["min_group"] == 7
    figure = strict(to_plotly(spec))
    note = figure["layout"]["annotations"][0]["text"]
    assert "R: groep &lt; 7 niet getoond" in note and "minder dan 7 verhalen" in note and "< 5" not in note
    assert figure["data"][0]["text"] == ["verborgen"] and figure["data"][1]["text"] == ["< 7"]  # P only: Q hides with R
    bars = strict(to_plotly(chartspec.choice_bars(np.array([0] * 9 + [1] * 6), ("x", "y"), ("X", "Y"), title="t",
                                                  min_group=7)))
    assert "Y: groep &lt; 7 niet getoond" in bars["layout"]["annotations"][0]["text"]


def test_ternary_and_heatmap():
    spec = chartspec.triad_points(np.array([[1, 0, 0], [0.2, 0.3, 0.5]]), ["A", "B", "C"], title="t")
    figure = strict(to_plotly(spec))
    assert [t["type"] for t in figure["data"]] == ["scatterternary", "scatterternary"]
    assert figure["data"][0]["c"] == [0, 0.5] and figure["data"][0]["marker"]["opacity"] < 1
    assert figure["layout"]["ternary"]["caxis"]["title"]["text"] == "C"
    heat = chartspec.heatmap(np.array([5.0] * 6 + [95, 95, 95, 50, 50]), np.array([95.0] * 6 + [5, 5, 5, 50, 50]),
                             title="t", x_label="x", y_label="y")  # two small cells: no complement
    figure = strict(to_plotly(heat))
    (trace,) = figure["data"]
    assert trace["type"] == "heatmap" and trace["z"][9][0] == 6 and trace["z"][0][9] is None
    assert len(trace["x"]) == 10 and figure["layout"]["yaxis"]["title"]["text"] == "y"
    assert "niet getoond" in figure["layout"]["annotations"][0]["text"]


def test_triad_points_carry_their_story_for_a_click():
    spec = chartspec.triad_points(np.array([[1, 0, 0], [0.2, 0.3, 0.5]]), ["A", "B", "C"], title="t", ids=["AB12", "CD34"])
    stories, mean = strict(to_plotly(spec))["data"]
    assert stories["customdata"] == [["AB12"], ["CD34"]] and "customdata" not in mean


def test_labels_are_escaped_and_json_is_script_safe():
    spec = chartspec.choice_bars(np.array([0] * 6), ("x",), ("</script><b>&",), title="k")
    figure = to_plotly(spec)
    assert figure["data"][0]["y"] == ["&lt;/script&gt;&lt;b&gt;&amp;"]
    text = to_plotly_json_script_safe(spec)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == figure
    with pytest.raises(ValueError):
        to_plotly({"kind": "pie"})
