"""The filters shared by the dashboard and the patterns pages, read from a query string.

One parser so every analysis page understands the same URL: ``project``, ``region`` (repeated), ``role``
(repeated), ``help_type`` (repeated), ``from``/``to`` (YYYY-MM-DD), ``complete=all``, a theme
(``theme_run`` with repeated ``theme``) and answers to any question (``answer=<question>:<value>``, repeated,
all must hold; see :mod:`vertelpunt.insights.answer_filters`). The filter form adds a slider range with
``answer_slider``, ``answer_from`` and ``answer_to``, which are read as one more ``answer``. A bad value is reported in Dutch and then *dropped*: the page
never silently widens a selection to "everything" because one value was wrong, nor shows what the user may
not see. Viewers only ever get their own regions, whatever the URL asks for.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from sqlalchemy.orm import Session

from vertelpunt.accounts.access import visible_region_ids
from vertelpunt.forms.question_types import type_of
from vertelpunt.insights import answer_filters
from vertelpunt.insights.records import StoryFilter, week_span
from vertelpunt.models import Project, Story, StoryStatus, ThemeRun, User
from vertelpunt.projects.visibility import visible_projects
from vertelpunt.stories.services import monday_of

HELP_TYPE_QUESTION = "help_type"


@dataclass(frozen=True)
class FilterSelection:
    """What the user asked for, checked: the project, the story filter and the regions they may see."""

    project: Project | None
    story_filter: StoryFilter
    region_ids: frozenset[int] | None
    errors: dict[str, str] = field(default_factory=dict)
    date_from: date | None = None  # as typed (the filter itself starts at the Monday of that week)
    slider_input: dict = field(default_factory=dict)  # a slider range that could not be used, as chosen


    @property
    def region_id_set(self) -> set[int] | None:
        return None if self.region_ids is None else set(self.region_ids)

    def to_query(self) -> dict:
        """Query arguments that rebuild this selection (lists for repeated arguments, for url_for)."""
        f = self.story_filter
        query: dict = {}
        if self.project is not None:
            query["project"] = self.project.slug
        if f.regions:
            query["region"] = list(f.regions)
        if f.roles:
            query["role"] = list(f.roles)
        if f.choice_question == HELP_TYPE_QUESTION and f.choice_options:
            query["help_type"] = list(f.choice_options)
        if self.date_from:
            query["from"] = self.date_from.isoformat()
        if f.week_to:
            query["to"] = f.week_to.isoformat()
        if not f.complete_only:
            query["complete"] = "all"
        if f.theme_run is not None and f.themes:
            query["theme_run"] = str(f.theme_run)
            query["theme"] = [str(t) for t in f.themes]
        if f.answers:
            query["answer"] = [condition.text for condition in f.answers]
        return query

    @property
    def is_filtered(self) -> bool:
        return self.story_filter != StoryFilter()


@dataclass(frozen=True)
class FilterChoices:
    """The options a filter form offers: (key, label) pairs and the period stories cover."""

    projects: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    help_types: list[tuple[str, str]]
    answers: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # answer_filters.answer_options
    sliders: list[tuple[str, str]] = field(default_factory=list)  # (question key, text) for a slider range
    chosen_answers: list[tuple[str, str]] = field(default_factory=list)  # (condition text, Dutch description)
    first_week: date | None = None
    last_week: date | None = None


def _many(args: Mapping, key: str) -> list[str]:
    if hasattr(args, "getlist"):
        values = args.getlist(key)
    else:
        raw = args.get(key)
        values = [] if raw is None else ([raw] if isinstance(raw, str) else list(raw))
    seen: list[str] = []
    for value in values:
        value = str(value).strip()
        if value and value not in seen:
            seen.append(value)
    return seen


def _one(args: Mapping, key: str) -> str:
    values = _many(args, key)
    return values[0] if values else ""


def _date(text: str, errors: dict, key: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[key] = f"'{text}' is geen datum. Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-01."
        return None


def help_type_question(project: Project | None):
    if project is None:
        return None
    return next((q for q in project.form.questions
                 if q.key == HELP_TYPE_QUESTION and type_of(q).chooses_options), None)


def _known(values: list[str], allowed: dict[str, str], errors: dict, key: str, noun: str) -> tuple[str, ...]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        errors[key] = f"Onbekende {noun}: {', '.join(unknown)}. Die keuze is genegeerd."
    return tuple(v for v in values if v in allowed)


def parse_filters(session: Session, args: Mapping, user: User) -> FilterSelection:
    """Read and check the filter arguments for ``user``; see the module docstring for the rules."""
    errors: dict[str, str] = {}
    region_ids = visible_region_ids(user)
    projects = visible_projects(session, region_ids)
    slug = _one(args, "project")
    project = next((p for p in projects if p.slug == slug), None) if slug else None
    if slug and project is None:
        errors["project"] = f"Het project '{slug}' bestaat niet of je hebt er geen toegang toe."
    if project is None:
        project = projects[0] if projects else None

    region_options = dict(_region_options(project, region_ids))
    asked_regions = _many(args, "region")
    if region_ids is not None:
        outside = [key for key in asked_regions if key not in region_options]
        if outside:
            errors["region"] = (f"Je hebt geen toegang tot de regio {', '.join(outside)}. "
                                "Je ziet alleen de regio's waarvoor je bent aangemeld.")
        regions = tuple(key for key in asked_regions if key in region_options)
    else:
        regions = _known(asked_regions, region_options, errors, "region", "regio")

    role_options = dict(_role_options(project))
    roles = _known(_many(args, "role"), role_options, errors, "role", "rol")
    help_options = dict(_help_options(project))
    asked_help = _many(args, "help_type")
    if asked_help and not help_options:
        errors["help_type"] = "Dit project vraagt niet naar de soort hulp. Die keuze is genegeerd."
        help_types: tuple[str, ...] = ()
    else:
        help_types = _known(asked_help, help_options, errors, "help_type", "soort hulp")

    date_from = _date(_one(args, "from"), errors, "from")
    date_to = _date(_one(args, "to"), errors, "to")
    if date_from and date_to and date_from > date_to:
        errors["to"] = "De einddatum ligt voor de begindatum. De periode is genegeerd."
        date_from = date_to = None

    complete = _one(args, "complete")
    if complete not in ("", "all", "complete"):
        errors["complete"] = "Kies alle verhalen of alleen complete verhalen."
    theme_run, themes = _themes(session, args, project, errors)
    answers, slider_input = _answers(args, project, errors)

    story_filter = StoryFilter(
        regions=regions, roles=roles,
        choice_question=HELP_TYPE_QUESTION if help_types else None, choice_options=help_types,
        week_from=monday_of(date_from) if date_from else None, week_to=date_to,
        complete_only=complete != "all", theme_run=theme_run, themes=themes, answers=answers,
    )
    return FilterSelection(project, story_filter, None if region_ids is None else frozenset(region_ids),
                           errors, date_from, slider_input)


def _answers(args: Mapping, project: Project | None, errors: dict) -> tuple[tuple, dict]:
    """The checked answer conditions, and the form's slider range as chosen when it could not be used."""
    slider = {name: _one(args, name) for name in ("answer_slider", "answer_from", "answer_to")}
    asked = [(text, False) for text in _many(args, "answer")]
    if slider["answer_slider"]:
        asked.append((f"{slider['answer_slider']}:{slider['answer_from'] or 0}-{slider['answer_to'] or 100}", True))
    questions = project.form.questions if project is not None else []
    conditions, problems, kept = [], [], {}
    for text, from_fields in asked:
        condition, problem = answer_filters.check(questions, text)
        if problem:
            problems.append(f"{problem} Dat filter is genegeerd.")
            kept = slider if from_fields else kept  # shown again on the form, so nothing chosen is lost
        elif condition not in conditions:
            conditions.append(condition)
    if len(conditions) > answer_filters.MAX_CONDITIONS:
        problems.append(f"Je kunt op hoogstens {answer_filters.MAX_CONDITIONS} antwoorden tegelijk filteren. "
                        "De rest is genegeerd.")
        conditions = conditions[:answer_filters.MAX_CONDITIONS]
    if problems:
        errors["answer"] = " ".join(problems)
    return tuple(conditions), kept


def _themes(session: Session, args: Mapping, project: Project | None, errors: dict) -> tuple[int | None, tuple[int, ...]]:
    run_text, theme_texts = _one(args, "theme_run"), _many(args, "theme")
    if not run_text:
        return None, ()
    run = None
    if run_text.isdigit() and project is not None:
        run = session.get(ThemeRun, int(run_text))
    if run is None or run.project_id != project.id:
        errors["theme"] = "Deze thema-indeling hoort niet bij dit project. Het thema is genegeerd."
        return None, ()
    sizes = {int(topic.get("index", i)) for i, topic in enumerate(run.topics or [])}
    themes = []
    for text in theme_texts:
        if text.isdigit() and int(text) in sizes:
            themes.append(int(text))
        else:
            errors["theme"] = f"Onbekend thema: {text}. Dat thema is genegeerd."
    return (run.id, tuple(themes)) if themes else (None, ())


def _region_options(project: Project | None, region_ids: set[int] | None) -> list[tuple[str, str]]:
    if project is None:
        return []
    return [(r.key, r.name) for r in sorted(project.regions, key=lambda r: r.name)
            if region_ids is None or r.id in region_ids]


def _role_options(project: Project | None) -> list[tuple[str, str]]:
    return [(r.key, r.label) for r in project.form.roles] if project is not None else []


def _help_options(project: Project | None) -> list[tuple[str, str]]:
    question = help_type_question(project)
    return [(o.key, o.label) for o in question.options] if question is not None else []


def choices(session: Session, selection: FilterSelection) -> FilterChoices:
    """What the filter form offers for the selected project, within what the user may see."""
    project = selection.project
    region_ids = selection.region_id_set
    first = last = None
    if project is not None:
        where = [Story.project_id == project.id, Story.status == StoryStatus.PUBLISHED.value]
        if region_ids is not None:
            where.append(Story.region_id.in_(region_ids or {-1}))
        first, last = week_span(session, *where)
    questions = project.form.questions if project is not None else []
    help_question = help_type_question(project)
    return FilterChoices(
        projects=[(p.slug, p.title) for p in visible_projects(session, region_ids)],
        regions=_region_options(project, region_ids),
        roles=_role_options(project),
        help_types=_help_options(project),
        # the kind of help has checkboxes of its own; the parser still takes it as an answer
        answers=answer_filters.answer_options(questions, skip=(help_question.key,) if help_question else ()),
        sliders=answer_filters.slider_questions(questions),
        chosen_answers=[(c.text, answer_filters.describe(questions, c)) for c in selection.story_filter.answers],
        first_week=first, last_week=last,
    )


__all__ = ["FilterChoices", "FilterSelection", "HELP_TYPE_QUESTION", "choices", "parse_filters"]
