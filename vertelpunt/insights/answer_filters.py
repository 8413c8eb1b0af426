"""Filter stories on an answer to any question: a choice option, a slider range or a triad's heaviest corner.

One condition is written as ``<question key>:<value>``, in the URL (``answer=on_time:nee``), in a stored run's
filters (``"answers": ["stress:20-60"]``) and in the job parameters, so every page, scan and theme run reads
the same text. What the value means follows from the question's type in the project's form:

- a single or multiple choice: an option key; the story chose that option;
- a slider: ``<low>-<high>`` in whole tens (``20-60``), the answer lies in [low, high) and a range up to 100
  includes 100, exactly like a bar of the dashboard's histogram (so the filter shows no finer group than the
  histogram does); or ``nvt`` for "n.v.t.";
- a triad: a corner key; that corner got at least as much weight as each of the other two (a story split
  evenly counts for every corner it ties).

Several conditions must all hold. The meaning is looked up in the form again when the stories are selected:
a condition whose question is gone or changed type selects no story rather than every story.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, false, select

from vertelpunt.forms.question_types import NA
from vertelpunt.models import Answer, Story

SLIDER_STEP = 10
MAX_CONDITIONS = 10
TRIAD_COLUMNS = ("triad_a", "triad_b", "triad_c")
FILTERED_TYPES = ("single_choice", "multi_choice", "slider", "triad")


@dataclass(frozen=True)
class AnswerCondition:
    """Stories whose answer to ``question`` is ``value`` (see the module docstring for what a value means)."""

    question: str
    value: str

    @property
    def text(self) -> str:
        return f"{self.question}:{self.value}"

    @classmethod
    def from_text(cls, text: str) -> AnswerCondition | None:
        question, colon, value = str(text).strip().partition(":")
        if not colon or not question.strip() or not value.strip():
            return None
        return cls(question.strip(), value.strip())


def slider_range(value: str) -> tuple[int, int] | None:
    """(low, high) of a slider value like ``20-60``: whole tens, 0 <= low < high <= 100; None otherwise."""
    low, dash, high = value.partition("-")
    if not dash or not low.strip().isdigit() or not high.strip().isdigit():
        return None
    low_n, high_n = int(low), int(high)
    if low_n % SLIDER_STEP or high_n % SLIDER_STEP or not 0 <= low_n < high_n <= 100:
        return None
    return low_n, high_n


def _short(text: str) -> str:
    """What was asked, cut to a length a message can repeat."""
    return text if len(text) <= 60 else text[:60] + "…"


def _question(questions, key: str):
    return next((q for q in questions if q.key == key), None)


def check(questions, text: str) -> tuple[AnswerCondition | None, str | None]:
    """The condition ``text`` asks for, or a Dutch message saying why it cannot be used (the caller says what
    happens then: the filter form drops the value, the command line stops)."""
    condition = AnswerCondition.from_text(text)
    if condition is None:
        return None, (f"'{_short(text)}' is geen filter op een antwoord. Schrijf vraag:antwoord, bijvoorbeeld "
                      "help_type:jeugd_ggz.")
    question = _question(questions, condition.question)
    if question is None:
        return None, f"Onbekende vraag: {_short(condition.question)}."
    if question.type not in FILTERED_TYPES:
        return None, (f"Op de vraag '{question.text}' kun je niet filteren: alleen op keuzevragen, schuifjes en "
                      "driehoeken.")
    value = condition.value
    shown = _short(value)
    if question.type == "slider":
        if value == NA and question.allow_na:
            return condition, None
        if slider_range(value) is None:
            return None, (f"'{shown}' is geen bereik voor '{question.text}'. Kies een bereik in tientallen van "
                          "0 tot en met 100, bijvoorbeeld 20-60.")
        return condition, None
    if value not in question.option_keys():
        noun = "hoek van de driehoek" if question.type == "triad" else "antwoord"
        return None, f"'{shown}' is geen {noun} bij de vraag '{question.text}'."
    return condition, None


def condition_sql(questions, condition: AnswerCondition):
    """The SQL condition on ``Story`` for one answer condition (false when the form no longer fits it)."""
    question = _question(questions, condition.question)
    value = condition.value
    about = Answer.question_key == condition.question
    if question is None:
        return false()
    if question.type in ("single_choice", "multi_choice") and value in question.option_keys():
        where = Answer.option_key == value
    elif question.type == "slider" and value == NA:
        where = Answer.is_na.is_(True)
    elif question.type == "slider" and slider_range(value) is not None:
        low, high = slider_range(value)
        where = and_(Answer.number >= low, Answer.number <= high if high >= 100 else Answer.number < high)
    elif question.type == "triad" and value in question.option_keys():
        columns = [getattr(Answer, name) for name in TRIAD_COLUMNS]
        chosen = columns[question.option_keys().index(value)]
        where = and_(chosen.is_not(None), *(chosen >= other for other in columns if other is not chosen))
    else:
        return false()
    return Story.id.in_(select(Answer.story_id).where(about, where))


def describe(questions, condition: AnswerCondition) -> str:
    """The condition in Dutch, e.g. "Ik voelde me gehoord: van 20 tot 60" (keys where the form lacks them)."""
    question = _question(questions, condition.question)
    if question is None:
        return condition.text
    value = condition.value
    labels = {option.key: option.label for option in question.options}
    if question.type == "slider":
        if value == NA:
            return f"{question.text}: n.v.t."
        bounds = slider_range(value)
        if bounds is None:
            return f"{question.text}: {value}"
        low, high = bounds
        return f"{question.text}: van {low} tot {'en met ' if high >= 100 else ''}{high}"
    if question.type == "triad":
        return f"{question.text}: het meeste gewicht bij {labels.get(value, value)}"
    return f"{question.text}: {labels.get(value, value)}"


def answer_options(questions, skip: tuple[str, ...] = ()) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the filter form offers in its "answer" list: per question (text, [(condition text, label)]).

    Choice options, triad corners and a slider's n.v.t.; slider ranges have fields of their own."""
    groups = []
    for question in questions:
        if question.key in skip or question.type not in FILTERED_TYPES:
            continue
        if question.type == "slider":
            items = [(f"{question.key}:{NA}", "n.v.t.")] if question.allow_na else []
        elif question.type == "triad":
            items = [(f"{question.key}:{o.key}", f"meeste gewicht bij {o.label}") for o in question.options]
        else:
            items = [(f"{question.key}:{o.key}", o.label) for o in question.options]
        if items:
            groups.append((question.text, items))
    return groups


def slider_questions(questions) -> list[tuple[str, str]]:
    return [(q.key, q.text) for q in questions if q.type == "slider"]


__all__ = ["MAX_CONDITIONS", "SLIDER_STEP", "AnswerCondition", "answer_options", "check", "condition_sql",
           "describe", "slider_questions", "slider_range"]
