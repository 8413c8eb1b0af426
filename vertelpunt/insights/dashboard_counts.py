"""How many published stories the dashboard's filters select, broken down per role, region, quarter,
kind of help and completeness.

Counted in SQL on the same ``story_query`` the charts and story lists use, so the numbers always agree.
A group with 0 < n < the threshold is returned without its number (shown as "< 5") unless the caller may
see small groups (admins): small groups can identify a teller. A breakdown with one such group hides one
more (the smallest other), or the total minus the visible rows would give the small one back
(:mod:`analysis.disclosure`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from analysis.disclosure import DEFAULT_THRESHOLD, hidden_reasons
from vertelpunt.insights import tallies
from vertelpunt.insights.filters import FilterSelection, help_type_question
from vertelpunt.insights.records import StoryFilter, answers_of_selection, story_query, week_span
from vertelpunt.models import Answer, Region, Story


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    n: int | None  # None: suppressed (a small group, or hidden with one)
    hidden: str | None = None  # analysis.disclosure.SMALL or COMPLEMENT

    @property
    def suppressed(self) -> bool:
        return self.n is None


@dataclass(frozen=True)
class CountTable:
    """One breakdown; ``dimension`` is the story-list argument a row links to (question=dimension&group=key)."""

    dimension: str
    title: str
    rows: list[CountRow]


def count_table(dimension: str, title: str, rows: list[tuple[str, str, int]], min_group: int,
                suppress: bool) -> CountTable:
    """A breakdown from (key, label, n) rows, with small groups and their complement hidden."""
    reasons = hidden_reasons([n for _, _, n in rows], min_group, suppress)
    return CountTable(dimension, title, [CountRow(key, label, None if reason else n, reason)
                                         for (key, label, n), reason in zip(rows, reasons)])


@dataclass(frozen=True)
class DashboardCounts:
    total: int | None
    tables: list[CountTable]
    groups: list[tuple] = field(default_factory=list)  # (role, region id, week, n) of the selection, for the summary


def region_names(session: Session, region_ids) -> dict[int, tuple[str, str]]:
    """Region id -> (key, name) for the ids given (None, a story without region, is left out)."""
    wanted = [i for i in region_ids if i is not None]
    if not wanted:
        return {}
    return {i: (key, name) for i, key, name in
            session.execute(select(Region.id, Region.key, Region.name).where(Region.id.in_(wanted))).all()}


def shown(n: int, min_group: int, suppress: bool) -> int | None:
    """``n``, or None when it is a small group the viewer may not see."""
    return None if suppress and 0 < n < min_group else n


def quarter_of(week: date) -> str:
    return f"{week.year}-K{(week.month - 1) // 3 + 1}"


def quarter_bounds(key: str) -> tuple[date, date] | None:
    """First and last day of a quarter key like '2026-K2' (None when the key is not a quarter)."""
    year, _, quarter = key.partition("-K")
    if not (year.isdigit() and quarter in ("1", "2", "3", "4")):
        return None
    start_month = 3 * (int(quarter) - 1) + 1
    start = date(int(year), start_month, 1)
    end = date(int(year) + 1, 1, 1) if quarter == "4" else date(int(year), start_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def dashboard_counts(session: Session, selection: FilterSelection, *, min_group: int = DEFAULT_THRESHOLD,
                     suppress: bool = True) -> DashboardCounts:
    project = selection.project
    if project is None:
        return DashboardCounts(None, [])
    ids = story_query(project, selection.story_filter, selection.region_id_set)
    # The filter's own conditions on stories, not "id IN (the filter's ids)": the database then reads the
    # stories once by index instead of first collecting 100,000 ids into a temporary table per count.
    in_selection = ids.whereclause

    # Role, region and week in one GROUP BY (the covering index ix_stories_counts has them in this order): the
    # selected stories are read once for three tables, and a few thousand groups come back, not the stories.
    groups = [tuple(row) for row in session.execute(
        select(Story.role, Story.region_id, Story.week, func.count()).where(in_selection)
        .group_by(Story.role, Story.region_id, Story.week)).all()]
    role_counts: dict = {}
    region_counts: dict = {}
    week_counts: dict = {}
    for role, region_id, week, n in groups:
        role_counts[role] = role_counts.get(role, 0) + n
        region_counts[region_id] = region_counts.get(region_id, 0) + n
        week_counts[week] = week_counts.get(week, 0) + n
    tables = []
    total = sum(role_counts.values())
    role_labels = {role.key: role.label for role in project.form.roles}
    # For non-admins every row the filters allow is listed, empty ones too: an empty row left out next to a
    # "< 5" row would tell that the "< 5" holds someone (analysis.disclosure hides 0 like 1-4). Rows the
    # filters rule out stay out: that they are empty tells nothing.
    chosen = selection.story_filter
    tables.append(count_table("role", "Per rol", [
        (key, role_labels.get(key, key), role_counts.get(key, 0))
        for key in [*role_labels, *sorted(set(role_counts) - set(role_labels))]
        if role_counts.get(key) or (suppress and (not chosen.roles or key in chosen.roles))],
        min_group, suppress))

    names = region_names(session, region_counts)
    region_rows: dict = {}
    for region_id, n in region_counts.items():
        key = names.get(region_id, (None, None))
        region_rows[key] = region_rows.get(key, 0) + n
    if suppress:
        for region in project.regions:
            if (selection.region_ids is None or region.id in selection.region_ids) and \
                    (not chosen.regions or region.key in chosen.regions):
                region_rows.setdefault((region.key, region.name), 0)
    tables.append(count_table("region", "Per regio", [
        (key or "", name or "Onbekende regio", n)
        for (key, name), n in sorted(region_rows.items(), key=lambda row: (row[0][1] is None, row[0][1] or ""))],
        min_group, suppress))

    quarters: dict[str, int] = {}
    for week, n in week_counts.items():
        quarters[quarter_of(week)] = quarters.get(quarter_of(week), 0) + n
    if suppress:
        for key in _quarters_covered(session, selection):
            quarters.setdefault(key, 0)
    tables.append(count_table("period", "Per kwartaal", [
        (key, key.replace("-K", " kwartaal "), n) for key, n in sorted(quarters.items())], min_group, suppress))

    question = help_type_question(project)
    if question is not None:
        per_option = _help_types(session, selection, question.key, ids, total)
        tables.append(count_table(question.key, "Per soort hulp", [
            (option.key, option.label, per_option.get(option.key, 0)) for option in question.options],
            min_group, suppress))

    tables.append(_completeness(session, selection, min_group, suppress))
    return DashboardCounts(shown(total, min_group, suppress), tables, groups)


def _help_types(session: Session, selection: FilterSelection, key: str, ids, total: int) -> dict[str, int]:
    """Stories per kind of help: from the running tallies when they answer (a story names each option once,
    so its answers per option are its stories), else counted over the answers."""
    counted = tallies.tallied(session, selection.project.id, selection.story_filter, selection.region_id_set, [key])
    if counted is not None:
        per_option: dict[str, int] = {}
        for _, _, option, count in counted.values.get(key, []):
            if option is not None:
                per_option[option] = per_option.get(option, 0) + count
        return per_option
    return dict(session.execute(
        select(Answer.option_key, func.count(distinct(Answer.story_id)))
        .where(Answer.question_key == key, answers_of_selection(session, ids, total))
        .group_by(Answer.option_key)).all())


def _quarters_covered(session: Session, selection: FilterSelection) -> list[str]:
    """Every quarter from the first to the last visible story of the project (other filters aside), within
    the chosen period."""
    visible = story_query(selection.project, StoryFilter(complete_only=False), selection.region_id_set).whereclause
    first, last = week_span(session, visible)
    chosen = selection.story_filter
    first = max(first, chosen.week_from) if first and chosen.week_from else first
    last = min(last, chosen.week_to) if last and chosen.week_to else last
    if first is None or last is None or first > last:
        return []
    keys, year, quarter = [], first.year, (first.month - 1) // 3 + 1
    while (year, quarter) <= (last.year, (last.month - 1) // 3 + 1):
        keys.append(f"{year}-K{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return keys


def _completeness(session: Session, selection: FilterSelection, min_group: int, suppress: bool) -> CountTable:
    """Complete vs incomplete among the published stories matching every *other* filter."""
    everything = replace(selection.story_filter, complete_only=False)
    condition = story_query(selection.project, everything, selection.region_id_set).whereclause
    counts = dict(session.execute(select(Story.is_complete, func.count()).where(condition)
                                  .group_by(Story.is_complete)).all())
    return count_table("complete", "Volledigheid (ook niet-complete verhalen, de andere filters wel)", [
        ("complete", "Compleet", counts.get(True, 0)), ("incomplete", "Niet compleet", counts.get(False, 0))],
        min_group, suppress)
