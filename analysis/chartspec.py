"""Neutral chart descriptions: plain JSON-safe dicts that say *what* to draw, not *how*.

The same description feeds the interactive Plotly figure (analysis.charts), the static SVG for print
(analysis.svg) and the number tables next to a chart, so all three always show the same numbers.
Small groups are hidden here, once: a group, bar, segment or cell with n < ``min_group`` loses its numbers
(``None``) and is marked ``suppressed`` unless the caller (an admin) passes ``suppress_small=False``. When a
breakdown has one small group, one more group is hidden with it (``hidden: "complement"``) so the small one
cannot be worked out from the total (:mod:`analysis.disclosure`). Every spec that hides anything carries
the threshold it was made with (``min_group``), so the notes under its chart name that number.
No NaN or infinity ever leaves this module (strict JSON, PostgreSQL JSON).
"""
from __future__ import annotations

import numpy as np

from analysis.data import AnswerTable, Column
from analysis.describe import shape
from analysis.disclosure import DEFAULT_THRESHOLD, hidden_reasons
from analysis.errors import AnalysisError


def _num(value) -> float | int | None:
    """A JSON-safe number: NaN/inf become None, whole floats stay floats."""
    if value is None:
        return None
    value = float(value)
    return value if np.isfinite(value) else None


def _edges(bins: int) -> list:
    edges = np.linspace(0.0, 100.0, bins + 1)
    return [int(e) if float(e).is_integer() else round(float(e), 4) for e in edges]


def _histogram_group(key: str, label: str, values: np.ndarray, bins: int, hidden: str | None = None, *,
                     min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = False) -> dict:
    """One group's bins. When suppressing, a bin under the threshold loses its count (``None``, its reason
    in ``bins_hidden``) like any small group: a bin of 2 between 40 and 50 is two people's answers."""
    values = values[~np.isnan(values)]
    n = int(values.size)
    if hidden:
        return {"key": key, "label": label, "n": None, "counts": None, "suppressed": True, "hidden": hidden,
                "shape": None, "bins_hidden": None}
    counts, _ = np.histogram(np.clip(values, 0, 100), bins=bins, range=(0.0, 100.0))
    counts = [int(c) for c in counts]
    reasons = hidden_reasons(counts, min_group, suppress_small)
    return {"key": key, "label": label, "n": n, "counts": [None if reason else c for c, reason in zip(counts, reasons)],
            "suppressed": False, "hidden": None, "shape": shape(values).to_dict() if n else None,
            "bins_hidden": reasons}


def slider_histogram(values, *, title: str, left: str | None = None, right: str | None = None, bins: int = 10,
                     x_label: str | None = None, min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True) -> dict:
    """One slider (or triad corner as 0..100): a single group "all", small bins hidden when suppressing.

    Parameters
    ----------
    values : array_like
        The answers (NaN = not answered).
    title, left, right, x_label : str
        Texts of the chart and the slider's poles.
    bins : int
        Number of equal bins over 0..100.
    min_group : int
        Bins under this size lose their count when ``suppress_small``.
    suppress_small : bool
        False only for admins.

    Returns
    -------
    dict
        A ``histogram`` spec.
    """
    values = np.asarray(values, dtype=float)
    group = _histogram_group("all", "Alle verhalen", values, bins, min_group=min_group, suppress_small=suppress_small)
    return {"kind": "histogram", "title": title, "x_label": x_label or title, "left": left, "right": right,
            "edges": _edges(bins), "groups": [group], "min_group": min_group}


def grouped_histogram(values, codes, categories, labels, *, title: str, x_label: str, left: str | None = None,
                      right: str | None = None, bins: int = 10, min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True) -> dict:
    """A slider split by the groups of a category column. Empty groups are left out for admins; when
    suppressing they stay, hidden like the small ones, so an absent group does not mean "0".

    Parameters
    ----------
    values : array_like
        The slider's answers.
    codes, categories, labels : array_like, tuple, list
        The category column: codes per row, keys and labels by code.
    title, x_label, left, right : str
        Texts of the chart.
    bins, min_group, suppress_small
        As :func:`slider_histogram`.

    Returns
    -------
    dict
        A ``histogram`` spec with one group per category.
    """
    values, codes = np.asarray(values, dtype=float), np.asarray(codes)
    present = [(code, key, values[(codes == code) & ~np.isnan(values)]) for code, key in enumerate(categories)]
    present = [(code, key, group_values) for code, key, group_values in present if group_values.size or suppress_small]
    reasons = hidden_reasons([group_values.size for _, _, group_values in present], min_group, suppress_small)
    groups = [_histogram_group(str(key), str(labels[code]), group_values, bins, reason, min_group=min_group,
                               suppress_small=suppress_small)
              for (code, key, group_values), reason in zip(present, reasons)]
    return {"kind": "histogram", "title": title, "x_label": x_label, "left": left, "right": right,
            "edges": _edges(bins), "groups": groups, "min_group": min_group}


def choice_bars(codes, categories, labels, *, title: str, min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True) -> dict:
    """How often each category was chosen (code -1 = not answered, not counted).

    Parameters
    ----------
    codes, categories, labels : array_like, tuple, list
        The category column.
    title : str
    min_group, suppress_small
        As :func:`slider_histogram`.

    Returns
    -------
    dict
        A ``bars`` spec.
    """
    codes = np.asarray(codes)
    answered = codes[codes >= 0]
    counts = np.bincount(answered, minlength=len(categories)) if answered.size else np.zeros(len(categories), int)
    bars = _bars([str(key) for key in categories], [str(label) for label in labels], [int(c) for c in counts],
                 min_group, suppress_small)
    return {"kind": "bars", "title": title, "total": int(answered.size), "bars": bars, "min_group": min_group}


def _bars(keys: list[str], labels: list[str], counts: list[int], min_group: int, suppress_small: bool) -> list[dict]:
    reasons = hidden_reasons(counts, min_group, suppress_small)
    return [{"key": key, "label": label, "n": None if reason else n, "suppressed": bool(reason), "hidden": reason}
            for key, label, n, reason in zip(keys, labels, counts, reasons)]


def stacked_bars(codes_a, cats_a, labels_a, codes_b, cats_b, labels_b, *, title: str, x_label: str, legend_label: str,
                 min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True) -> dict:
    """The share of each b-category within each a-group (rows with both answers only).

    When suppressing, a segment is a group too: within a shown group, a segment under the threshold (0
    included, so a real 0 looks like a hidden 1-4) loses its count and share, and with one such segment the
    smallest other one goes with it (:func:`analysis.disclosure.hidden_reasons`), else the group's n minus
    the rest gives it back. ``series[j]["hidden"][i]`` says why (the group's own reason for a hidden group).

    Parameters
    ----------
    codes_a, cats_a, labels_a : array_like, tuple, list
        The grouping column (one bar per category).
    codes_b, cats_b, labels_b : array_like, tuple, list
        The column whose shares are stacked.
    title, x_label, legend_label : str
    min_group, suppress_small
        As :func:`slider_histogram`.

    Returns
    -------
    dict
        A ``stacked`` spec.
    """
    codes_a, codes_b = np.asarray(codes_a), np.asarray(codes_b)
    both = (codes_a >= 0) & (codes_b >= 0)
    table = np.zeros((len(cats_a), len(cats_b)), dtype=int)
    np.add.at(table, (codes_a[both], codes_b[both]), 1)
    keep = np.arange(len(cats_a)) if suppress_small else np.flatnonzero(table.sum(axis=1) > 0)  # see grouped_histogram
    reasons = hidden_reasons([int(table[i].sum()) for i in keep], min_group, suppress_small)
    groups = [{"key": str(cats_a[i]), "label": str(labels_a[i]), "n": None if reason else int(table[i].sum()),
               "suppressed": bool(reason), "hidden": reason} for i, reason in zip(keep, reasons)]
    segments = [[reason] * len(cats_b) if reason else hidden_reasons([int(c) for c in table[i]], min_group, suppress_small)
                for i, reason in zip(keep, reasons)]
    series = []
    for j, key in enumerate(cats_b):
        counts, shares, hidden = [], [], []
        for i, segment in zip(keep, segments):
            n = table[i].sum()
            hide = segment[j]
            counts.append(None if hide else int(table[i, j]))
            shares.append(None if hide else round(float(table[i, j] / n), 6))
            hidden.append(hide)
        series.append({"key": str(key), "label": str(labels_b[j]), "shares": shares, "counts": counts,
                       "hidden": hidden})
    return {"kind": "stacked", "title": title, "x_label": x_label, "legend_label": legend_label,
            "groups": groups, "series": series, "min_group": min_group}


def triad_points(shares, corners, *, title: str, ids=None) -> dict:
    """Triad answers as points (shares 0..1 summing to 1); NaN rows are not answered.

    With ``ids`` (one per row) the spec also names the story behind each point, so a click on a point can
    open it. Only the live dashboard asks for that: stored specs (cards, runs) keep no story ids, so a
    withdrawn story cannot linger in them.

    Parameters
    ----------
    shares : array_like
        n x 3 shares per row (NaN = not answered).
    corners : sequence of str
        The corners' labels.
    title : str
    ids : sequence of str, optional
        Story ids per row (the live dashboard only).

    Returns
    -------
    dict
        A ``ternary`` spec.
    """
    shares = np.asarray(shares, dtype=float).reshape(-1, 3)
    answered = ~np.isnan(shares).any(axis=1)
    present = shares[answered]
    points = [[round(float(v), 4) for v in row] for row in present]
    means = [_num(round(float(m), 4)) for m in present.mean(axis=0)] if present.size else [None, None, None]
    spec = {"kind": "ternary", "title": title, "corners": [str(c) for c in corners], "points": points,
            "n": int(len(points)), "means": means}
    if ids is not None:
        spec["ids"] = [str(i) for i, keep in zip(ids, answered) if keep]
    return spec


def heatmap(x, y, *, title: str, x_label: str, y_label: str, bins: int = 10, min_group: int = DEFAULT_THRESHOLD,
            suppress_small: bool = True) -> dict:
    """Two sliders against each other: counts per cell (rows = y bins) and Spearman's rho.

    Parameters
    ----------
    x, y : array_like
        The two sliders (NaN = not answered).
    title, x_label, y_label : str
    bins, min_group, suppress_small
        As :func:`slider_histogram`.

    Returns
    -------
    dict
        A ``heatmap`` spec with Spearman's rho.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    both = ~np.isnan(x) & ~np.isnan(y)
    xs, ys = np.clip(x[both], 0, 100), np.clip(y[both], 0, 100)
    counts, _, _ = np.histogram2d(ys, xs, bins=bins, range=((0.0, 100.0), (0.0, 100.0)))
    flat = [int(c) for c in counts.ravel()]
    reasons = hidden_reasons(flat, min_group, suppress_small)  # cells too: n minus the rest would give one back
    width = counts.shape[1]
    grid = [[None if reasons[r * width + c] else flat[r * width + c] for c in range(width)]
            for r in range(counts.shape[0])]
    rho = None
    if xs.size >= 3 and np.ptp(xs) > 0 and np.ptp(ys) > 0:
        from scipy import stats  # here, not at the top: scipy is slow to import and few charts need it

        rho = _num(round(float(stats.spearmanr(xs, ys).statistic), 4))
    return {"kind": "heatmap", "title": title, "x_label": x_label, "y_label": y_label, "x_edges": _edges(bins),
            "y_edges": _edges(bins), "counts": grid, "n": int(xs.size), "rho": rho, "min_group": min_group}


# --- from an AnswerTable --------------------------------------------------------------------------------

def _column(table: AnswerTable, name: str) -> Column:
    if name not in table.columns:
        raise AnalysisError(f"de kolom '{name}' staat niet in de antwoorden")
    return table.columns[name]


def _labels(column: Column) -> list[str]:
    return [column.category_label(i) for i in range(len(column.categories))]


def _question_text(column: Column) -> str:
    """The question's own text: multi-choice options and triad corners carry "text – option" labels."""
    return column.label.rsplit(" – ", 1)[0] if column.name != column.question else column.label


def _part_label(column: Column) -> str:
    return column.label.rsplit(" – ", 1)[-1]


def question_chart(table: AnswerTable, question_key: str, *, min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True,
                   story_ids: bool = False) -> dict:
    """The fitting chart for one question: slider histogram, choice bars, multi-choice options or a triad
    (with ``story_ids``, a triad names the story behind each point: see :func:`triad_points`).

    Parameters
    ----------
    table : AnswerTable
    question_key : str
        The question's key.
    min_group, suppress_small
        As :func:`slider_histogram`.
    story_ids : bool
        Name the story behind each triad point.

    Returns
    -------
    dict

    Raises
    ------
    ValueError
        When the question is not in the table.
    """
    columns = [c for c in table.columns.values() if c.question == question_key]
    if not columns:
        raise AnalysisError(f"de vraag '{question_key}' staat niet in de antwoorden")
    own = table.columns.get(question_key)
    if own is not None and own.kind == "numeric":
        return slider_histogram(own.values, title=own.label, left=own.left, right=own.right, min_group=min_group,
                                suppress_small=suppress_small)
    if own is not None:
        return choice_bars(own.values, own.categories, _labels(own), title=own.label, min_group=min_group,
                           suppress_small=suppress_small)
    if all(c.kind == "numeric" for c in columns):  # triad: key.corner columns hold shares x 100
        shares = np.column_stack([c.values / 100.0 for c in columns[:3]])
        return triad_points(shares, [_part_label(c) for c in columns[:3]], title=_question_text(columns[0]),
                            ids=table.public_ids if story_ids else None)
    answered = np.zeros(table.n, dtype=bool)
    counts = []
    for column in columns:  # multiple choice: one yes/no column per option
        yes = column.categories.index("ja") if "ja" in column.categories else 1
        answered |= column.values >= 0
        counts.append(int(np.sum(column.values == yes)))
    bars = _bars([c.name.split("=", 1)[-1] for c in columns], [_part_label(c) for c in columns], counts, min_group,
                 suppress_small)
    return {"kind": "bars", "title": _question_text(columns[0]), "total": int(answered.sum()), "bars": bars,
            "min_group": min_group}


def pattern_chart(table: AnswerTable, pattern, *, min_group: int = DEFAULT_THRESHOLD, suppress_small: bool = True) -> dict:
    """The chart that shows a pattern: slider by group, choice by choice, or slider by slider.

    Parameters
    ----------
    table : AnswerTable
        The answers to draw from.
    pattern : Pattern or mapping
        The pattern, or a dict with at least its columns ``a`` and ``b`` (in either order).
    min_group : int
        Groups, bars and cells under this size are hidden when ``suppress_small``.
    suppress_small : bool
        False only for admins.

    Returns
    -------
    dict
        A chart description (``kind`` "histogram", "stacked" or "heatmap").
    """
    from analysis.pair_kinds import resolve  # here: the pair kinds build on this module's charts

    a, b = (pattern.a, pattern.b) if hasattr(pattern, "a") else (pattern["a"], pattern["b"])
    kind, first, second = resolve(_column(table, a), _column(table, b))
    return kind.chart(first, second, min_group, suppress_small)
