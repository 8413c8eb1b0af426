"""The stories behind a bar, a bin or a count, optionally narrowed by a search, and one story to read.

The list adds the clicked group to the same ``story_query`` the charts and counts use, so a bar of 12
opens 12 stories. A list that would show a small group (0 < n < threshold) is refused for non-admins:
reading three stories from one region and quarter can be enough to know who told them. So is the list of
a group the dashboard hides next to a small one (:mod:`vertelpunt.insights.complements`). A list that is
shown labels its rows with role, region and period only where that singles out no small group within the
list (:func:`analysis.disclosure.mask_rows`), and shows non-admins the quarter, not the week. Search words are
matched with LIKE on bound parameters, with ``%``, ``_`` and the escape character escaped, so what the
user types is only ever text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Mapping

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from analysis.disclosure import DEFAULT_THRESHOLD, HIDDEN, mask_rows
from vertelpunt.insights.story_search import contains_word
from vertelpunt.insights.complements import hidden_as_complement
from vertelpunt.insights.dashboard_counts import quarter_bounds, quarter_of
from vertelpunt.insights.filters import FilterSelection
from vertelpunt.insights.records import story_query
from vertelpunt.models import Answer, Story, StoryStatus
from vertelpunt.pagination import Page
from vertelpunt.errors import VertelpuntError

PAGE_SIZE = 25
EXCERPT = 300
MAX_WORDS = 8
ESCAPE = "\\"


class StoryListError(VertelpuntError):
    """A click or search that cannot be turned into a list; the message is Dutch."""


@dataclass(frozen=True)
class StoryClick:
    """What was clicked: a question (or role/region/period/complete) and its bar or bin."""

    question: str | None = None
    group: str | None = None
    lo: float | None = None
    hi: float | None = None
    vs: str | None = None  # region-vs-rest: the region key
    side: str | None = None  # "in" or "rest"

    @classmethod
    def from_args(cls, args: Mapping) -> StoryClick:
        def number(key):
            text = (args.get(key) or "").strip()
            if not text:
                return None
            try:
                value = float(text)
            except ValueError:
                raise StoryListError(f"'{text}' is geen getal.") from None
            if not 0 <= value <= 100:
                raise StoryListError("Een grens van een staaf ligt tussen 0 en 100.")
            return value

        def text(key):
            return (args.get(key) or "").strip()[:80] or None

        return cls(text("question"), text("group"), number("lo"), number("hi"), text("vs"), text("side"))

    def to_query(self) -> dict:
        return {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in self.__dict__.items() if v is not None}

    @property
    def is_set(self) -> bool:
        return self.question is not None


@dataclass
class StoryItem:
    public_id: str
    role: str | None  # None: not shown (it would single out a small group in this list)
    region: str | None
    week: date | None  # admins see the week, others the quarter
    title: str
    excerpt: list[tuple[str, bool]]  # (text, is a search match): the template escapes, then marks
    period: str | None = None


@dataclass
class StoryPage:
    items: list[StoryItem] = field(default_factory=list)
    total: int | None = 0
    page: Page = field(default_factory=Page)
    refused: str | None = None
    description: str = ""
    hidden_labels: bool = False  # some rows lack a label that would single out a small group
    min_group: int = DEFAULT_THRESHOLD


def _like(word: str) -> str:
    escaped = word.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


def search_words(q: str) -> list[str]:
    return [w for w in q.split() if w][:MAX_WORDS]


@dataclass(frozen=True)
class _Part:
    """One half of what a click selects: the SQL condition, its Dutch description, and how it widens the
    dashboard's filter (a click on "niet compleet" must reach past ``complete_only``, region-vs-rest past
    the region filter)."""

    condition: ColumnElement[bool]
    description: str
    widen: dict = field(default_factory=dict)


def _click_condition(selection: FilterSelection, click: StoryClick):
    """(condition or None, description, story filter to use) for the clicked group: the region-vs-rest side
    (:func:`_versus_part`) and the clicked bar or bin (:func:`_group_part`), each optional."""
    parts = []
    if click.vs is not None:
        parts.append(_versus_part(selection, click))
    if click.question is not None:
        parts.append(_group_part(selection.project, click))
    story_filter = selection.story_filter
    for part in parts:
        story_filter = replace(story_filter, **part.widen)
    condition = and_(*(part.condition for part in parts)) if parts else None
    return condition, ", ".join(part.description for part in parts), story_filter


def _versus_part(selection: FilterSelection, click: StoryClick) -> _Part:
    """The stories in one region, or in the rest of the project (the region comparison's two bars)."""
    region = next((r for r in selection.project.regions if r.key == click.vs), None)
    ids = selection.region_id_set
    if region is None or (ids is not None and region.id not in ids):
        raise StoryListError("Onbekende regio om mee te vergelijken.")
    side = click.side or (click.group if click.group in ("in", "rest") else None)
    if side not in ("in", "rest"):
        raise StoryListError("Kies de regio of de rest.")
    if side == "in":
        return _Part(Story.region_id == region.id, region.name, {"regions": ()})
    return _Part(or_(Story.region_id != region.id, Story.region_id.is_(None)), f"buiten {region.name}",
                 {"regions": ()})


def _role_part(project, group: str | None) -> _Part:
    labels = {r.key: r.label for r in project.form.roles}
    if group not in labels:
        raise StoryListError("Onbekende rol.")
    return _Part(Story.role == group, f"rol: {labels[group]}")


def _region_part(project, group: str | None) -> _Part:
    region = next((r for r in project.regions if r.key == group), None)
    if region is None:
        raise StoryListError("Onbekende regio.")
    return _Part(Story.region_id == region.id, f"regio: {region.name}")


def _period_part(_project, group: str | None) -> _Part:
    bounds = quarter_bounds(group or "")
    if bounds is None:
        raise StoryListError("Onbekend kwartaal.")
    return _Part(Story.week.between(*bounds), f"kwartaal: {group.replace('-K', ' kwartaal ')}")


def _complete_part(_project, group: str | None) -> _Part:
    if group not in ("complete", "incomplete"):
        raise StoryListError("Kies compleet of niet compleet.")
    return _Part(Story.is_complete.is_(group == "complete"), "compleet" if group == "complete" else "niet compleet",
                 {"complete_only": False})


#: The story's own attributes a chart can group by, each with the part it selects.
DIMENSION_PARTS = {"role": _role_part, "region": _region_part, "period": _period_part, "complete": _complete_part}


def _group_part(project, click: StoryClick) -> _Part:
    """The clicked bar or bin: a story attribute (role, region, period, complete) or an answer."""
    if click.question in DIMENSION_PARTS:
        return DIMENSION_PARTS[click.question](project, click.group)
    question = next((q for q in project.form.questions if q.key == click.question), None)
    if question is not None and question.type == "slider":
        return _slider_bin_part(question, click.lo, click.hi)
    if question is not None and question.type in ("single_choice", "multi_choice"):
        return _option_part(question, click.group)
    raise StoryListError("Bij deze vraag kun je geen verhalen openen.")


def _slider_bin_part(question, lo: float | None, hi: float | None) -> _Part:
    """Stories whose answer lies in [lo, hi); the last bin (up to 100) includes its upper edge."""
    if lo is None or hi is None or lo > hi:
        raise StoryListError("Geef de grenzen van de staaf (van en tot).")
    upper = Answer.number <= hi if hi >= 100 else Answer.number < hi
    answered = select(Answer.story_id).where(Answer.question_key == question.key, Answer.number >= lo, upper)
    return _Part(Story.id.in_(answered), f"{question.text}: {lo:g} tot {'en met ' if hi >= 100 else ''}{hi:g}")


def _option_part(question, group: str | None) -> _Part:
    option = next((o for o in question.options if o.key == group), None)
    if option is None:
        raise StoryListError("Onbekend antwoord op deze vraag.")
    chosen = select(Answer.story_id).where(Answer.question_key == question.key, Answer.option_key == option.key)
    return _Part(Story.id.in_(chosen), f"{question.text}: {option.label}")


def story_page(session: Session, selection: FilterSelection, click: StoryClick, q: str = "", page: int = 1, *,
               min_group: int = DEFAULT_THRESHOLD, suppress: bool = True) -> StoryPage:
    """One page of the stories behind a click (and search); refused when it is a small group."""
    project = selection.project
    if project is None:
        return StoryPage()
    condition, description, story_filter = _click_condition(selection, click)
    # The filter's own conditions on stories (not "id IN (the filter's ids)"): counts then read the stories'
    # counting index alone, and the page walks ix_stories_listing in its order and stops after one page.
    conditions = [story_query(project, story_filter, selection.region_id_set).whereclause]
    if condition is not None:
        conditions.append(condition)
    words = search_words(q)
    for word in words:
        conditions.append(contains_word(session, word))
    query = select(Story).where(*conditions)
    total = session.scalar(select(func.count()).select_from(Story).where(*conditions)) or 0
    if suppress and 0 < total < min_group:
        return StoryPage(total=None, refused=(
            f"Deze groep heeft minder dan {min_group} verhalen. Om vertellers te beschermen tonen we die niet. "
            "Kies een ruimere selectie."), description=description)
    if suppress and hidden_as_complement(session, selection, click.question, click.group, lo=click.lo, vs=click.vs,
                                         side=click.side, min_group=min_group):
        return StoryPage(total=None, refused=(
            "Deze groep tonen we niet: met het aantal verhalen erin kun je uitrekenen hoe groot een groep van "
            f"minder dan {min_group} verhalen is. Kies een ruimere selectie."), description=description)
    shown_page = Page.of(total, PAGE_SIZE, page)
    stories = session.scalars(shown_page.limit(
        query.options(selectinload(Story.region)).order_by(Story.week.desc(), Story.id.desc())))
    labels = shown_labels(session, conditions, min_group, suppress)
    roles = {r.key: r.label for r in project.form.roles}
    items = []
    for s in stories:
        shown = labels[(s.role, s.region_id, quarter_of(s.week))]
        items.append(StoryItem(
            s.public_id, roles.get(s.role, s.role) if "role" in shown else None,
            (s.region.name if s.region else "–") if "region" in shown else None,
            s.week if not suppress else None, s.title or "Verhaal zonder titel",
            highlight(excerpt(s.text, words), words),
            quarter_of(s.week).replace("-K", " kwartaal ") if suppress and "period" in shown else None))
    hidden = any(len(shown) < len(LIST_ATTRIBUTES) for shown in labels.values())  # on any row of the list
    return StoryPage(items, total, shown_page, None, description, hidden_labels=hidden, min_group=min_group)


LIST_ATTRIBUTES = ("role", "region", "period")


def shown_labels(session: Session, conditions: list, min_group: int, suppress: bool) -> dict[tuple, set[str]]:
    """Per (role, region id, quarter), which of those labels the list may show on a row that has them.

    The rule (``analysis.disclosure.mask_rows``) looks at the *whole* list (every page), but depends only on how
    many of its stories share each combination of labels; so one GROUP BY (by week, folded into quarters)
    replaces reading every story of a list that may hold 100,000."""
    weights: dict[tuple, int] = {}
    for role, region_id, week, n in session.execute(
            select(Story.role, Story.region_id, Story.week, func.count()).where(*conditions)
            .group_by(Story.role, Story.region_id, Story.week)):
        cell = (role, region_id, quarter_of(week))
        weights[cell] = weights.get(cell, 0) + n
    rows = {cell: dict(zip(LIST_ATTRIBUTES, cell)) for cell in weights}
    masked = mask_rows(rows, min_group, suppress, weights)
    return {cell: {name for name, value in values.items() if value is not HIDDEN} for cell, values in masked.items()}


def excerpt(text: str, words: list[str], length: int = EXCERPT) -> str:
    """The first ``length`` characters, or a window around the first search match further on."""
    start = 0
    lowered = text.lower()
    hits = [lowered.find(w.lower()) for w in words if lowered.find(w.lower()) >= 0]
    if hits and min(hits) > length - 40:
        start = max(0, min(hits) - 80)
        start = text.rfind(" ", 0, start) + 1 if text.rfind(" ", 0, start) >= 0 else start
    part = text[start:start + length]
    cut = start + length < len(text)
    if cut and " " in part[length // 2:]:
        part = part[:part.rfind(" ")]
    return ("… " if start else "") + part + (" …" if cut else "")


def highlight(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """Split ``text`` into (segment, matched) pairs; matching is case-insensitive and literal."""
    if not words:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    segments, position = [], 0
    for match in pattern.finditer(text):
        if match.start() > position:
            segments.append((text[position:match.start()], False))
        segments.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        segments.append((text[position:], False))
    return segments


def visible_story(session: Session, public_id: str, region_ids: set[int] | None, project_ids: set[int]) -> Story | None:
    """A published story the user may read (their projects, and for viewers their regions), else None."""
    query = select(Story).where(Story.public_id == public_id, Story.status == StoryStatus.PUBLISHED.value,
                                Story.project_id.in_(project_ids or {-1}))
    if region_ids is not None:
        query = query.where(Story.region_id.in_(region_ids or {-1}))
    return session.scalar(query.options(selectinload(Story.answers), selectinload(Story.region)))


__all__ = ["PAGE_SIZE", "StoryClick", "StoryListError", "StoryPage", "story_page", "visible_story"]
