"""The question-type registry: one class per question type, owning everything that differs per type.

Before this package a question type was handled in a dozen ``if/elif`` chains (answers, form files, CSV,
moderation, the story form, the demo). Now every one of those places asks the registry
(:func:`question_type`) and calls the same method on whatever type a question has, so adding a type is
one class in a module of its own here (registered below), one macro in ``templates/_macros/question_widgets.html`` and one column builder in
``analysis/data.py`` (docs/architecture.md, "How to add a question type"). This follows Indico's survey
field classes.

A type owns, for its questions:

- the definition in the form file: its extra fields, how they are checked (:meth:`QuestionType.read_definition`,
  called from :mod:`vertelpunt.forms.schema`) and how a stored question is written back
  (:meth:`QuestionType.definition_of`, used by :mod:`vertelpunt.forms.services`);
- the answer from a posted story form (:meth:`QuestionType.read_post`) and the macro that renders it;
- cleaning an answer from any entry point into the canonical value of docs/form-format.md
  (:meth:`QuestionType.clean`), with a Dutch message when that is impossible;
- the ``answers`` rows that store it and reading them back (:meth:`QuestionType.answer_rows`,
  :meth:`QuestionType.from_rows`);
- its CSV cell and JSON value, both ways;
- how a moderator (and an export for people) reads it (:meth:`QuestionType.answer_label`);
- plain random answers for the demo generator (:meth:`QuestionType.random_answer`).

The package is pure (standard library only, questions and posted forms are duck-typed) because the demo
generator, which must run without an app or database, uses it too.
"""
from __future__ import annotations

from vertelpunt.forms.question_types.base import (
    DEFAULT_TEXT_LENGTH, LIST_SEPARATOR, MAX_TEXT_LENGTH, NA, SLIDER_ANSWER, TRIAD_PARTS, DemoText, InvalidAnswer,
    Message, QuestionType, UnknownQuestionType, WidgetError, field_name, format_number, number,
)
from vertelpunt.forms.question_types.choices import ChoiceType, MultiChoiceType, SingleChoiceType
from vertelpunt.forms.question_types.place import PlaceType
from vertelpunt.forms.question_types.slider import SliderType
from vertelpunt.forms.question_types.text import TextType
from vertelpunt.forms.question_types.triad import TriadType

__all__ = [
    "DEFAULT_TEXT_LENGTH", "LIST_SEPARATOR", "MAX_TEXT_LENGTH", "NA", "SLIDER_ANSWER", "TRIAD_PARTS", "REGISTRY",
    "ChoiceType", "DemoText", "InvalidAnswer", "Message", "MultiChoiceType", "PlaceType", "QuestionType",
    "SingleChoiceType", "SliderType", "TextType", "TriadType", "UnknownQuestionType", "WidgetError", "field_name",
    "format_number", "number", "place_question", "question_type", "type_names", "type_of",
]


#: Every known type by name, in the order form files list them.
REGISTRY: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (SliderType(), SingleChoiceType(), MultiChoiceType(), TriadType(), TextType(), PlaceType())
}


def question_type(name: str) -> QuestionType:
    """The type called ``name``; :class:`UnknownQuestionType` when there is none."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownQuestionType(f"Onbekend vraagtype '{name}'.", name) from None


def type_of(question) -> QuestionType:
    """The type of a stored question (or of a form-file question dict)."""
    return question_type(question["type"] if isinstance(question, dict) else question.type)


def type_names() -> tuple[str, ...]:
    return tuple(REGISTRY)


def place_question(questions):
    """The question whose answer lives on the story (a form has at most one), or None."""
    return next((q for q in questions if type_of(q).lives_on_story), None)
