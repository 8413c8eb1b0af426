"""Is the group behind a story-list link one the dashboard hides as a complement?

The dashboard hides a second group next to a lone small one ("verborgen"), so the total minus the rest
does not give the small one away (:mod:`analysis.disclosure`). It shows no link for such a group, but its
story list could still be opened by typing the address, and its length would tell the hidden number. So
the list asks here first, working out the very breakdown the dashboard shows for the same filters:
a count table (role, region, quarter, completeness, kind of help), the bars of a choice question, or a
side of a region-against-the-rest comparison. Bins of a slider are not groups and are never hidden.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from analysis import chartspec
from analysis.disclosure import COMPLEMENT, DEFAULT_THRESHOLD
from analysis.errors import AnalysisError
from vertelpunt.forms.question_types import type_of
from vertelpunt.insights.aggregates import question_tables
from vertelpunt.insights.dashboard import IN, REST, region_comparison
from vertelpunt.insights.dashboard_counts import dashboard_counts
from vertelpunt.insights.filters import FilterSelection, help_type_question

COUNT_DIMENSIONS = ("role", "region", "period", "complete")


def hidden_as_complement(session: Session, selection: FilterSelection, question: str | None, group: str | None,
                         *, lo: float | None = None, vs: str | None = None, side: str | None = None,
                         min_group: int = DEFAULT_THRESHOLD) -> bool:
    project = selection.project
    if project is None or question is None:
        return False
    if vs is not None:
        return _comparison_side_hidden(session, selection, question, vs, side or group, min_group)
    if lo is not None:
        return False  # a bin of a slider
    help_type = help_type_question(project)
    if question in COUNT_DIMENSIONS or (help_type is not None and question == help_type.key):
        return _count_row_hidden(session, selection, question, group, min_group)
    form_question = next((q for q in project.form.questions if q.key == question), None)
    if form_question is None or not type_of(form_question).chooses_options:
        return False
    table = question_tables(session, project, selection.story_filter, selection.region_id_set, [form_question])[question]
    try:
        spec = chartspec.question_chart(table, question, min_group=min_group, suppress_small=True)
    except AnalysisError:
        return False
    return any(bar["key"] == group and bar.get("hidden") == COMPLEMENT for bar in spec.get("bars", []))


def _count_row_hidden(session: Session, selection: FilterSelection, dimension: str, group: str | None,
                      min_group: int) -> bool:
    """The answer from the dashboard's count table for ``dimension``."""
    counts = dashboard_counts(session, selection, min_group=min_group, suppress=True)
    table = next((t for t in counts.tables if t.dimension == dimension), None)
    return table is not None and any(row.key == group and row.hidden == COMPLEMENT for row in table.rows)


def _comparison_side_hidden(session: Session, selection: FilterSelection, question: str, region_key: str,
                            side: str | None, min_group: int) -> bool:
    comparison = region_comparison(session, selection, question, region_key, min_group=min_group, suppress=True)
    if comparison is None or side not in (IN, REST):
        return False
    return (comparison.hidden_in if side == IN else comparison.hidden_rest) == COMPLEMENT
