"""Every figure analysis/charts.py makes passes plotly's own schema (plotly.graph_objects, validate=True), and the
shipped plotly.js bundle holds exactly the trace types those figures use."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from analysis import chartspec
from analysis.charts import TRACE_TYPES, to_plotly, validate

ROOT = Path(__file__).resolve().parents[2]
RNG = np.random.default_rng(3)


def _grouped(groups: int, small: int = 0, suppress: bool = True) -> dict:
    sizes = [12 + g for g in range(groups)] + [2] * small
    values = np.concatenate([RNG.uniform(0, 100, s) for s in sizes])
    codes = np.concatenate([np.full(s, g) for g, s in enumerate(sizes)])
    keys = tuple(f"g{g}" for g in range(len(sizes)))
    return chartspec.grouped_histogram(values, codes, keys, tuple(k.upper() for k in keys), title="t",
                                       x_label="Gehoord", left="niet", right="wel", suppress_small=suppress)


def _stacked(suppress: bool) -> dict:
    a, b = RNG.integers(0, 3, 80), RNG.integers(0, 4, 80)
    b[:3] = 3  # a small segment
    return chartspec.stacked_bars(a, ("x", "y", "z"), ("X", "Y", "Z"), b, ("p", "q", "r", "s"), ("P", "Q", "R", "S"),
                                  title="t", x_label="A", legend_label="B", suppress_small=suppress)


def _triad(ids: bool) -> dict:
    shares = RNG.dirichlet([1, 1, 1], 40)
    shares[0] = np.nan
    return chartspec.triad_points(shares, ("Ik", "De hulp", "Anderen"), title="t",
                                  ids=[f"V{i:04d}" for i in range(40)] if ids else None)


SPECS = {
    "histogram": lambda: chartspec.slider_histogram(RNG.uniform(0, 100, 60), title="t", left="niet", right="wel"),
    "histogram-admin": lambda: chartspec.slider_histogram(RNG.uniform(0, 100, 7), title="t", suppress_small=False),
    "histogram-side-by-side": lambda: _grouped(3, small=2),
    "histogram-multiples": lambda: _grouped(6, small=1),
    "histogram-admin-groups": lambda: _grouped(3, small=1, suppress=False),
    "bars": lambda: chartspec.choice_bars(RNG.integers(0, 4, 50), ("a", "b", "c", "d"), ("A", "B", "C", "D"), title="t"),
    "bars-small": lambda: chartspec.choice_bars(np.array([0] * 20 + [1] * 2), ("a", "b"), ("A", "B"), title="t"),
    "stacked": lambda: _stacked(True),
    "stacked-admin": lambda: _stacked(False),
    "ternary": lambda: _triad(False),
    "ternary-with-stories": lambda: _triad(True),
    "heatmap": lambda: chartspec.heatmap(RNG.uniform(0, 100, 2000), RNG.uniform(0, 100, 2000), title="t",
                                         x_label="A", y_label="B"),
    "heatmap-small": lambda: chartspec.heatmap(RNG.uniform(0, 100, 12), RNG.uniform(0, 100, 12), title="t",
                                               x_label="A", y_label="B"),
}


@pytest.mark.parametrize("name", list(SPECS))
def test_every_figure_passes_plotlys_schema(name):
    figure = json.loads(json.dumps(to_plotly(SPECS[name]())))  # as the page sends it
    checked = validate(figure)
    assert [trace["type"] for trace in checked["data"]] == [trace["type"] for trace in figure["data"]]
    assert {trace["type"] for trace in figure["data"]} <= TRACE_TYPES


def test_the_specs_cover_every_kind_and_trace_type():
    figures = [to_plotly(make()) for make in SPECS.values()]
    assert {trace["type"] for figure in figures for trace in figure["data"]} == TRACE_TYPES
    assert {make()["kind"] for make in SPECS.values()} == {"histogram", "bars", "stacked", "ternary", "heatmap"}


@pytest.mark.parametrize("broken", [
    {"data": [{"type": "bar", "x": [1], "y": [2], "markr": {"color": "red"}}], "layout": {}},
    {"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": {"xaxis": {"titel": "x"}}},
    {"data": [{"type": "scatterternary", "a": [1], "b": [0], "c": [0], "mode": "dots"}], "layout": {}},
    {"data": [{"type": "barchart", "x": [1]}], "layout": {}},
], ids=["trace-key", "layout-key", "bad-value", "trace-type"])
def test_a_wrong_key_or_value_is_refused(broken):
    with pytest.raises(ValueError):
        validate(broken)


def test_the_bundle_registers_exactly_the_trace_types_the_figures_use():
    entry = (ROOT / "tools" / "plotly-bundle" / "index.js").read_text(encoding="utf-8")
    assert set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry)) - {"core"} == TRACE_TYPES


def test_the_bundle_is_the_pinned_plotly_version():
    pinned = json.loads((ROOT / "tools" / "plotly-bundle" / "package.json").read_text())["dependencies"]["plotly.js"]
    lock = json.loads((ROOT / "tools" / "plotly-bundle" / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == pinned
    bundle = ROOT / "static" / "vendor" / "plotly.min.js"
    with bundle.open(encoding="utf-8") as handle:
        header = handle.read(300)
    assert f"plotly.js v{pinned}, custom bundle for Vertelpunt" in header
    assert bundle.stat().st_size < 2_000_000  # the full bundle was 4.8 MB
