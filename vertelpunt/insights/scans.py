"""Run the pattern scan on a project's published stories and store the snapshot (PatternRun)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.data import AnswerTable, Column
from analysis.patterns import ScanOptions, ScanResult, compare_split, scan
from analysis.errors import AnalysisError
from vertelpunt.forms.services import form_definition
from vertelpunt.insights.family import attach_family
from vertelpunt.insights.records import StoryFilter, story_records
from vertelpunt.models import PatternRun, Project, Region
from vertelpunt.errors import VertelpuntError


class ScanError(VertelpuntError):
    """A scan request that cannot be carried out; the message is Dutch."""


@dataclass(frozen=True)
class Comparison:
    """One group against the rest ("region=twente", "role=youth") or one period against an earlier one
    ("period=2026-K3:2026-K2")."""

    column: str
    key: str
    against: str | None = None

    @classmethod
    def parse(cls, text: str) -> Comparison:
        column, _, value = text.partition("=")
        if column not in {"region", "role", "period"} or not value:
            raise ScanError("Vergelijk met region=SLEUTEL, role=SLEUTEL of period=2026-K3:2026-K2.")
        key, _, against = value.partition(":")
        if against and column != "period":
            raise ScanError("Alleen een periode vergelijk je met een andere periode (period=NU:EERDER).")
        return cls(column, key, against or None)

    def to_dict(self) -> dict:
        return {"column": self.column, "key": self.key, "against": self.against}


def answer_table(session: Session, project: Project, filters: StoryFilter, region_ids: set[int] | None = None) -> AnswerTable:
    records = story_records(session, project, filters, region_ids)
    names = dict(session.execute(select(Region.key, Region.name)).all())
    return AnswerTable.from_records(form_definition(project.form), records, region_labels=names)


def comparison_split(table: AnswerTable, comparison: Comparison) -> tuple[AnswerTable, np.ndarray, str, str]:
    """The rows a comparison looks at, the mask of its group and the two group labels."""
    column = table.columns[comparison.column]
    try:
        if comparison.against:
            rows = table.mask_for(comparison.column, comparison.key, comparison.against)
            table = table.subset(rows)
            column = table.columns[comparison.column]
        mask = table.mask_for(comparison.column, comparison.key)
    except AnalysisError:
        raise ScanError(f"'{comparison.key}' komt niet voor in de gekozen verhalen ({comparison.column}).") from None
    label_in = column.category_label(column.categories.index(comparison.key))
    label_out = (column.category_label(column.categories.index(comparison.against))
                 if comparison.against else "de rest")
    return table, mask, label_in, label_out


def compare(table: AnswerTable, comparison: Comparison, options: ScanOptions) -> ScanResult:
    table, mask, label_in, label_out = comparison_split(table, comparison)
    return compare_split(table, mask, label_in, label_out, options, exclude=(comparison.column,))


def table_for_run(session: Session, run: PatternRun) -> AnswerTable:
    """The table a stored run's patterns can be drawn from again: the run's filters on today's published
    stories, with the "vergelijking" column of a comparison run (as compare_split makes it)."""
    filters = dict(run.filters or {})
    comparison = filters.pop("compare", None)
    table = answer_table(session, run.project, StoryFilter.from_dict(filters))
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
    return run


def stored_result(run: PatternRun) -> ScanResult:
    return ScanResult.from_dict(run.result)
