"""Plotly figures from neutral chart descriptions (analysis.chartspec).

The figure is plain JSON ({"data", "layout"}) that static/js/charts.js draws; no title inside the plot
(the page has its own heading), Dutch axis titles, the Okabe-Ito palette (safe for colour-blind readers).
Every bar carries ``customdata`` for the click-through contract of charts.js: histogram bins
``[group_key, lo, hi]``, bars ``[key]``, stacked segments ``[group_key]``.
Labels are HTML-escaped because Plotly renders a small subset of HTML in text.
"""
from __future__ import annotations

import json
import math
from html import escape

from analysis.disclosure import COMPLEMENT, bins_note, hidden_note, segments_note, threshold_of

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
HEIGHT = 320
SMALL_MULTIPLES_FROM = 5  # more groups than 4: one small panel per group instead of bars side by side
GREYS_BLUE = [[0.0, "#f1f5fb"], [1.0, "#08306b"]]
HIDDEN_GREY = "#bdbdbd"  # the hidden part of a stacked bar (segments under the threshold)


def _text(label, width: int = 0) -> str:
    """Escape for Plotly's pseudo-HTML; wrap long labels on word boundaries with <br>."""
    words, lines, line = str(label).split(), [], ""
    if not width:
        return escape(str(label), quote=False)
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(escape(part, quote=False) for part in lines)


def _layout(**extra) -> dict:
    layout = {"font": {"family": FONT, "size": 13, "color": "#1a1a1a"}, "height": HEIGHT,
              "margin": {"l": 56, "r": 16, "t": 16, "b": 48, "pad": 2}, "paper_bgcolor": "#ffffff",
              "plot_bgcolor": "#ffffff", "hoverlabel": {"font": {"family": FONT}}, "showlegend": False}
    layout.update(extra)
    return layout


def _axis(title: str, **extra) -> dict:
    return {"title": {"text": _text(title)}, "automargin": True, "gridcolor": "#e3e3e3", "zeroline": False,
            "linecolor": "#595959", "ticks": "outside", **extra}


def _hidden_note(layout: dict, note: str) -> None:
    """Name what is hidden (:func:`analysis.disclosure.hidden_note`) above the plot."""
    if not note:
        return
    layout["margin"]["t"] = 36
    layout.setdefault("annotations", []).append({
        "text": _text(note), "showarrow": False, "xref": "paper", "yref": "paper",
        "x": 1, "y": 1, "xanchor": "right", "yanchor": "bottom", "yshift": 6, "font": {"size": 12, "color": "#595959"}})


def to_plotly(spec: dict) -> dict:
    """The Plotly figure for a chart description.

    Parameters
    ----------
    spec : dict
        A chart description (:mod:`analysis.chartspec`).

    Returns
    -------
    dict
        Plotly's ``data`` and ``layout``.

    Raises
    ------
    ValueError
        For an unknown chart kind.
    """
    builder = {"histogram": _histogram, "bars": _bars, "stacked": _stacked, "ternary": _ternary, "heatmap": _heatmap}
    if spec.get("kind") not in builder:
        raise ValueError(f"onbekend soort grafiek: {spec.get('kind')!r}")
    return builder[spec["kind"]](spec)


#: The plotly.js trace types these figures use; tools/plotly-bundle/index.js registers exactly these (plus the
#: core's scatter), and tests/analysis_lib/test_plotly_figures.py checks both lists against real figures.
TRACE_TYPES = frozenset({"bar", "heatmap", "scatterternary"})


def validate(figure: dict) -> dict:
    """Check a figure against plotly's schema: every trace type, trace key and layout key must exist.

    A misspelt key in a hand-written dict is silently ignored by plotly.js in the browser; the plotly
    package's figure objects refuse it. The package is imported here, lazily, because importing
    ``plotly.graph_objects`` costs about a second and most callers never need it.

    Parameters
    ----------
    figure : dict
        A figure as :func:`to_plotly` returns it.

    Returns
    -------
    dict
        The figure as plotly serialises it (``go.Figure(figure).to_plotly_json()``).

    Raises
    ------
    ValueError
        Naming the invalid property, when the schema refuses the figure.
    """
    import plotly.graph_objects as go

    return go.Figure(figure).to_plotly_json()


def to_plotly_json_script_safe(spec: dict) -> str:
    """The figure as JSON that can sit inside <script type="application/json"> (no </script> break-out).

    Parameters
    ----------
    spec : dict
        A chart description.

    Returns
    -------
    str
        Strict JSON with ``&``, ``<``, ``>`` and the line separators escaped.
    """
    text = json.dumps(to_plotly(spec), allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def _pole_title(spec: dict) -> str:
    poles = f" (0 = {spec['left']}, 100 = {spec['right']})" if spec.get("left") and spec.get("right") else ""
    return f"{spec['x_label']}{poles}"


def _histogram(spec: dict) -> dict:
    edges = spec["edges"]
    centers = [(lo + hi) / 2 for lo, hi in zip(edges[:-1], edges[1:])]
    width = [hi - lo for lo, hi in zip(edges[:-1], edges[1:])]
    shown = [g for g in spec["groups"] if not g["suppressed"] and g["counts"] is not None]
    min_group = threshold_of(spec)
    hidden = "; ".join(note for note in (hidden_note(spec["groups"], min_group), bins_note(spec["groups"], min_group))
                       if note)
    share = len(spec["groups"]) > 1
    y_title = "% van de groep" if share else "Aantal verhalen"
    multiples = len(shown) >= SMALL_MULTIPLES_FROM
    columns = 2 if multiples else 1
    rows = math.ceil(len(shown) / columns) if multiples else 1
    side_by_side = share and not multiples and len(shown) > 1  # 2-4 groups: bars next to each other per bin
    data, layout = [], _layout(barmode="group" if side_by_side else "overlay", bargap=0.12 if side_by_side else 0.04,
                               showlegend=side_by_side)
    if side_by_side:
        layout["legend"] = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}
        layout["margin"]["t"] = 40
    for index, group in enumerate(shown):
        n = group["n"] or 0
        y = [None if c is None else round(100 * c / n, 2) if n else 0 for c in group["counts"]] if share \
            else group["counts"]
        axis = "" if not multiples or index == 0 else str(index + 1)
        data.append({
            "type": "bar", "x": centers, "y": y, "name": _text(f"{group['label']} (n = {n})"),
            "marker": {"color": PALETTE[index % len(PALETTE)], "line": {"color": "#ffffff", "width": 1}},
            "textposition": "none",
            "customdata": [[group["key"], lo, hi] for lo, hi in zip(edges[:-1], edges[1:])],
            **({} if side_by_side else {"width": width}),
            "text": [f"< {min_group}" if c is None else str(c) for c in group["counts"]],
            "hovertemplate": f"{_text(group['label'])}<br>%{{customdata[1]}}–%{{customdata[2]}}: %{{text}} verhalen<extra></extra>",
            "xaxis": f"x{axis}", "yaxis": f"y{axis}"})
    if not multiples:
        layout["xaxis"] = _axis(_pole_title(spec), range=[edges[0], edges[-1]])
        layout["yaxis"] = _axis(y_title, rangemode="tozero")
    else:
        layout["height"] = 60 + 170 * rows
        layout["annotations"] = []
        for index, group in enumerate(shown):
            row, col = divmod(index, columns)
            band = 1 / rows
            x0, x1 = (col / columns + 0.05 * col, (col + 1) / columns - 0.05 * (1 - col))
            y1 = 1 - row * band
            y0 = y1 - band
            suffix = "" if index == 0 else str(index + 1)
            layout[f"xaxis{suffix}"] = _axis(_pole_title(spec) if row == rows - 1 else "", domain=[x0, x1],
                                             anchor=f"y{suffix}", range=[edges[0], edges[-1]])
            layout[f"yaxis{suffix}"] = _axis(y_title if col == 0 else "", domain=[y0 + 0.2 * band, y1 - 0.14 * band],
                                             anchor=f"x{suffix}", rangemode="tozero")
            layout["annotations"].append({"text": _text(f"{group['label']} (n = {group['n']})"), "showarrow": False,
                                          "xref": "paper", "yref": "paper", "x": x0, "y": y1 - 0.02 * band, "xanchor": "left",
                                          "yanchor": "top", "font": {"size": 12}})
    _hidden_note(layout, hidden)
    return {"data": data, "layout": layout}


def _bars(spec: dict) -> dict:
    shown = [b for b in spec["bars"] if not b["suppressed"]]
    hidden = hidden_note(spec["bars"], threshold_of(spec))
    data = [{"type": "bar", "orientation": "h", "x": [b["n"] for b in shown],
             "y": [_text(b["label"], 32) for b in shown], "customdata": [[b["key"]] for b in shown],
             "marker": {"color": PALETTE[0]}, "text": [str(b["n"]) for b in shown], "textposition": "auto",
             "hovertemplate": "%{y}: %{x} verhalen<extra></extra>"}]
    layout = _layout(height=max(HEIGHT, 80 + 34 * len(shown)), bargap=0.25,
                     xaxis=_axis(f"Aantal verhalen (van {spec['total']})", rangemode="tozero"),
                     yaxis=_axis("", autorange="reversed", ticks="", gridcolor="rgba(0,0,0,0)"))
    _hidden_note(layout, hidden)
    return {"data": data, "layout": layout}


def segment_text(series: dict, i: int, min_group: int) -> str:
    """A segment's count, or what stands in for a hidden one ("< 5" or "verborgen").

    Parameters
    ----------
    series : dict
        One series of a ``stacked`` spec.
    i : int
        The group's index.
    min_group : int
        The threshold the spec was made with.

    Returns
    -------
    str
    """
    count = series["counts"][i]
    if count is not None:
        return str(count)
    return "verborgen" if (series.get("hidden") or [None] * (i + 1))[i] == COMPLEMENT else f"< {min_group}"


def hidden_share(spec: dict, i: int) -> float:
    """The part of group ``i`` whose segments are hidden (0..1): all that the shown shares leave over.

    Parameters
    ----------
    spec : dict
        A ``stacked`` spec.
    i : int
        The group's index.

    Returns
    -------
    float
    """
    if not any(s["shares"][i] is None for s in spec["series"]):
        return 0.0
    return max(0.0, 1.0 - sum(s["shares"][i] or 0 for s in spec["series"]))


def _stacked(spec: dict) -> dict:
    """Hidden segments (:func:`analysis.chartspec.stacked_bars`) are drawn as one grey part per group: its size
    is only what the shown parts leave over, so it tells nothing that the picture did not already."""
    visible = [i for i, g in enumerate(spec["groups"]) if not g["suppressed"]]
    min_group = threshold_of(spec)
    hidden = "; ".join(note for note in (hidden_note(spec["groups"], min_group),
                                         segments_note(spec["groups"], spec["series"], min_group)) if note)
    x = [_text(spec["groups"][i]["label"], 20) for i in visible]
    data = []
    for index, series in enumerate(spec["series"]):
        data.append({
            "type": "bar", "name": _text(series["label"]), "x": x,
            "y": [None if series["shares"][i] is None else round(100 * series["shares"][i], 2) for i in visible],
            "customdata": [[spec["groups"][i]["key"]] for i in visible],
            "text": [segment_text(series, i, min_group) for i in visible],
            "marker": {"color": PALETTE[index % len(PALETTE)], "line": {"color": "#ffffff", "width": 1}},
            "hovertemplate": f"%{{x}}<br>{_text(series['label'])}: %{{y:.0f}}% (%{{text}} verhalen)<extra></extra>",
            "textposition": "none"})
    rest = [hidden_share(spec, i) for i in visible]
    if any(rest):
        data.append({
            "type": "bar", "name": "Niet getoond", "x": x, "y": [round(100 * r, 2) if r else None for r in rest],
            "customdata": [[spec["groups"][i]["key"]] for i in visible],
            "marker": {"color": HIDDEN_GREY, "line": {"color": "#ffffff", "width": 1}},
            "hovertemplate": f"%{{x}}<br>Niet getoond: delen met minder dan {min_group} verhalen<extra></extra>",
            "textposition": "none"})
    layout = _layout(barmode="stack", showlegend=True,
                     legend={"title": {"text": _text(spec["legend_label"])}, "traceorder": "normal"},
                     xaxis=_axis(spec["x_label"]), yaxis=_axis("% binnen de groep", range=[0, 100]))
    layout["margin"]["r"] = 8
    _hidden_note(layout, hidden)
    return {"data": data, "layout": layout}


def _ternary(spec: dict) -> dict:
    a, b, c = ([p[i] for p in spec["points"]] for i in range(3))
    corners = [_text(label, 24) for label in spec["corners"]]
    data = [{"type": "scatterternary", "mode": "markers", "a": a, "b": b, "c": c, "name": "Verhalen",
             "marker": {"color": PALETTE[0], "size": 7, "opacity": 0.35, "line": {"width": 0}},
             "hovertemplate": f"{corners[0]}: %{{a:.0%}}<br>{corners[1]}: %{{b:.0%}}<br>{corners[2]}: %{{c:.0%}}<extra></extra>"}]
    if spec.get("ids"):
        data[0]["customdata"] = [[story_id] for story_id in spec["ids"]]  # a click opens the story
    if spec["n"] and None not in spec["means"]:
        data.append({"type": "scatterternary", "mode": "markers", "name": "Gemiddelde",
                     "a": [spec["means"][0]], "b": [spec["means"][1]], "c": [spec["means"][2]],
                     "marker": {"color": PALETTE[5], "size": 13, "symbol": "diamond", "line": {"color": "#000000", "width": 1}},
                     "hovertemplate": "Gemiddelde<extra></extra>"})
    axis = {"min": 0, "linecolor": "#595959", "gridcolor": "#e3e3e3", "tickformat": ".0%"}
    layout = _layout(height=380, showlegend=True, legend={"x": 1, "y": 1, "xanchor": "right", "yanchor": "top"},
                     ternary={"sum": 1, "bgcolor": "#ffffff",
                              "aaxis": {**axis, "title": {"text": corners[0]}},
                              "baxis": {**axis, "title": {"text": corners[1]}},
                              "caxis": {**axis, "title": {"text": corners[2]}}})
    layout["margin"].update({"l": 72, "r": 72, "t": 48, "b": 56})
    return {"data": data, "layout": layout}


def _heatmap(spec: dict) -> dict:
    def centers(edges):
        return [(lo + hi) / 2 for lo, hi in zip(edges[:-1], edges[1:])]

    data = [{"type": "heatmap", "z": spec["counts"], "x": centers(spec["x_edges"]), "y": centers(spec["y_edges"]),
             "colorscale": GREYS_BLUE, "hoverongaps": False, "xgap": 1, "ygap": 1,
             "colorbar": {"title": {"text": "Aantal"}, "thickness": 12},
             "hovertemplate": "%{x}, %{y}: %{z} verhalen<extra></extra>"}]
    layout = _layout(xaxis=_axis(spec["x_label"], range=[spec["x_edges"][0], spec["x_edges"][-1]], gridcolor="rgba(0,0,0,0)"),
                     yaxis=_axis(spec["y_label"], range=[spec["y_edges"][0], spec["y_edges"][-1]], gridcolor="rgba(0,0,0,0)"),
                     plot_bgcolor="#ffffff")
    if any(cell is None for row in spec["counts"] for cell in row):
        layout["margin"]["t"] = 36
        layout["annotations"] = [{"text": f"Lege vakjes: niet getoond, om groepen van minder dan {threshold_of(spec)} te beschermen",
                                  "showarrow": False,
                                  "xref": "paper", "yref": "paper", "x": 1, "y": 1, "xanchor": "right",
                                  "yanchor": "bottom", "yshift": 6, "font": {"size": 12, "color": "#595959"}}]
    return {"data": data, "layout": layout}
