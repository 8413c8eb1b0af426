"""What the read-only story page may show a non-admin about one story: its labels and answers.

A story list hides a row's role when it would single out a small group in that list; the story page
must not hand it back, or opening the 19 stories one by one counts the one youth story again. So the page
applies the same rule (:func:`analysis.disclosure.mask_rows`) to the stories of its own filters (the list
it was opened from; without filters, or when the story is outside them, every visible story of the
project), with every label and answer as an attribute: role, region, quarter, completeness, choices,
slider bins (tens), place and triad. What is hidden is left out, so a hidden answer looks like one not
given, and question texts lose their role-specific wording. Admins see everything; free text stays.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.disclosure import HIDDEN, mask_rule
from vertelpunt.insights.dashboard_counts import quarter_of
from vertelpunt.insights.filters import FilterSelection
from vertelpunt.insights.list_rules import INLINE_STORIES, ListRequest, list_stamp, store_rule, stored_rule
from vertelpunt.insights.records import StoryFilter, story_query
from vertelpunt.moderate.services import AnswerLine, answer_lines
from vertelpunt.forms.question_types import place_question as place_question_of
from vertelpunt.forms.question_types import type_of
from vertelpunt.models import Answer, Municipality, Story, StoryForm
from vertelpunt.stories.services import story_answers


@dataclass
class StoryView:
    role_label: str | None
    region: str | None
    week: object | None  # a date for admins
    period: str | None
    incomplete: bool | None  # None: not shown
    answers: list[AnswerLine] = field(default_factory=list)
    hidden: bool = False  # something was left out
    waiting: ListRequest | None = None  # the list whose small-group rule a job has yet to make


@dataclass(frozen=True)
class _Grouping:
    """What of a form's questions the rule reads, worked out once per form (not once per story)."""

    questions: list  # (question, key, question type) of every question that forms groups
    place_key: str | None  # the place question, answered from the story's municipality

    @classmethod
    def of(cls, questions: list) -> _Grouping:
        place = place_question_of(questions)
        grouping = [(q, q.key, type_of(q)) for q in questions if type_of(q).forms_groups]
        place_key = place.key if place is not None and any(key == place.key for _, key, _ in grouping) else None
        return cls(grouping, place_key)


def _attributes(grouping: _Grouping, story_row, answer_rows: list, municipality_key: str | None) -> dict:
    """A story's labels and grouped answers (what the story list shows of it), from plain rows."""
    by_key: dict[str, list] = {}
    for row in answer_rows:
        by_key.setdefault(row.question_key, []).append(row)
    values = {"role": story_row.role, "region": story_row.region_id, "period": quarter_of(story_row.week),
              "complete": bool(story_row.is_complete)}
    for question, key, kind in grouping.questions:
        if key == grouping.place_key and municipality_key is not None:
            values[f"q:{key}"] = kind.group_value(municipality_key)
        else:
            found = by_key.get(key)
            values[f"q:{key}"] = kind.group_value(kind.from_rows(question, found)) if found else None
    return values


def _context(session: Session, selection: FilterSelection, story: Story):
    """The filter and the ids of the stories the page is read among: those of its filters if the story is one
    of them, else every visible story of the project (None: the story alone)."""
    story_filter = selection.story_filter if selection.project is not None and selection.project.id == story.project_id \
        else StoryFilter(complete_only=False)
    for candidate in (story_filter, StoryFilter(complete_only=False)):
        ids = story_query(story.project, candidate, selection.region_id_set).subquery()
        if session.scalar(select(func.count()).select_from(ids).where(ids.c.id == story.id)):
            return candidate, ids
    return None, None


def _shown(session: Session, selection: FilterSelection, story: Story, min_group: int):
    """The story's attributes as the rule of its list lets a non-admin see them, and the list whose rule a job
    still has to make (None when the rule was applied)."""
    story_filter, ids = _context(session, selection, story)
    own = attributes_of(session, [story.id])[story.id]
    if ids is None:
        return mask_rule({story.id: own}, min_group).apply(own), None
    request = ListRequest.of(story.project_id, story_filter, selection.region_id_set, min_group, story.public_id)
    stamp = list_stamp(session, request.ids(story.project))
    rule = stored_rule(session, request, stamp)  # made from exactly the stories the list holds now
    if rule is None and stamp[0] <= INLINE_STORIES:
        rule = mask_rule(attributes_of(session, select(ids.c.id)), min_group)
        store_rule(session, request, stamp, rule)
    if rule is None:  # a job makes it; until then every grouped label stays hidden: less, never more
        return dict.fromkeys(own, HIDDEN), request
    return rule.apply(own), None


def attributes_of(session: Session, ids) -> dict[int, dict]:
    stories = session.execute(select(Story.id, Story.role, Story.region_id, Story.week, Story.is_complete,
                                     Story.form_id, Municipality.key)
                              .outerjoin(Municipality, Municipality.id == Story.municipality_id)
                              .where(Story.id.in_(ids)).order_by(Story.id)).all()
    forms = {form_id: _Grouping.of(session.get(StoryForm, form_id).questions) for form_id in {r.form_id for r in stories}}
    keys = {key for grouping in forms.values() for _, key, _ in grouping.questions}  # free text is never read
    answers: dict[int, list] = {}
    # The question keys are tested here, not in SQL: given both, SQLite reads the answers by question (every
    # story's, 160 ms for one story at 100,000) instead of by story.
    for row in session.execute(select(Answer.story_id, Answer.question_key, Answer.option_key, Answer.number,
                                      Answer.is_na, Answer.triad_a, Answer.triad_b, Answer.triad_c)
                               .where(Answer.story_id.in_(ids)).order_by(Answer.id)):
        if row.question_key in keys:
            answers.setdefault(row.story_id, []).append(row)
    return {row.id: _attributes(forms[row.form_id], row, answers.get(row.id, []), row.key) for row in stories}


def story_view(session: Session, selection: FilterSelection, story: Story, *, min_group: int,
               suppress: bool) -> StoryView:
    roles = {r.key: r.label for r in story.form.roles}
    lines = answer_lines(story)
    answers = story_answers(story)
    keys = [q for q in story.form.questions if q.key in answers]
    if not suppress:
        return StoryView(roles.get(story.role, story.role), story.region.name if story.region else None, story.week,
                         None, not story.is_complete, lines)
    shown, waiting = _shown(session, selection, story, min_group)
    visible = {name for name, value in shown.items() if value is not HIDDEN}
    kept = []
    for question, line in zip(keys, lines):
        name = f"q:{question.key}"
        if type_of(question).forms_groups and name not in visible:
            continue
        text = line.question if "role" in visible else question.text
        kept.append(AnswerLine(text, line.answer))
    return StoryView(
        roles.get(story.role, story.role) if "role" in visible else None,
        (story.region.name if story.region else None) if "region" in visible else None,
        None, quarter_of(story.week).replace("-K", " kwartaal ") if "period" in visible else None,
        (not story.is_complete) if "complete" in visible else None, kept,
        hidden=len(visible) < len(shown), waiting=waiting)
