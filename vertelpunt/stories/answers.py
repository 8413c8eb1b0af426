"""Check answer values against a form and convert them to and from Answer rows.

One convention for every entry point (public form, Verteltafel, CSV import, demo data): see the table in
docs/form-format.md. What differs per question type lives in :mod:`vertelpunt.forms.question_types`;
this module applies it to a whole set of answers. Error messages are Dutch and name the question, so
they can be shown next to it.
"""
from __future__ import annotations

from dataclasses import dataclass

from vertelpunt.errors import user_message
from vertelpunt.forms.question_types import NA, type_of
from vertelpunt.models import Answer, Question
from vertelpunt.errors import VertelpuntError

__all__ = ["ANSWER_COLUMNS", "NA", "AnswerError", "PlaceLookup", "answer_values", "clean_answers", "rows_to_answers"]


@dataclass(frozen=True)
class PlaceLookup:
    """Municipality key -> (region id, municipality id) for the project's regions."""

    by_key: dict[str, tuple[int, int]]


class AnswerError(VertelpuntError):
    """Answers that cannot be stored; ``errors`` maps each question key to a Dutch message."""


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
            cleaned[key] = type_of(question).clean(question, value, places)
        except ValueError as error:  # QuestionType.clean's contract: a ValueError with a Dutch message
            errors[key] = user_message(error)  # (InvalidAnswer for the built-in types)
    if errors:
        raise AnswerError.per_field(errors)
    return cleaned


ANSWER_COLUMNS = ("question_key", "option_key", "number", "is_na", "text", "triad_a", "triad_b", "triad_c")


def answer_values(questions: list[Question], answers: dict) -> list[dict]:
    """Canonical answers -> column values of Answer rows, every column in every dict (so the rows can be
    inserted in one statement); the place question lives on the story, not here."""
    by_key = {question.key: question for question in questions}
    empty = {**dict.fromkeys(ANSWER_COLUMNS), "is_na": False}
    return [
        {**empty, "question_key": key, **values}
        for key, value in answers.items()
        for values in type_of(by_key[key]).answer_rows(value)
    ]


def rows_to_answers(questions: list[Question], rows: list[Answer]) -> dict:
    """Answer rows -> canonical answers, in form order (multi-choice options in option order)."""
    by_key: dict[str, list[Answer]] = {}
    for row in rows:
        by_key.setdefault(row.question_key, []).append(row)
    answers: dict = {}
    for question in questions:
        found = by_key.get(question.key)
        if found:
            answers[question.key] = type_of(question).from_rows(question, found)
    return answers
