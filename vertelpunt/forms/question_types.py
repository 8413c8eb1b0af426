"""The question-type registry: one class per question type, owning everything that differs per type.

Before this module a question type was handled in a dozen ``if/elif`` chains (answers, form files, CSV,
moderation, the story form, the demo). Now every one of those places asks the registry
(:func:`question_type`) and calls the same method on whatever type a question has, so adding a type is
one class here, one macro in ``templates/_macros/question_widgets.html`` and one column builder in
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

The module is pure (standard library only, questions and posted forms are duck-typed) because the demo
generator, which must run without an app or database, uses it too.
"""
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


def _option_keys(definition: dict, field: str) -> list[str]:
    return [item["key"] for item in definition.get(field) or []]


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


class SliderType(QuestionType):
    name = "slider"
    definition_fields = frozenset({"left", "right", "allow_na"})
    macro = "slider"
    has_na = True

    def read_definition(self, check, raw, path):
        return {
            "left": check.text(raw, "left", path, max_length=120),
            "right": check.text(raw, "right", path, max_length=120),
            "allow_na": check.boolean(raw, "allow_na", path, True),
        }

    def definition_of(self, question):
        return {"left": question.left_label, "right": question.right_label, "allow_na": question.allow_na}

    def read_post(self, question, form):
        state = form.get(field_name(question, "state"), "")
        if state == NA:
            return NA
        if state == "":
            return None  # not touched: no answer
        if state != SLIDER_ANSWER:
            raise WidgetError("Dit schuifje kreeg een waarde die we niet kennen. Zet het schuifje opnieuw.")
        return form.get(field_name(question), "")

    def clean(self, question, value, places=None):
        if isinstance(value, str) and value.strip().lower() == NA:
            if not question.allow_na:
                raise InvalidAnswer("Bij deze vraag kun je geen n.v.t. kiezen.")
            return NA
        result = number(value)
        if not 0 <= result <= 100:
            raise InvalidAnswer("Kies een waarde van 0 tot en met 100.")
        return result

    def answer_rows(self, value):
        return [{"is_na": True}] if value == NA else [{"number": value}]

    def from_rows(self, question, rows):
        return NA if rows[0].is_na else rows[0].number

    def to_cell(self, question, value):
        return NA if value == NA else format_number(value)

    def answer_label(self, question, value, story=None):
        if value == NA:
            return "n.v.t."
        return f"{value:g} (0 = {question.left_label}, 100 = {question.right_label})"

    def group_value(self, value):
        return "na" if value == NA else min(int(float(value) // 10), 9)  # tens

    def random_answer(self, draw, definition):
        return draw.slider(50.0, 28.0)

    def known_answer(self, value, definition):
        return value if isinstance(value, float) else None


class ChoiceType(QuestionType):
    """Choose from the question's options: one (``single_choice``) or several (``multi_choice``)."""

    choices_field = "options"
    macro = "choice"
    multiple = False
    chooses_options = True

    def read_definition(self, check, raw, path):
        return {"options": check.options(raw, "options", path, 2, 30)}

    def definition_of(self, question):
        return {"options": [{"key": o.key, "label": o.label} for o in question.options]}

    def _labels(self, question) -> dict[str, str]:
        return {option.key: option.label for option in question.options}


class SingleChoiceType(ChoiceType):
    """One option. ``ordered: true`` says the options are in a meaningful order (age bands, a five-point
    scale); ``off_scale`` lists the options outside that order ("Weet ik niet"). Both are left out of the
    definition when not used, so forms stored before they existed keep their content hash."""

    name = "single_choice"
    definition_fields = frozenset({"options", "ordered", "off_scale"})

    def read_definition(self, check, raw, path):
        definition = super().read_definition(check, raw, path)
        ordered = check.boolean(raw, "ordered", path, False)
        off_scale = raw.get("off_scale")
        keys = [option["key"] for option in definition["options"]]
        if off_scale is not None:
            if not ordered:
                check.fail(f"{path}.off_scale", check.line_of(raw, "off_scale"), "hoort alleen bij ordered: true")
            elif not isinstance(off_scale, list) or not all(isinstance(k, str) and k in keys for k in off_scale):
                check.fail(f"{path}.off_scale", check.line_of(raw, "off_scale"), "moet een lijst van optie-sleutels zijn")
            elif len(keys) - len(set(off_scale)) < 2:
                check.fail(f"{path}.off_scale", check.line_of(raw, "off_scale"), "laat minstens twee opties op de schaal")
        if ordered:
            definition["ordered"] = True
            if off_scale:
                definition["off_scale"] = [key for key in keys if key in set(off_scale)]
        return definition

    def definition_of(self, question):
        definition = super().definition_of(question)
        if getattr(question, "ordered", False):
            definition["ordered"] = True
            if getattr(question, "off_scale", None):
                definition["off_scale"] = list(question.off_scale)
        return definition

    def clean(self, question, value, places=None):
        if not isinstance(value, str) or value not in question.option_keys():
            raise InvalidAnswer("Kies een van de antwoorden die er staan.")
        return value

    def answer_rows(self, value):
        return [{"option_key": value}]

    def from_rows(self, question, rows):
        return rows[0].option_key

    def answer_label(self, question, value, story=None):
        return self._labels(question).get(value, value)

    def random_answer(self, draw, definition):
        return draw.pick(_option_keys(definition, "options"))

    def known_answer(self, value, definition):
        return value if isinstance(value, str) and value in _option_keys(definition, "options") else None


class MultiChoiceType(ChoiceType):
    name = "multi_choice"
    definition_fields = frozenset({"options", "max_choices"})
    macro_options = {"multiple": True}
    multiple = True

    def read_definition(self, check, raw, path):
        return {**super().read_definition(check, raw, path),
                "max_choices": check.integer(raw, "max_choices", path, None, 1, 30)}

    def definition_of(self, question):
        return {**super().definition_of(question), "max_choices": question.max_choices}

    def read_post(self, question, form):
        return form.getlist(field_name(question)) or None

    def clean(self, question, value, places=None):
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
            raise InvalidAnswer("Kies een of meer van de antwoorden die er staan.")
        keys = question.option_keys()
        if any(v not in keys for v in values):
            raise InvalidAnswer("Kies alleen antwoorden die er staan.")
        chosen = [key for key in keys if key in set(values)]
        if question.max_choices and len(chosen) > question.max_choices:
            raise InvalidAnswer(Message("Kies er hoogstens %(count)s.", count=question.max_choices))
        return chosen

    def answer_rows(self, value):
        return [{"option_key": option} for option in value]

    def from_rows(self, question, rows):
        chosen = {row.option_key for row in rows}
        return [key for key in question.option_keys() if key in chosen]

    def to_cell(self, question, value):
        return LIST_SEPARATOR.join(value)

    def from_cell(self, question, cell):
        return [part for part in cell.split(LIST_SEPARATOR) if part]

    def answer_label(self, question, value, story=None):
        labels = self._labels(question)
        return ", ".join(labels.get(v, v) for v in value)

    def group_value(self, value):
        return tuple(sorted(value))

    def random_answer(self, draw, definition):
        options = _option_keys(definition, "options")
        size = min(draw.integer(1, 3), definition.get("max_choices") or len(options), len(options))
        picked = set(draw.sample(options, size))
        return [option for option in options if option in picked]

    def known_answer(self, value, definition):
        if not isinstance(value, list):
            return None
        return [option for option in _option_keys(definition, "options") if option in value] or None


class TriadType(QuestionType):
    """Divide 100 points over three corners; the canonical value is three shares summing to 1."""

    name = "triad"
    definition_fields = frozenset({"corners"})
    choices_field = "corners"
    macro = "triad"

    def read_definition(self, check, raw, path):
        return {"corners": check.options(raw, "corners", path, 3, 3)}

    def definition_of(self, question):
        return {"corners": [{"key": o.key, "label": o.label} for o in question.options]}

    def read_post(self, question, form):
        raw = [form.get(field_name(question, part), "").strip() for part in TRIAD_PARTS]
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
            raise WidgetError(Message("De drie getallen moeten samen 100 zijn. Nu is het samen %(total)s.", total=f"{total:g}"))
        return [p / total for p in percents]

    def clean(self, question, value, places=None):
        if not isinstance(value, (list, tuple)) or len(value) != 3:
            raise InvalidAnswer("Een driehoek-antwoord heeft drie delen.")
        shares = [number(v) for v in value]
        if any(share < 0 or share > 1 for share in shares) or abs(sum(shares) - 1) > 1e-3:
            raise InvalidAnswer("De drie delen moeten samen 1 zijn (en elk tussen 0 en 1).")
        total = sum(shares)
        return [share / total for share in shares]

    def answer_rows(self, value):
        return [{"triad_a": value[0], "triad_b": value[1], "triad_c": value[2]}]

    def from_rows(self, question, rows):
        return [rows[0].triad_a, rows[0].triad_b, rows[0].triad_c]

    def to_cell(self, question, value):
        return LIST_SEPARATOR.join(repr(float(share)) for share in value)

    def from_cell(self, question, cell):
        return cell.split(LIST_SEPARATOR)

    def answer_label(self, question, value, story=None):
        return ", ".join(f"{option.label} {share * 100:.0f}%" for option, share in zip(question.options, value))

    def group_value(self, value):
        return tuple(round(float(share), 1) for share in value)

    def random_answer(self, draw, definition):
        return draw.triad((1.5, 1.5, 1.5))

    def known_answer(self, value, definition):
        return list(value) if isinstance(value, list) and len(value) == 3 else None


class TextType(QuestionType):
    name = "text"
    definition_fields = frozenset({"max_length"})
    macro = "text"
    forms_groups = False  # free text is read, never counted

    def read_definition(self, check, raw, path):
        return {"max_length": check.integer(raw, "max_length", path, DEFAULT_TEXT_LENGTH, 1, MAX_TEXT_LENGTH)}

    def definition_of(self, question):
        return {"max_length": question.max_length}

    def read_post(self, question, form):
        value = form.get(field_name(question), "")
        return value if value.strip() else None

    def clean(self, question, value, places=None):
        if not isinstance(value, str):
            raise InvalidAnswer("Dit moet tekst zijn.")
        text = value.strip()
        limit = question.max_length or DEFAULT_TEXT_LENGTH
        if len(text) > limit:
            raise InvalidAnswer(Message("Dit antwoord is te lang: hoogstens %(count)s tekens.", count=limit))
        return text

    def answer_rows(self, value):
        return [{"text": value}]

    def from_rows(self, question, rows):
        return rows[0].text

    def random_answer(self, draw, definition):
        return draw.text()[: definition.get("max_length") or DEFAULT_TEXT_LENGTH]

    def known_answer(self, value, definition):
        if not isinstance(value, DemoText):  # the generator's other strings are option keys, not texts
            return None
        return value[: definition.get("max_length") or DEFAULT_TEXT_LENGTH]


class PlaceType(QuestionType):
    """The municipality the story is about; stored on the story, which gets its region from it."""

    name = "place"
    macro = "place"
    lives_on_story = True

    def clean(self, question, value, places=None):
        if not isinstance(value, str) or places is None or value not in places.by_key:
            raise InvalidAnswer("Kies een gemeente uit de lijst.")
        return value

    def answer_label(self, question, value, story=None):
        municipality = getattr(story, "municipality", None)
        return municipality.name if municipality is not None else str(value)


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
