"""The dashboard's charts: one per question of the project's form, and a region next to the rest.

Charts come from the filtered AnswerTable through ``analysis.chartspec``, so the figure, the numbers
table beside it and the story list behind a click all count the same stories. A chart whose answered
stories form a small group (0 < n < threshold) is not drawn at all for non-admins; within a chart,
chartspec hides small bars and groups.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from threading import Lock

import numpy as np
from sqlalchemy.orm import Session

from analysis import chartspec
from analysis.disclosure import DEFAULT_THRESHOLD, hidden_reasons
from analysis.data import COLUMN_BUILDERS, AnswerTable
from analysis.errors import AnalysisError
from vertelpunt.insights import tallies
from vertelpunt.insights.aggregates import question_tables
from vertelpunt.insights.filters import FilterSelection
from vertelpunt.insights.scans import answer_table

CHART_SECTIONS = ("duiding", "teller")
REST = "rest"
IN = "in"
SHAPE_ROWS = (("n", "Aantal (n)"), ("mean", "Gemiddelde"), ("median", "Mediaan"), ("mode", "Modus"),
              ("sd", "Standaardafwijking (sd)"), ("skewness", "Scheefheid"), ("kurtosis", "Kurtosis"))


@dataclass
class QuestionChart:
    key: str
    type: str
    title: str
    spec: dict | None  # None: nothing to draw (no answers, or a small group hidden)
    n: int
    suppressed: bool = False
    shape: list[tuple[str, str]] = field(default_factory=list)  # (label, formatted value) for sliders


@dataclass
class Comparison:
    """The same question for one region and for the rest of the visible, filtered stories."""

    key: str
    type: str
    title: str
    region_key: str
    region_label: str
    n_in: int | None
    n_rest: int | None
    charts: list[tuple[str, str, dict]] = field(default_factory=list)  # (side key, heading, spec)
    shapes: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    message: str | None = None
    hidden_in: str | None = None  # why n_in is not shown (analysis.disclosure)
    hidden_rest: str | None = None


def chart_questions(project) -> list:
    """The questions that get a chart: interpretation and teller questions, no text or place."""
    return [q for q in project.form.questions if q.section in CHART_SECTIONS and q.type in COLUMN_BUILDERS]


def answered_count(spec: dict) -> int:
    if spec["kind"] == "histogram":
        return sum(g["n"] or 0 for g in spec["groups"])
    if spec["kind"] == "bars":
        return int(spec["total"])
    return int(spec.get("n") or 0)


def format_number(value, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    if digits == 0:
        return str(int(round(value)))
    return f"{value:.{digits}f}".replace(".", ",")


def shape_rows(shape: dict | None) -> list[tuple[str, str]]:
    if not shape:
        return []
    return [(label, format_number(shape.get(key), 0 if key in ("n", "mode") else 2)) for key, label in SHAPE_ROWS]


def question_charts(session: Session, selection: FilterSelection, *, min_group: int = DEFAULT_THRESHOLD,
                    suppress: bool = True, table: AnswerTable | None = None) -> list[QuestionChart]:
    """One chart per question. Without ``table`` each chart comes from SQL counts (:mod:`.aggregates`), so the
    dashboard costs a few GROUP BY queries however many stories there are; with one, from that table."""
    if selection.project is None:
        return []
    questions = chart_questions(selection.project)
    if table is not None:
        return [_chart(table, question, min_group, suppress) for question in questions]
    key = _memo_key(session, selection, min_group, suppress)
    charts = _MEMO.get(key) if key is not None else None
    if charts is None:
        tables = question_tables(session, selection.project, selection.story_filter, selection.region_id_set, questions)
        charts = [_chart(tables[question.key], question, min_group, suppress) for question in questions]
        if key is not None:
            _MEMO.put(key, charts)
    return charts


class _Memo:
    """The charts of the last few dashboards, per process, keyed by the fingerprint of the published stories.

    The charts depend on nothing but the published stories (their fingerprint, :func:`tallies.published_stamp`:
    any publish, hiding, redaction, withdrawal or import changes it; a story's answers, week, region and role
    never change), the filter, the viewer's regions, the small-group rule and the form, so a view of the same
    selection between two such changes draws nothing again: 400 to 30 ms of CPU at 100,000 stories from the
    tallies, and 860 to 30 ms for a period or answer filter that is counted live. A theme filter is not kept
    (theme runs regroup stories without changing them). A changed fingerprint is a new key: nothing kept is
    ever shown for other stories. Only the dashboard route reads these lists, and it does not change them."""

    def __init__(self, size: int = 32) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, charts) -> None:
        with self.lock:
            self.items[key] = charts
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_MEMO = _Memo()


def _memo_key(session: Session, selection: FilterSelection, min_group: int, suppress: bool) -> tuple | None:
    """None when what the charts count can change without the published stories changing: a theme filter (a
    new theme run regroups the stories under the same stamp)."""
    project = selection.project
    if selection.story_filter.themes:
        return None
    stamp = tallies.published_stamp(session, project.id)
    return (str(session.get_bind().url), project.id, project.form_id, stamp, repr(selection.story_filter),
            selection.region_ids, min_group, suppress)


def _chart(table: AnswerTable, question, min_group: int, suppress: bool) -> QuestionChart:
    try:
        spec = chartspec.question_chart(table, question.key, min_group=min_group, suppress_small=suppress,
                                        story_ids=True)
    except AnalysisError:
        return QuestionChart(question.key, question.type, question.text, None, 0)
    n = answered_count(spec)
    if n == 0:
        return QuestionChart(question.key, question.type, spec["title"], None, 0)
    if suppress and n < min_group:
        return QuestionChart(question.key, question.type, spec["title"], None, 0, suppressed=True)
    shape = shape_rows(spec["groups"][0].get("shape")) if spec["kind"] == "histogram" else []
    if spec["kind"] == "ternary" and "triad" in table.meta:  # a sample of the points; n and mean over all
        whole = table.meta["triad"]
        spec["n"] = n = whole["n"]
        spec["means"] = [None if m is None else round(float(m), 4) for m in whole["means"]]
        if whole["sample"] < whole["n"]:
            spec["sample"] = whole["sample"]
    return QuestionChart(question.key, question.type, spec["title"], spec, n, shape=shape)


def region_comparison(session: Session, selection: FilterSelection, question_key: str, region_key: str, *,
                      min_group: int = DEFAULT_THRESHOLD, suppress: bool = True) -> Comparison | None:
    """One region next to all other visible stories matching the filters (the region filter aside).

    Returns None when the question or region is unknown; a Comparison with a message when a side is
    too small to show.
    """
    project = selection.project
    question = next((q for q in chart_questions(project) if q.key == question_key), None) if project else None
    region = next((r for r in project.regions if r.key == region_key), None) if project else None
    if question is None or region is None:
        return None
    region_ids = selection.region_id_set
    if region_ids is not None and region.id not in region_ids:
        return None
    table = answer_table(session, project, replace(selection.story_filter, regions=()), region_ids)
    inside = table.mask_for("region", region.key) if region.key in table.columns["region"].categories \
        else np.zeros(table.n, dtype=bool)
    comparison = Comparison(question.key, question.type, question.text, region.key, region.name, None, None)
    sides = [(IN, region.name, table.subset(inside)), (REST, "De rest", table.subset(~inside))]
    counts = [answered_count(chartspec.question_chart(part, question.key, min_group=min_group, suppress_small=False))
              for _, _, part in sides]
    comparison.n_in, comparison.n_rest = counts
    small = [label for (_, label, _), n in zip(sides, counts) if n < min_group]
    if small and (suppress or 0 in counts):
        comparison.message = (f"Te weinig verhalen om te vergelijken ({' en '.join(small)}: minder dan {min_group} "
                              "antwoorden op deze vraag).")
        reasons = hidden_reasons(counts, min_group, suppress)  # the other side too: total - rest = region
        comparison.n_in, comparison.n_rest = (None if reason else n for n, reason in zip(counts, reasons))
        comparison.hidden_in, comparison.hidden_rest = reasons
        return comparison
    if question.type == "slider":
        column = table.columns[question.key]
        codes = np.where(inside, 0, 1)
        spec = chartspec.grouped_histogram(column.values, codes, (IN, REST), (region.name, "De rest"),
                                           title=column.label, x_label=column.label, left=column.left,
                                           right=column.right, min_group=min_group, suppress_small=suppress)
        comparison.charts.append(("", f"{region.name} en de rest", spec))
        comparison.shapes = [(g["label"], shape_rows(g.get("shape"))) for g in spec["groups"]]
        return comparison
    for side, label, part in sides:
        spec = chartspec.question_chart(part, question.key, min_group=min_group, suppress_small=suppress)
        comparison.charts.append((side, label, spec))
    return comparison
