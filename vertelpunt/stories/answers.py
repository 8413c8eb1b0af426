"""Check answer values against a form and convert them to and from Answer rows.

One convention for every entry point (public form, Verteltafel, CSV import, demo data): see the table in
docs/form-format.md. Error messages are Dutch and name the question, so they can be shown next to it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from vertelpunt.models import Answer, Question

NA = "nvt"
TRIAD_TOLERANCE = 1e-6


@dataclass(frozen=True)
class PlaceLookup:
    """Municipality key -> (region id, municipality id) for the project's regions."""

    by_key: dict[str, tuple[int, int]]


class AnswerError(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))


def clean_answers(questions: list[Question], role: str, answers: dict, places: PlaceLookup | None = None) -> dict:
    """Return the answers in canonical form, or raise :class:`AnswerError` with a message per question.

    Unknown question keys and questions that do not apply to the role are refused rather than dropped,
    so an import never silently loses data.
    """
    by_key = {question.key: question for question in questions}
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for key, value in answers.items():
        question = by_key.get(key)
        if question is None:
            errors[key] = "Deze vraag bestaat niet in de vragenset."
            continue
        if not question.applies_to(role):
            errors[key] = "Deze vraag hoort niet bij deze rol."
            continue
        if value is None or value == "" or value == []:
            continue
        try:
            cleaned[key] = _clean_value(question, value, places)
        except ValueError as error:
            errors[key] = str(error)
    if errors:
        raise AnswerError(errors)
    return cleaned


def _clean_value(question: Question, value, places: PlaceLookup | None):
    kind = question.type
    if kind == "slider":
        if isinstance(value, str) and value.strip().lower() == NA:
            if not question.allow_na:
                raise ValueError("Bij deze vraag kun je geen n.v.t. kiezen.")
            return NA
        number = _number(value)
        if not 0 <= number <= 100:
            raise ValueError("Kies een waarde van 0 tot en met 100.")
        return number
    if kind == "single_choice":
        if not isinstance(value, str) or value not in question.option_keys():
            raise ValueError("Kies een van de antwoorden die er staan.")
        return value
    if kind == "multi_choice":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
            raise ValueError("Kies een of meer van de antwoorden die er staan.")
        unknown = [v for v in values if v not in question.option_keys()]
        if unknown:
            raise ValueError("Kies alleen antwoorden die er staan.")
        chosen = [key for key in question.option_keys() if key in set(values)]
        if question.max_choices and len(chosen) > question.max_choices:
            raise ValueError(f"Kies er hoogstens {question.max_choices}.")
        return chosen
    if kind == "triad":
        if not isinstance(value, (list, tuple)) or len(value) != 3:
            raise ValueError("Een driehoek-antwoord heeft drie delen.")
        shares = [_number(v) for v in value]
        if any(share < 0 or share > 1 for share in shares) or abs(sum(shares) - 1) > 1e-3:
            raise ValueError("De drie delen moeten samen 1 zijn (en elk tussen 0 en 1).")
        total = sum(shares)
        return [share / total for share in shares]
    if kind == "text":
        if not isinstance(value, str):
            raise ValueError("Dit moet tekst zijn.")
        text = value.strip()
        limit = question.max_length or 1000
        if len(text) > limit:
            raise ValueError(f"Dit antwoord is te lang: hoogstens {limit} tekens.")
        return text
    if kind == "place":
        if not isinstance(value, str) or places is None or value not in places.by_key:
            raise ValueError("Kies een gemeente uit de lijst.")
        return value
    raise ValueError(f"Onbekend vraagtype '{kind}'.")


def _number(value) -> float:
    if isinstance(value, bool):
        raise ValueError("Dit moet een getal zijn.")
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ValueError("Dit moet een getal zijn.") from None
    if not math.isfinite(number):
        raise ValueError("Dit moet een getal zijn.")
    return number


ANSWER_COLUMNS = ("question_key", "option_key", "number", "is_na", "text", "triad_a", "triad_b", "triad_c")


def answer_values(questions: list[Question], answers: dict) -> list[dict]:
    """Canonical answers -> column values of Answer rows, every column in every dict (so the rows can be
    inserted in one statement); the place question lives on the story, not here."""
    by_key = {question.key: question for question in questions}
    rows: list[dict] = []

    def row(key, **values):
        rows.append({**dict.fromkeys(ANSWER_COLUMNS), "is_na": False, "question_key": key, **values})

    for key, value in answers.items():
        kind = by_key[key].type
        if kind == "slider":
            row(key, is_na=True) if value == NA else row(key, number=value)
        elif kind == "single_choice":
            row(key, option_key=value)
        elif kind == "multi_choice":
            for option in value:
                row(key, option_key=option)
        elif kind == "triad":
            row(key, triad_a=value[0], triad_b=value[1], triad_c=value[2])
        elif kind == "text":
            row(key, text=value)
    return rows


def answers_to_rows(questions: list[Question], answers: dict) -> list[Answer]:
    """Canonical answers -> Answer rows (the place question lives on the story, not here)."""
    return [Answer(**values) for values in answer_values(questions, answers)]


def rows_to_answers(questions: list[Question], rows: list[Answer]) -> dict:
    """Answer rows -> canonical answers, in form order (multi-choice options in option order)."""
    by_key: dict[str, list[Answer]] = {}
    for row in rows:
        by_key.setdefault(row.question_key, []).append(row)
    answers: dict = {}
    for question in questions:
        found = by_key.get(question.key)
        if not found:
            continue
        first = found[0]
        if question.type == "slider":
            answers[question.key] = NA if first.is_na else first.number
        elif question.type == "single_choice":
            answers[question.key] = first.option_key
        elif question.type == "multi_choice":
            chosen = {row.option_key for row in found}
            answers[question.key] = [key for key in question.option_keys() if key in chosen]
        elif question.type == "triad":
            answers[question.key] = [first.triad_a, first.triad_b, first.triad_c]
        elif question.type == "text":
            answers[question.key] = first.text
    return answers
