"""Published stories as plain records for the analysis library (which never sees the database).

Only published stories reach analysis. The filters are the ones regions ask for: regions, roles, the
kind of help (any choice question), a period, completeness, a theme and answers to any question
(:mod:`vertelpunt.insights.answer_filters`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import false, func, not_, select
from sqlalchemy.orm import Session

from vertelpunt.forms.question_types import place_question
from vertelpunt.insights.answer_filters import AnswerCondition, condition_sql
from vertelpunt.models import Answer, Municipality, Project, Region, Story, StoryStatus, ThemeMember
from vertelpunt.stories.answers import rows_to_answers


@dataclass(frozen=True)
class StoryFilter:
    """Which published stories of a project to analyse; empty means "no restriction"."""

    regions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    choice_question: str | None = None  # e.g. "help_type"
    choice_options: tuple[str, ...] = ()  # e.g. ("jeugd_ggz",): stories with any of these
    week_from: date | None = None
    week_to: date | None = None
    complete_only: bool = True
    theme_run: int | None = None  # a ThemeRun id: with ``themes``, only stories in those topics
    themes: tuple[int, ...] = ()
    answers: tuple[AnswerCondition, ...] = ()  # each must hold (AND)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["answers"] = [condition.text for condition in self.answers]  # the URL's own "question:value"
        data["week_from"] = self.week_from.isoformat() if self.week_from else None
        data["week_to"] = self.week_to.isoformat() if self.week_to else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> StoryFilter:
        return cls(
            regions=tuple(data.get("regions") or ()), roles=tuple(data.get("roles") or ()),
            choice_question=data.get("choice_question"), choice_options=tuple(data.get("choice_options") or ()),
            week_from=date.fromisoformat(data["week_from"]) if data.get("week_from") else None,
            week_to=date.fromisoformat(data["week_to"]) if data.get("week_to") else None,
            complete_only=bool(data.get("complete_only", True)),
            theme_run=data.get("theme_run"), themes=tuple(data.get("themes") or ()),
            # filters stored before answer filters existed have no "answers": no restriction, as then
            answers=tuple(c for c in map(AnswerCondition.from_text, data.get("answers") or ()) if c is not None),
        )


@dataclass
class _Row:
    public_id: str
    text: str
    role: str
    region: str | None
    week: date
    complete: bool
    municipality: str | None
    answers: list = field(default_factory=list)


def story_query(project: Project, filters: StoryFilter, region_ids: set[int] | None = None):
    """The select() of story ids matching the filter (shared by records, counts and story lists)."""
    query = select(Story.id).where(Story.project_id == project.id, Story.status == StoryStatus.PUBLISHED.value)
    if filters.complete_only:
        query = query.where(Story.is_complete.is_(True))
    if filters.roles:
        query = query.where(Story.role.in_(filters.roles))
    if filters.regions:
        query = query.where(Story.region_id.in_(select(Region.id).where(Region.key.in_(filters.regions))))
    if region_ids is not None:
        query = query.where(Story.region_id.in_(region_ids or {-1}))
    if filters.week_from:
        query = query.where(Story.week >= filters.week_from)
    if filters.week_to:
        query = query.where(Story.week <= filters.week_to)
    if filters.choice_question and filters.choice_options:
        query = query.where(Story.id.in_(select(Answer.story_id).where(
            Answer.question_key == filters.choice_question, Answer.option_key.in_(filters.choice_options))))
    if filters.theme_run is not None and filters.themes:
        query = query.where(Story.id.in_(select(ThemeMember.story_id).where(
            ThemeMember.run_id == filters.theme_run, ThemeMember.topic.in_(filters.themes))))
    if filters.answers:
        questions = project.form.questions
        for condition in filters.answers:
            query = query.where(condition_sql(questions, condition))
    return query


def week_span(session: Session, *where) -> tuple[date | None, date | None]:
    """The first and last week of the stories matching ``where``, as two queries: SQLite answers a lone
    ``min()`` or ``max()`` from an index (ix_stories_listing) in a step, but scans every story for both at once
    (16 ms at 100,000 stories)."""
    return (session.scalar(select(func.min(Story.week)).where(*where)),
            session.scalar(select(func.max(Story.week)).where(*where)))


def answers_of_selection(session: Session, ids, n_selected: int):
    """A condition on ``Answer.story_id`` that holds exactly for answers of the stories ``ids`` selects
    (a :func:`story_query`, ``n_selected`` stories).

    "story_id IN (the selection)" makes the database probe a set of 100,000 ids once per answer; when the
    stories *outside* the selection are fewer (the usual dashboard: every published, complete story), the
    same answers are "story_id NOT IN (the rest)", a set of a few thousand, 3-6 times faster on SQLite at
    100,000 stories. The rest is every story for which the selection's condition is not true (a NULL, e.g.
    a story without region under a region filter, counts as not selected), so both forms select the same.
    """
    everything = session.scalar(select(func.count()).select_from(Story)) or 0
    if everything - n_selected >= n_selected:
        return Answer.story_id.in_(ids)
    return Answer.story_id.not_in(select(Story.id).where(not_(func.coalesce(ids.whereclause, false()))))


def story_records(session: Session, project: Project, filters: StoryFilter = StoryFilter(),
                  region_ids: set[int] | None = None) -> list[dict]:
    """One record per matching published story, in the shape ``AnswerTable.from_records`` reads."""
    ids = story_query(project, filters, region_ids).subquery()
    rows: dict[int, _Row] = {}
    stories = session.execute(
        select(Story.id, Story.public_id, Story.text, Story.role, Region.key, Story.week, Story.is_complete, Municipality.key)
        .outerjoin(Region, Story.region_id == Region.id)
        .outerjoin(Municipality, Story.municipality_id == Municipality.id)
        .where(Story.id.in_(select(ids.c.id))).order_by(Story.id)
    )
    for story_id, public_id, text, role, region, week, complete, municipality in stories:
        rows[story_id] = _Row(public_id, text, role, region, week, complete, municipality)
    answers = session.scalars(select(Answer).where(Answer.story_id.in_(select(ids.c.id))))
    for answer in answers:
        rows[answer.story_id].answers.append(answer)
    questions = project.form.questions
    place_of_story = place_question(questions)
    place = place_of_story.key if place_of_story is not None else None
    records = []
    for row in rows.values():
        values = rows_to_answers(questions, row.answers)
        if place and row.municipality:
            values[place] = row.municipality
        records.append({"public_id": row.public_id, "text": row.text, "role": row.role, "region": row.region, "week": row.week,
                        "complete": row.complete, "answers": values})
    return records
