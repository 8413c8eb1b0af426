"""Static SVG: valid XML, accessible title/desc, escaped labels, the numbers in the description."""
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from analysis import chartspec
from analysis.svg import to_svg

NS = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & co'


def parse(svg: str):
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert (root.findtext(f"{NS}title") or "").strip() and (root.findtext(f"{NS}desc") or "").strip()
    assert root.find(f".//{NS}script") is None and "href" not in svg
    return root


def texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text")]


def test_histogram_grows_with_groups_and_escapes_labels():
    values = np.concatenate([np.full(10, 15.0), np.full(6, 85.0), np.full(2, 50.0), np.full(7, 55.0)])
    codes = np.array([0] * 10 + [1] * 6 + [2] * 2 + [3] * 7)
    spec = chartspec.grouped_histogram(values, codes, ("a", "b", "c", "d"), (EVIL, "B", "C", "D"), title="T & t",
                                       x_label="Gehoord", left="niet", right="wel")
    svg = to_svg(spec)
    root = parse(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    note = ("C: groep < 5 niet getoond; B: ook niet getoond, anders is de kleine groep uit te rekenen; "
            "staafjes met minder dan 5 verhalen zijn leeg gelaten")
    assert f"{EVIL} (n = 10)" in texts(root) and note in texts(root)
    assert root.find(f"{NS}title").text == "T & t"
    desc = root.find(f"{NS}desc").text
    assert "D: n = 7, mediaan 55" in desc and note in desc and "B: n = 6" not in desc
    single = parse(to_svg(chartspec.slider_histogram(values, title="t")))
    assert int(root.get("height")) > int(single.get("height"))


def test_bars_stacked_ternary_heatmap_are_valid_and_describe_their_numbers():
    bars = parse(to_svg(chartspec.choice_bars(np.array([0] * 7 + [1] * 6), ("x", "y"), (EVIL, "Y"), title=EVIL)))
    assert bars.find(f"{NS}desc").text.startswith(f"{EVIL}: 7, Y: 6 (van 13")
    a, b = np.array([0] * 10 + [1] * 10), np.array([0] * 8 + [1] * 2 + [0] * 5 + [1] * 5)
    stacked = parse(to_svg(chartspec.stacked_bars(a, ("p", "q"), ("P", "Q"), b, ("j", "n"), ("Ja", EVIL), title="t",
                                                  x_label="Rol", legend_label="Antwoord")))
    desc = stacked.find(f"{NS}desc").text
    assert "P (n = 10): Ja verborgen, " in desc and f"{EVIL} < 5; Q (n = 10): Ja 50%" in desc and EVIL in texts(stacked)
    assert "80%" not in desc and "20%" not in desc  # 2 of 10: hidden, and the 8 with it
    assert "Niet getoond" in texts(stacked) and "minder dan 5 verhalen zijn grijs" in desc
    assert len(stacked.findall(f".//{NS}rect")) >= 1 + 3 + 3
    admin = parse(to_svg(chartspec.stacked_bars(a, ("p", "q"), ("P", "Q"), b, ("j", "n"), ("Ja", "Nee"), title="t",
                                                x_label="Rol", legend_label="Antwoord", suppress_small=False)))
    assert "P (n = 10): Ja 80%, Nee 20%" in admin.find(f"{NS}desc").text and "Niet getoond" not in texts(admin)
    strict7 = parse(to_svg(chartspec.stacked_bars(a, ("p", "q"), ("P", "Q"), b, ("j", "n"), ("Ja", "Nee"), title="t",
                                                  x_label="Rol", legend_label="Antwoord", min_group=7)))
    assert "Nee < 7" in strict7.find(f"{NS}desc").text and "minder dan 7 verhalen" in strict7.find(f"{NS}desc").text
    ternary = parse(to_svg(chartspec.triad_points(np.array([[1, 0, 0], [0, 0.5, 0.5]]), [EVIL, "B", "C"], title="t")))
    assert len(ternary.findall(f".//{NS}circle")) == 2 and "gemiddeld" in ternary.find(f"{NS}desc").text
    heat = parse(to_svg(chartspec.heatmap(np.array([5.0] * 6 + [95, 95, 50, 50, 50]),
                                          np.array([95.0] * 6 + [5, 5, 50, 50, 50]), title="t", x_label=EVIL,
                                          y_label="y")))  # two small cells (2 and 3): nothing else hidden
    assert any(t.startswith("rho = -") for t in texts(heat)) and "6" in texts(heat)
    assert "2" not in texts(heat) and "3" not in texts(heat)
    assert "leeg vakje = niet getoond (kleine groepen beschermd)" in texts(heat)


def test_unknown_kind():
    with pytest.raises(ValueError):
        to_svg({"kind": "pie"})


def test_empty_inputs_still_draw():
    from analysis.charts import to_plotly

    empty = [
        chartspec.slider_histogram(np.full(3, np.nan), title="leeg"),
        chartspec.choice_bars(np.full(3, -1), ("x",), ("X",), title="leeg"),
        chartspec.stacked_bars(np.array([0, 0]), ("p",), ("P",), np.array([0, 0]), ("j",), ("J",), title="t",
                               x_label="x", legend_label="l"),
        chartspec.triad_points(np.full((2, 3), np.nan), ["A", "B", "C"], title="leeg"),
        chartspec.heatmap(np.full(2, np.nan), np.full(2, np.nan), title="leeg", x_label="x", y_label="y"),
    ]
    for spec in empty:
        assert parse(to_svg(spec)).findtext(f"{NS}title").startswith(spec["title"])
        traces = to_plotly(spec)["data"]
        assert len(traces) == 1, spec["kind"]
        counted = ("z",) if traces[0]["type"] == "heatmap" else ("y", "a", "b", "c")  # a heatmap's x and y are its axes
        drawn = [value for key in counted for value in _flat(traces[0].get(key, []))]
        assert all(value is None for value in drawn), f"{spec['kind']} draws numbers without data: {drawn}"


def _flat(values) -> list:
    return [v for row in values for v in (row if isinstance(row, list) else [row])]
