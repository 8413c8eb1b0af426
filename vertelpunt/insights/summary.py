"""The top of the dashboard: the answer first, the filters after.

How many stories the filters select in a period, per role and per region, next to the period of equal length
before it, so "what changed" needs no reading of tables. Counted in SQL (one GROUP BY per breakdown with two
conditional sums) on the same ``story_query`` the rest of the dashboard uses, so no story is loaded into
Python and the current period's numbers are the dashboard's own numbers when a period is chosen. Small groups
follow :mod:`analysis.disclosure` per column (a count of 0-4 and its complement are hidden for non-admins); a
change is shown only when both of its numbers are.

Also the newest published cards and notable patterns of the project and, for who may moderate, the number of
stories waiting for moderation: links to what happened since, each only for roles that may open the target.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.disclosure import DEFAULT_THRESHOLD, hidden_reasons
from vertelpunt.insights.dashboard_counts import region_names, shown
from vertelpunt.insights.filters import FilterSelection
from vertelpunt.insights.records import story_query
from vertelpunt.models import CardStatus, ObservationCard, PatternMark, PatternRun, Story, StoryStatus, Verdict
from vertelpunt.projects.visibility import in_regions_clause

CHANGE_WEEKS = 13  # without a chosen period: the last quarter of a year with stories, against the one before
NEWEST = 3


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    previous_start: date
    previous_end: date
    chosen: bool  # the user's own period (else the last CHANGE_WEEKS weeks with stories)


@dataclass(frozen=True)
class ChangeRow:
    key: str
    label: str
    now: int | None  # None: hidden (a small group, or its complement)
    before: int | None
    hidden_now: str | None = None
    hidden_before: str | None = None

    @property
    def change(self) -> int | None:
        return None if self.now is None or self.before is None else self.now - self.before


@dataclass(frozen=True)
class ChangeTable:
    dimension: str
    title: str
    rows: list[ChangeRow]


@dataclass(frozen=True)
class Summary:
    period: Period | None  # None: no story in the selection at all
    total_now: int | None
    total_before: int | None
    tables: list[ChangeTable]

    @property
    def total_change(self) -> int | None:
        return None if self.total_now is None or self.total_before is None else self.total_now - self.total_before


def period_of(session: Session, selection: FilterSelection, groups: list[tuple] | None = None) -> Period | None:
    """The chosen period, or the last CHANGE_WEEKS weeks up to the newest selected story; and the one before.
    ``groups`` (see :func:`period_summary`) give the newest week without a query."""
    chosen = selection.story_filter
    if chosen.week_from and chosen.week_to:
        start, end = chosen.week_from, chosen.week_to
    else:
        end = chosen.week_to
        if end is None and groups is not None:
            end = max((week for *_, week, _n in groups), default=None)
            if end is None:
                return None
        elif end is None:
            end = session.scalar(select(func.max(Story.week)).where(
                story_query(selection.project, chosen, selection.region_id_set).whereclause))
            if end is None:
                return None
        start = chosen.week_from or end - timedelta(weeks=CHANGE_WEEKS) + timedelta(days=1)
    length = (end - start).days + 1
    return Period(start, end, start - timedelta(days=length), start - timedelta(days=1),
                  bool(chosen.week_from and chosen.week_to))


def period_summary(session: Session, selection: FilterSelection, *, min_group: int = DEFAULT_THRESHOLD,
                   suppress: bool = True, groups: list[tuple] | None = None) -> Summary | None:
    """``groups``: the dashboard's own (role, region id, week, n) of the selection (``DashboardCounts.groups``).
    Without a chosen period they hold both periods already, and the summary costs no query of its own."""
    project = selection.project
    if project is None:
        return None
    period = period_of(session, selection, groups)
    if period is None:
        return Summary(None, shown(0, min_group, suppress), None, [])
    now, before = (lambda week: week >= period.start), (lambda week: week < period.start)
    if groups is None or period.chosen or (selection.story_filter.week_from or selection.story_filter.week_to):
        groups = _groups(session, selection, period)  # the previous period lies outside the selection
    roles: dict[str, tuple[int, int]] = {}
    by_region: dict[int | None, tuple[int, int]] = {}
    for role, region_id, week, n in groups:
        if week < period.previous_start or week > period.end:
            continue
        counts = (n if now(week) else 0, n if before(week) else 0)
        roles[role] = _plus(roles.get(role), *counts)
        by_region[region_id] = _plus(by_region.get(region_id), *counts)
    total_now, total_before = sum(n for n, _ in roles.values()), sum(b for _, b in roles.values())
    chosen = selection.story_filter
    labels = {role.key: role.label for role in project.form.roles}
    role_rows = [(key, labels.get(key, key), *roles.get(key, (0, 0)))
                 for key in [*labels, *sorted(set(roles) - set(labels), key=str)]
                 if key in roles or (suppress and (not chosen.roles or key in chosen.roles))]
    names = region_names(session, by_region)
    regions: dict = {}
    for region_id, counts in by_region.items():
        key = names.get(region_id, (None, None))
        regions[key] = _plus(regions.get(key), *counts)
    if suppress:  # every allowed row, empty ones too (see dashboard_counts: a missing row tells too)
        for region in project.regions:
            if (selection.region_ids is None or region.id in selection.region_ids) and \
                    (not chosen.regions or region.key in chosen.regions):
                regions.setdefault((region.key, region.name), (0, 0))
    region_rows = [(key or "", name or "Onbekende regio", n, b) for (key, name), (n, b) in
                   sorted(regions.items(), key=lambda row: (row[0][1] is None, row[0][1] or ""))]
    return Summary(period, shown(int(total_now), min_group, suppress), shown(int(total_before), min_group, suppress),
                   [_table("role", "Per rol", role_rows, min_group, suppress),
                    _table("region", "Per regio", region_rows, min_group, suppress)])


def _groups(session: Session, selection: FilterSelection, period: Period) -> list[tuple]:
    both = replace(selection.story_filter, week_from=period.previous_start, week_to=period.end)
    condition = story_query(selection.project, both, selection.region_id_set).whereclause
    return [tuple(row) for row in session.execute(
        select(Story.role, Story.region_id, Story.week, func.count()).where(condition)
        .group_by(Story.role, Story.region_id, Story.week)).all()]


def _plus(counts: tuple[int, int] | None, n, b) -> tuple[int, int]:
    return (int(n), int(b)) if counts is None else (counts[0] + int(n), counts[1] + int(b))


def _table(dimension: str, title: str, rows: list[tuple], min_group: int, suppress: bool) -> ChangeTable:
    """Each column hides its own small groups and complement: either column alone could give one away."""
    now = hidden_reasons([int(r[2]) for r in rows], min_group, suppress)
    before = hidden_reasons([int(r[3]) for r in rows], min_group, suppress)
    return ChangeTable(dimension, title, [
        ChangeRow(key, label, None if why_now else int(n), None if why_before else int(b), why_now, why_before)
        for (key, label, n, b), why_now, why_before in zip(rows, now, before)])


def newest_cards(session: Session, selection: FilterSelection, limit: int = NEWEST) -> list[ObservationCard]:
    """The project's newest published cards the user may read (a viewer: of their regions)."""
    query = (select(ObservationCard).where(ObservationCard.project_id == selection.project.id,
                                           ObservationCard.status == CardStatus.PUBLISHED.value)
             .order_by(ObservationCard.published_at.desc().nulls_last(), ObservationCard.id.desc()).limit(limit))
    regions = in_regions_clause(ObservationCard, selection.region_ids)
    if regions is not None:
        query = query.where(regions)
    return list(session.scalars(query))


@dataclass(frozen=True)
class NotablePattern:
    run_id: int
    title: str


def newest_notable(session: Session, selection: FilterSelection, limit: int = NEWEST) -> list[NotablePattern]:
    """The patterns analysts marked "opvallend" most recently in the project, titled with their questions."""
    from vertelpunt.cards.runs import column_labels  # cards builds on insights, not the other way round

    marks = session.execute(
        select(PatternMark.pattern_key, PatternRun).join(PatternRun, PatternRun.id == PatternMark.run_id)
        .where(PatternRun.project_id == selection.project.id, PatternMark.verdict == Verdict.NOTABLE.value)
        .order_by(PatternMark.id.desc()).limit(limit)).all()
    labels: dict[int, dict[str, str]] = {}
    found = []
    for key, run in marks:
        names = labels.setdefault(run.id, column_labels(run))
        found.append(NotablePattern(run.id, " × ".join(names.get(part, part) for part in key.split("|"))))
    return found


def pending_count(session: Session, selection: FilterSelection) -> int:
    """Stories of the project waiting for moderation (moderators see every region, so no region limit)."""
    return session.scalar(select(func.count()).select_from(Story).where(
        Story.project_id == selection.project.id, Story.status == StoryStatus.PENDING.value)) or 0
