"""Run the pattern scan on a project's published stories and store the snapshot (PatternRun)."""
from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.data import AnswerTable, Column
from analysis.patterns import ScanOptions, ScanResult, scan
from vertelpunt.forms.services import form_definition
from vertelpunt.insights.comparison import Comparison, ScanError, compare, comparison_split
from vertelpunt.insights.family import attach_family
from vertelpunt.insights.records import StoryFilter, story_records
from vertelpunt.models import PatternRun, Project, Region


def answer_table(session: Session, project: Project, filters: StoryFilter, region_ids: set[int] | None = None) -> AnswerTable:
    records = story_records(session, project, filters, region_ids)
    names = dict(session.execute(select(Region.key, Region.name)).all())
    return AnswerTable.from_records(form_definition(project.form), records, region_labels=names)


def table_for_run(session: Session, run: PatternRun) -> AnswerTable:
    """The table a stored run's patterns can be drawn from again: the run's filters on today's published
    stories, with the "vergelijking" column of a comparison run (as compare_split makes it)."""
    filters = dict(run.filters or {})
    comparison = filters.pop("compare", None)
    return with_comparison(answer_table(session, run.project, StoryFilter.from_dict(filters)), comparison)


def with_comparison(table: AnswerTable, comparison: dict | None) -> AnswerTable:
    """``table`` with the "vergelijking" column of a comparison run (``comparison`` as the run stores it)."""
    if not comparison:
        return table
    table, mask, label_in, label_out = comparison_split(
        table, Comparison(comparison["column"], comparison["key"], comparison.get("against")))
    split = Column("vergelijking", "category", "vergelijking", "Vergelijking", np.where(mask, 1, 0),
                   ("rest", "groep"), (label_out, label_in))
    return AnswerTable({**table.columns, "vergelijking": split}, table.public_ids, table.weeks, table.texts, table.meta)


def run_scan(session: Session, project: Project, filters: StoryFilter, options: ScanOptions, actor: str,
             comparison: Comparison | None = None) -> PatternRun:
    """Scan and add the PatternRun to the session (the caller commits).

    The run joins the project's family (vertelpunt/insights/family.py): expected links, power and the
    project-wide verdicts; the project's online-FDR state stays locked until the caller commits.
    """
    from vertelpunt.insights.scan_charts import selected_stamp, store_charts  # it reads stored runs: imports this

    stories_stamp = selected_stamp(session, project, filters.to_dict())  # before the table (store_charts says why)
    table = answer_table(session, project, filters)
    if table.n < 2 * options.min_group:
        raise ScanError(f"Te weinig gepubliceerde verhalen voor een scan ({table.n}); er zijn er minstens "
                        f"{2 * options.min_group} nodig.")
    result = compare(table, comparison, options) if comparison else scan(table, options)
    stored_filters = filters.to_dict() | ({"compare": comparison.to_dict()} if comparison else {})
    run = PatternRun(project=project, created_by=actor, form_id=project.form_id, filters=stored_filters,
                     options=options.to_dict(), n_stories=result.n_stories, n_notable=len(result.notable),
                     result=result.to_dict())
    attach_family(session, run, project, result)
    session.add(run)
    session.flush()
    # The scan page's charts, now that the stories are loaded (the page would otherwise load them again).
    store_charts(session, run, with_comparison(table, stored_filters.get("compare")), stories_stamp)
    return run


def stored_result(run: PatternRun) -> ScanResult:
    """The run's result, parsed once per loaded run (the scan page asks twice; 825 patterns take 70 ms). The
    result is frozen and a run's JSON never changes after the scan; a new JSON object is parsed again."""
    kept = getattr(run, "_parsed_result", None)
    if kept is None or kept[0] is not run.result:
        kept = (run.result, ScanResult.from_dict(run.result))
        run._parsed_result = kept
    return kept[1]
