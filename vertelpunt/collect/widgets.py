"""Question-type registry: how each question type reads its answer from a posted form.

The story form is a multi-page form whose earlier answers travel along as hidden fields, so nothing is
stored before the teller presses "Verstuur" and nothing is lost by going back. Each widget knows the
field names it owns (to carry them) and how to turn raw posted values into the canonical answer
(docs/form-format.md), with a Dutch message when that is impossible. Range and option checks happen
afterwards in :func:`vertelpunt.stories.answers.clean_answers`, the same code every entry point uses.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from werkzeug.datastructures import MultiDict

from vertelpunt.models import Question
from vertelpunt.stories.answers import NA

SLIDER_ANSWER = "answer"


def field_name(question: Question, suffix: str = "") -> str:
    return f"q_{question.key}" + (f"__{suffix}" if suffix else "")


def owns(question: Question, name: str) -> bool:
    base = field_name(question)
    return name == base or name.startswith(base + "__")


class WidgetError(ValueError):
    pass


@dataclass(frozen=True)
class Widget:
    read: Callable[[Question, MultiDict], object]


def _read_slider(question: Question, form: MultiDict):
    state = form.get(field_name(question, "state"), "")
    if state == NA:
        return NA
    if state == "":
        return None  # not touched: no answer
    if state != SLIDER_ANSWER:
        raise WidgetError("Dit schuifje kreeg een waarde die we niet kennen. Zet het schuifje opnieuw.")
    return form.get(field_name(question), "")


def _read_single(question: Question, form: MultiDict):
    return form.get(field_name(question)) or None


def _read_multi(question: Question, form: MultiDict):
    return form.getlist(field_name(question)) or None


def _read_triad(question: Question, form: MultiDict):
    raw = [form.get(field_name(question, corner), "").strip() for corner in ("a", "b", "c")]
    if not any(raw):
        return None
    try:
        percents = [float(value.replace(",", ".")) if value else 0.0 for value in raw]
    except ValueError:
        raise WidgetError("Vul bij elke hoek een getal in (samen 100).") from None
    if any(p < 0 or p > 100 for p in percents):
        raise WidgetError("Elk getal moet tussen 0 en 100 liggen.")
    total = sum(percents)
    if abs(total - 100) > 1:
        raise WidgetError(f"De drie getallen moeten samen 100 zijn. Nu is het samen {total:g}.")
    return [p / total for p in percents]


def _read_text(question: Question, form: MultiDict):
    value = form.get(field_name(question), "")
    return value if value.strip() else None


REGISTRY: dict[str, Widget] = {
    "slider": Widget(_read_slider),
    "single_choice": Widget(_read_single),
    "multi_choice": Widget(_read_multi),
    "triad": Widget(_read_triad),
    "text": Widget(_read_text),
    "place": Widget(_read_single),
}


def read_answers(questions: list[Question], form: MultiDict) -> tuple[dict, dict[str, str]]:
    """Raw posted values -> (answers for clean_answers, widget errors by question key)."""
    answers, errors = {}, {}
    for question in questions:
        try:
            value = REGISTRY[question.type].read(question, form)
        except WidgetError as error:
            errors[question.key] = str(error)
            continue
        if value is not None:
            answers[question.key] = value
    return answers, errors
