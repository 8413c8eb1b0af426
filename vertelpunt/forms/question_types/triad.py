"""Triads: three shares that add up to one, placed in a triangle."""
from __future__ import annotations

from vertelpunt.forms.question_types.base import (
    LIST_SEPARATOR, TRIAD_PARTS, InvalidAnswer, Message, QuestionType, WidgetError, field_name, number,
)


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
