"""Stored pattern runs as the patterns pages use them: start a scan, find a pattern, mark it, describe filters.

A run's patterns are read back from its snapshot; only the charts are drawn again from today's published
stories (``table_for_run``), so a story hidden since the run never shows up.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.data import AnswerTable
from analysis.patterns import Pattern, ScanOptions
from analysis.errors import AnalysisError
from vertelpunt.audit.services import record
from vertelpunt.cards.errors import CardError
from vertelpunt.forms.services import form_definition
from vertelpunt.insights.answer_filters import describe
from vertelpunt.insights.family import pattern_key, question_pair, remember_verdict
from vertelpunt.insights.records import StoryFilter
from vertelpunt.insights.scans import ScanError, run_scan, stored_result, table_for_run
from vertelpunt.models import PatternMark, PatternRun, Project, Region, User, Verdict
from vertelpunt.small_groups import threshold

SCAN_SPLITS = 10  # confirmation splits for scans started from the web page (the scan's default)
VERDICT_LABELS = Verdict.labels()


def start_scan(session: Session, project: Project, story_filter: StoryFilter, user: User,
               splits: int = SCAN_SPLITS) -> PatternRun:
    """Scan the project's published stories with the filter and store the run (the caller commits)."""
    try:
        run = run_scan(session, project, story_filter, ScanOptions(min_group=threshold(), confirm_splits=splits), actor=user.email)
    except (ScanError, AnalysisError) as error:
        raise CardError(error.message) from None
    record(session, "patterns.scan", "pattern_run", run.id, user,
           {"project": project.slug, "n": run.n_stories, "notable": run.n_notable})
    return run


def list_runs(session: Session, project_ids: set[int] | None = None, limit: int = 100) -> list[PatternRun]:
    query = select(PatternRun).order_by(PatternRun.created_at.desc(), PatternRun.id.desc()).limit(limit)
    if project_ids is not None:
        query = query.where(PatternRun.project_id.in_(project_ids or {-1}))
    return list(session.scalars(query))


def find_pattern(run: PatternRun, key: str) -> Pattern:
    for pattern in stored_result(run).patterns:
        if pattern_key(pattern) == key:
            return pattern
    raise CardError(f"Het patroon '{key}' staat niet in scan {run.id}.")


def run_table(session: Session, run: PatternRun):
    """The AnswerTable the run rests on, from today's published stories (see the module docstring)."""
    try:
        return table_for_run(session, run)
    except ScanError as error:
        raise CardError(error.message) from None


def column_labels(run: PatternRun) -> dict[str, str]:
    """Column name -> label for the run's patterns, from the project's form alone (no story is read)."""
    shape = AnswerTable.from_records(form_definition(run.project.form), [])
    labels = {name: column.label for name, column in shape.columns.items()}
    if (run.filters or {}).get("compare"):
        labels["vergelijking"] = "Vergelijking"  # the column insights.scans.with_comparison adds
    return labels


def pattern_name(key: str, labels: dict[str, str]) -> str:
    """A pattern as staff read it: the two questions' texts ("Kreeg je op tijd hulp? × Regio"), never "a|b"."""
    return " × ".join(labels.get(part, part) for part in key.split("|"))


def card_pattern_name(card) -> str:
    """The pattern a card was made from, in the words of the project's form (card pages, flash, PDF)."""
    return pattern_name(card.pattern_key, column_labels(card.run))


def verdicts(session: Session, run: PatternRun) -> dict[str, str]:
    return dict(session.execute(select(PatternMark.pattern_key, PatternMark.verdict)
                                .where(PatternMark.run_id == run.id)).all())


def set_verdict(session: Session, run: PatternRun, key: str, verdict: str, user: User) -> PatternMark:
    """Mark a pattern opvallend / misschien / nee / verwacht; a second mark replaces the first.

    "Verwacht" carries to later scans of the project (the question pair is listed apart there); another
    verdict on the pair withdraws that.
    """
    if verdict not in Verdict.values():
        raise CardError("Kies opvallend, misschien, nee of verwacht.")
    pattern = find_pattern(run, key)
    mark = session.scalar(select(PatternMark).where(PatternMark.run_id == run.id, PatternMark.pattern_key == key))
    if mark is None:
        mark = PatternMark(run_id=run.id, pattern_key=key, verdict=verdict, marked_by=user.email)
        session.add(mark)
    else:
        mark.verdict, mark.marked_by = verdict, user.email
    session.flush()
    remember_verdict(session, run, pattern, verdict, user.email)
    record(session, "pattern.mark", "pattern_run", run.id, user, {"pattern": key, "verdict": verdict})
    return mark


@dataclass(frozen=True)
class RankedPattern:
    rank: int
    key: str
    pattern: Pattern
    verdict: str | None
    online: dict | None = None  # the project-wide verdict (LORD++), None when not in the project's stream
    expected: str | None = None  # why it is an expected link ("vragenset", "analist", "verwacht"), else None


def expected_sources(run: PatternRun) -> dict[tuple[str, str], str]:
    """Question pair -> why it was expected when the run was made (empty for runs before families)."""
    return {tuple(item["pair"]): item["source"] for item in (run.expected or [])}


def ranked_patterns(session: Session, run: PatternRun, show: str = "all", expected: bool = False) -> list[RankedPattern]:
    """The run's findings in their stored order, numbered from 1 (``expected=True``: its expected links).

    ``show`` is "all", "notable" or "marked". A pattern is an expected link when its question pair was
    expected at scan time or it is marked "verwacht" in this run; any other verdict in this run puts it
    back among the findings.
    """
    marks = verdicts(session, run)
    sources = expected_sources(run)
    online = (run.online or {}).get("patterns", {})
    rows, rank = [], 0
    for pattern in stored_result(run).patterns:
        key = pattern_key(pattern)
        verdict = marks.get(key)
        source = "verwacht" if verdict == "verwacht" else None if verdict else sources.get(question_pair(pattern))
        if bool(source) != expected:
            continue
        rank += 1  # findings and expected links are numbered apart
        if show == "notable" and not pattern.notable or show == "marked" and key not in marks:
            continue
        rows.append(RankedPattern(rank, key, pattern, verdict, online.get(key), source))
    return rows


def project_runs(session: Session, run: PatternRun) -> tuple[int, int]:
    """(this run's number among the project's scans, how many scans the project has): every scan is kept."""
    ids = list(session.scalars(select(PatternRun.id).where(PatternRun.project_id == run.project_id)
                               .order_by(PatternRun.id)))
    return ids.index(run.id) + 1, len(ids)


def describe_filters(session: Session, project: Project, filters: dict) -> str:
    """The filters of a run or card in plain Dutch, e.g. "regio Twente; rol ouder of verzorger; Ik voelde me
    gehoord: van 20 tot 60" (an answer filter as :func:`vertelpunt.insights.answer_filters.describe` says it)."""
    story_filter = StoryFilter.from_dict({k: v for k, v in (filters or {}).items() if k != "compare"})
    parts = []
    if story_filter.regions:
        names = dict(session.execute(select(Region.key, Region.name).where(Region.key.in_(story_filter.regions))).all())
        parts.append("regio " + ", ".join(names.get(key, key) for key in story_filter.regions))
    if story_filter.roles:
        labels = {role.key: role.label for role in project.form.roles}
        parts.append("rol " + ", ".join(labels.get(key, key) for key in story_filter.roles))
    if story_filter.choice_question and story_filter.choice_options:
        question = next((q for q in project.form.questions if q.key == story_filter.choice_question), None)
        labels = {o.key: o.label for o in question.options} if question else {}
        name = question.text if question else story_filter.choice_question
        parts.append(f"{name}: " + ", ".join(labels.get(key, key) for key in story_filter.choice_options))
    if story_filter.week_from or story_filter.week_to:
        start = story_filter.week_from.strftime("%d-%m-%Y") if story_filter.week_from else "het begin"
        end = story_filter.week_to.strftime("%d-%m-%Y") if story_filter.week_to else "nu"
        parts.append(f"periode {start} tot en met {end}")
    if story_filter.theme_run is not None and story_filter.themes:
        parts.append(f"thema {', '.join(str(t + 1) for t in story_filter.themes)} uit thema-indeling {story_filter.theme_run}")
    parts.extend(describe(project.form.questions, condition) for condition in story_filter.answers)
    comparison = (filters or {}).get("compare")
    if comparison:
        against = f" tegen {comparison['against']}" if comparison.get("against") else " tegen de rest"
        parts.append(f"vergelijking {comparison['column']} {comparison['key']}{against}")
    scope = "gepubliceerde, complete verhalen" if story_filter.complete_only else "alle gepubliceerde verhalen"
    return scope + (" met " + "; ".join(parts) if parts else ", zonder verdere filters")
