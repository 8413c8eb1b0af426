"""Reading a multi-page story form: which posted fields belong to a question, and its raw answer.

The story form is a multi-page form whose earlier answers travel along as hidden fields, so nothing is
stored before the teller presses "Verstuur" and nothing is lost by going back. Each question owns the
fields named after it (:func:`owns`, to carry them); how its type turns them into a raw answer is the
type's :meth:`~vertelpunt.forms.question_types.QuestionType.read_post`. Range and option checks happen
afterwards in :func:`vertelpunt.stories.answers.clean_answers`, the same code every entry point uses.
"""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from vertelpunt.forms.question_types import WidgetError, field_name, type_of
from vertelpunt.models import Question

__all__ = ["WidgetError", "field_name", "owns", "read_answers"]


def owns(question: Question, name: str) -> bool:
    base = field_name(question)
    return name == base or name.startswith(base + "__")


def read_answers(questions: list[Question], form: MultiDict) -> tuple[dict, dict[str, str]]:
    """Raw posted values -> (answers for clean_answers, widget errors by question key)."""
    answers, errors = {}, {}
    for question in questions:
        try:
            value = type_of(question).read_post(question, form)
        except WidgetError as error:
            errors[question.key] = error.message
            continue
        if value is not None:
            answers[question.key] = value
    return answers, errors
