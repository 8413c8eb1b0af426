"""What every question type shares: the base class, its errors and messages, and the helpers the types use.

The types themselves are in the modules beside this one; the registry is the package's face
(:mod:`vertelpunt.forms.question_types`)."""
from __future__ import annotations

import math
from abc import ABC, abstractmethod

from vertelpunt.errors import VertelpuntError

NA = "nvt"
LIST_SEPARATOR = ";"
DEFAULT_TEXT_LENGTH = 1000
MAX_TEXT_LENGTH = 10_000
TRIAD_PARTS = ("a", "b", "c")
SLIDER_ANSWER = "answer"


class Message(str):
    """A Dutch message with its numbers kept apart (``template % params``), so that a public page in another
    language can look the template up in its catalogue and fill the numbers in again (vertelpunt/i18n)."""

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        text = super().__new__(cls, template % params)
        text.template, text.params = template, params
        return text

    def __reduce__(self):  # pickled (a job's result) it is the plain Dutch text
        return (str, (str(self),))


class WidgetError(VertelpuntError):
    """A posted field that cannot be read as an answer at all (the message is Dutch, for the teller)."""


class InvalidAnswer(VertelpuntError):
    """An answer the question does not accept (the message is Dutch, for the teller or the importer)."""


class UnknownQuestionType(VertelpuntError):
    """A type name that no class in the registry has (``field`` is that name)."""


class DemoText(str):
    """Free text drawn by the demo generator, told apart from the option keys it also draws."""


def field_name(question, suffix: str = "") -> str:
    """The name of a posted field of ``question`` (``q_<key>`` or ``q_<key>__<suffix>``)."""
    return f"q_{question.key}" + (f"__{suffix}" if suffix else "")


def number(value) -> float:
    """A finite number from a number or text (a Dutch decimal comma is accepted)."""
    if isinstance(value, bool):
        raise InvalidAnswer("Dit moet een getal zijn.")
    try:
        result = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise InvalidAnswer("Dit moet een getal zijn.") from None
    if not math.isfinite(result):
        raise InvalidAnswer("Dit moet een getal zijn.")
    return result


def format_number(value: float) -> str:
    """A number as a CSV cell: whole numbers without ``.0``, others exactly (``repr``)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class QuestionType(ABC):
    """The behaviour every question type has; subclasses override what differs (and must say how to clean).

    Methods take a stored question (``vertelpunt.models.Question``) unless they say they take a
    ``definition`` (the question's dict in a form file)."""

    #: The type's name in form files, the database and exports.
    name: str = ""
    #: Fields of a form-file question of this type beyond the common ones (key, type, text, ...).
    definition_fields: frozenset[str] = frozenset()
    #: The form-file field holding the question's options (stored as ``Option`` rows), if any.
    choices_field: str | None = None
    #: The macro in templates/_macros/question_widgets.html that renders it, and its extra arguments.
    macro: str = ""
    macro_options: dict = {}
    #: The answer lives on the story (``Story.municipality``), not in ``answers`` rows.
    lives_on_story: bool = False
    #: The type has the answer "n.v.t." (:data:`NA`).
    has_na: bool = False
    #: Answers are keys of the question's options (filters and counts can group stories by them).
    chooses_options: bool = False
    #: Answers label a story, so small groups of them are hidden (:mod:`vertelpunt.insights.story_view`).
    forms_groups: bool = True

    # --- the form file --------------------------------------------------------------------------

    def read_definition(self, check, raw: dict, path: str) -> dict:
        """The type's own fields of a form-file question, defaults filled in; problems go to ``check``
        (a :class:`vertelpunt.forms.schema._Checker`)."""
        return {}

    def definition_of(self, question) -> dict:
        """The type's own fields of a stored question, as :meth:`read_definition` returned them."""
        return {}

    # --- answers --------------------------------------------------------------------------------

    def read_post(self, question, form):
        """The raw answer from a posted story form (a ``MultiDict``), or None when not answered."""
        return form.get(field_name(question)) or None

    @abstractmethod
    def clean(self, question, value, places=None):
        """The canonical value of ``value`` (never empty), or a ValueError with a Dutch message
        (:class:`InvalidAnswer` for the built-in types; ``stories/answers.py`` catches ValueError here only)."""

    def answer_rows(self, value) -> list[dict]:
        """Column values of the ``answers`` rows that store the canonical ``value``."""
        return []

    def from_rows(self, question, rows: list):
        """The canonical value from the question's ``answers`` rows (at least one; a type that writes
        no rows is never asked)."""
        raise NotImplementedError(f"question type '{self.name}' stores no answers rows")

    def to_cell(self, question, value) -> str:
        """The CSV cell of a canonical value."""
        return str(value)

    def from_cell(self, question, cell: str):
        """The raw answer in a (non-empty) CSV cell, to be cleaned like any other."""
        return cell

    def to_json(self, question, value):
        """The JSON value of a canonical value (canonical values are JSON already)."""
        return value

    def from_json(self, question, value):
        """The raw answer in a JSON document, to be cleaned like any other."""
        return value

    def answer_label(self, question, value, story=None) -> str:
        """The answer as a person reads it (labels, not keys), for moderators and readable exports."""
        return str(value)

    def group_value(self, value):
        """The value stories are grouped by when small groups are hidden (coarse enough to form groups)."""
        return value

    # --- demo data ------------------------------------------------------------------------------

    def random_answer(self, draw, definition: dict):
        """A plain random answer for the demo generator; ``draw`` is its source of random values
        (:class:`vertelpunt.demo.generator.Draws`). None: the generator leaves the question empty."""
        return None

    def known_answer(self, value, definition: dict):
        """``value`` (drawn by the generator for a question of this key) if it fits, else None."""
        return None
