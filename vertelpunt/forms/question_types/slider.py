"""Sliders: a number on a scale between two poles, with "n.v.t." where the question allows it."""
from __future__ import annotations

from vertelpunt.forms.question_types.base import (
    NA, SLIDER_ANSWER, InvalidAnswer, QuestionType, WidgetError, field_name, format_number, number,
)


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
