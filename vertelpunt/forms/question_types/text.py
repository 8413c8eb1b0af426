"""Free text answers (never grouped, never charted)."""
from __future__ import annotations

from vertelpunt.forms.question_types.base import (
    DEFAULT_TEXT_LENGTH, MAX_TEXT_LENGTH, DemoText, InvalidAnswer, Message, QuestionType, field_name,
)


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
