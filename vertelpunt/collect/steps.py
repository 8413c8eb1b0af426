"""The pages of the story form for one role, and validating what one page asks.

Step 1 is the story itself; then the duidingsvragen in pages of a few questions (short pages work
better on a phone), then the questions about the teller, then how sharing felt. The last page carries
the "Verstuur" button.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import format_number, get_locale, gettext
from werkzeug.datastructures import MultiDict

from vertelpunt.collect.widgets import owns, read_answers
from vertelpunt.forms.snapshot import FormSpec
from vertelpunt.models import FormRole, Question, StoryForm
from vertelpunt.stories.answers import AnswerError, PlaceLookup, clean_answers
from vertelpunt.stories.services import MAX_STORY_LENGTH, MAX_TITLE_LENGTH, questions_for, story_length

QUESTIONS_PER_PAGE = 5
STORY_FIELDS = ("prompt", "title", "text")


@dataclass(frozen=True)
class Step:
    title: str
    questions: tuple[Question, ...] = ()
    is_story: bool = False

    def owns(self, name: str) -> bool:
        if self.is_story:
            return name in STORY_FIELDS
        return any(owns(question, name) for question in self.questions)


@dataclass
class StepResult:
    answers: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def build_steps(form: StoryForm | FormSpec, role: str) -> list[Step]:
    """The pages for ``role``, their titles in the page's language (see :mod:`vertelpunt.i18n`)."""
    if isinstance(form, FormSpec):  # a snapshot never changes: build its pages once per language
        return list(_steps_of_snapshot(form, role, str(get_locale() or "nl")))
    return _build_steps(form, role)


@lru_cache(maxsize=64)
def _steps_of_snapshot(form: FormSpec, role: str, _language: str) -> tuple[Step, ...]:
    return tuple(_build_steps(form, role))


def _build_steps(form: StoryForm | FormSpec, role: str) -> list[Step]:
    questions = questions_for(form, role)
    duiding = [q for q in questions if q.section == "duiding"]
    steps = [Step(gettext("Jouw ervaring"), is_story=True)]
    pages = [duiding[i:i + QUESTIONS_PER_PAGE] for i in range(0, len(duiding), QUESTIONS_PER_PAGE)]
    for number, page in enumerate(pages, start=1):
        title = gettext("Vragen over je ervaring")
        if len(pages) > 1:
            title += " " + gettext("(%(number)s van %(count)s)", number=number, count=len(pages))
        steps.append(Step(title, tuple(page)))
    teller = tuple(q for q in questions if q.section == "teller")
    if teller:
        steps.append(Step(gettext("Over jou"), teller))
    sharing = tuple(q for q in questions if q.section == "sharing")
    if sharing:
        steps.append(Step(gettext("Tot slot"), sharing))
    return steps


def check_story_fields(role: FormRole, data: MultiDict) -> dict[str, str]:
    errors = {}
    prompts = [p.key for p in role.prompts]
    chosen = data.get("prompt", "")
    if (len(prompts) > 1 and chosen not in prompts) or (chosen and chosen not in prompts):
        errors["prompt"] = gettext("Kies over welk moment je vertelt.")
    text = data.get("text", "").strip()
    if not text:
        errors["text"] = gettext("Schrijf je ervaring op. Dat mag kort zijn.")
    elif story_length(text) > MAX_STORY_LENGTH:
        errors["text"] = _too_long(story_length(text))
    if len(data.get("title", "").strip()) > MAX_TITLE_LENGTH:
        errors["title"] = gettext("De titel is te lang: hoogstens %(count)s tekens.", count=MAX_TITLE_LENGTH)
    return errors


def _too_long(length: int) -> str:
    """:func:`vertelpunt.stories.services.too_long_message` in the page's language (the same Dutch text)."""
    return gettext("Je verhaal is te lang: %(length)s tekens. Het mag hoogstens %(most)s tekens zijn. "
                   "Maak het %(over)s tekens korter. Je tekst blijft staan.", length=format_number(length),
                   most=format_number(MAX_STORY_LENGTH), over=format_number(length - MAX_STORY_LENGTH))


def check_step(step: Step, role: FormRole, data: MultiDict, places: PlaceLookup) -> StepResult:
    """Validate one page; returns its clean answers and a Dutch message per field that is wrong."""
    if step.is_story:
        return StepResult(errors=check_story_fields(role, data))
    raw, errors = read_answers(list(step.questions), data)
    try:
        answers = clean_answers(list(step.questions), role.key, raw, places)
    except AnswerError as error:
        answers = {}
        errors.update(error.errors)
    return StepResult(answers=answers, errors=errors)


def carried_fields(steps: list[Step], current: int, data: MultiDict) -> list[tuple[str, str]]:
    """Posted values that belong to other pages, to send along as hidden fields."""
    keep = []
    for name, value in data.items(multi=True):
        if name.startswith("q_") or name in STORY_FIELDS:
            if not steps[current].owns(name) and any(step.owns(name) for step in steps):
                keep.append((name, value))
    return keep
