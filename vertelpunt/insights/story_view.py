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

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.disclosure import HIDDEN, mask_rows
from vertelpunt.insights.dashboard_counts import quarter_of
from vertelpunt.insights.filters import FilterSelection
from vertelpunt.insights.records import StoryFilter, story_query
from vertelpunt.moderate.services import AnswerLine, answer_lines
from vertelpunt.models import Story
from vertelpunt.forms.question_types import type_of
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


def _attributes(story: Story) -> dict:
    answers = story_answers(story)
    values = {"role": story.role, "region": story.region_id, "period": quarter_of(story.week),
              "complete": bool(story.is_complete)}
    for question in story.form.questions:
        kind = type_of(question)
        if kind.forms_groups:
            values[f"q:{question.key}"] = kind.group_value(answers[question.key]) if question.key in answers else None
    return values


def _context(session: Session, selection: FilterSelection, story: Story) -> list[Story]:
    """The stories the page is read among: those of its filters if the story is one of them."""
    story_filter = selection.story_filter if selection.project is not None and selection.project.id == story.project_id \
        else StoryFilter(complete_only=False)
    for candidate in (story_filter, StoryFilter(complete_only=False)):
        ids = story_query(story.project, candidate, selection.region_id_set)
        stories = list(session.scalars(select(Story).where(Story.id.in_(ids))
                                       .options(selectinload(Story.answers))))
        if any(s.id == story.id for s in stories):
            return stories
    return [story]


def story_view(session: Session, selection: FilterSelection, story: Story, *, min_group: int,
               suppress: bool) -> StoryView:
    roles = {r.key: r.label for r in story.form.roles}
    lines = answer_lines(story)
    answers = story_answers(story)
    keys = [q for q in story.form.questions if q.key in answers]
    if not suppress:
        return StoryView(roles.get(story.role, story.role), story.region.name if story.region else None, story.week,
                         None, not story.is_complete, lines)
    context = _context(session, selection, story)
    shown = mask_rows({s.id: _attributes(s) for s in context}, min_group, True)[story.id]
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
        hidden=len(visible) < len(shown))
