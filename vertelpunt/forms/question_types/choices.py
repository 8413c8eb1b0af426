"""Single and multiple choices from a list of options (a choice of at most ``max_choices``)."""
from __future__ import annotations

from vertelpunt.forms.question_types.base import (
    LIST_SEPARATOR, InvalidAnswer, Message, QuestionType, field_name,
)


def _option_keys(definition: dict, field: str) -> list[str]:
    return [item["key"] for item in definition.get(field) or []]


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
